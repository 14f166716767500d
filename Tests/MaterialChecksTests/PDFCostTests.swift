import Core
import FormRendering
import Foundation
import ImageCodecs
import MaterialChecks
import PDFReading
import RegistrationRules
import TestSupport
import Testing

/// A PDF's pages are measured with qpdf before poppler draws them: a few kilobytes that
/// would cost minutes to draw are refused by count, with the page and what was counted.
@Suite struct PDFCostTests {
  static let limits = PDFContentCost.Limits(
    contentBytes: InputLimits.defaultPDFContentBytes, formDepth: InputLimits.defaultPDFFormDepth,
    formDraws: InputLimits.defaultPDFFormDraws, imagePixels: shippedPolicy.limits.maxPixels)

  func measured(_ name: String, policy: Policy = shippedPolicy) throws -> MaterialMeasurement {
    let bytes = try hostileFixture(name)
    return MaterialInspector.measure(bytes, size: bytes.count, file: name, as: .ceCertificate, policy: policy)
  }

  @Test(arguments: [
    // 20 pages sharing one content stream that inflates to 1 GiB: stopped at the cap.
    (
      "content-inflate-shared.pdf",
      ImageDecodeError.pdfTooComplex(
        page: 1, cost: .contentBytes, measured: InputLimits.defaultPDFContentBytes + 1,
        limit: InputLimits.defaultPDFContentBytes)
    ),
    // Nine levels of forms, each drawing the next ten times: stopped at 11,111 draws.
    ("xobject-fanout.pdf", .pdfTooComplex(page: 1, cost: .formDraws, measured: 11_111, limit: 10_000)),
    // Images whose dictionaries claim more pixels than the policy allows.
    ("inline-image-gigapixel.pdf", .pdfTooComplex(page: 1, cost: .imagePixels, measured: 10_000_000_000, limit: 100_000_000)),
    ("flate-image-bomb.pdf", .pdfTooComplex(page: 1, cost: .imagePixels, measured: 900_000_000, limit: 100_000_000)),
    ("jbig2-gigapixel.pdf", .pdfTooComplex(page: 1, cost: .imagePixels, measured: 10_000_000_000, limit: 100_000_000)),
  ])
  func costlyPDFsAreRefusedByCount(name: String, expected: ImageDecodeError) throws {
    let m = try measured(name)
    #expect(m.decodeError == expected)
    #expect(m.pages.isEmpty, "nothing was drawn")
    let verdict = MaterialVerdict.judge(m, as: .ceCertificate, policy: shippedPolicy)
    let code: ReasonCode = if case .pdfTooComplex(_, .imagePixels, _, _) = expected { .imageTooLarge } else { .fileTooLarge }
    #expect(verdict.reasons.map(\.code) == [code])
    #expect(verdict.reasons.first?.message.zh.contains("第 1 页") == true)
  }

  /// Every count, on a harmless file: a form drawn twice on each of two pages.
  @Test func aHarmlessFileIsCountedExactly() throws {
    let counted = try PDFContentCost.measure(try hostileFixture("xobject-twice-harmless.pdf"), limits: Self.limits)
    // The page's content (32 bytes) and the form's (23) once per draw.
    #expect(counted.pages == 2)
    #expect(counted.contentBytes == 32 + 2 * 23)
    #expect(counted.formDepth == 1 && counted.formDraws == 2 && counted.imagePixels == 0)
    #expect(try measured("xobject-twice-harmless.pdf").decodeError == nil)
  }

  /// The policy's limits are the ones applied: the same fan-out under a shallower depth
  /// limit is refused for its depth instead.
  @Test func theLimitsComeFromThePolicy() throws {
    var shallow = shippedPolicy
    shallow.limits.maxPDFFormDraws = 10_000_000
    shallow.limits.maxPDFFormDepth = 3
    #expect(
      try measured("xobject-fanout.pdf", policy: shallow).decodeError
        == .pdfTooComplex(page: 1, cost: .formDepth, measured: 4, limit: 3))
  }

  /// Our own form (cairo's PDF: text, rules, a QR code per page) and a PDF made by
  /// another program are far inside the limits.
  @Test func realPDFsPass() throws {
    let templates = try FormTemplateSet.load(directory: repoPath("templates/forms"))
    let form = try FormRenderer(templates: templates).pdf(
      kind: .initial, values: .blank(policy: shippedPolicy), creationDate: "2026-11-23T10:00:00+08:00")
    let ours = try PDFContentCost.measure(form, limits: Self.limits)
    #expect(ours.pages == 2)
    #expect(ours.contentBytes > 1000 && ours.contentBytes < 1 << 20)
    let plain = try PDFContentCost.measure(try fixture("plain.pdf"), limits: Self.limits)
    #expect(plain.pages >= 1 && plain.contentBytes > 0)
  }

  /// Bytes qpdf cannot read at all are a damaged file, not a crash.
  @Test func unreadableBytesAreDamaged() {
    #expect(throws: ImageDecodeError.self) { try PDFContentCost.measure(Array("%PDF-1.7\n".utf8), limits: Self.limits) }
  }
}
