import ArgumentParser
import BatchReview
import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Service

struct PhotoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "photo",
    abstract: "The ID photo tool: check a photo, and optionally fix it (照片处理工具).",
    discussion: """
      Checks format, size, bytes, aspect, colour, background, sharpness and exposure. \
      With --fix, writes a compliant copy: upright (EXIF), cropped to the policy's aspect \
      around the person, scaled down (never up) to the policy's size, saved as JPEG at the \
      best quality that fits, without metadata; then checks the result. Exit code 0: the \
      photo (or, with --fix, the fixed photo) passes; 1: it does not; 2: could not run.
      """
  )

  @Argument(help: ArgumentHelp("The photo.", valueName: "PHOTO"))
  var photo: String

  @Option(help: ArgumentHelp("Write a fixed copy here.", valueName: "OUT.jpg"))
  var fix: String?

  @Flag(help: "Print JSON instead of text.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
    if let fix, Self.sameFile(photo, fix) {
      throw Console.fail(
        language == .zh
          ? "--fix \(fix) 就是原照片：处理后的照片须另存为新文件，原照片保持不变（例如 --fix photo-fixed.jpg）"
          : "--fix \(fix) is the photo itself: write the fixed copy to a new file and keep the original (e.g. --fix photo-fixed.jpg)"
      )
    }
    let checker = Checking.isolated(setup.policy, workers: 1)
    let original = try CheckRun.check(photo, as: .photo, policy: setup.policy, checker: checker, language: language)
    guard let fix else {
      CheckRun.print(original, language: language, json: json)
      if !original.accepted { throw ExitCode(1) }
      return
    }
    try runFix(original: original, to: fix, policy: setup.policy, checker: checker, language: language)
  }

  func runFix(original: CheckResult, to output: String, policy: Policy, checker: any MaterialChecking, language: Language) throws
  {
    let zh = language == .zh
    let bytes: [UInt8]
    do {
      bytes = try MaterialInspector.read(path: photo, limit: MaterialInspector.decodeLimit(policy)).bytes
    } catch {
      throw Console.fail(error.message(language))
    }
    let fixed: PhotoFixer.Fixed
    switch checker.fixPhoto(bytes) {
    case .success(let result):
      fixed = result
    case .failure(let error):
      var finding = error.finding
      finding.file = photo
      if json {
        Swift.print(
          Console.json(
            FixJSON.of(original: original, fixed: nil, failure: finding, output: nil, report: nil, language: language)))
      } else {
        CheckRun.print(original, language: language, json: false, title: zh ? "── 原照片 ──" : "── Original ──")
        Swift.print((zh ? "✗ 无法自动处理：" : "✗ Cannot fix: ") + "[\(finding.code.rawValue)] \(finding.message(language))")
      }
      throw ExitCode(1)
    }
    try FormCommand.createParent(of: output, language: language)
    do {
      try AtomicFile.write(fixed.jpeg, to: output)
    } catch {
      throw Console.fail(error.message(language))
    }
    let after = checker.check(fixed.jpeg, size: fixed.jpeg.count, file: output, as: .photo, policy: policy)
    if json {
      Swift.print(
        Console.json(
          FixJSON.of(original: original, fixed: after, failure: nil, output: output, report: fixed.report, language: language)))
    } else {
      CheckRun.print(original, language: language, json: false, title: zh ? "── 原照片 ──" : "── Original ──")
      Swift.print(Self.describe(fixed.report, policy: policy, zh: zh))
      CheckRun.print(after, language: language, json: false, title: zh ? "── 处理后：\(output) ──" : "── Fixed: \(output) ──")
    }
    if !after.accepted { throw ExitCode(1) }
  }
}

extension PhotoCommand {
  /// What the fixer did, in one line.
  static func describe(_ r: PhotoFixer.Report, policy: Policy, zh: Bool) -> String {
    let size = "\(policy.photo.fixWidth)×\(policy.photo.fixHeight)"
    var steps: [String] = [zh ? "转正" : "upright"]
    if r.quarterTurns != 0 {
      let degrees = r.quarterTurns == 2 ? 180 : r.quarterTurns == 1 ? 90 : 270
      steps.append(zh ? "顺时针旋转 \(degrees)°" : "turned \(degrees)° clockwise")
    }
    if r.levelled != 0 { steps.append(zh ? "校正倾斜 \(Measure(abs(r.levelled)))°" : "levelled by \(Measure(abs(r.levelled)))°") }
    let at = "\(r.crop.width)×\(r.crop.height)"
    if r.faceFound {
      steps.append(zh ? "按头像裁剪 \(at)（起点 \(r.crop.x),\(r.crop.y)）" : "cropped \(at) at \(r.crop.x),\(r.crop.y) around the head")
    } else {
      steps.append(
        zh
          ? "按人像裁剪 \(at)（起点 \(r.crop.x),\(r.crop.y)）\(r.subjectFound ? "" : "（未能区分人像与背景，居中裁剪）")"
          : "cropped \(at) at \(r.crop.x),\(r.crop.y) around the person\(r.subjectFound ? "" : " (no person told from the background: centred)")"
      )
    }
    steps.append(zh ? "缩小到 \(size)" : "scaled to \(size)")
    steps.append(zh ? "JPEG 质量 \(r.quality)" : "JPEG quality \(r.quality)")
    steps.append(zh ? "去除元数据" : "metadata removed")
    return zh ? "── 处理：" + steps.joined(separator: "、") + " ──" : "── Fix: " + steps.joined(separator: ", ") + " ──"
  }

  /// Whether two paths name the same file: the same inode when both exist (links, `./`,
  /// another spelling), else the same normalised path.
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
    return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
  }
}
