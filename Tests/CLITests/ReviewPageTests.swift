import Foundation
import TestSupport
import Testing

/// The reviewer's page at scale: the first page as HTML, every submission as data the
/// page's script filters and pages through, larger previews made by us. Driven in a real
/// browser (headless Chromium) by scripts/page-timing.html.
@Suite(.serialized) struct ReviewPageTests {
  /// The sample review's reports replicated into `count` submissions and merged into
  /// one page (merge in place writes the page from the reports, without copying).
  func replicatedReports(_ count: Int) throws -> String {
    let sample = try temporaryDirectory().path + "/sample"
    #expect(try run(["review", repoPath("samples/submissions"), "-o", sample, "--today", "2026-11-23", "--quiet"]).status == 0)
    let out = try temporaryDirectory().path + "/big"
    try runInstalled("python3", [repoPath("bench/replicate_reports.py"), sample, out, String(count)])
    let merged = try run(["merge", out, "-o", out])
    #expect(merged.status == 0, "\(merged.stderr)")
    return out
  }

  /// What the page does in a browser, as scripts/page-timing.html records it.
  func drive(_ page: String) throws -> [String: Any] {
    let harness = "file://" + repoPath("scripts/page-timing.html") + "#file://" + page
    let dom = String(
      decoding: try runInstalled(
        "chromium",
        [
          "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--virtual-time-budget=60000",
          "--dump-dom", harness,
        ]),
      as: UTF8.self)
    let start = try #require(dom.range(of: "<pre id=\"result\">")).upperBound
    let end = try #require(dom.range(of: "</pre>", range: start..<dom.endIndex)).lowerBound
    let json = String(dom[start..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
      of: "&amp;", with: "&")
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
  }

  @Test func theFirstPageIsHTMLAndEverySubmissionIsData() throws {
    let reports = try replicatedReports(120)
    let html = try String(contentsOfFile: reports + "/index.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<section class=\"sub").count - 1 == 50, "the first page, 50 submissions")
    // Our three scripts and no other: a name like <script>alert('x')</script> is data.
    #expect(html.components(separatedBy: "<script").count - 1 == 3)
    let open = try #require(html.range(of: "<script type=\"application/json\" id=\"data\">")).upperBound
    let close = try #require(html.range(of: "</script>", range: open..<html.endIndex)).lowerBound
    let data = String(html[open..<close])
    #expect(!data.contains("<") && !data.contains(">"), "markup in the data is escaped")
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [[String: Any]])
    #expect(entries.count == 120)
    #expect(entries.contains { ($0["p"] as? String)?.contains("<script>") == true }, "the name is kept, as text")
  }

  @Test func aBrowserFiltersPagesAndEnlarges() throws {
    let reports = try replicatedReports(120)
    let r = try drive(reports + "/index.html")
    #expect(r["sectionsShown"] as? Int == 50)
    #expect(r["total"] as? String == "120")
    // Page 2 starts with the 51st submission.
    #expect(r["pageAfterNext"] as? String == "2")
    let summary =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reports + "/summary.json"))) as? [String: Any]
    let items = try #require(summary?["submissions"] as? [[String: Any]])
    let html = try String(contentsOfFile: reports + "/index.html", encoding: .utf8)
    let anchor = try #require(r["firstOnPage"] as? String)
    #expect(html.contains("\"s\":\"\(items[50]["submission"] as! String)\",\"a\":\"\(anchor)\""), "\(anchor)")
    // Filters count what summary.json counts.
    #expect(r["shownRejected"] as? String == String(items.count { $0["decision"] as? String == "reject" }))
    let code = try #require(r["codeFiltered"] as? String)
    #expect(r["shownCode"] as? String == String(items.count { ($0["codes"] as? [String])?.contains(code) == true }))
    #expect(r["shownSearch"] as? String == "1")
    #expect((r["firstAfterSearch"] as? String)?.contains(r["searched"] as? String ?? "?") == true)
    // A click on a preview opens the larger one the review made.
    #expect(r["overlayOpen"] as? String == "open")
    let src = try #require(r["overlaySrc"] as? String)
    #expect(src.hasPrefix("thumbs/") && src.hasSuffix("-large.jpg"))
    let size = try jpegSize(reports + "/" + src)
    // Larger than the small preview (240 px), at most 1,600 px.
    #expect(max(size.0, size.1) <= 1600 && max(size.0, size.1) > 240, "\(size)")
  }

  /// Larger previews are made by the review, never copies of the uploads.
  @Test func largePreviewsAreOursNotTheUploads() throws {
    let out = try temporaryDirectory().path
    #expect(try run(["review", repoPath("samples/submissions"), "-o", out, "--today", "2026-11-23", "--quiet"]).status == 0)
    let report =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: out + "/2026-0001-initial-ok.json"))) as? [String: Any]
    let materials = try #require(report?["materials"] as? [[String: Any]])
    for m in materials {
      let large = try #require(m["preview"] as? String)
      let upload = try Data(
        contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0001-initial-ok/" + (m["file"] as! String))))
      let made = try Data(contentsOf: URL(fileURLWithPath: out + "/" + large))
      #expect(made != upload)
      #expect(!made.isEmpty && made.starts(with: [0xFF, 0xD8, 0xFF]))
    }
  }
}
