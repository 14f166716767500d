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
      throw Console.fail(LocalizedText("photoCommand.fixIsTheOriginal", ["fix": fix])(language))
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
        CheckRun.print(original, language: language, json: false, title: LocalizedText("photoCommand.original")(language))
        Swift.print(LocalizedText("photoCommand.cannotFix")(language) + "[\(finding.code.rawValue)] \(finding.message(language))")
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
      CheckRun.print(original, language: language, json: false, title: LocalizedText("photoCommand.original")(language))
      Swift.print(Self.describe(fixed.report, policy: policy)(language))
      CheckRun.print(
        after, language: language, json: false, title: LocalizedText("photoCommand.fixed", ["file": output])(language))
    }
    if !after.accepted { throw ExitCode(1) }
  }
}

extension PhotoCommand {
  /// What the fixer did, in one line.
  static func describe(_ r: PhotoFixer.Report, policy: Policy) -> LocalizedText {
    var steps: [LocalizedText] = [LocalizedText("photoCommand.upright")]
    if r.quarterTurns != 0 {
      let degrees = r.quarterTurns == 2 ? 180 : r.quarterTurns == 1 ? 90 : 270
      steps.append(LocalizedText("photoCommand.turned", ["degrees": degrees]))
    }
    if r.levelled != 0 { steps.append(LocalizedText("photoCommand.levelled", ["degrees": Measure(abs(r.levelled))])) }
    let at = "\(r.crop.width)×\(r.crop.height)"
    if r.faceFound {
      steps.append(LocalizedText("photoCommand.croppedAroundHead", ["size": at, "x": r.crop.x, "y": r.crop.y]))
    } else {
      steps.append(
        LocalizedText(
          r.subjectFound ? "photoCommand.croppedAroundPerson" : "photoCommand.croppedCentred",
          ["size": at, "x": r.crop.x, "y": r.crop.y]))
    }
    steps.append(LocalizedText("photoCommand.scaled", ["size": "\(policy.photo.fixWidth)×\(policy.photo.fixHeight)"]))
    steps.append(LocalizedText("photoCommand.quality", ["quality": r.quality]))
    steps.append(LocalizedText("photoCommand.metadataRemoved"))
    return LocalizedText("photoCommand.fix", ["steps": LocalizedText.list(steps, separator: LocalizedText("core.listSeparator"))])
  }

  /// Whether two paths name the same file: the same inode when both exist (links, `./`,
  /// another spelling), else the same normalised path.
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
    return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
  }
}
