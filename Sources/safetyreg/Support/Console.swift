import ArgumentParser
import Foundation
import RegistrationRules

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

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) {
    guard let date = CalendarDate.parse(argument) else { return nil }
    self = date
  }
}
