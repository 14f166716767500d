import Core
import RegistrationRules
import Testing

/// What OCR reads, matched against the application the way a reviewer would: tolerant of
/// OCR's usual slips, strict where a check character proves a number.
@Suite struct DocumentTextTests {
  @Test func fullWidthSpacesAndLookAlikesFold() {
    #expect(DocumentText.normalized("张 伟（劳动者）：ＡＢ１２") == DocumentText.normalized("张伟(劳动者):AB12"))
    #expect(DocumentText.normalized("王己") == DocumentText.normalized("王已"))
    #expect(DocumentText.normalized("王己") != DocumentText.normalized("王乙"))
  }

  @Test func idNumbersAreFoundThroughOCRSlipsAndProvedByTheirCheck() {
    // O for 0 and l for 1, spaces, a label before it.
    #expect(DocumentText.idNumbers(in: "居民身份证号码：11010l1988O4120010") == ["110101198804120010"])
    #expect(DocumentText.idNumbers(in: "身份证号 1101 0119 8804 1200 10") == ["110101198804120010"])
    // One digit wrong: the check character fails, so it is no number at all.
    #expect(DocumentText.idNumbers(in: "110101198804120011").isEmpty)
    // A credit code of letters and digits is not an ID number.
    #expect(DocumentText.idNumbers(in: "统一社会信用代码：91110105MA01ABCDEB").isEmpty)
    // An X check character, and two numbers on one line.
    let x = "11010519491231002X"
    #expect(DocumentText.idNumbers(in: "\(x) 与 110105199003071220") == [x, "110105199003071220"])
  }

  @Test func namesAndEmployersMatchTolerantly() {
    #expect(DocumentText.contains("乙方（劳动者）：张 伟", name: "张伟"))
    #expect(!DocumentText.contains("乙方（劳动者）：李娜", name: "张伟"))
    let employer = "北京华安化工有限公司"
    #expect(DocumentText.similarity(of: employer, in: "甲方〈用人单位) : 北京华安化工有限公司") == 1)
    // One character misread of ten: still 0.9.
    #expect(DocumentText.similarity(of: employer, in: "甲方：北京华女化工有限公司") >= 0.9)
    #expect(DocumentText.similarity(of: employer, in: "甲方：上海明达物流股份有限公司") < 0.5)
  }

  @Test func companiesAreToldApartByWhatIsTheirOwn() {
    #expect(DocumentText.distinctivePart("上海明达物流股份有限公司") == "上海明达物流")
    #expect(DocumentText.distinctivePart("北京华安化工有限公司") == "北京华安化工")
    #expect(DocumentText.distinctivePart("公司") == "公司")
  }

  @Test func labelledValues() {
    #expect(DocumentText.labelled("甲方（用人单位）：上海明达物流", labels: ["甲方"]) == "上海明达物流")
    #expect(DocumentText.labelled("乙方（劳动者）：张伟", labels: ["甲方", "用人单位"]) == nil)
    #expect(DocumentText.labelled("甲方盖章", labels: ["甲方"]) == nil)
  }

  @Test func maskedNumbersKeepOnlyTheirEnds() {
    #expect(DocumentText.masked("110105199003071220") == "110105********1220")
    #expect(DocumentText.masked("12345") == "*****")
  }
}
