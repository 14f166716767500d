import ArgumentParser
import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import Service

struct FormCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "form",
    abstract: "Render application forms as print-ready, double-sided PDFs (打印申请表).",
    discussion: """
      One application and -o FILE.pdf: one PDF. Several applications, or a folder of them, \
      and -o FOLDER: one PDF each, rendered in parallel (--jobs). --combined FILE writes \
      one print file in which every form starts on a front side. --blank KIND renders an \
      empty form. Every PDF asks the print dialog for duplex (long-edge flip) at 100 %.
      Applications whose data break the rules are listed and not rendered, unless --force.
      Exit code 0: all rendered; 1: some were not (data problems); 2: could not run.
      """
  )

  @Argument(
    help: ArgumentHelp(
      "Application files (YAML/JSON), spreadsheets (CSV/XLSX, one applicant per row) or folders of YAML/JSON.",
      valueName: "APP"))
  var inputs: [String] = []

  @Option(name: .shortAndLong, help: ArgumentHelp("Output PDF (one application) or folder.", valueName: "OUT"))
  var output: String?

  @Option(help: ArgumentHelp("Also write one print file with every form.", valueName: "FILE"))
  var combined: String?

  @Option(help: ArgumentHelp("Render an empty form of this kind: initial, renewal, change or reregistration.", valueName: "KIND"))
  var blank: RegistrationKind?

  @Option(help: "Forms rendered in parallel (default: all cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Render even when the data break the rules (the problems are listed).")
  var force = false

  @Option(help: ArgumentHelp("Apply the rules as on this day (YYYY-MM-DD).", valueName: "DATE"))
  var today: CalendarDate?

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if blank != nil {
      guard inputs.isEmpty else { throw ValidationError("--blank takes no application files.") }
      guard output != nil else { throw ValidationError("--blank needs -o FILE.pdf.") }
    } else {
      guard !inputs.isEmpty else { throw ValidationError("Give at least one application file or folder (or --blank KIND).") }
      guard output != nil || combined != nil else { throw ValidationError("Give -o OUT, --combined FILE, or both.") }
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
  }

  func run() throws {
    let setup = try RuleSetup.load(global)
    let language = global.language
    let templates: FormTemplateSet
    do {
      templates = try FormTemplateSet.load(directory: setup.templates.path("forms"))
    } catch {
      throw Console.fail(error.message(language))
    }
    if let blank {
      try renderBlank(blank, templates: templates, policy: setup.policy)
      return
    }
    let collected = try Inputs.collect(self.inputs, policy: setup.policy, language: language)
    Inputs.printSheetNotes(collected, language: language)
    let jobs = try outputJobs(collected.inputs)
    if let combined { try Self.createParent(of: combined, language: language) }
    let options = FormBatch.Options(
      policy: setup.policy, authorities: setup.authorities, today: today ?? .today(), force: force, workers: self.jobs,
      keepPrepared: combined != nil, creationDate: pdfCreationDate())
    let results: [FormJobResult]
    do {
      results = try FormBatch.run(
        jobs, templates: templates, options: options,
        write: { job, bytes throws(WriteError) in
          guard let output = job.output else { return }
          try AtomicFile.write(bytes, to: output)
        })
    } catch {
      throw Console.fail(error.message(language))
    }
    var notRendered = 0
    var couldNotRun = false
    for result in results {
      switch report(result, language: language) {
      case .rendered: break
      case .dataProblem: notRendered += 1
      case .couldNotRun:
        notRendered += 1
        couldNotRun = true
      }
    }
    if let combined {
      let prepared = results.compactMap(\.prepared)
      if prepared.isEmpty {
        Console.error(LocalizedText("formCommand.nothingToCombine", ["file": combined])(language))
      } else {
        do {
          let renderer = try FormRenderer(templates: templates)
          // The print file's title is the form's own, in Chinese like the form.
          let bytes = try renderer.pdf(prepared, title: "注册安全工程师注册申请表（\(prepared.count) 份）", creationDate: options.creationDate)
          try AtomicFile.write(bytes, to: combined)
          print(
            LocalizedText(
              "formCommand.combinedWritten", ["file": combined, "count": prepared.count, "pages": prepared.count * 2])(language))
        } catch let error as FormError {
          throw Console.fail(error.message(language))
        } catch {
          throw Console.fail(Console.describe(error, language))
        }
      }
    }
    if notRendered > 0 {
      print(
        LocalizedText("formCommand.someNotRendered", ["rendered": results.count - notRendered, "notRendered": notRendered])(
          language))
    }
    if couldNotRun { throw ExitCode(2) }
    if notRendered > 0 || collected.sheetErrors > 0 { throw ExitCode(1) }
  }

  enum Reported { case rendered, dataProblem, couldNotRun }

  /// Prints one result: what was written, or why not, and every warning — a warning left
  /// unread may mean a box left empty on a form that is then signed and stamped.
  func report(_ result: FormJobResult, language: Language) -> Reported {
    let source = result.job.input.name(language)
    func list(_ findings: [Finding]) {
      for f in findings { print("  - " + AssessmentText.oneLine(f, language)) }
    }
    let warnings = result.findings.warnings
    func listWarnings() {
      guard !warnings.isEmpty else { return }
      print(LocalizedText("formCommand.warningsCheckBeforePrinting")(language))
      list(warnings)
    }
    switch result.outcome {
    case .rendered:
      let target = result.job.output ?? LocalizedText("formCommand.theCombinedFile")(language)
      print("✓ \(source) → \(target)")
      let errors = result.findings.errors
      if !errors.isEmpty {
        print(LocalizedText("formCommand.renderedDespite", ["count": errors.count])(language))
        list(errors)
      }
      listWarnings()
      return .rendered
    case .invalid:
      let errors = result.findings.errors
      print(LocalizedText("formCommand.notRendered", ["source": source, "count": errors.count])(language))
      list(errors)
      listWarnings()
      return .dataProblem
    case .unreadable(let error):
      print("✗ \(error.message(language))")
      return .dataProblem
    case .failed(let error):
      print(LocalizedText("formCommand.failed", ["source": source, "problem": error.message])(language))
      return error.isDataProblem ? .dataProblem : .couldNotRun
    case .notWritten(let error):
      print(LocalizedText("formCommand.failed", ["source": source, "problem": error.text])(language))
      return .couldNotRun
    }
  }

  func renderBlank(_ kind: RegistrationKind, templates: FormTemplateSet, policy: Policy) throws {
    do {
      let renderer = try FormRenderer(templates: templates)
      let bytes = try renderer.pdf(kind: kind, values: .blank(policy: policy), creationDate: pdfCreationDate())
      guard let output else { return }
      try Self.createParent(of: output, language: global.language)
      try AtomicFile.write(bytes, to: output)
      print("✓ \(kind.label(global.language)) → \(output)")
    } catch let error as FormError {
      throw Console.fail(error.message(global.language))
    } catch {
      throw Console.fail(Console.describe(error, global.language))
    }
  }

  /// One PDF per application in the `-o` folder, or the one `-o FILE.pdf`.
  /// - Throws: `ExitCode(2)` when `-o` names a PDF but there are several applications:
  ///   a folder called `x.pdf` would surprise everyone.
  func outputJobs(_ inputs: [ApplicationInput]) throws -> [FormJob] {
    guard let output else { return inputs.map { FormJob(input: $0, output: nil) } }
    if output.lowercased().hasSuffix(".pdf") {
      guard inputs.count == 1 else {
        throw Console.fail(
          LocalizedText("formCommand.onePDFForMany", ["output": output, "count": inputs.count])(global.language))
      }
      try Self.createParent(of: output, language: global.language)
      return [FormJob(input: inputs[0], output: output)]
    }
    do {
      try AtomicFile.createFolder(output)
    } catch {
      throw Console.fail(error.message(global.language))
    }
    var used: [String: Int] = [:]
    return inputs.map { input in
      var name = input.stem
      // Two inputs with the same name (a.yaml and a.json) must not overwrite each other.
      used[name, default: 0] += 1
      if let n = used[name], n > 1 { name += "-\(n)" }
      return FormJob(input: input, output: (output as NSString).appendingPathComponent(name + ".pdf"))
    }
  }

  /// Creates the folder a file is to be written in, when it is missing.
  static func createParent(of file: String, language: Language) throws {
    let parent = (file as NSString).deletingLastPathComponent
    guard !parent.isEmpty else { return }
    do {
      try AtomicFile.createFolder(parent)
    } catch {
      throw Console.fail(error.message(language))
    }
  }
}
