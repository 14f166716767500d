import Core
import FormRendering
import Foundation
import ImageCodecs
import RegistrationRules
import SampleMaking
import Testing
import TextReading

@testable import MaterialChecks

/// The form scan on photos of our own forms: the QR code found whatever way up, the
/// signature and the seal measured where the template puts them.
@Suite(.serialized) struct FormScanTests {
  // The renderer is not thread-safe: this suite is serialized and nothing else uses it.
  nonisolated(unsafe) static let renderer = try! FormRenderer(
    templates: try FormTemplateSet.load(directory: repoPath("templates/forms")))
  static let forms = try! renderer.geometry()
  nonisolated(unsafe) static let pages = Pages(
    policy: shippedPolicy, renderer: renderer, templates: repoPath("templates"), geometry: forms)
  static let app = try! ApplicationLoader.load(path: repoPath("samples/applications/initial.yaml")).application
  /// Page 2, signed and stamped, at 1350 px across (the page in a 1500 × 2000 photo).
  static let page2 = try! pages.form(app, photo: nil, width: 1350, seed: 5)[1]

  func inspect(_ jpeg: [UInt8]) -> CheckResult {
    let m = MaterialInspector.measure(
      jpeg, size: jpeg.count, file: "form-2.jpg", as: .form, policy: shippedPolicy, forms: Self.forms)
    return MaterialVerdict.judge(m, as: .form, policy: shippedPolicy)
  }

  /// Realistic phone photos: turned either way, in perspective, a little soft, dim,
  /// compressed to quality 40, turned a quarter or a half by EXIF.
  @Test(arguments: [
    FormVariations.Look(rotation: 0, tilt: 0.02, blur: 0, exposure: 1, quality: 85),
    FormVariations.Look(rotation: -7, tilt: 0.06, blur: 0, exposure: 1, quality: 85),
    FormVariations.Look(rotation: 4, tilt: 0.06, blur: 2, exposure: 0.55, quality: 85),
    FormVariations.Look(rotation: 0, tilt: 0.04, blur: 1, exposure: 0.7, quality: 40),
    FormVariations.Look(rotation: 2, tilt: 0.04, blur: 0, exposure: 1, quality: 80, orientation: 6),
    FormVariations.Look(rotation: -3, tilt: 0.04, blur: 2, exposure: 0.8, quality: 70, orientation: 3),
    FormVariations.Look(rotation: 1, tilt: 0.03, blur: 0, exposure: 0.9, quality: 75, orientation: 8),
  ])
  func aCleanFormAtPhoneQualityPasses(_ look: FormVariations.Look) throws {
    let jpeg = try FormVariations.photograph(Self.page2, look, frame: (1500, 2000), seed: 11)
    let result = inspect(jpeg)
    let scan = try #require(result.measurement.formScans.first)
    #expect(scan.payload?.page == 2, "\(look)")
    #expect(scan.payload?.id == "2026-000101")
    let signature = try #require(scan.signature)
    #expect(signature.inkShare >= shippedPolicy.forms.signatureMinInk, "\(look): \(signature)")
    #expect(signature.lineFound, "\(look)")
    let seal = try #require(scan.seal)
    #expect(SealVerdict.problems(seal, shippedPolicy.forms).isEmpty, "\(look): \(seal)")
    #expect(abs(seal.diameter - 42) < 6, "the drawn seal is 42 mm across: \(seal)")
    #expect(result.reasons.isEmpty, "\(look): \(result.reasons.map(\.message.en))")
    // The marks land on the upright preview where page 2 has them (whatever EXIF says).
    let sealMark = try #require(scan.marks.first { $0.kind == .seal })
    #expect(sealMark.x > 0.5 && sealMark.y > 0.2 && sealMark.y < 0.5, "\(look): \(sealMark)")
  }

  @Test func aFullSizePhoneImageIsScannedAtHalfSize() throws {
    let page = try Self.pages.form(Self.app, photo: nil, width: 2700, seed: 6)[1]
    let jpeg = try FormVariations.photograph(
      page, FormVariations.Look(rotation: -2, tilt: 0.03, blur: 1, exposure: 0.9, quality: 88), frame: (3000, 4000), seed: 3)
    let result = inspect(jpeg)
    #expect(result.measurement.formScans.first?.payload?.page == 2)
    #expect(result.reasons.isEmpty, "\(result.reasons.map(\.message.en))")
  }

  @Test func unsignedAndUnstampedPagesAreMeasuredAsSuch() throws {
    let look = FormVariations.Look(rotation: 3, tilt: 0.04, blur: 1, exposure: 0.8, quality: 70)
    let bare = try Self.pages.form(
      Self.app, photo: nil, width: 1350, seed: 5, marking: Pages.Marking(signed: false, stamped: false))[1]
    let result = inspect(try FormVariations.photograph(bare, look, frame: (1500, 2000), seed: 12))
    #expect(Set(result.reasons.map(\.code)) == [.signatureMissing, .sealMissing])
    let scan = try #require(result.measurement.formScans.first)
    // The printed caption, the rule and the date line are not counted as ink: what is left
    // (edges of print) stays far below the threshold.
    #expect(
      (scan.signature?.inkShare ?? 1) < shippedPolicy.forms.signatureMinInk / 2,
      "\(String(describing: scan.signature))")
    #expect((scan.seal?.redArea ?? 1000) < shippedPolicy.forms.sealMinArea)
    // A faint seal and one half off the paper: found, and measured as what they are.
    let faint = try Self.pages.form(Self.app, photo: nil, width: 1350, seed: 5, marking: Pages.Marking(sealInk: 0.16))[1]
    let f = try #require(
      inspect(try FormVariations.photograph(faint, look, frame: (1500, 2000), seed: 13)).measurement.formScans.first?.seal)
    #expect(SealVerdict.problems(f, shippedPolicy.forms).first == .faint || f.redArea < shippedPolicy.forms.sealMinArea, "\(f)")
    let cut = try Self.pages.form(Self.app, photo: nil, width: 1350, seed: 5, marking: Pages.Marking(sealShift: (x: 42, y: 0)))[1]
    let c = try #require(
      inspect(try FormVariations.photograph(cut, look, frame: (1500, 2000), seed: 14)).measurement.formScans.first?.seal)
    #expect(SealVerdict.problems(c, shippedPolicy.forms).contains(.cutOff), "\(c)")
  }

  @Test func aGreyScanCannotShowTheSeal() throws {
    let gray = DecodedImage(
      width: Self.page2.width, height: Self.page2.height, channels: 1,
      pixels: stride(from: 0, to: Self.page2.pixels.count, by: 3).map { Self.page2.pixels[$0 + 1] })
    let result = inspect(try JPEGCodec.encode(gray, quality: 85))
    let seal = try #require(result.reasons.first { $0.code == .sealMissing })
    #expect(seal.message.zh.contains("灰度"))
    #expect(!result.reasons.contains { $0.code == .signatureMissing }, "the signature is still found in grey")
  }

  @Test func zbarGivesTheCornersInTheSymbolsOwnOrder() throws {
    // Page 2 turned a half: the symbol's top-left corner is now at the bottom right.
    let upright = GrayImage(Self.page2)
    let turned = GrayImage(width: upright.width, height: upright.height, pixels: upright.pixels.reversed())
    let a = try #require(QRReader.find(in: upright).first), b = try #require(QRReader.find(in: turned).first)
    #expect(a.text == b.text)
    #expect(a.corners[0].x < a.corners[1].x && a.corners[0].y < a.corners[3].y)
    #expect(b.corners[0].x > b.corners[1].x && b.corners[0].y > b.corners[3].y)
    // Where the template says: 20 mm from the right edge's 15 mm margin, 4 mm from the top.
    let k = Double(upright.width) / 210
    let qr = try #require(Self.forms[.initial]?.page(2)?.qr)
    #expect(abs(a.corners[0].x - qr.x * k) < 2 && abs(a.corners[0].y - qr.y * k) < 2, "\(a.corners)")
  }

  /// The QR search's first step scans every second line, and a full scan of a tight crop
  /// around what it found gives the corners: the same text, and corners within a pixel or
  /// two of a full scan of the whole corner (zbar binarizes each image it is given on its
  /// own, so a different crop may move a corner by a pixel).
  @Test(arguments: [
    FormVariations.Look(rotation: 0, tilt: 0.02, blur: 0, exposure: 1, quality: 85),
    FormVariations.Look(rotation: -7, tilt: 0.06, blur: 0, exposure: 1, quality: 85),
    FormVariations.Look(rotation: 4, tilt: 0.06, blur: 2, exposure: 0.55, quality: 85),
    FormVariations.Look(rotation: 0, tilt: 0.04, blur: 1, exposure: 0.7, quality: 40),
  ])
  func theTwoStepQRSearchFindsTheCornersOfAFullScan(_ look: FormVariations.Look) throws {
    let jpeg = try FormVariations.photograph(Self.page2, look, frame: (1500, 2000), seed: 11)
    let image = GrayImage(try JPEGCodec.decode(jpeg, channels: 1, limits: roomy).image)
    let corner = (x: image.width - image.width * 45 / 100, y: 0, width: image.width * 45 / 100, height: image.height * 35 / 100)
    let full = try #require(QRReader.find(in: image, region: corner).first)
    let coarse = try #require(FormScanner.find(in: image, corner, density: 2), "\(look): the sparse scan finds it")
    let refined = try #require(FormScanner.find(in: image, around: coarse), "\(look): the tight crop reads it")
    let found = try #require(FormScanner.findQR(image, orientation: 1))
    #expect(found == refined)
    #expect(found.text == full.text)
    for (a, b) in zip(found.corners, full.corners) {
      #expect(abs(a.x - b.x) <= 2 && abs(a.y - b.y) <= 2, "\(look): \(found.corners) against \(full.corners)")
    }
  }

  /// A code the sparse scan cannot read (modules under 3 pixels) is still found, by the
  /// full scans that follow it.
  @Test func aCodeTooSmallForTheSparseScanIsFoundByTheFullOnes() throws {
    let small = try Self.pages.form(Self.app, photo: nil, width: 620, seed: 5)[1]
    let image = GrayImage(small)
    let corner = (x: image.width - image.width * 45 / 100, y: 0, width: image.width * 45 / 100, height: image.height * 35 / 100)
    let found = try #require(FormScanner.findQR(image, orientation: 1))
    #expect(FormQRPayload(text: found.text)?.page == 2)
    if FormScanner.find(in: image, corner, density: 2) != nil {
      Issue.record("the sparse scan read a code this small: pick a smaller page for this test")
    }
  }

  @Test func homographyMapsFourPointsExactlyAndRefusesALine() throws {
    let from = [PixelPoint(x: 0, y: 0), PixelPoint(x: 10, y: 0), PixelPoint(x: 10, y: 10), PixelPoint(x: 0, y: 10)]
    let to = [PixelPoint(x: 100, y: 50), PixelPoint(x: 190, y: 60), PixelPoint(x: 185, y: 170), PixelPoint(x: 95, y: 140)]
    let h = try #require(Homography(from: from, to: to))
    for (p, q) in zip(from, to) {
      let r = try #require(h.apply(p.x, p.y))
      #expect(abs(r.x - q.x) < 1e-6 && abs(r.y - q.y) < 1e-6)
    }
    let line = [PixelPoint(x: 0, y: 0), PixelPoint(x: 1, y: 1), PixelPoint(x: 2, y: 2), PixelPoint(x: 3, y: 3)]
    #expect(Homography(from: line, to: to) == nil)
    #expect(Homography(from: from, to: [PixelPoint(x: .nan, y: 0)] + to.dropFirst()) == nil)
  }

  @Test func withoutTheGeometryNoScanRuns() throws {
    let jpeg = try FormVariations.photograph(
      Self.page2, FormVariations.Look(rotation: 0, tilt: 0.02, blur: 0, exposure: 1, quality: 85), frame: (1500, 2000), seed: 1)
    let m = MaterialInspector.measure(jpeg, size: jpeg.count, file: "f.jpg", as: .form, policy: shippedPolicy)
    #expect(m.formScans.isEmpty)
    var off = shippedPolicy
    off.forms.verify = false
    #expect(
      MaterialInspector.measure(jpeg, size: jpeg.count, file: "f.jpg", as: .form, policy: off, forms: Self.forms).formScans
        .isEmpty)
    // Other materials are never scanned.
    #expect(
      MaterialInspector.measure(jpeg, size: jpeg.count, file: "f.jpg", as: .contract, policy: shippedPolicy, forms: Self.forms)
        .formScans.isEmpty)
  }

  // MARK: reading: the seal's words, and forms without our QR code

  /// The form's seal and labels read by Tesseract in this process, as a review's worker
  /// reads them.
  static let reading = Reading()

  func inspectReading(_ jpeg: [UInt8], reading: Reading? = FormScanTests.reading) -> CheckResult {
    let m = MaterialInspector.measure(
      jpeg, size: jpeg.count, file: "form-2.jpg", as: .form, policy: shippedPolicy, preview: nil, forms: Self.forms,
      reading: reading)
    return MaterialVerdict.judge(m, as: .form, policy: shippedPolicy)
  }

  /// Our form stamped with the employer's HR seal, with its contract seal, and with
  /// another company's: the ring and the words across are read (the review's rules on
  /// them: SealRulesTests, and the samples).
  @Test(arguments: [("人事专用章", nil as String?), ("合同专用章", nil), ("人事专用章", "上海东方建筑工程有限公司")])
  func theSealsWordsAreReadOnOurForm(_ kind: String, _ name: String?) throws {
    let page = try Self.pages.form(
      Self.app, photo: nil, width: 1350, seed: 7, marking: Pages.Marking(sealName: name, sealKind: kind))[1]
    let jpeg = try FormVariations.photograph(
      page, FormVariations.Look(rotation: -7, tilt: 0.06, blur: 0, exposure: 1, quality: 85), frame: (1500, 2000), seed: 3)
    let scan = try #require(inspectReading(jpeg).measurement.formScans.first)
    let text = try #require(scan.sealText, "the seal was read")
    let ring = text.ring.map(\.text).joined(separator: " / ")
    #expect(
      text.ring.contains { DocumentText.similarity(of: DocumentText.distinctivePart(name ?? "北京华安化工有限公司"), in: $0.text) >= 0.8 },
      "\(ring)")
    #expect(DocumentText.similarity(of: kind, in: text.label?.text ?? "") >= 0.8, "\(String(describing: text.label))")
  }

  /// The official system's form, without our QR code: its printed labels are read, and the
  /// signature and the seal are checked where they are; without reading, neither is.
  @Test(arguments: [
    (Pages.Marking(), [ReasonCode]()),
    (Pages.Marking(signed: false), [.signatureMissing]),
    (Pages.Marking(stamped: false), [.sealMissing]),
  ])
  func aFormWithoutOurQRCodeIsCheckedByItsLabels(_ marking: Pages.Marking, _ expected: [ReasonCode]) throws {
    let page = Self.pages.officialForm(Self.app, page: 2, width: 1350, seed: 9, marking: marking)
    let jpeg = try FormVariations.photograph(
      page, FormVariations.Look(rotation: 4, tilt: 0.06, blur: 0, exposure: 0.8, quality: 80), frame: (1500, 2000), seed: 4)
    let result = inspectReading(jpeg)
    let scan = try #require(result.measurement.formScans.first)
    #expect(scan.payload == nil)
    let labels = try #require(scan.labels)
    #expect(labels.signature == "申请人签字")
    // The seal's label is read where no seal hides it; a seal is found either way.
    if !marking.stamped { #expect(labels.seal != nil) }
    #expect(result.reasons.map(\.code) == expected, "\(result.reasons.map(\.message.en))")
    #expect(result.warnings.map(\.code) == [.qrUnreadable])
    #expect(result.warnings.first?.message.en.contains("checked where its printed labels") == true)
    // The marks sit where the page has them: the signature on the left, the seal on the right.
    let signature = try #require(scan.marks.first { $0.kind == .signature })
    #expect(signature.x < 0.5 && signature.y > 0.15 && signature.y < 0.45, "\(signature)")
    let seal = try #require(scan.marks.first { $0.kind == .seal })
    #expect(seal.x > 0.45 && seal.y > 0.3 && seal.y < 0.7, "\(seal)")
    if expected.isEmpty {
      let text = try #require(scan.sealText)
      #expect(text.ring.contains { DocumentText.similarity(of: "北京华安化工", in: $0.text) >= 0.8 }, "\(text)")
    }
    // Reading off: the page is as unknown as before, nothing is checked on it.
    let unread = inspectReading(jpeg, reading: nil)
    #expect(unread.measurement.formScans.first?.labels == nil)
    #expect(unread.reasons.isEmpty)
    #expect(unread.warnings.first?.message.en.contains("not checked") == true)
  }

  /// The ring is unwrapped about the seal's centre whichever way the seal was turned when
  /// it was stamped.
  @Test(arguments: [0.0, 1.1, -2.0, 3.0])
  func theRingIsReadWhateverWayTheSealIsTurned(_ rotation: Double) throws {
    let k = 10.0  // pixels a millimetre
    let canvas = Canvas(width: 600, height: 600)
    canvas.seal(name: "成都西岭矿业有限公司", centerX: 300, centerY: 300, radius: 21 * k, rotation: rotation, ink: 0.85)
    let image = canvas.image
    let planes = PagePlanes(rgb: image.pixels, width: image.width, height: image.height, channels: 3)
    let square = [PixelPoint(x: 0, y: 0), PixelPoint(x: 60, y: 0), PixelPoint(x: 60, y: 60), PixelPoint(x: 0, y: 60)]
    let toImage = try #require(Homography(from: square, to: square.map { PixelPoint(x: $0.x * k, y: $0.y * k) }))
    let engine = try TextEngine()
    let text = try #require(
      SealReader.read(planes, seal: SealReader.Seal(centreX: 30, centreY: 30, radius: 21, toImage: toImage), engine: engine))
    #expect(
      text.ring.contains { DocumentText.similarity(of: "成都西岭矿业", in: $0.text) >= 0.8 }, "\(rotation): \(text.ring)")
    #expect(
      DocumentText.similarity(of: "人事专用章", in: text.label?.text ?? "") >= 0.8, "\(rotation): \(String(describing: text.label))")
  }

  /// Labels are found in rows chained from Tesseract's words, overlapping boxes and a
  /// sloping line allowed; a label inside a sentence, or in an authority's cell, is not
  /// the one the applicant signs by or the employer stamps.
  @Test func labelsAreFoundInTheirOwnRowsOnly() {
    func word(_ text: String, _ x: Int, _ y: Int, _ width: Int, _ confidence: Double = 95) -> TextLine {
      TextLine(text: text, x: x, y: y, width: width, height: 24, confidence: confidence)
    }
    let words = [
      // 申请 boxed over the whole label, as Tesseract does; the line falls 2 px a word.
      word("申请", 100, 400, 120), word("人", 150, 402, 24), word("签字", 176, 404, 48), word("：", 226, 406, 20),
      word("日期", 600, 420, 48),
      // A sentence that mentions 盖章, and the authority's empty cell.
      word("请本人签字并由聘用单位盖章后上传", 100, 600, 400), word("（初审机构盖章）", 600, 700, 180),
      // The employer's cell: 公章 read unsurely between words read surely.
      word("签章", 600, 900, 48), word("（", 650, 900, 20), word("公章", 672, 900, 48, 20), word("）", 722, 900, 20),
    ]
    let rows = LabelRow.rows(of: words)
    let signature = LabelRow.find(FormLabels.signatureLabels, in: rows)
    #expect(signature?.label == "申请人签字")
    #expect(signature.map { Int($0.box.x) } == 100 && signature?.characters == 5)
    let seal = LabelRow.find(FormLabels.sealLabels, in: rows, excluding: FormLabels.notTheEmployers)
    #expect(seal?.label == "公章" && seal.map { Int($0.box.y) } == 900, "\(String(describing: seal?.box))")
    // Without the employer's cell, nothing: the sentence and the authority's cell do not count.
    let others = LabelRow.rows(of: Array(words.prefix(7)))
    #expect(LabelRow.find(FormLabels.sealLabels, in: others, excluding: FormLabels.notTheEmployers) == nil)
  }
}
