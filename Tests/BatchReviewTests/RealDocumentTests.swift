import BatchReview
import Core
import Foundation
import ImageCodecs
import RegistrationRules
import TestSupport
import Testing
import TextReading

@testable import MaterialChecks

/// Reading on real paper (Tests/Fixtures/real-documents, with their sources and
/// licences): a real company seal is read and matched, the same company's finance seal
/// not taken for it; a real agreement photographed on a desk is read, and nothing in it rejects
/// an applicant it does not name.
@Suite(.serialized) struct RealDocumentTests {
  static let folder = repoPath("Tests/Fixtures/real-documents")
  static let engine = try! TextEngine()
  static let limits = DecodeLimits(maxPixels: 50_000_000, maxBytes: 1 << 24, timeout: 10)

  static func jpeg(_ name: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) }

  /// The scan of three real stamps: the round company seal (北京中导开源科技有限公司, no
  /// words across) and the round finance seal (its name and 财务专用章 across). Each is
  /// found by the form scan's seal finder in a box round it, read by unwrapping its ring,
  /// and judged as the review judges a form's seal for that employer.
  @Test(arguments: [
    (120.0, 80.0, 270.0, 300.0, "company"),
    (432.0, 120.0, 185.0, 210.0, "finance"),
  ])
  func aRealSealIsReadAndJudged(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ which: String) throws {
    let image = try JPEGCodec.decode(try Self.jpeg("sealcut_red_seals_scan.jpg"), channels: 3, limits: Self.limits).image
    let planes = PagePlanes(rgb: image.pixels, width: image.width, height: image.height, channels: 3)
    // 6 pixels a millimetre: the company seal is then about 42 mm across, as real ones are.
    let k = 6.0
    let square = [PixelPoint(x: 0, y: 0), PixelPoint(x: 100, y: 0), PixelPoint(x: 100, y: 100), PixelPoint(x: 0, y: 100)]
    let toImage = try #require(Homography(from: square, to: square.map { PixelPoint(x: $0.x * k, y: $0.y * k) }))
    let paper = FormGeometry.Box(x: 0, y: 0, width: Double(image.width) / k, height: Double(image.height) / k)
    let cell = FormGeometry.Box(x: x / k, y: y / k, width: width / k, height: height / k)
    let (measure, found) = FormScanner.seal(planes, cell: cell, page: paper, toImage: toImage)
    #expect(SealVerdict.problems(measure, shippedPolicy.forms).isEmpty, "\(measure)")
    let box = try #require(found)
    let text = try #require(
      SealReader.read(
        planes,
        seal: SealReader.Seal(
          centreX: box.x + box.width / 2, centreY: box.y + box.height / 2, radius: (box.width + box.height) / 4,
          toImage: toImage), engine: Self.engine))
    let verdict = SealRules.judge(text, employer: "北京中导开源科技有限公司", policy: shippedPolicy.reading)
    switch which {
    case "company":
      guard case .matches = verdict else {
        Issue.record("\(verdict) · \(text)")
        return
      }
      // Another employer is not matched by it, nor refused on a reading this sure of
      // itself unless it names another organisation.
      let other = SealRules.judge(text, employer: "上海东方建筑工程有限公司", policy: shippedPolicy.reading)
      #expect(other != .matches(text.ring[0]), "\(other)")
    default:
      // A small real seal (32 mm at 6 pixels a millimetre), its ring packed with twelve
      // characters: read too unsurely to refuse, it is never taken for the employer's
      // legal-entity seal either; the reviewer is told (SEAL_UNREADABLE) or it is refused.
      switch verdict {
      case .refusedKind(let kind, _): #expect(kind == "财务专用章")
      case .unreadable: break
      default: Issue.record("\(verdict) · \(text)")
      }
    }
  }

  /// A real agreement photographed on a desk (curved, shadowed, no names in it): its top
  /// band is read as a contract's is, and judged for an applicant it does not name. The
  /// lines come back legible; nothing is a mismatch (what is not there is only not found).
  @Test func aRealAgreementIsReadAndRejectsNoOne() throws {
    let bytes = try Self.jpeg("undistort_contract_photo.jpg")
    let reading = Reading()
    let m = MaterialInspector.measure(
      bytes, size: bytes.count, file: "contract-1.jpg", as: .contract, policy: shippedPolicy, preview: nil, forms: nil,
      reading: reading, band: ReadingRequest(from: 0, to: shippedPolicy.reading.topBand))
    #expect(m.readingProblem == nil)
    let lines = m.text.flatMap(\.lines)
    // The photo is small (733 pixels across, under what the review asks of a document) and
    // curved: the body comes back partly garbled, but the title surely.
    #expect(
      lines.contains {
        $0.confidence >= shippedPolicy.reading.minConfidence && DocumentText.normalized($0.text).contains("委托协议书")
      }, "\(lines.map { "\($0.text) \(Int($0.confidence))" })")
    var app = Application()
    app.applicant.name = "张伟"
    app.applicant.idNumber = "110101198804120010"
    app.employer.name = "北京华安化工有限公司"
    let outcome = ContentRules.judge(
      [ContentRules.ReadFile(file: "contract-1.jpg", material: .contract, pages: m.text)], material: .contract,
      application: app, policy: shippedPolicy.reading)
    #expect(!outcome.findings.contains { $0.code == .contentMismatch }, "\(outcome.findings.map(\.message.en))")
  }

  /// A real form photographed askew, without our QR code, whose 签章（公章） cell was never
  /// stamped: its seal label is read, and the missing seal is named as on our forms.
  @Test func aRealUnstampedFormIsFoundUnstamped() throws {
    let bytes = try Self.jpeg("undistort_form_photo.jpg")
    let m = MaterialInspector.measure(
      bytes, size: bytes.count, file: "form-2.jpg", as: .form, policy: shippedPolicy, preview: nil,
      forms: shippedForms, reading: Reading())
    let scan = try #require(m.formScans.first)
    #expect(scan.payload == nil)
    #expect(scan.labels?.seal != nil, "\(String(describing: scan.labels))")
    let result = MaterialVerdict.judge(m, as: .form, policy: shippedPolicy)
    #expect(result.reasons.map(\.code).contains(.sealMissing), "\(result.reasons.map(\.message.en))")
  }
}
