import BatchReview
import Core
import Foundation
import RegistrationRules
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite(.serialized) struct ReviewRunTests {
  func review(_ input: String, _ output: String, shard: Shard? = nil, workers: Int = 2) throws -> ReviewRunResult {
    // Unhurried: these tests compare runs byte for byte (TestSupport.unhurriedPolicy).
    try ReviewRun(
      submissions: input, output: output, settings: settings(policy: unhurriedPolicy), workers: workers, shard: shard,
      page: try indexPage()
    )
    .run { _ in }
  }

  @Test func aRerunReusesUnchangedReportsAndRedoesChangedOnes() throws {
    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(["2026-0001-initial-ok", "2026-0005-form-page-missing", "2026-0008-photo-blue-background"], to: input)
    let first = try review(input, output)
    #expect(first.reviewed == 3 && first.reused == 0)
    let before = tree(output)
    let second = try review(input, output)
    #expect(second.reviewed == 0 && second.reused == 3)
    #expect(tree(output) == before)
    // Uploading a page 2 changes that submission's fingerprint, and its reasons: the page
    // is there now, but it is another applicant's (its QR code names 2026-000101).
    try FileManager.default.copyItem(
      atPath: input + "/2026-0001-initial-ok/form-2.jpg", toPath: input + "/2026-0005-form-page-missing/form-2.jpg")
    let third = try review(input, output)
    #expect(third.reviewed == 1 && third.reused == 2)
    let redone = try #require(third.items.first { $0.submission == "2026-0005-form-page-missing" })
    #expect(redone.decision == .reject)
    #expect(redone.codes == [.formMismatch], "\(redone.codes)")
  }

  @Test func shardsMergedEqualOneRun() throws {
    let input = try temporaryDirectory()
    try copySamples(to: input)
    let whole = try temporaryDirectory()
    _ = try review(input, whole)
    var parts: [String] = []
    var seen: [String] = []
    for k in 1...3 {
      let part = try temporaryDirectory()
      let result = try review(input, part, shard: Shard(index: k, count: 3)!, workers: 1)
      seen += result.items.map(\.submission)
      parts.append(part)
    }
    #expect(
      seen.sorted()
        == tree(whole).keys.filter { $0.hasSuffix(".json") && $0 != "summary.json" }.map { String($0.dropLast(5)) }.sorted())
    #expect(Set(seen).count == seen.count)
    let merged = try temporaryDirectory()
    _ = try ReviewMerge.merge(parts, into: merged, page: try indexPage())
    let a = tree(whole), b = tree(merged)
    #expect(a.keys.sorted() == b.keys.sorted())
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs") }
  }

  @Test func theReviewersPageEscapesEverythingFromAnUpload() throws {
    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(["2026-0013-hostile-upload", "2026-0001-initial-ok"], to: input)
    // A folder name is upload-controlled too.
    let evil = "<img src=x onerror=alert(1)>&\"'"
    try FileManager.default.copyItem(atPath: input + "/2026-0001-initial-ok", toPath: input + "/" + evil)
    let result = try review(input, output)
    #expect(result.items.count == 3)
    let html = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<img src=x"))
    let page = try PageParser.parse(html)
    // The page's own: its labels and its data (JSON, not run) and its script.
    #expect(page.elements["script"] == 3)
    #expect(page.attributes.filter { $0.name == "type" && $0.value == "application/json" }.count == 2)
    // 6 + 6 files, and 4 of the hostile one (its three refused paths have no preview),
    // and the overlay that shows the larger previews.
    #expect(page.elements["img"] == 17, "one preview per readable file")
    #expect(!page.attributes.contains { $0.name.lowercased().hasPrefix("on") })
    #expect(page.text.contains("张伟<script>alert('x')</script>"))
    #expect(page.text.contains(evil))
    // Links to reports and previews are relative and encoded.
    #expect(page.attributes.filter { $0.name == "src" }.allSatisfy { $0.value.hasPrefix("thumbs/") && !$0.value.contains("..") })
    #expect(page.attributes.contains { $0.name == "href" && $0.value == "%3Cimg%20src=x%20onerror=alert(1)%3E&%22'.json" })
    // The page is self-contained: nothing is fetched from a network.
    #expect(!page.attributes.contains { ($0.name == "src" || $0.name == "href") && $0.value.contains("//") })
  }

  @Test func summaryFiles() throws {
    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(["2026-0001-initial-ok", "2026-0013-hostile-upload"], to: input)
    try FileManager.default.copyItem(atPath: input + "/2026-0001-initial-ok", toPath: input + "/=HYPERLINK(\"x\"),1")
    _ = try review(input, output)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output + "/summary.csv")))
    // UTF-8 with a byte-order mark, so that Excel does not read it in the system's code page.
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 5 && lines[4].isEmpty)
    #expect(lines[0] == "submission,kind,decision,codes,姓名,注册种类,结论,退回原因")
    #expect(lines[1] == "2026-0001-initial-ok,initial,accept,,张伟,初始注册,通过,")
    // The machine's columns come first and as before; people's columns follow.
    #expect(
      lines[2].hasPrefix(
        "2026-0013-hostile-upload,initial,reject,INVALID_FIELD;UNSAFE_PATH,张伟<script>alert('x')</script>,初始注册,退回,姓名："))
    #expect(lines[2].contains("；劳动合同或聘用文件：劳动合同或聘用文件 ../2026-0001-initial-ok/contract-1.jpg 未读取：路径指向提交目录之外"))
    #expect(lines[3] == "\"'=HYPERLINK(\"\"x\"\"),1\",initial,accept,,张伟,初始注册,通过,")
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))) as! [String: Any]
    let counts = json["counts"] as! [String: Any]
    #expect(counts["submissions"] as? Int == 3 && counts["accept"] as? Int == 2 && counts["reject"] as? Int == 1)
    #expect((counts["reasons"] as! [String: Int]) == ["INVALID_FIELD": 1, "UNSAFE_PATH": 1])
    // DESIGN.md's per-submission shape.
    let report =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: output + "/2026-0013-hostile-upload.json"))) as! [String: Any]
    for key in ["submission", "kind", "decision", "reasons", "warnings", "materials"] { #expect(report[key] != nil, "\(key)") }
    let reason = (report["reasons"] as! [[String: Any]]).first { $0["code"] as? String == "UNSAFE_PATH" }!
    #expect(reason["material"] as? String == "contract" && reason["file"] != nil && reason["message"] != nil)
  }

  @Test func strayFilesAndLinksInTheSubmissionsFolderAreReported() throws {
    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(["2026-0001-initial-ok"], to: input)
    try Data("hello".utf8).write(to: URL(fileURLWithPath: input + "/notes.txt"))
    try FileManager.default.createSymbolicLink(atPath: input + "/linked", withDestinationPath: samples + "/2026-0002-renewal-ok")
    try FileManager.default.createDirectory(atPath: input + "/summary", withIntermediateDirectories: true)
    let result = try review(input, output)
    let decisions = Dictionary(uniqueKeysWithValues: result.items.map { ($0.submission, $0.codes) })
    #expect(
      decisions == [
        "2026-0001-initial-ok": [], "notes.txt": [.badSubmission], "linked": [.badSubmission], "summary": [.badSubmission],
      ])
    // The clash did not overwrite the run's own summary.
    let summary = try String(contentsOfFile: output + "/summary.json", encoding: .utf8)
    #expect(summary.contains("\"tool\": \"safetyreg\""))
  }

  @Test func shardsAreStableAndDisjoint() {
    let names = (0..<200).map { "2026-\($0)" }
    var counts = [0, 0, 0, 0]
    for name in names {
      let owners = (1...4).filter { Shard(index: $0, count: 4)!.contains(name) }
      #expect(owners.count == 1)
      counts[owners[0] - 1] += 1
    }
    #expect(counts.allSatisfy { $0 > 25 })
    #expect(Shard("2/4") == Shard(index: 2, count: 4))
    #expect(Shard("0/4") == nil && Shard("5/4") == nil && Shard("x") == nil)
  }

  @Test func jsonValueWritesTheSameBytesEveryTime() {
    let value = JSONValue.object([
      ("b", .string("\"quoted\"\n\u{1}<tag>")), ("a", .number(1)), ("c", .number(0.25)), ("d", .array([])), ("e", .null),
    ])
    #expect(
      value.rendered() == """
        {
          "b": "\\"quoted\\"\\n\\u0001<tag>",
          "a": 1,
          "c": 0.25,
          "d": [],
          "e": null
        }
        """)
  }
}

/// Reads the page as XML (it is written as well-formed XHTML-compatible HTML), counting
/// elements and collecting attributes and text: what a browser would build.
final class PageParser: NSObject, XMLParserDelegate {
  var elements: [String: Int] = [:]
  var attributes: [(name: String, value: String)] = []
  var text = ""

  static func parse(_ html: String) throws -> PageParser {
    let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
    let parser = XMLParser(data: Data(body.utf8))
    let delegate = PageParser()
    parser.delegate = delegate
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
    return delegate
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String]
  ) {
    elements[name, default: 0] += 1
    self.attributes += attributes.map { ($0.key, $0.value) }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
