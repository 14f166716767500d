import ArgumentParser
import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Service

/// `safetyreg __check-worker`: the worker process of `IsolatedChecker`, started by this
/// same binary with a socket on descriptor 3. Not for people; hidden from help.
struct CheckWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "__check-worker", abstract: "Internal: an isolated worker that checks uploaded files.",
    shouldDisplay: false)

  func run() throws {
    throw ExitCode(CheckWorker.serve())
  }
}
