import ArgumentParser
import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Service

/// What `inspect` and `photo` share: reading the file under limits, checking it in an
/// isolated worker, and printing the verdict.
enum CheckRun {
  static func check(_ path: String, as material: MaterialType, policy: Policy, checker: any MaterialChecking, language: Language)
    throws -> CheckResult
  {
    let read: (bytes: [UInt8], size: Int)
    do {
      read = try MaterialInspector.read(path: path, limit: MaterialInspector.decodeLimit(policy))
    } catch {
      throw Console.fail(error.message(language))
    }
    let inspection = checker.inspect(read.bytes, size: read.size, file: path, as: material, preview: false)
    return MaterialVerdict.judge(inspection.measurement, as: material, policy: policy)
  }

  static func print(_ result: CheckResult, language: Language, json: Bool, title: String? = nil) {
    if json {
      Swift.print(Console.json(CheckJSON.of(result, language: language)))
    } else {
      Swift.print(CheckText.render(result, language: language, title: title), terminator: "")
    }
  }
}
