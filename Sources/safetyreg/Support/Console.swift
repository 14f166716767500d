import ArgumentParser
import BatchReview
import Core
import Foundation
import RegistrationRules
import Service

/// Where the CLI writes, and how it stops when it cannot go on.
enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// Prints `message` to standard error and exits with 2 (the tool could not run).
  static func fail(_ message: String) -> ExitCode {
    error(message)
    return ExitCode(2)
  }

  /// A failure in words a user can act on: the path and the system's reason for a write,
  /// the message of our own errors, and never Foundation's error dump.
  static func describe(_ error: any Error, _ language: Language) -> String {
    switch error {
    case let e as WriteError: return e.message(language)
    case let e as ReviewRunError: return e.message(language)
    case let e as DocumentSyntaxError: return e.message(language)
    default: return LocalizedText("console.operationFailed", ["type": "\(type(of: error))"])(language)
    }
  }

  /// Every `--json` output: keys in the order they were built, the same bytes every run.
  static func json(_ value: JSONValue) -> String { value.rendered() }
}
