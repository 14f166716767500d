import Foundation
import TestSupport
import Testing

/// ARCHITECTURE.md's table of what may import what, held against every Swift file under
/// `Sources/`. SwiftPM alone does not hold it: a module that is only a dependency of a
/// dependency can still be imported, and nothing stops a lower layer from growing a
/// dependency on a higher one in Package.swift.
@Suite struct ImportRuleTests {
  /// Modules of the system that any file may import.
  static let system: Set<String> = [
    "Foundation", "FoundationEssentials", "FoundationXML", "Dispatch", "Glibc", "Synchronization",
  ]

  /// The table between the `imports: begin` and `imports: end` markers: each target and
  /// the modules it may import.
  static func table(_ markdown: String) throws -> [String: Set<String>] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let begin = try #require(lines.firstIndex { $0.contains("<!-- imports: begin -->") })
    let end = try #require(lines.firstIndex { $0.contains("<!-- imports: end -->") })
    var rules: [String: Set<String>] = [:]
    for line in lines[(begin + 1)..<end] where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 2 else { continue }
      let target = cells[0].replacingOccurrences(of: "`", with: "")
      let allowed =
        cells[1] == "—"
        ? []
        : cells[1].split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
        }
      rules[target] = Set(allowed)
    }
    return rules
  }

  /// The modules a Swift file imports (any attribute or access level before `import`,
  /// `import struct M.T` counted as `M`), and whether it re-exports one.
  static func imports(_ source: String) -> (modules: Set<String>, reexports: Bool) {
    var modules: Set<String> = []
    var reexports = false
    for line in source.split(separator: "\n") {
      var words = line.split(separator: " ").map(String.init)
      while let first = words.first,
        first.hasPrefix("@") || ["internal", "public", "private", "fileprivate", "package"].contains(first)
      {
        if first == "@_exported" { reexports = true }
        words.removeFirst()
      }
      guard words.first == "import", words.count >= 2 else { continue }
      var name = words[1]
      if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(name), words.count >= 3 {
        name = words[2]
      }
      modules.insert(String(name.split(separator: ".").first ?? ""))
    }
    return (modules, reexports)
  }

  /// Every file's import that its target's row does not allow, and every re-export.
  static func violations(sources: [(target: String, file: String, text: String)], rules: [String: Set<String>])
    -> [String]
  {
    var found: [String] = []
    for source in sources {
      let (modules, reexports) = imports(source.text)
      if reexports { found.append("\(source.file): re-exports a module (@_exported import)") }
      guard let allowed = rules[source.target] else {
        found.append("\(source.file): target \(source.target) has no row in ARCHITECTURE.md")
        continue
      }
      for module in modules.subtracting(system).subtracting(allowed).sorted() {
        found.append("\(source.file): \(source.target) may not import \(module)")
      }
    }
    return found
  }

  static func swiftSources() throws -> [(target: String, file: String, text: String)] {
    let root = repoPath("Sources")
    var sources: [(String, String, String)] = []
    for target in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
      guard let walker = FileManager.default.enumerator(atPath: root + "/" + target) else { continue }
      for case let name as String in walker where name.hasSuffix(".swift") {
        let path = root + "/" + target + "/" + name
        sources.append((target, "Sources/\(target)/\(name)", try String(contentsOfFile: path, encoding: .utf8)))
      }
    }
    return sources
  }

  @Test func everyImportIsOneTheTableAllows() throws {
    let rules = try Self.table(try String(contentsOfFile: repoPath("ARCHITECTURE.md"), encoding: .utf8))
    let sources = try Self.swiftSources()
    #expect(sources.count > 150, "the walk found the sources: \(sources.count)")
    let violations = Self.violations(sources: sources, rules: rules)
    #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    // Every row names a target that exists, and every Swift target has a row.
    let targets = Set(sources.map(\.target))
    let stale = Set(rules.keys).subtracting(targets).sorted(), missing = targets.subtracting(rules.keys).sorted()
    #expect(Set(rules.keys) == targets, "rows without sources: \(stale); targets without a row: \(missing)")
  }

  /// The layering the table is there for: the decoders and the seeing targets know
  /// nothing of the rules, and the core imports nothing of ours.
  @Test func theTableKeepsTheDecodersFreeOfTheRules() throws {
    let rules = try Self.table(try String(contentsOfFile: repoPath("ARCHITECTURE.md"), encoding: .utf8))
    for target in ["ImageCodecs", "PDFReading", "FaceFinding", "TextReading", "DocumentParsing", "Core"] {
      let allowed = try #require(rules[target], "\(target)")
      #expect(!allowed.contains("RegistrationRules"), "\(target)")
      #expect(!allowed.contains("MaterialChecks") && !allowed.contains("BatchReview"), "\(target)")
    }
    #expect(rules["Core"] == [])
    #expect(rules["RegistrationRules"]?.contains { $0.hasPrefix("C") && $0 != "Core" } == false, "the rules hold no C")
  }

  /// The checker itself: a planted import outside the row, a re-export, a target without
  /// a row and `import struct` are each caught; system modules and allowed ones pass.
  @Test func theCheckerCatchesWhatItShould() {
    let rules: [String: Set<String>] = ["ImageCodecs": ["Core"]]
    let sources: [(target: String, file: String, text: String)] = [
      ("ImageCodecs", "a.swift", "import Foundation\nimport Core\ninternal import RegistrationRules\n"),
      ("ImageCodecs", "b.swift", "@_exported import Core\n"),
      ("ImageCodecs", "c.swift", "import struct MaterialChecks.GrayImage\n@preconcurrency import Dispatch\n"),
      ("Newcomer", "d.swift", "import Core\n"),
      ("ImageCodecs", "e.swift", "// import RegistrationRules in a comment is not an import\nlet x = 1\n"),
    ]
    let found = Self.violations(sources: sources, rules: rules)
    #expect(
      found == [
        "a.swift: ImageCodecs may not import RegistrationRules",
        "b.swift: re-exports a module (@_exported import)",
        "c.swift: ImageCodecs may not import MaterialChecks",
        "d.swift: target Newcomer has no row in ARCHITECTURE.md",
      ], "\(found)")
  }
}
