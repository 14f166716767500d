import BatchReview
import Core
import MaterialChecks
import RegistrationRules
import Testing
import TextReading

/// The content rules on lines as the workers return them: what names the applicant, what
/// names someone else, and what is not found.
@Suite struct ContentRulesTests {
  static var application: Application {
    var a = Application()
    a.applicant.name = "张伟"
    a.applicant.idNumber = "110101198804120010"
    a.employer.name = "北京华安化工有限公司"
    return a
  }

  static func file(_ name: String, _ lines: [(String, Double)]) -> ContentRules.ReadFile {
    ContentRules.ReadFile(
      file: name, material: .contract,
      pages: [
        ReadPage(
          page: 1, region: .page,
          lines: lines.enumerated().map { i, l in
            TextLine(text: l.0, x: 100, y: 100 + 40 * i, width: 600, height: 28, confidence: l.1)
          })
      ])
  }

  @Test func theApplicantsContractNamesEveryone() {
    let o = ContentRules.judge(
      [
        Self.file(
          "contract-1.jpg",
          [("甲方（用人单位）：北京华安化工有限公司", 90), ("乙方（劳动者）：张伟", 92), ("居民身份证号码：110101198804120010", 94)])
      ], material: .contract, application: Self.application, policy: ReadingPolicy())
    #expect(o.findings.isEmpty)
    #expect(Set(o.matches.map(\.item)) == [.name, .idNumber, .employer])
    #expect(o.matches.first { $0.item == .idNumber }?.box.y == 180)
  }

  @Test func anotherPersonsNumberOrEmployerIsAMismatch() {
    let other = ContentRules.judge(
      [Self.file("c.jpg", [("乙方：李娜", 90), ("身份证号码：110105199003071220", 93)])], material: .contract,
      application: Self.application, policy: ReadingPolicy())
    #expect(other.findings.map(\.code) == [.contentMismatch])
    #expect(other.findings.first?.severity == .error)
    let employer = ContentRules.judge(
      [Self.file("c.jpg", [("甲方（用人单位）：上海明达物流股份有限公司", 91), ("乙方：张伟 110101198804120010", 90)])],
      material: .contract, application: Self.application, policy: ReadingPolicy())
    #expect(employer.findings.map(\.code) == [.contentMismatch])
    #expect(employer.findings.first?.message.zh.contains("上海明达物流股份有限公司") == true)
  }

  @Test func whatIsNotFoundIsAWarningAndUnsureLinesDoNotCount() {
    // The number read with low confidence is not used: name and number are missing.
    let o = ContentRules.judge(
      [Self.file("c.jpg", [("甲方：北京华安化工有限公司", 88), ("110105199003071220 张伟", 20)])], material: .contract,
      application: Self.application, policy: ReadingPolicy())
    #expect(o.findings.map(\.code) == [.contentNotFound])
    #expect(o.findings.first?.severity == .warning)
    #expect(Set(o.missing) == [.name, .idNumber])
    // An employer's name misread by a character or two still matches; a line that does
    // not label a party names no other employer.
    let slip = ContentRules.judge(
      [Self.file("c.jpg", [("甲方：北京华女化工有限公司", 85), ("本合同由上海明达物流股份有限公司见证", 95)])],
      material: .contract, application: Self.application, policy: ReadingPolicy())
    #expect(slip.matches.contains { $0.item == .employer })
    #expect(!slip.findings.contains { $0.code == .contentMismatch })
  }
}
