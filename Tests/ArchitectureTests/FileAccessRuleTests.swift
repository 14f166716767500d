import Foundation
import TestSupport
import Testing

/// The file-access seam holds only if nobody goes round it: outside `Core/Files`, no
/// Swift file under `Sources/` reads a file or lists a folder by itself, except the few
/// places listed here, each with its reason.
@Suite struct FileAccessRuleTests {
  /// Calls that read a file's bytes, its size or a folder's names.
  static let reads = [
    "FileManager.default.contents(", "contentsOfDirectory(", "attributesOfItem(", ".enumerator(", "Data(contentsOf",
    "String(contentsOfFile", "String(contentsOf:", "fopen(", "opendir(", "openat(", "FileHandle(",
  ]

  /// Files allowed to read the disk themselves, and why.
  static let allowed: [String: String] = [
    "Sources/Core/Files/": "the seam itself: the disk's implementation",
    "Sources/Service/ReportAudit.swift": "the token file's mode bits and the append-only audit log",
    "Sources/FormRendering/Cairo/FontSubsets.swift": "an installed font's size and time, for its cache key",
    "Sources/SampleMaking/": "the sample maker's own portraits (a build tool, not the product)",
    "Sources/safetyreg-samples/": "the sample maker's own files (a build tool, not the product)",
  ]

  /// `open(` as the system call (not `.open(` or `fdopen(`).
  static func callsOpen(_ line: Substring) -> Bool {
    var rest = line[...]
    while let range = rest.range(of: "open(") {
      let before = rest[..<range.lowerBound].last
      if before == nil || !(before!.isLetter || before!.isNumber || before! == "_" || before! == ".") { return true }
      rest = rest[range.upperBound...]
    }
    return false
  }

  /// Every line outside the allowed files that reads the disk by itself.
  static func violations(_ sources: [(target: String, file: String, text: String)]) -> [String] {
    var found: [String] = []
    for source in sources where !allowed.keys.contains(where: { source.file.hasPrefix($0) }) {
      for (number, line) in source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let code = line.trimmingCharacters(in: .whitespaces)
        guard !code.hasPrefix("//") else { continue }
        if reads.contains(where: { line.contains($0) }) || callsOpen(line) {
          found.append("\(source.file):\(number + 1): \(code)")
        }
      }
    }
    return found
  }

  @Test func everyReadGoesThroughTheSeam() throws {
    let sources = try ImportRuleTests.swiftSources()
    #expect(sources.count > 150)
    let found = Self.violations(sources)
    #expect(found.isEmpty, "read the disk through Core.FileAccess:\n\(found.joined(separator: "\n"))")
    // Every exception still holds a read: one that no longer does is dropped from the list.
    for prefix in Self.allowed.keys {
      let mine = sources.filter { $0.file.hasPrefix(prefix) }
      #expect(!mine.isEmpty, "\(prefix) is gone")
      #expect(
        mine.contains { s in
          s.text.split(separator: "\n").contains { l in Self.reads.contains { l.contains($0) } || Self.callsOpen(l) }
        },
        "\(prefix) no longer reads the disk itself: take it off the list")
    }
  }

  @Test func theCheckerCatchesWhatItShould() {
    let planted: [(target: String, file: String, text: String)] = [
      ("BatchReview", "Sources/BatchReview/X.swift", "let d = FileManager.default.contents(atPath: p)"),
      ("Service", "Sources/Service/Y.swift", "let fd = open(path, O_RDONLY)"),
      ("Service", "Sources/Service/Z.swift", "let s = try String(contentsOfFile: p, encoding: .utf8)"),
      ("Core", "Sources/Core/Files/DiskFiles.swift", "let fd = open(path, O_RDONLY)"),
      ("Service", "Sources/Service/W.swift", "// open(path) in a comment\nlet f = files.openFolder(p)\nfdopen(x)"),
    ]
    let found = Self.violations(planted)
    #expect(found.count == 3, "\(found)")
    #expect(
      found.map { String($0.prefix { $0 != ":" }) } == [
        "Sources/BatchReview/X.swift", "Sources/Service/Y.swift", "Sources/Service/Z.swift",
      ])
  }
}
