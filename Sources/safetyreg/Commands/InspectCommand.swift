import ArgumentParser
import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Service

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Check one uploaded file as a material type (检查上传材料).",
    discussion: """
      MATERIAL is one of: photo, form, contract, id_handheld, statement, ce_certificate, \
      rename_document. The file is identified by its content. Exit code 0: accepted; 1: \
      rejected (every reason listed); 2: a file or the policy could not be read (the other \
      files are still checked).
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
    // A form is also scanned: its QR code, the applicant's signature, the employer's seal.
    // Laying the forms out takes pango some 40 ms: the workers load meanwhile.
    let scansForms = material == .form && setup.policy.forms.verify
    let early = scansForms ? Checking.early(min(jobs, files.count)) : nil
    let forms = scansForms ? try ReviewSetup.formGeometry(setup, language: language) : nil
    let checker = Checking.isolated(setup.policy, forms: forms, workers: min(jobs, files.count), early: early)
    if files.count == 1 {
      let result = try CheckRun.check(files[0], as: material, policy: setup.policy, checker: checker, language: language)
      CheckRun.print(result, language: language, json: json)
      if !result.accepted { throw ExitCode(1) }
      return
    }
    // Several files: one verdict each (a JSON array with --json), in the order given.
    let limit = MaterialInspector.decodeLimit(setup.policy)
    let results = MaterialBatch.check(files, as: material, policy: setup.policy, checker: checker, workers: jobs) {
      path throws(DocumentSyntaxError) in
      try MaterialInspector.read(path: path, limit: limit)
    }
    var rejected = 0, unreadable = 0
    var objects: [JSONValue] = []
    for result in results {
      switch result {
      case .success(let check):
        if !check.accepted { rejected += 1 }
        if json {
          objects.append(CheckJSON.of(check, language: language))
        } else {
          CheckRun.print(check, language: language, json: false)
        }
      case .failure(let error):
        unreadable += 1
        Console.error(error.message(language))
      }
    }
    if json { Swift.print(Console.json(.array(objects))) }
    // A file that could not be read was not checked: "could not run" (2), as for one file.
    if unreadable > 0 { throw ExitCode(2) }
    if rejected > 0 { throw ExitCode(1) }
  }
}
