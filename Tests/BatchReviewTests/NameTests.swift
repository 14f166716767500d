import BatchReview
import Core
import Foundation
import RegistrationRules
import TestSupport
import Testing

/// Folder names from the public: a report for every one, however it is spelled.
@Suite(.serialized) struct SubmissionNameTests {
  @Test func everyFolderGetsItsOwnReportWhateverItsName() throws {
    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(["2026-0001-initial-ok"], to: input)
    let long = String(repeating: "长", count: 85)  // 255 bytes: no room left for ".json"
    for name in ["summary", long] {
      try FileManager.default.copyItem(atPath: input + "/2026-0001-initial-ok", toPath: input + "/" + name)
    }
    // Two names that are not UTF-8 and would read alike if decoded lossily.
    for raw: [UInt8] in [Array("bad".utf8) + [0xFF, 0xFE], Array("bad".utf8) + [0xFE, 0xFF]] {
      let path = Array(input.utf8) + [0x2F] + raw
      #expect(mkdir(path.map { CChar(bitPattern: $0) } + [0], 0o755) == 0)
      for file in try FileManager.default.contentsOfDirectory(atPath: input + "/2026-0001-initial-ok") {
        let from = input + "/2026-0001-initial-ok/" + file
        let to = path.map { CChar(bitPattern: $0) } + Array("/\(file)".utf8CString)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: from))
        let fd = open(to, O_WRONLY | O_CREAT, 0o644)
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
      }
    }
    let result = try ReviewRun(
      submissions: input, output: output, settings: settings(), workers: 2, shard: nil, page: try indexPage()
    ).run { _ in }
    #expect(result.items.count == 5, "\(result.items.map(\.submission))")
    #expect(result.items.allSatisfy { $0.decision == .accept }, "\(result.items)")
    #expect(Set(result.items.map(\.report)).count == 5, "five different report files")
    let files = tree(output)
    for item in result.items {
      let data = try #require(files[item.report + ".json"], "\(item.report).json")
      let report = try JSONDecoder().decode(SubmissionReport.self, from: Data(data))
      #expect(report.submission == item.submission)
    }
    #expect(
      result.items.contains { $0.submission == "bad\\xFF\\xFE" } && result.items.contains { $0.submission == "bad\\xFE\\xFF" })
    #expect(result.items.first { $0.submission == "summary" }?.report.hasPrefix("summary~") == true)
    #expect(result.items.first { $0.submission == long }.map { $0.report.utf8.count < 200 } == true)
    #expect(result.items.first { $0.submission == "2026-0001-initial-ok" }?.report == "2026-0001-initial-ok")
    // summary.json names the unusual report files, so that merge and scripts find them.
    let summary = String(decoding: files["summary.json"] ?? [], as: UTF8.self)
    #expect(summary.contains("\"report\": \"summary~"))
    #expect(!summary.contains("\"report\": \"2026-0001-initial-ok\""))
  }

  @Test func reportNamesArePlainOnlyWhenSafe() {
    #expect(ReportName.of(id: "2026-0001", raw: Array("2026-0001".utf8)) == "2026-0001")
    for unsafe in ["summary", ".hidden", "-flag", "a~b", "line\nbreak", String(repeating: "x", count: 161)] {
      let name = ReportName.of(id: unsafe, raw: Array(unsafe.utf8))
      #expect(name != unsafe && name.contains("~") && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\n"))
    }
    #expect(ReportName.display([0x61, 0xFF, 0xE4, 0xBD, 0xA0]) == "a\\xFF你")
  }
}
