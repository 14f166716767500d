import ArgumentParser
import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import Service

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
        LocalizedText("reviewCommand.interrupted", ["signal": signal, "done": done, "output": output, "command": command])(
          language))
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
        LocalizedText("reviewCommand.reviewedAndReused", ["reviewed": result.reviewed, "reused": result.reused])(language))
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
