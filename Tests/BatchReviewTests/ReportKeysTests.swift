import Core
import Foundation
import MaterialChecks
import RegistrationRules
import Testing

@testable import BatchReview

/// The report is written by `json` and read back through `Codable`: both take their keys
/// from the one `CodingKeys` of each record, so a report read back and written again is
/// the same bytes, and every key written is one that reading knows.
@Suite struct ReportKeysTests {
  static func full() -> SubmissionReport {
    let finding = Finding(
      .blurry, .error, material: .contract, file: "contract-1.jpg", message: LocalizedText("checkText.metric.sharpness"),
      measured: Measure(12.5), limit: Measure(20))
    let reason = ReasonRecord(finding, language: .en)
    let record = MaterialRecord(
      material: .form, file: "form-1.jpg", format: "jpeg", bytes: 123_456, width: 1500, height: 2000, pages: 1, ok: false,
      // In name order: reading keeps no JSON object's order (Foundation's decoder does not),
      // so metrics come back by name (`OrderedMeasures`).
      metrics: OrderedMeasures([("formQR", Measure("kind initial page 1")), ("sharpness", Measure(31.25))]),
      thumbnail: "thumbs/a.jpg", preview: "thumbs/a-large.jpg",
      marks: [PageMark(kind: .seal, found: true, x: 0.123456, y: 0.5, width: 0.25, height: 0.125, note: "北京华安化工有限公司")])
    return SubmissionReport(
      submission: "2026-0001", kind: .initial, applicant: "张伟", decision: .reject, reasons: [reason], warnings: [reason],
      materials: [record], requiredMaterials: [.photo, .form], policy: "default 2026", today: "2026-11-23", language: .en,
      fingerprint: "0123456789abcdef")
  }

  @Test func aReportReadBackIsWrittenTheSame() throws {
    let written = Self.full().json.rendered()
    let read = try JSONDecoder().decode(SubmissionReport.self, from: Data(written.utf8))
    #expect(read.json.rendered() == written)
  }

  @Test func everyKeyWrittenIsOneReadingKnows() throws {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.full().json.rendered().utf8)) as? [String: Any])
    #expect(Set(object.keys) == Set(SubmissionReport.CodingKeys.allCases.map(\.stringValue)))
    let material = try #require((object["materials"] as? [[String: Any]])?.first)
    #expect(Set(material.keys) == Set(MaterialRecord.CodingKeys.allCases.map(\.stringValue)))
    let reason = try #require((object["reasons"] as? [[String: Any]])?.first)
    #expect(
      Set(reason.keys) == Set(ReasonRecord.CodingKeys.allCases.map(\.stringValue)).subtracting(["field", "line", "column"]))
  }
}
