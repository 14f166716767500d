import ArgumentParser
import Foundation
import MaterialChecks
import RegistrationRules

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Check one uploaded file as a material type (检查上传材料).",
    discussion: """
      MATERIAL is one of: photo, form, contract, id_handheld, statement, ce_certificate, \
      rename_document. The file is identified by its content. Exit code 0: accepted; 1: \
      rejected (every reason listed); 2: the file or the policy could not be read.
      """
  )

  @Argument(help: ArgumentHelp("The uploaded file(s) (JPEG, PNG or PDF).", valueName: "FILE"))
  var files: [String]

  @Option(help: "Files checked in parallel, when there are several (default: all cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(name: .customLong("as"), help: ArgumentHelp("The material type to check it as.", valueName: "MATERIAL"))
  var material: MaterialType

  @Flag(help: "Print JSON instead of text.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("Give at least one FILE.") }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
  }

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
    if files.count == 1 {
      let result = try CheckRun.check(files[0], as: material, policy: setup.policy, language: language, json: json)
      try CheckRun.print(result, language: language, json: json)
      if !result.accepted { throw ExitCode(1) }
      return
    }
    // Several files: one verdict each (a JSON array with --json), in the order given.
    let limit = MaterialInspector.decodeLimit(setup.policy)
    let results = MaterialBatch.check(files, as: material, policy: setup.policy, workers: jobs) {
      path throws(DocumentSyntaxError) in
      try MaterialInspector.read(path: path, limit: limit)
    }
    var rejected = 0
    var objects: [JSONValue] = []
    for result in results {
      switch result {
      case .success(let check):
        if !check.accepted { rejected += 1 }
        if json {
          objects.append(CheckJSON.of(check, language: language))
        } else {
          try CheckRun.print(check, language: language, json: false)
        }
      case .failure(let error):
        rejected += 1
        Console.error(error.message(language))
      }
    }
    if json { Swift.print(Console.json(.array(objects))) }
    if rejected > 0 { throw ExitCode(1) }
  }
}

/// What `inspect` and `photo` share: reading the file under limits, with a watchdog, and
/// printing the verdict.
enum CheckRun {
  static func check(_ path: String, as material: MaterialType, policy: Policy, language: Language, json: Bool) throws
    -> CheckResult
  {
    let read: (bytes: [UInt8], size: Int)
    do {
      read = try MaterialInspector.read(path: path, limit: MaterialInspector.decodeLimit(policy))
    } catch {
      throw Console.fail(error.message(language))
    }
    // A decoder that never returns (a hostile PDF) must not hang the command: after
    // twice the policy's decode time, the file is rejected as damaged.
    Watchdog.arm(seconds: policy.limits.decodeTimeoutSeconds * 2) {
      let timeout = Finding(
        .corruptFile, material: material, file: path,
        message: LocalizedText(
          zh: "文件结构异常，检查超过 \(Int(policy.limits.decodeTimeoutSeconds * 2)) 秒仍未完成：请重新保存后上传",
          en:
            "abnormal structure: checking did not finish within \(Int(policy.limits.decodeTimeoutSeconds * 2)) s; save the file again and upload it"
        ))
      if json {
        Swift.print(
          "{\"file\": \(jsonString(path)), \"material\": \"\(material.rawValue)\", \"decision\": \"reject\", \"reasons\": [{\"code\": \"CORRUPT_FILE\", \"message\": \(jsonString(timeout.message(language)))}], \"warnings\": [], \"metrics\": {}}"
        )
      } else {
        Swift.print("✗ [CORRUPT_FILE] \(path): \(timeout.message(language))")
      }
    }
    let measurement = MaterialInspector.measure(read.bytes, size: read.size, file: path, as: material, policy: policy)
    return MaterialVerdict.judge(measurement, as: material, policy: policy)
  }

  static func print(_ result: CheckResult, language: Language, json: Bool, title: String? = nil) throws {
    if json {
      Swift.print(Console.json(CheckJSON.of(result, language: language)))
    } else {
      Swift.print(CheckText.render(result, language: language, title: title), terminator: "")
    }
  }

  static func jsonString(_ s: String) -> String {
    String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
  }
}

/// Ends the process with "rejected" if it is still running after a deadline.
enum Watchdog {
  static func arm(seconds: Double, report: @escaping @Sendable () -> Void) {
    let thread = Thread {
      Thread.sleep(forTimeInterval: seconds)
      report()
      exit(1)
    }
    thread.start()
  }
}

extension MaterialType: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument) }
}
