import ArgumentParser
import Core
import Foundation
import RegistrationRules
import Service

struct TemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "Write a starter application file or spreadsheet (生成申请数据模板).",
    discussion: """
      --csv: a spreadsheet for HR with one column per field, headed by the labels printed \
      on the form, numbered columns for work periods and CE records, and one example row \
      (UTF-8 with a BOM, so that Excel opens it correctly). Save it from Excel as CSV or \
      .xlsx and give it to `form` or `validate`. --yaml: one application with every key \
      and a comment saying what it holds, linked to the JSON Schema for editors. Without \
      -o the template goes to standard output.
      """
  )

  @Flag(help: "A CSV spreadsheet, one applicant per row.")
  var csv = false

  @Flag(help: "A YAML application file.")
  var yaml = false

  @Option(name: .shortAndLong, help: ArgumentHelp("Write it here (default: standard output).", valueName: "FILE"))
  var output: String?

  @Option(help: ArgumentHelp("Work-period and CE columns in the CSV (default 3 each).", valueName: "N"))
  var rows: Int = 3

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard csv != yaml else { throw ValidationError("Give exactly one of --csv and --yaml.") }
    guard (1...20).contains(rows) else { throw ValidationError("--rows must be 1 to 20.") }
  }

  func run() throws {
    let text: String
    if csv {
      text = ApplicationTemplate.csv(items: rows)
    } else {
      let schema = Templates.locate().map {
        $0.directory.appendingPathComponent("../schema/application.schema.json").standardized.path
      }
      text = ApplicationTemplate.yaml(schema: schema.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil })
    }
    guard let output else {
      print(text, terminator: "")
      return
    }
    if FileManager.default.fileExists(atPath: output) {
      throw Console.fail(LocalizedText("templateCommand.exists", ["file": output])(global.language))
    }
    try FormCommand.createParent(of: output, language: global.language)
    do {
      try AtomicFile.write(text, to: output)
    } catch {
      throw Console.fail(error.message(global.language))
    }
    Console.error(LocalizedText("templateCommand.wrote", ["file": output])(global.language))
  }
}
