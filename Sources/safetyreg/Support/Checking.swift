import ArgumentParser
import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Service

/// Every command that decodes uploads does it in isolated workers of this binary.
enum Checking {
  /// Set by the tests only: lets test payloads make a worker crash or hang.
  static let testHooksVariable = "SAFETYREG_TEST_HOOKS"

  static func isolated(_ policy: Policy, forms: FormGeometrySet? = nil, workers: Int, early: EarlyWorkers? = nil)
    -> IsolatedChecker
  {
    IsolatedChecker(
      policy: policy, forms: forms, command: command, workers: workers,
      testHooks: ProcessInfo.processInfo.environment[testHooksVariable] == "1", early: early)
  }

  /// `count` workers spawned now, to load while the caller lays out the forms (see
  /// `EarlyWorkers`).
  static func early(_ count: Int) -> EarlyWorkers { EarlyWorkers(command, count: count) }

  static var command: IsolatedChecker.Command {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return IsolatedChecker.Command(executable: exe, arguments: [CheckWorkerCommand.configuration.commandName!])
  }
}
