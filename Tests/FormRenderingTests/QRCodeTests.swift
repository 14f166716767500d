import Core
import Foundation
import RegistrationRules
import Testing

@testable import FormRendering

/// The QR code on every printed page, read back from the rasterised PDF (poppler's
/// pdftoppm) by an independent decoder (zbar's zbarimg).
@Suite struct QRCodeTests {
  /// The QR texts zbar finds on each page of `pdf`, rasterised at `dpi`.
  func read(_ pdf: [UInt8], dpi: Int = 150) throws -> [[String]] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("form.pdf").path
    try Data(pdf).write(to: URL(fileURLWithPath: file))
    try runInstalled("pdftoppm", ["-r", String(dpi), "-png", file, dir.appendingPathComponent("p").path])
    let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".png") }.sorted()
    return try pages.map { page in
      let out = String(
        decoding: try runInstalled("zbarimg", ["-q", "--raw", dir.appendingPathComponent(page).path]), as: UTF8.self)
      return out.split(separator: "\n").map(String.init)
    }
  }

  @Test(arguments: FilledFormTests.samples)
  func everyPageSaysWhoseFormWhichPageAndWhichData(_ name: String) throws {
    let app = try sample(name)
    let v = values(app)
    let pdf = try makeRenderer().pdf(kind: app.kind!, values: v, creationDate: "2026-11-23T10:00:00+08:00")
    let codes = try read(pdf)
    #expect(codes.count == 2)
    let template = shippedTemplates.template(for: app.kind!)
    for (index, texts) in codes.enumerated() {
      #expect(texts.count == 1, "one QR code on page \(index + 1): \(texts)")
      let payload = try #require(texts.first.flatMap(FormQRPayload.init(text:)), "\(texts)")
      #expect(payload.id == app.id && payload.kind == app.kind && payload.page == index + 1)
      #expect(payload.template == template.version && payload.template.count == 8)
      #expect(payload.digest == v.printedDigest && payload.digest?.count == 12)
    }
  }

  @Test func aBlankFormSaysItIsBlank() throws {
    let pdf = try makeRenderer().pdf(
      kind: .renewal, values: .blank(policy: shippedPolicy), creationDate: "2026-11-23T10:00:00+08:00")
    let codes = try read(pdf)
    #expect(
      codes.map { $0.first ?? "" }
        == [1, 2].map { "SRF1;-;renewal;\($0);\(shippedTemplates.template(for: .renewal).version);BLANK" })
  }

  /// The digest changes with any printed value, and only with printed values.
  @Test func theDigestFollowsThePrintedData() throws {
    let app = try sample("initial.yaml")
    let base = values(app)
    var phone = app
    phone.applicant.phone = "13900139000"
    #expect(values(phone).printedDigest != base.printedDigest)
    var work = app
    work.workExperience[0].position = "安全主管"
    #expect(values(work).printedDigest != base.printedDigest)
    var notPrinted = app
    notPrinted.sourceLines["applicant.name"] = 99
    #expect(values(notPrinted).printedDigest == base.printedDigest)
  }

  /// The template version changes when either template file does.
  @Test func theTemplateVersionFollowsTheFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
    try FileManager.default.copyItem(atPath: repoPath("templates/forms"), toPath: dir.path)
    let edited = try String(contentsOfFile: dir.appendingPathComponent("initial.yaml").path, encoding: .utf8) + "\n# edited\n"
    try edited.write(toFile: dir.appendingPathComponent("initial.yaml").path, atomically: true, encoding: .utf8)
    let set = try FormTemplateSet.load(directory: dir.path)
    #expect(set.template(for: .initial).version != shippedTemplates.template(for: .initial).version)
    #expect(set.template(for: .renewal).version == shippedTemplates.template(for: .renewal).version)
  }

  @Test(arguments: [
    "SRF1;2026-000101;initial;1;214d89bb;3367691eb745", "SRF1;-;renewal;2;d27414c5;BLANK", "SRF1;a%3Bb;change;1;00000000;abc",
  ])
  func payloadsRoundTrip(_ text: String) throws {
    let payload = try #require(FormQRPayload(text: text))
    #expect(payload.text == text)
  }

  @Test(arguments: ["", "SRF2;x;initial;1;a;b", "SRF1;x;unknown;1;a;b", "SRF1;x;initial;0;a;b", "SRF1;x;initial;1;a", "http://x"])
  func otherTextIsNotAPayload(_ text: String) {
    #expect(FormQRPayload(text: text) == nil)
  }

  /// Where the review looks on each page: the QR code in the top right of both pages, the
  /// applicant's signing blank and the employer's cell on page 2, on every kind.
  @Test func theGeometryIsTheTemplates() throws {
    let forms = try makeRenderer().geometry()
    #expect(forms.forms.map(\.kind) == RegistrationKind.allCases)
    for form in forms.forms {
      #expect(form.pages.count == 2)
      #expect(form.template == shippedTemplates.template(for: form.kind).version)
      for page in form.pages {
        #expect(page.qr == FormGeometry.Box(x: 175, y: 4, width: 20, height: 20))
      }
      let line = try #require(form.page(2)?.applicantSignature)
      #expect(abs(line.width - 42) < 0.01 && line.x > 100 && line.above > 3, "\(line)")
      let cell = try #require(form.page(2)?.employerSealCell), room = try #require(form.page(2)?.employerSealRoom)
      #expect(abs(room.width - 45) < 0.01 && room.x >= cell.x && room.maxX <= cell.maxX && room.maxY <= cell.maxY)
      #expect(line.baseline < cell.y, "the declaration comes before the employer's opinion")
      #expect(form.page(1)?.applicantSignature == nil && form.page(1)?.employerSealCell == nil)
    }
    // The fuzzers read it from a file (they do not link pango): it must be this one.
    // SAFETYREG_WRITE_FIXTURES=1 writes it after a template change.
    let path = repoPath("Fuzz/form-geometry.json")
    if ProcessInfo.processInfo.environment["SAFETYREG_WRITE_FIXTURES"] == "1" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
      try encoder.encode(forms).write(to: URL(fileURLWithPath: path))
    }
    let kept = try JSONDecoder().decode(FormGeometrySet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(
      kept == forms,
      "Fuzz/form-geometry.json is stale: run SAFETYREG_WRITE_FIXTURES=1 swift test --filter theGeometryIsTheTemplates")
  }
}
