import ArgumentParser
import BatchReview
import FormRendering
import Foundation
import RegistrationRules
import SafeIO

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

  @Argument(help: ArgumentHelp("Application files (YAML/JSON) or folders of them.", valueName: "APP"))
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
    let zh = global.language == .zh
    let templates: FormTemplateSet
    do {
      templates = try FormTemplateSet.load(directory: setup.templates.path("forms"))
    } catch {
      throw Console.fail(error.message(global.language))
    }
    if let blank {
      try renderBlank(blank, templates: templates, policy: setup.policy)
      return
    }
    let sources = try collectSources()
    let single = sources.count == 1 && (output?.lowercased().hasSuffix(".pdf") ?? false)
    if let output, !single {
      do {
        try AtomicFile.createFolder(output)
      } catch {
        throw Console.fail(error.message(chinese: zh))
      }
    }
    let jobs = outputJobs(sources, single: single)
    let options = FormBatch.Options(
      policy: setup.policy, authorities: setup.authorities, today: today ?? .today(), force: force, workers: self.jobs,
      keepPrepared: combined != nil, creationDate: pdfCreationDate())
    let language = global.language
    let results: [FormJobResult]
    do {
      results = try FormBatch.run(
        jobs, templates: templates, options: options,
        write: { job, bytes in
          try AtomicFile.write(bytes, to: job.output!)
        })
    } catch {
      throw Console.fail(error.message(language))
    }
    var failures = 0
    for result in results {
      failures += report(result, language: language) ? 0 : 1
    }
    if let combined {
      let prepared = results.compactMap(\.prepared)
      if prepared.isEmpty {
        Console.error(zh ? "没有可合并的申请表，未写入 \(combined)" : "no form could be rendered; \(combined) not written")
      } else {
        do {
          let renderer = try FormRenderer(templates: templates)
          let bytes = try renderer.pdf(prepared, title: "注册安全工程师注册申请表（\(prepared.count) 份）", creationDate: options.creationDate)
          try AtomicFile.write(bytes, to: combined)
          print(
            zh
              ? "合并打印文件：\(combined)（\(prepared.count) 份，\(prepared.count * 2) 页，双面打印）"
              : "Combined print file: \(combined) (\(prepared.count) forms, \(prepared.count * 2) pages, print double-sided)")
        } catch let error as FormError {
          throw Console.fail(error.message(language))
        } catch {
          throw Console.fail(Console.describe(error, global.language))
        }
      }
    }
    if failures > 0 {
      print(
        zh
          ? "\(results.count - failures) 份已生成，\(failures) 份未生成。"
          : "\(results.count - failures) rendered, \(failures) not rendered.")
      throw ExitCode(1)
    }
  }

  /// Prints one result; returns whether the form was rendered.
  func report(_ result: FormJobResult, language: Language) -> Bool {
    let zh = language == .zh
    let source = result.job.source
    switch result.outcome {
    case .rendered:
      let target = result.job.output ?? (zh ? "合并文件" : "the combined file")
      print("✓ \(source) → \(target)")
      let errors = result.findings.errors
      if !errors.isEmpty {
        print(zh ? "  已按 --force 生成，但数据有 \(errors.count) 个问题：" : "  rendered with --force despite \(errors.count) problems:")
        for f in errors {
          print(
            "  - [\(f.code.rawValue)] \(f.field.map { FieldLabels.describe($0, language) + "：" } ?? "")\(f.message(language))")
        }
      }
      return true
    case .invalid:
      let errors = result.findings.errors
      print(
        zh
          ? "✗ \(source)：数据有 \(errors.count) 个问题，未生成（可用 safetyreg validate 查看详情，或加 --force 仍然生成）"
          : "✗ \(source): \(errors.count) problems in the data, not rendered (see safetyreg validate, or use --force)")
      for f in errors {
        let line = f.line.map { zh ? "第 \($0) 行，" : "line \($0), " } ?? ""
        print(
          "  - [\(f.code.rawValue)] \(line)\(f.field.map { FieldLabels.describe($0, language) + (zh ? "：" : ": ") } ?? "")\(f.message(language))"
        )
      }
      return false
    case .unreadable(let error):
      print("✗ \(error.message(language))")
      return false
    case .failed(let error):
      print("✗ \(source)：\(error.message(language))")
      return false
    }
  }

  func renderBlank(_ kind: RegistrationKind, templates: FormTemplateSet, policy: Policy) throws {
    do {
      let renderer = try FormRenderer(templates: templates)
      let bytes = try renderer.pdf(kind: kind, values: .blank(policy: policy), creationDate: pdfCreationDate())
      try AtomicFile.write(bytes, to: output!)
      print("✓ \(kind.label(global.language)) → \(output!)")
    } catch let error as FormError {
      throw Console.fail(error.message(global.language))
    } catch {
      throw Console.fail(Console.describe(error, global.language))
    }
  }

  /// Files as given; folders contribute their *.yaml, *.yml and *.json files, sorted.
  func collectSources() throws -> [String] {
    var sources: [String] = []
    for input in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
        throw Console.fail((global.language == .zh ? "找不到：" : "no such file or folder: ") + input)
      }
      if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
        sources += names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
          .map { (input as NSString).appendingPathComponent($0) }
      } else {
        sources.append(input)
      }
    }
    return sources
  }

  func outputJobs(_ sources: [String], single: Bool) -> [FormJob] {
    guard let output else { return sources.map { FormJob(source: $0, output: nil) } }
    if single { return [FormJob(source: sources[0], output: output)] }
    var used: [String: Int] = [:]
    return sources.map { source in
      var name = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
      // Two inputs with the same name (a.yaml and a.json) must not overwrite each other.
      used[name, default: 0] += 1
      if used[name]! > 1 { name += "-\(used[name]!)" }
      return FormJob(source: source, output: (output as NSString).appendingPathComponent(name + ".pdf"))
    }
  }
}

extension RegistrationKind: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument) }
}
