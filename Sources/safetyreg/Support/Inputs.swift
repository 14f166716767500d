import ArgumentParser
import Core
import Foundation
import RegistrationRules
import Service
import Spreadsheets

/// The applications named on a command line: files as given, folders by their data files.
enum Inputs {
  /// The extensions of application data files in a folder.
  static let dataExtensions: Set<String> = ["yaml", "yml", "json"]

  /// What the command lines name: the applications, and what the spreadsheets say of
  /// themselves (an unknown column, a linked row that matches nobody).
  struct Collected {
    var inputs: [ApplicationInput] = []
    var sheetNotes: [(file: String, findings: [Finding])] = []
    var sheetErrors: Int { sheetNotes.reduce(0) { $0 + $1.findings.errors.count } }
  }

  /// Every application in `paths`, in order: a data file, each row of a spreadsheet, and
  /// a folder's data files, sorted.
  /// - Throws: `ExitCode(2)` after saying why, when a path is missing, unreadable, or a
  ///   folder holds no application at all (a silent no-op would look like success).
  static func collect(_ paths: [String], policy: Policy, language: Language) throws -> Collected {
    var collected = Collected()
    for path in paths {
      if isSpreadsheet(path) {
        let loaded: SpreadsheetLoader.Loaded
        do {
          loaded = try SpreadsheetLoader.load(
            path: path, limits: .init(maxBytes: policy.limits.maxSpreadsheetBytes, maxRows: policy.limits.maxSpreadsheetRows))
        } catch {
          throw Console.fail(error.message(language))
        }
        collected.inputs += loaded.rows.map { row(path, $0) }
        if !loaded.notes.isEmpty { collected.sheetNotes.append((path, loaded.notes)) }
      } else {
        collected.inputs += try files([path], limits: policy.applicationLimits, language: language)
      }
    }
    return collected
  }

  /// Whether a path names a spreadsheet (by its extension: `.csv`, `.xlsx`, `.xls`, …).
  static func isSpreadsheet(_ path: String) -> Bool {
    let ext = (path as NSString).pathExtension.lowercased()
    return SpreadsheetLoader.extensions.contains(ext) || ext == "xls"
  }

  /// One spreadsheet row as an input: named by the file and row, its PDF by the
  /// applicant (`003-张伟.pdf`, or `<id>-张伟.pdf`).
  static func row(_ path: String, _ row: SpreadsheetLoader.Row) -> ApplicationInput {
    let app = row.application.application
    let file = (path as NSString).lastPathComponent
    let stem = [app.id ?? String(format: "%03d", row.number), app.applicant.name].compactMap { $0 }.joined(separator: "-")
    return ApplicationInput(
      content: .row(row.application),
      name: LocalizedText(
        "inputs.row",
        [
          "file": file, "row": row.number,
          "who": app.applicant.name.map { LocalizedText("assessmentText.who", ["who": $0]) } ?? LocalizedText(verbatim: ""),
        ]),
      stem: safeStem(stem), folder: (path as NSString).deletingLastPathComponent)
  }

  /// A file name from data: no folder separators, no leading dot, no control characters.
  static func safeStem(_ text: String) -> String {
    var stem = String(
      text.map {
        "/\\:*?\"<>|".contains($0) || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "_" : $0
      }.prefix(80))
    while stem.hasPrefix(".") { stem.removeFirst() }
    return stem.isEmpty ? "application" : stem
  }

  /// Prints what the spreadsheets say of themselves, once each.
  static func printSheetNotes(_ collected: Collected, language: Language) {
    for (file, findings) in collected.sheetNotes {
      print(LocalizedText("inputs.spreadsheet", ["file": file])(language))
      for f in findings { print("  \(f.severity == .error ? "✗" : "!") " + AssessmentText.oneLine(f, language)) }
    }
  }

  static func files(_ paths: [String], limits: DocumentLimits, language: Language) throws -> [ApplicationInput] {
    var inputs: [ApplicationInput] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw Console.fail(LocalizedText("inputs.noSuchPath", ["path": path])(language))
      }
      guard isDirectory.boolValue else {
        inputs.append(.file(path))
        continue
      }
      let names: [String]
      do {
        names = try DiskFiles().openFolder(path).entries().map(\.name)
      } catch {
        throw Console.fail(LocalizedText("inputs.folderUnreadable", ["path": path])(language))
      }
      let found = names.filter { !$0.hasPrefix(".") && dataExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        .sorted()
      guard !found.isEmpty else {
        throw Console.fail(LocalizedText("inputs.noApplicationFiles", ["path": path])(language))
      }
      inputs += found.map { .file((path as NSString).appendingPathComponent($0)) }
    }
    return inputs
  }
}
