import ArgumentParser
import BatchReview
import FormRendering
import Foundation
import Core
import RegistrationRules
import SafeIO

struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Review a folder of submissions: accept or reject each, with reports (批量审查).",
    discussion: """
      SUBMISSIONS holds one folder per submission (DESIGN.md). Writes REPORTS/<id>.json for \
      each, summary.csv, summary.json, index.html and thumbs/. A re-run reuses every report \
      whose inputs (files, policy, date, language) have not changed, so an interrupted run \
      resumes. Exit code 0 when the run finished, whatever the decisions; 2 when it could not run. \
      Reports and previews hold applicants' personal data: they are written for you alone \
      (files 0600, folders 0700, whatever the umask) unless --group-readable.
      """
  )

  @Argument(help: ArgumentHelp("Folder with one folder per submission.", valueName: "SUBMISSIONS"))
  var submissions: String

  @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the reports.", valueName: "REPORTS"))
  var output: String

  @Option(help: "Submissions reviewed in parallel (default: all cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: ArgumentHelp("The day deadlines are judged on (YYYY-MM-DD; default: today).", valueName: "DATE"))
  var today: CalendarDate?

  @Option(help: ArgumentHelp("Review only shard K of N (1 ≤ K ≤ N), a stable share by submission name.", valueName: "K/N"))
  var shard: String?

  @Flag(help: "No progress output.")
  var quiet = false

  @OptionGroup var sharing: ReportSharing

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
    if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/8.") }
  }

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
    let page = try ReviewSetup.page(setup, language: global.language)
    let forms = setup.policy.forms.verify ? try ReviewSetup.formGeometry(setup, language: language) : nil
    let settings = ReviewSettings(
      policy: setup.policy, authorities: setup.authorities, today: today ?? CalendarDate.today(),
      language: language,
      policyDigest: ReviewSetup.digest(of: [
        global.policy ?? setup.templates.path("policy.yaml"), setup.templates.path("authorities.yaml"),
      ]), forms: forms, checker: Checking.isolated(setup.policy, forms: forms, workers: jobs))
    let run = ReviewRun(
      submissions: submissions, output: output, settings: settings, workers: jobs, shard: shard.flatMap(Shard.init), page: page,
      readers: sharing.readers)
    let bar = ProgressDisplay(quiet: quiet, language: language)
    let interrupt = Interruption.watch { signal in
      bar.finish()
      let done = bar.last?.done ?? 0
      let command = CommandLine.arguments.map(Interruption.shellQuoted).joined(separator: " ")
      Console.error(
        language == .zh
          ? "\n已中断（\(signal)）。已完成的 \(done) 份报告已保存在 \(output)；再次运行同一命令即从中断处继续，已完成的不会重做：\n  \(command)"
          : "\nInterrupted (\(signal)). The \(done) reports done are saved in \(output); run the same command again to resume where it stopped (nothing done is redone):\n  \(command)"
      )
    }
    defer { interrupt.cancel() }
    let result: ReviewRunResult
    do {
      result = try run.run { bar.update($0) }
    } catch {
      bar.finish()
      throw Console.fail(Console.describe(error, language))
    }
    bar.finish()
    ReviewSetup.printSummary(result.items, index: result.indexPath, language: language)
    if !quiet {
      Console.error(
        language == .zh
          ? "本次审查 \(result.reviewed) 份，沿用未变化的报告 \(result.reused) 份。"
          : "\(result.reviewed) reviewed now, \(result.reused) unchanged reports reused.")
    }
  }
}

/// Who may read the reports `review` and `merge` write.
struct ReportSharing: ParsableArguments {
  @Flag(
    name: .customLong("group-readable"),
    help: "Let the group read the reports and previews (files 0640, folders 0750), for a team on one server.")
  var groupReadable = false

  var readers: Readers { groupReadable ? .group : .owner }
}

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the reports of shard runs into one summary and page (合并分片审查结果).",
    discussion:
      """
      Every input must be the -o folder of a `safetyreg review --shard K/N` run with the same \
      policy, date and language. Every shard 1…N must be given exactly once, unless \
      --allow-partial. Exit code 0: merged; 2: could not merge. What it writes is for you \
      alone (files 0600, folders 0700) unless --group-readable.
      """
  )

  @Argument(help: ArgumentHelp("Report folders of the shard runs.", valueName: "REPORTS"))
  var inputs: [String]

  @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the merged reports.", valueName: "REPORTS"))
  var output: String

  @Flag(help: "Merge even when shards are missing (summary.json lists them as missingShards).")
  var allowPartial = false

  @OptionGroup var sharing: ReportSharing

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard !inputs.isEmpty else { throw ValidationError("Give at least one REPORTS folder.") }
  }

  func run() throws {
    let setup = try RuleSetup.load(global)
    let page = try ReviewSetup.page(setup, language: global.language)
    do {
      let merged = try ReviewMerge.merge(
        inputs, into: output, page: page, allowPartial: allowPartial, readers: sharing.readers)
      ReviewSetup.printSummary(merged.items, index: merged.index, language: global.language)
      if !merged.missingShards.isEmpty {
        let list = merged.missingShards.map(String.init).joined(separator: ", ")
        Console.error(
          global.language == .zh
            ? "注意：合并结果不完整，缺少分片 \(list)（已记入 summary.json 的 missingShards）"
            : "Note: the merge is partial; shards \(list) are missing (listed in summary.json as missingShards)")
      }
    } catch {
      throw Console.fail(Console.describe(error, global.language))
    }
  }
}

enum ReviewSetup {
  /// Where the form scan looks on each kind's form, from the form templates.
  static func formGeometry(_ setup: RuleSetup, language: Language) throws -> FormGeometrySet {
    do {
      return try FormRenderer(templates: try FormTemplateSet.load(directory: setup.templates.path("forms"))).geometry()
    } catch {
      throw Console.fail(
        (language == .zh
          ? "无法读取申请表模板，不能检查申请表的二维码、签字和盖章："
          : "cannot read the form templates to check the forms' QR codes, signatures and seals: ")
          + error.message(language))
    }
  }

  static func page(_ setup: RuleSetup, language: Language) throws -> IndexPage {
    do {
      return try IndexPage(templates: setup.templates.path("report"))
    } catch {
      throw Console.fail(
        language == .zh
          ? "无法读取审查页面模板 \(setup.templates.path("report"))：请检查安装是否完整"
          : "cannot read the reviewer's page templates in \(setup.templates.path("report")): check the installation")
    }
  }

  /// Identifies the rules' content: a changed policy or authority list re-reviews everything.
  static func digest(of files: [String]) -> String {
    var hash = FNV1a()
    for file in files {
      hash.add(FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? [])
      hash.add("")  // a separator, so that moving bytes between files changes the digest
    }
    return hash.hex
  }

  static func printSummary(_ items: [SummaryItem], index: String, language: Language) {
    let zh = language == .zh
    let accepted = items.count { $0.decision == .accept }
    print(
      zh
        ? "共 \(items.count) 份提交：通过 \(accepted) 份，退回 \(items.count - accepted) 份。"
        : "\(items.count) submissions: \(accepted) accepted, \(items.count - accepted) rejected.")
    for (code, n) in Summary.counts(items) {
      print(
        "  \(code.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(n).leftPadded(5))  \(code.shortLabel(language))"
      )
    }
    print((zh ? "审查页面：" : "Reviewer's page: ") + URL(fileURLWithPath: index).standardizedFileURL.path)
  }
}

/// A progress bar on a terminal; plain lines (about every 5 %) otherwise, for logs.
/// `@unchecked Sendable`: its mutable state is read and written only under `lock`.
final class ProgressDisplay: @unchecked Sendable {
  let quiet: Bool
  let terminal = isatty(2) != 0
  let language: Language
  let started = Date()
  let lock = NSLock()
  var lastStep = -1
  var drewBar = false
  private var latest: ReviewProgress?

  /// The latest progress reported.
  var last: ReviewProgress? {
    lock.lock()
    defer { lock.unlock() }
    return latest
  }

  init(quiet: Bool, language: Language) {
    self.quiet = quiet
    self.language = language
  }

  func update(_ p: ReviewProgress) {
    lock.lock()
    latest = p
    lock.unlock()
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    let rate = Double(p.done) / max(0.001, Date().timeIntervalSince(started))
    let zh = language == .zh
    if terminal {
      let width = 30, filled = p.total == 0 ? width : width * p.done / p.total
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let text =
        "\r\(bar) \(p.done)/\(p.total)  "
        + (zh ? "退回 \(p.rejected)  沿用 \(p.reused)  " : "rejected \(p.rejected)  reused \(p.reused)  ")
        + String(format: "%.1f/s ", rate)
      FileHandle.standardError.write(Data(text.utf8))
      drewBar = true
    } else {
      let step = p.total == 0 ? 20 : p.done * 20 / p.total
      guard step != lastStep || p.done == p.total else { return }
      lastStep = step
      Console.error(
        (zh ? "进度 " : "progress ") + "\(p.done)/\(p.total)"
          + (zh ? "（退回 \(p.rejected)，沿用 \(p.reused)）" : " (rejected \(p.rejected), reused \(p.reused))")
          + String(format: " %.1f/s", rate))
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    drewBar = false
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
