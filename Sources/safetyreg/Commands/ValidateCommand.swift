import ArgumentParser
import Core
import Foundation
import RegistrationRules
import Service

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check an application's data against the registration rules (校验申请数据).",
    discussion: """
      Lists every problem with its field, line and the fix, then the materials to upload \
      and the suggested initial-review authority. Exit code 0: valid; 1: invalid; 2: the \
      file or the policy could not be read.
      """
  )

  @Argument(
    help: ArgumentHelp(
      "The application, YAML or JSON; or a spreadsheet (CSV/XLSX) with one applicant per row.", valueName: "APP"))
  var file: String

  @Option(help: ArgumentHelp("Apply the rules as on this day (YYYY-MM-DD) instead of today.", valueName: "DATE"))
  var today: CalendarDate?

  @Flag(help: "Print JSON instead of text.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
    guard Inputs.isSpreadsheet(file) else {
      let loaded: LoadedApplication
      do {
        loaded = try ApplicationLoader.load(path: file, limits: setup.policy.applicationLimits)
      } catch {
        throw Console.fail(error.message(language))
      }
      let assessment = Assessor.assess(loaded, policy: setup.policy, authorities: setup.authorities, today: today ?? .today())
      if json {
        print(Console.json(AssessmentJSON.of(assessment, file: file, language: language)))
      } else {
        print(AssessmentText.render(assessment, file: file, language: language), terminator: "")
      }
      if !assessment.isValid { throw ExitCode(1) }
      return
    }
    try validateRows(try Inputs.collect([file], policy: setup.policy, language: language), setup: setup, language: language)
  }

  /// A spreadsheet: one line per applicant, then each one's problems and warnings.
  func validateRows(_ collected: Inputs.Collected, setup: RuleSetup, language: Language) throws {
    var invalid = 0
    var objects: [JSONValue] = []
    if !json { Inputs.printSheetNotes(collected, language: language) }
    for input in collected.inputs {
      guard case .row(let loaded) = input.content else { continue }
      let a = Assessor.assess(loaded, policy: setup.policy, authorities: setup.authorities, today: today ?? .today())
      if !a.isValid { invalid += 1 }
      if json {
        if case .object(var pairs) = AssessmentJSON.of(a, file: file, language: language) {
          pairs.insert(("row", .number(Double(loaded.application.sourceLines.values.min() ?? 0))), at: 1)
          pairs.insert(("name", .string(input.name(language))), at: 2)
          objects.append(.object(pairs))
        }
        continue
      }
      let kind = a.application.kind.map { $0.label(language) } ?? "—"
      let errors = a.findings.errors, warnings = a.findings.warnings
      print(
        LocalizedText(
          errors.isEmpty ? "validateCommand.rowValid" : "validateCommand.rowInvalid",
          ["name": input.name(language), "kind": kind, "count": errors.count])(language))
      for f in errors { print("  - " + AssessmentText.oneLine(f, language)) }
      for f in warnings { print("  ! " + AssessmentText.oneLine(f, language)) }
    }
    if json {
      print(Console.json(.array(objects)))
    } else {
      let n = collected.inputs.count
      print(LocalizedText("validateCommand.rowsSummary", ["count": n, "valid": n - invalid, "invalid": invalid])(language))
    }
    if invalid > 0 || collected.sheetErrors > 0 { throw ExitCode(1) }
  }
}
