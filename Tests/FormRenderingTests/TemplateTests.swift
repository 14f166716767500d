import Foundation
import Testing

@testable import FormRendering

/// Someone who is not a programmer edits the templates: every mistake must be reported
/// with its file, line and what to do.
@Suite struct TemplateTests {
  /// Copies the shipped templates, applies `edit` to common.yaml, and loads them.
  func load(editing edit: (String) -> String, kindFile: String? = nil) throws -> FormError? {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
    try FileManager.default.copyItem(atPath: repoPath("templates/forms"), toPath: dir.path)
    let common = dir.appendingPathComponent("common.yaml")
    try edit(try String(contentsOf: common, encoding: .utf8)).write(to: common, atomically: true, encoding: .utf8)
    if let kindFile { try kindFile.write(to: dir.appendingPathComponent("initial.yaml"), atomically: true, encoding: .utf8) }
    do {
      let set = try FormTemplateSet.load(directory: dir.path)
      _ = try FormRenderer(templates: set)
      return nil
    } catch {
      return error
    }
  }

  func message(_ error: FormError?) -> String { error?.message.en ?? "no error" }

  @Test func shippedTemplatesLoadAndFitTheirPages() throws {
    #expect(try load(editing: { $0 }) == nil)
  }

  @Test func aRowThatDoesNotFillItsColumns() throws {
    let error = try load(editing: {
      $0.replacingOccurrences(
        of: "          - { field: applicant.idNumber, colSpan: 3 }", with: "          - { field: applicant.idNumber, colSpan: 2 }"
      )
    })
    #expect(message(error).contains("row 3 does not fill the 5 columns (column 4 is empty)"), "\(message(error))")
    guard case .template(let file, let line, _) = error else { Issue.record("not a template error"); return }
    #expect(file.hasSuffix("common.yaml"))
    let text = try String(contentsOfFile: repoPath("templates/forms/common.yaml"), encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(text[(line ?? 1) - 1].contains("- height: 9"), "the line of the row itself")
  }

  @Test func columnsThatDoNotAddUpToThePage() throws {
    let error = try load(editing: {
      $0.replacingOccurrences(of: "columns: [25, 45, 25, 45, 40]", with: "columns: [25, 45, 25, 45, 30]")
    })
    #expect(message(error).contains("the columns add up to 170 mm; the page has 180 mm"), "\(message(error))")
  }

  @Test func anUnknownFieldGetsASuggestion() throws {
    let error = try load(editing: { $0.replacingOccurrences(of: "- field: applicant.name\n", with: "- field: applicant.nmae\n") })
    #expect(message(error).contains("unknown field \"applicant.nmae\"; did you mean \"applicant.name\"?"), "\(message(error))")
  }

  @Test func aKindFileNamingAnUnknownSection() throws {
    let error = try load(editing: { $0 }, kindFile: "title: 表\npages:\n  - [meta, aplicant]\n  - [declaration]\n")
    #expect(message(error).contains("no section named \"aplicant\"; did you mean \"applicant\"?"), "\(message(error))")
  }

  @Test func aFormMustHaveTwoPages() throws {
    let error = try load(editing: { $0 }, kindFile: "title: 表\npages:\n  - [meta, applicant]\n")
    #expect(message(error).contains("exactly two pages"), "\(message(error))")
  }

  @Test func contentTallerThanThePage() throws {
    let error = try load(editing: {
      $0.replacingOccurrences(
        of: "      - height: 30\n        cells:\n          - text: 本人承诺",
        with: "      - height: 90\n        cells:\n          - text: 本人承诺")
    })
    #expect(message(error).contains("page 2 needs"), "\(message(error))")
  }

  @Test func aPhotoCellSmallerThanThePhoto() throws {
    let error = try load(editing: {
      $0.replacingOccurrences(of: "          - { photo: true, rowSpan: 6 }", with: "          - { photo: true, rowSpan: 5 }\n")
        .replacingOccurrences(
          of:
            "          - label: 资格证书编号\n          - field: applicant.qualificationCertificateNo\n          - label: 取得资格日期\n          - field: applicant.qualificationDate\n",
          with:
            "          - label: 资格证书编号\n          - field: applicant.qualificationCertificateNo\n          - label: 取得资格日期\n          - field: applicant.qualificationDate\n          - label: 备注\n"
        )
    })
    #expect(message(error).contains("the photo cell must be at least 35 × 49 mm"), "\(message(error))")
  }

  @Test func aCaptionThatCannotFit() throws {
    let error = try load(editing: {
      $0.replacingOccurrences(of: "          - label: 姓名\n", with: "          - label: 申请人本人的姓名（与身份证件一致）\n")
    })
    #expect(message(error).contains("does not fit"), "\(message(error))")
  }

  @Test func signingSegmentsParse() {
    #expect(FormPainter.segments("签字：{blank:40}年") == [.text("签字："), .blank(40), .text("年")])
    #expect(FormPainter.segments("{blank:12}") == [.blank(12)])
  }
}
