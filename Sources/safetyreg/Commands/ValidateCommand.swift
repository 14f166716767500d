import ArgumentParser
import Foundation
import RegistrationRules

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

  @Argument(help: ArgumentHelp("The application, YAML or JSON.", valueName: "APP"))
  var file: String

  @Option(help: ArgumentHelp("Apply the rules as on this day (YYYY-MM-DD) instead of today.", valueName: "DATE"))
  var today: CalendarDate?

  @Flag(help: "Print JSON instead of text.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
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
  }
}
