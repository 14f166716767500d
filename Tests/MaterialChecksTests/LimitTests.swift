import Core
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules
import Testing

@testable import MaterialChecks

/// Every limit on a file, at its boundary (accepted) and one past it (refused with its
/// code), with the numbers from the policy.
@Suite struct LimitTests {
  let page = jpeg(documentPage(width: 1240, height: 1754))

  @Test func bytesPerFile() {
    var p = shippedPolicy
    p.documents.maxBytes = page.count
    #expect(!codes(check(page, as: .form, policy: p)).contains(.fileTooLarge))
    p.documents.maxBytes = page.count - 1
    let r = check(page, as: .form, policy: p)
    #expect(codes(r) == [.fileTooLarge])
    #expect(r.reasons[0].measured == Measure(page.count) && r.reasons[0].limit == Measure(page.count - 1))
  }

  @Test func pixelsBeforeDecoding() throws {
    var p = shippedPolicy
    p.limits.maxPixels = 1240 * 1754
    #expect(!codes(check(page, as: .form, policy: p)).contains(.imageTooLarge))
    p.limits.maxPixels = 1240 * 1754 - 1
    #expect(codes(check(page, as: .form, policy: p)) == [.imageTooLarge])
    let png = try PNGCodec.encode(documentPage(width: 1240, height: 1754))
    #expect(codes(check(png, as: .form, policy: p)) == [.imageTooLarge])
    p.limits.maxPixels = 1240 * 1754
    #expect(!codes(check(png, as: .form, policy: p)).contains(.imageTooLarge))
  }

  @Test func pagesPerPDF() throws {
    let plain = try fixture("plain.pdf")  // two pages
    var p = shippedPolicy
    p.documents.maxPDFPages = 2
    #expect(!codes(check(plain, as: .contract, policy: p)).contains(.fileTooLarge))
    p.documents.maxPDFPages = 1
    let r = check(plain, as: .contract, policy: p)
    #expect(codes(r) == [.fileTooLarge])
    #expect(r.reasons[0].measured == Measure(2) && r.reasons[0].limit == Measure(1))
  }

  /// A page whose rendered size is exactly the pixel limit renders; one more pixel is
  /// refused before poppler draws anything.
  @Test func pixelsOfAPDFPage() throws {
    let plain = try fixture("plain.pdf")
    let pdf = try #require(try? PDFReadingProbe.size(plain, dpi: shippedPolicy.documents.pdfRenderDPI))
    var p = shippedPolicy
    p.limits.maxPixels = pdf.width * pdf.height
    #expect(!codes(check(plain, as: .contract, policy: p)).contains(.imageTooLarge))
    p.limits.maxPixels = pdf.width * pdf.height - 1
    #expect(codes(check(plain, as: .contract, policy: p)) == [.imageTooLarge])
  }
}

/// The pixel size poppler's first page renders at, read independently of the checks.
enum PDFReadingProbe {
  static func size(_ bytes: [UInt8], dpi: Double) throws -> (width: Int, height: Int) {
    guard let page = try PDFFile(bytes: bytes).page(0) else { throw TestFixtureError("no page") }
    return try page.pixelSize(dpi: dpi, maxPixels: .max)
  }
}
