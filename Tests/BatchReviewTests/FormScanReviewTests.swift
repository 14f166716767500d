import BatchReview
import Core
import FormRendering
import Foundation
import ImageCodecs
import MaterialChecks
import RegistrationRules
import SampleMaking
import TestSupport
import Testing

/// Our forms, rendered, rasterised, signed and stamped (or not), photographed, then
/// reviewed: each form code fires for what it is about, and only then.
@Suite(.serialized) struct FormScanReviewTests {
  /// The renderer is not thread-safe: one maker, used by one test at a time.
  static let maker = try! FormPhotoMaker()

  /// A phone photo at 1500 × 2000 (what a 12-megapixel photo decodes to at half size):
  /// turned a little, in some perspective, slightly dim, JPEG quality 75.
  static let phone = FormVariations.Look(rotation: 3, tilt: 0.03, blur: 1, exposure: 0.9, quality: 75)

  @Test(arguments: FormVariations.cases.map(\.name))
  func eachCaseGetsItsCode(_ name: String) throws {
    let c = try #require(FormVariations.cases.first { $0.name == name })
    let pages = try Self.maker.photos(c, look: Self.phone)
    let report = try review(["form-1.jpg": pages[0], "form-2.jpg": pages[1]])
    let formCodes = Set(report.reasons.map(\.code)).intersection([.signatureMissing, .sealMissing, .formMismatch, .formPages])
    #expect(formCodes == Set(c.expected), "\(report.reasons.map(\.message))")
    #expect(report.decision == (c.expected.isEmpty ? .accept : .reject), "\(report.reasons.map(\.message))")
    #expect(!report.warnings.contains { $0.code == .qrUnreadable })
  }

  @Test func pagesAreKnownByTheirQRCodesNotTheirNames() throws {
    let pages = try Self.maker.photos(FormVariations.cases[0], look: Self.phone)
    // Swapped names: still both pages, accepted.
    let swapped = try review(["form-1.jpg": pages[1], "form-2.jpg": pages[0]])
    #expect(swapped.decision == .accept, "\(swapped.reasons.map(\.message))")
    // Page 1 twice: page 2 is missing, page 1 came twice.
    let twice = try review(["form-1.jpg": pages[0], "form-2.jpg": pages[0]])
    let messages = twice.reasons.filter { $0.code == .formPages }.map(\.message)
    #expect(messages.count == 2, "\(messages)")
    #expect(messages.contains { $0.contains("第 1 页上传了 2 次") })
    #expect(messages.contains { $0.contains("缺少申请表第 2 页") })
  }

  /// With reading off, a page whose QR code cannot be read is only a warning: its
  /// signature is not judged. With reading on, its printed labels place the checks; the
  /// employer's seal, stamped over its own label, is still found in the cell under its
  /// heading (not looked for where the notes at the foot of the page mention 公章).
  @Test func aPageWithoutAReadableQRCodeIsAWarningAndTheRestIsStillChecked() throws {
    var c = FormVariations.cases[0]
    c.marking.signed = false
    let pages = try Self.maker.photos(c, look: Self.phone, coverQR: true)
    var off = shippedPolicy
    off.reading.enabled = false
    let report = try review(["form-1.jpg": pages[0], "form-2.jpg": pages[1]], policy: off)
    let warning = try #require(report.warnings.first { $0.code == .qrUnreadable })
    #expect(warning.file == "form-2.jpg")
    #expect(warning.message.contains("已按文件名判断页码"))
    // Not identified, so the signature was not judged; the file's own checks still ran.
    #expect(!report.reasons.contains { $0.code == .signatureMissing })
    #expect(report.materials.first { $0.file == "form-2.jpg" }?.metrics["sharpness"] != nil)
    #expect(report.decision == .accept, "\(report.reasons.map(\.message))")
    let read = try review(["form-1.jpg": pages[0], "form-2.jpg": pages[1]])
    #expect(!read.reasons.contains { $0.code == .sealMissing }, "\(read.reasons.map(\.message))")
    let labelled = try #require(read.warnings.first { $0.code == .qrUnreadable && $0.file == "form-2.jpg" })
    #expect(labelled.message.contains("申请人签字"), "\(labelled.message)")
  }

  @Test func aFormPrintedFromOlderDataIsAMismatch() throws {
    let pages = try Self.maker.photos(FormVariations.cases[0], look: Self.phone, printedPhone: "13900139000")
    let report = try review(["form-1.jpg": pages[0], "form-2.jpg": pages[1]])
    let mismatch = report.reasons.filter { $0.code == .formMismatch }
    #expect(mismatch.count == 2)
    #expect(mismatch.allSatisfy { $0.message.contains("打印的内容与本申请的数据不一致") })
  }

  @Test func theReportAndThePageMarkWhatWasFound() throws {
    var c = FormVariations.cases[0]
    c.marking.stamped = false
    let pages = try Self.maker.photos(c, look: Self.phone)
    let root = try temporaryDirectory(), out = try temporaryDirectory()
    _ = try submission(in: root, files: ["form-1.jpg": pages[0], "form-2.jpg": pages[1]])
    let run = ReviewRun(submissions: root, output: out, settings: settings(), workers: 1, shard: nil, page: try indexPage())
    _ = try run.run { _ in }
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/s.json"))) as? [String: Any]
    let materials = try #require(json?["materials"] as? [[String: Any]])
    let form2 = try #require(materials.first { $0["file"] as? String == "form-2.jpg" })
    let marks = try #require(form2["marks"] as? [[String: Any]])
    #expect(marks.map { $0["kind"] as? String } == ["qr", "signature", "seal"])
    #expect(marks.map { $0["found"] as? Bool } == [true, true, false])
    // The signature is in the top part of page 2, right of centre.
    let signature = marks[1]
    let x = try #require(signature["x"] as? Double), y = try #require(signature["y"] as? Double)
    #expect(x > 0.45 && x < 0.85 && y > 0.1 && y < 0.3, "\(signature)")
    let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    #expect(page.contains("class=\"signature found\""))
    #expect(page.contains("class=\"seal missing\""))
  }

  // MARK: helpers

  /// Reviews one submission: the sample application, photo, contracts and ID photo, and
  /// the given form pages.
  func review(_ forms: [String: [UInt8]], policy: Policy = shippedPolicy) throws -> SubmissionReport {
    let root = try temporaryDirectory()
    let dir = try submission(in: root, files: forms)
    return SubmissionReviewer.review(folderAt: dir, id: "s", settings: settings(policy: policy), thumbnails: true).report
  }

  func submission(in root: String, files forms: [String: [UInt8]]) throws -> String {
    var files = forms
    for name in ["application.yaml", "photo.jpg", "contract-1.jpg", "contract-2.jpg", "id-handheld.jpg"] {
      files[name] = sampleFile("2026-0001-initial-ok", name)
    }
    return try makeSubmission(in: root, id: "s", files: files)
  }
}

/// Photographs of the sample application's form (2026-000101, initial).
final class FormPhotoMaker: @unchecked Sendable {
  let pages: Pages
  let text: String
  let lock = NSLock()

  init() throws {
    let renderer = try FormRenderer(templates: try FormTemplateSet.load(directory: repoPath("templates/forms")))
    pages = Pages(policy: shippedPolicy, renderer: renderer, templates: repoPath("templates"), geometry: try renderer.geometry())
    text = try String(contentsOfFile: repoPath("samples/submissions/2026-0001-initial-ok/application.yaml"), encoding: .utf8)
  }

  /// Both pages as photographed. `coverQR` pastes white paper over page 2's QR code;
  /// `printedPhone` prints the form from data with another phone number.
  func photos(_ c: FormVariations.Case, look: FormVariations.Look, coverQR: Bool = false, printedPhone: String? = nil)
    throws -> [[UInt8]]
  {
    lock.lock()
    defer { lock.unlock() }
    var printed = text
    if c.otherApplicant {
      printed = printed.replacingOccurrences(of: #"id: "2026-000101""#, with: #"id: "2026-000999""#)
        .replacingOccurrences(of: "  name: 张伟", with: "  name: 李娜")
    }
    if let printedPhone { printed = printed.replacingOccurrences(of: "13800138000", with: printedPhone) }
    let app = try ApplicationLoader.parse(Array(printed.utf8), file: "application.yaml").application
    let width = 1350
    var images = try pages.form(app, photo: nil, width: width, seed: 77, marking: c.marking)
    if coverQR, let qr = pages.geometry[.initial]?.page(2)?.qr {
      let k = Double(width) / 210
      var page = images[1]
      for y in Int((qr.y - 1) * k)..<Int((qr.maxY + 1) * k) {
        for x in Int((qr.x - 1) * k)..<Int((qr.maxX + 1) * k) {
          for ch in 0..<page.channels { page.pixels[(y * page.width + x) * page.channels + ch] = 250 }
        }
      }
      images[1] = page
    }
    return try images.enumerated().map {
      try FormVariations.photograph($0.element, look, frame: (1500, 2000), seed: 500 + UInt64($0.offset))
    }
  }
}
