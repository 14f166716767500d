import Foundation
import TestSupport
import Testing

/// No silent no-ops: what a user asks for is done, or refused with the reason.
@Suite struct NoSurprisesTests {
  static let applications = repoPath("samples/applications")
  static let initial = repoPath("samples/applications/initial.yaml")
  static let change = repoPath("samples/applications/change.yaml")

  @Test func aPDFNameWithSeveralApplicationsIsRefusedNotMadeAFolder() throws {
    let work = try temporaryDirectory().path
    let r = try run(["form", Self.initial, Self.change, "-o", "x.pdf", "--today", "2026-11-30"], in: work)
    #expect(r.status == 2)
    #expect(r.stderr.contains("-o x.pdf 是一个 PDF 文件名，但有 2 份申请") && r.stderr.contains("--combined x.pdf"))
    #expect(!FileManager.default.fileExists(atPath: work + "/x.pdf"))
    // What the message suggests works.
    let combined = try run(["form", Self.initial, Self.change, "--combined", "x.pdf", "--today", "2026-11-30"], in: work)
    #expect(combined.status == 0)
    #expect(try pdfPageCount(work + "/x.pdf") == 4)
  }

  @Test func missingOutputFoldersAreCreated() throws {
    let work = try temporaryDirectory().path
    #expect(try run(["form", Self.initial, "-o", "a/b/one.pdf", "--today", "2026-11-30"], in: work).status == 0)
    #expect(try pdfPageCount(work + "/a/b/one.pdf") == 2)
    #expect(try run(["form", Self.initial, Self.change, "-o", "c/d", "--today", "2026-11-30"], in: work).status == 0)
    #expect(FileManager.default.fileExists(atPath: work + "/c/d/change.pdf"))
    #expect(try run(["form", "--blank", "initial", "-o", "e/blank.pdf"], in: work).status == 0)
    #expect(try run(["form", Self.initial, "--combined", "f/all.pdf", "--today", "2026-11-30"], in: work).status == 0)
    #expect(FileManager.default.fileExists(atPath: work + "/f/all.pdf"))
    let photo = repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg")
    let fixed = try run(["photo", photo, "--fix", "g/h/fixed.jpg"], in: work)
    #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
    let size = try jpegSize(work + "/g/h/fixed.jpg")
    #expect(size.0 == 413 && size.1 == 579)
  }

  /// `--fix` never writes over the photo it reads, whatever the spelling of the path.
  @Test func photoFixRefusesToOverwriteItsInput() throws {
    let work = try temporaryDirectory().path
    let original = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg")))
    try original.write(to: URL(fileURLWithPath: work + "/me.jpg"))
    try FileManager.default.createDirectory(atPath: work + "/sub", withIntermediateDirectories: true)
    link(work + "/me.jpg", work + "/hard.jpg")
    for target in ["me.jpg", "./me.jpg", "sub/../me.jpg", work + "/me.jpg", "hard.jpg"] {
      let r = try run(["photo", "me.jpg", "--fix", target], in: work)
      #expect(r.status == 2, "\(target)")
      #expect(r.stderr.contains("就是原照片"), "\(target): \(r.stderr)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/me.jpg")) == original)
  }

  /// A photo already at the certificate's framing is kept, not refused as too small.
  @Test func anAlreadyCompliantPhotoCanBeFixed() throws {
    let work = try temporaryDirectory().path
    let r = try run(["photo", repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg"), "--fix", "out.jpg"], in: work)
    #expect(r.status == 0, "\(r.stdout)")
    #expect(!r.stdout.contains("RESOLUTION_TOO_LOW"))
  }

  /// A misspelt section is one error that names the cause, not six missing fields; `form`
  /// shows it and the warnings, as `validate` does.
  @Test func aMisspeltSectionIsReportedOnceAsTheCause() throws {
    let work = try temporaryDirectory().path
    let text = try String(contentsOfFile: Self.initial, encoding: .utf8)
      .replacingOccurrences(of: "\nemployer:", with: "\nemployeer:")
      .replacingOccurrences(of: "\n  email:", with: "\n  emial:")
    try text.write(toFile: work + "/typo.yaml", atomically: true, encoding: .utf8)
    let v = try run(["validate", "typo.yaml", "--today", "2026-11-30", "--json"], in: work)
    #expect(v.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any]
    let reasons = json["reasons"] as! [[String: Any]]
    #expect(reasons.count == 1, "\(reasons)")
    #expect(reasons.first?["field"] as? String == "employer")
    #expect((reasons.first?["message"] as? String)?.contains("“employeer”应为“employer”") == true)
    #expect((reasons.first?["message"] as? String)?.contains("缺少 6 项必填内容") == true)
    // The misspelt optional key is a warning that says the box stays empty.
    let warnings = json["warnings"] as! [[String: Any]]
    #expect(warnings.contains { ($0["message"] as? String)?.contains("一栏将空白") == true }, "\(warnings)")

    let f = try run(["form", "typo.yaml", "-o", "out", "--today", "2026-11-30"], in: work)
    #expect(f.status == 1)
    #expect(f.stdout.contains("数据有 1 个问题") && f.stdout.contains("“employeer”应为“employer”"), "\(f.stdout)")
    #expect(f.stdout.contains("提示（请在打印前核对）") && f.stdout.contains("emial"), "\(f.stdout)")
  }

  @Test func formShowsWarningsOfRenderedForms() throws {
    let work = try temporaryDirectory().path
    let text = try String(contentsOfFile: Self.initial, encoding: .utf8) + "hobby: chess\n"
    try text.write(toFile: work + "/extra.yaml", atomically: true, encoding: .utf8)
    let r = try run(["form", "extra.yaml", "-o", "extra.pdf", "--today", "2026-11-30"], in: work)
    #expect(r.status == 0)
    #expect(r.stdout.contains("✓ extra.yaml → extra.pdf"))
    #expect(r.stdout.contains("[UNKNOWN_FIELD]") && r.stdout.contains("hobby"), "\(r.stdout)")
  }
}

/// The number of pages poppler reads in a PDF.
func pdfPageCount(_ path: String) throws -> Int {
  let info = String(decoding: try runInstalled("pdfinfo", [path]), as: UTF8.self)
  let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
  return Int(line.split(separator: " ").last ?? "") ?? -1
}

/// A JPEG's size as libjpeg's djpeg reads it.
func jpegSize(_ path: String) throws -> (Int, Int) {
  let pnm = try runInstalled("djpeg", ["-pnm", path])
  let header = String(decoding: pnm.prefix(40), as: UTF8.self).split(whereSeparator: \.isWhitespace)
  return (Int(header[1]) ?? -1, Int(header[2]) ?? -1)
}
