import Core
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules
import Testing

@testable import FormRendering
@testable import MaterialChecks

@Suite struct DocumentVerdictTests {
  @Test func aSharpWellExposedPagePasses() {
    let r = check(jpeg(documentPage(width: 2480, height: 3508)), as: .contract)
    #expect(r.accepted, "\(r.reasons.map(\.message.en))")
    #expect(r.warnings.isEmpty)
  }

  @Test func aPNGScanPasses() throws {
    let page = documentPage(width: 1240, height: 1754)
    let r = check(try PNGCodec.encode(page), as: .statement)
    #expect(r.accepted, "\(r.reasons.map(\.message.en))")
    #expect(r.measurement.format == .png)
  }

  /// A real two-page PDF from our own renderer: vector text, sharp, both pages measured.
  @Test func aRenderedPDFFormPasses() throws {
    let templates = try FormTemplateSet.load(directory: repoPath("templates/forms"))
    let pdf = try FormRenderer(templates: templates).pdf(
      kind: .initial, values: .blank(policy: shippedPolicy), creationDate: "2026-11-23T10:00:00+08:00")
    let r = check(pdf, as: .form)
    #expect(r.accepted, "\(r.reasons.map(\.message.en))")
    #expect(r.measurement.pageCount == 2 && r.measurement.pages.count == 2)
    #expect(r.measurement.width == 1241)  // A4 at 150 dpi
  }

  @Test func blurredIsBlurry() {
    let r = check(jpeg(blurred(documentPage(width: 2000, height: 2828), sigma: 3)), as: .form)
    #expect(codes(r) == [.blurry])
    #expect(r.reasons[0].limit == .number(58))
    #expect(r.reasons[0].message.zh.contains("图像模糊：清晰度"))
  }

  /// A page captured at 40 dpi and enlarged to 150 dpi has the pixels of a good scan but
  /// not the detail: edges look steep (each was one pixel at 40 dpi), the finest octave
  /// is empty.
  @Test func anEnlargedLowResolutionPageIsBlurry() {
    let low = documentPage(width: 330, height: 467, soft: false)
    let r = check(jpeg(enlarged(low, width: 1240, height: 1754)), as: .form)
    #expect(codes(r) == [.blurry], "\(r.metrics)")
    #expect(r.reasons.first?.message.zh.contains("细节不足") == true)
  }

  @Test func tooFewPixelsIsResolutionTooLow() {
    let r = check(jpeg(documentPage(width: 700, height: 990)), as: .contract)
    #expect(codes(r) == [.resolutionTooLow])
    #expect(r.reasons[0].measured == .number(700) && r.reasons[0].limit == .number(1000))
    // The hand-held ID photo has its own, lower minimum.
    #expect(!codes(check(jpeg(documentPage(width: 800, height: 1000)), as: .idHandheld)).contains(.resolutionTooLow))
  }

  @Test func exposureProblems() {
    #expect(codes(check(jpeg(documentPage(width: 1240, height: 1754, paper: 45, ink: 10)), as: .form)) == [.tooDark])
    #expect(codes(check(jpeg(documentPage(width: 1240, height: 1754, paper: 252, ink: 205)), as: .form)) == [.tooBright])
    #expect(codes(check(jpeg(documentPage(width: 1240, height: 1754, paper: 150, ink: 110)), as: .form)).contains(.lowContrast))
  }

  @Test func sizeAndFormatProblems() throws {
    var small = shippedPolicy
    small.documents.maxBytes = 50_000
    let page = jpeg(documentPage(width: 1240, height: 1754))
    #expect(codes(check(page, as: .form, policy: small)) == [.fileTooLarge])
    #expect(codes(check(Array("<html>contract</html>".utf8), as: .contract)) == [.unsupportedFormat])
    #expect(codes(check([], as: .contract)) == [.corruptFile])
    #expect(codes(check(Array(page.prefix(page.count / 2)), as: .contract)) == [.corruptFile])
  }

  @Test func pdfProblems() throws {
    let encrypted = check(try fixture("encrypted.pdf"), as: .contract)
    #expect(codes(encrypted) == [.corruptFile])
    #expect(encrypted.reasons[0].message.zh.contains("PDF 已加密"))
    let plain = try fixture("plain.pdf")
    #expect(codes(check(Array(plain.prefix(plain.count / 2)), as: .contract)) == [.corruptFile])
    var fewPages = shippedPolicy
    fewPages.documents.maxPDFPages = 1
    #expect(codes(check(plain, as: .contract, policy: fewPages)) == [.fileTooLarge])
  }

  @Test func gigapixelHeadersAreImageTooLarge() throws {
    var jpegBytes = jpeg(documentPage(width: 64, height: 64))
    let sof = try #require((0..<(jpegBytes.count - 1)).first { jpegBytes[$0] == 0xFF && jpegBytes[$0 + 1] == 0xC0 })
    jpegBytes.replaceSubrange((sof + 5)...(sof + 8), with: [0xFD, 0xE8, 0xFD, 0xE8])
    let r = check(jpegBytes, as: .form)
    #expect(codes(r) == [.imageTooLarge])
    #expect(r.reasons[0].measured == .number(65000 * 65000))
  }
}

@Suite struct PhotoVerdictTests {
  @Test func aGoodPhotoPasses() {
    let r = check(jpeg(portrait(), quality: 92), as: .photo)
    #expect(r.accepted, "\(r.reasons.map(\.message.en))")
    #expect(r.metrics.contains { $0.name == "backgroundColor" })
  }

  @Test func onlyJPEG() throws {
    let r = check(try PNGCodec.encode(portrait()), as: .photo)
    #expect(codes(r).first == .unsupportedFormat)
    #expect(r.reasons[0].message.zh.contains("证件照须为JPEG格式，实为 PNG"))
  }

  @Test func dimensions() {
    #expect(codes(check(jpeg(portrait(width: 300, height: 420), quality: 97), as: .photo)).contains(.resolutionTooLow))
    #expect(codes(check(jpeg(portrait(width: 800, height: 1120), quality: 80), as: .photo)).contains(.photoDimensions))
    let square = check(jpeg(portrait(width: 500, height: 500), quality: 92), as: .photo)
    #expect(codes(square).contains(.photoDimensions))
    #expect(square.reasons.first { $0.code == .photoDimensions }?.message.zh.contains("高宽比 1") == true)
  }

  @Test func colour() throws {
    let gray = GrayImage(portrait())
    let grayJPEG = jpeg(DecodedImage(width: gray.width, height: gray.height, channels: 1, pixels: gray.pixels), quality: 95)
    #expect(codes(check(grayJPEG, as: .photo)).contains(.photoNotColor))
    // Stored as RGB but without colour.
    let rgbGray = DecodedImage(width: gray.width, height: gray.height, channels: 3, pixels: gray.pixels.flatMap { [$0, $0, $0] })
    #expect(codes(check(jpeg(rgbGray, quality: 95), as: .photo)) == [.photoNotColor])
    #expect(codes(check(try fixture("cmyk.jpg"), as: .photo)).contains(.photoNotColor))
  }

  @Test func background() {
    let blue = check(jpeg(portrait(background: (67, 142, 219)), quality: 92), as: .photo)
    #expect(codes(blue) == [.photoBackground])
    #expect(blue.reasons[0].message.zh.contains("照片背景不是白色"))
    let grey = check(jpeg(portrait(background: (200, 200, 200)), quality: 92), as: .photo)
    #expect(codes(grey) == [.photoBackground])
    // Off-white passes.
    #expect(check(jpeg(portrait(background: (242, 240, 236)), quality: 92), as: .photo).accepted)
  }

  /// The official tools refuse to enlarge a small photo; someone who enlarges it first
  /// gets the right pixel size but not the detail.
  @Test func anEnlargedSmallPhotoIsBlurry() {
    let small = portrait(width: 150, height: 210)
    let r = check(jpeg(enlarged(small, width: 413, height: 579), quality: 95), as: .photo)
    #expect(codes(r).contains(.blurry), "\(r.metrics)")
  }

  @Test func blurAndExposure() {
    #expect(codes(check(jpeg(blurred(portrait(), sigma: 1.5), quality: 98), as: .photo)).contains(.blurry))
    #expect(codes(check(jpeg(portrait(light: 0.35), quality: 95), as: .photo)).contains(.tooDark))
    #expect(codes(check(jpeg(portrait(light: 1.6), quality: 95), as: .photo)).contains(.tooBright))
    // A washed-out photo: everything squeezed into a narrow band of greys.
    var flat = portrait()
    flat.pixels = flat.pixels.map { 150 + $0 / 16 }
    let r = check(jpeg(flat, quality: 97), as: .photo)
    #expect(codes(r).contains(.lowContrast), "\(r.metrics)")
    #expect(!codes(check(jpeg(portrait(), quality: 92), as: .photo)).contains(.lowContrast))
  }

  @Test func bytes() {
    #expect(codes(check(jpeg(portrait(), quality: 20), as: .photo)).contains(.fileTooSmall))
    var strict = shippedPolicy
    strict.photo.maxBytes = 30_000
    #expect(codes(check(jpeg(portrait(), quality: 95), as: .photo, policy: strict)).contains(.fileTooLarge))
  }

  @Test func exifRotationIsAWarningAndTheSizeIsAsShown() {
    let sideways = portrait().applyingOrientation(8)  // stored lying on its side
    let bytes = withOrientation(jpeg(sideways, quality: 92), 6)
    let r = check(bytes, as: .photo)
    #expect((r.measurement.width, r.measurement.height) == (413, 579), "measured upright")
    #expect(r.accepted)
    #expect(r.warnings.map(\.code) == [.photoDimensions])
  }
}

@Suite struct PhotoFixerTests {
  /// A phone photo lying on its side (EXIF 6), with plenty of room around the person.
  @Test func aPhonePhotoIsFixedAndPassesItsOwnCheck() throws {
    let scene = portrait(width: 1500, height: 2000, person: 0.55, seed: 11)
    let stored = withOrientation(jpeg(scene.applyingOrientation(8), quality: 92), 6)
    let result = try PhotoFixer.fix(stored, policy: shippedPolicy)
    let (fixed, report) = (result.jpeg, result.report)
    #expect(report.subjectFound)
    #expect((report.sourceWidth, report.sourceHeight) == (1500, 2000))
    let r = check(fixed, as: .photo)
    #expect(r.accepted, "\(r.reasons.map(\.message.en))")
    #expect((r.measurement.width, r.measurement.height) == (413, 579))
    #expect(ExifOrientation.of(jpeg: fixed) == 1)
    #expect(!fixed.contains(0xE1) || !String(decoding: fixed.prefix(200), as: UTF8.self).contains("Exif"), "no metadata")
    #expect(fixed.count <= shippedPolicy.photo.maxBytes && fixed.count >= shippedPolicy.photo.minBytes)
  }

  @Test func aPhotoTooSmallIsNotEnlarged() {
    #expect(throws: PhotoFixer.Problem.self) {
      try PhotoFixer.fix(jpeg(portrait(width: 330, height: 460), quality: 92), policy: shippedPolicy)
    }
    do {
      _ = try PhotoFixer.fix(jpeg(portrait(width: 330, height: 460), quality: 92), policy: shippedPolicy)
    } catch {
      #expect(error.finding.code == .resolutionTooLow)
      #expect(error.finding.message.zh.contains("不能放大"))
    }
  }

  @Test func notAPhotoIsUnreadable() {
    do {
      _ = try PhotoFixer.fix(Array("%PDF-1.4 nope".utf8), policy: shippedPolicy)
      Issue.record("fixed a PDF")
    } catch {
      #expect(error.finding.code == .unsupportedFormat)
    }
  }
}

@Suite struct SubjectLocatorTests {
  @Test func findsTheHeadOfAPortrait() throws {
    // portrait(): face ellipse centred at x = 206, 107 px half-width; hair on its top.
    let head = try #require(SubjectLocator.head(in: portrait()))
    #expect(abs(head.centre - 206) <= 6, "\(head)")
    #expect((150...260).contains(head.width), "\(head)")
    #expect(head.top < 579 / 3, "\(head)")
  }

  @Test func anEmptyBackgroundHasNoHead() {
    let blank = DecodedImage(width: 400, height: 560, channels: 3, pixels: [UInt8](repeating: 250, count: 400 * 560 * 3))
    #expect(SubjectLocator.head(in: blank) == nil)
  }

  /// The face is measured inside the face: the same person against a white and a grey
  /// background gives the same exposure, and none of the face box is background.
  @Test func faceExposureIgnoresTheBackground() throws {
    let onWhite = portrait(background: (255, 255, 255)), onGrey = portrait(background: (120, 120, 120))
    let white = PhotoAppearance.measure(onWhite, required: RGBColor(red: 255, green: 255, blue: 255)).face
    let grey = PhotoAppearance.measure(onGrey, required: RGBColor(red: 255, green: 255, blue: 255)).face
    #expect(abs(white.mean - grey.mean) < 3, "\(white) vs \(grey)")
    #expect(white.whiteClipped < 0.01, "\(white)")
  }
}
