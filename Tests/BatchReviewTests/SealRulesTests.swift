import Core
import MaterialChecks
import RegistrationRules
import TestSupport
import Testing

@testable import BatchReview

/// The seal rules on readings as the workers return them: the employer's seal is
/// accepted through OCR's slips, a seal of a kind that does not count and a confident
/// reading of another organisation are refused, and anything uncertain is left to the
/// reviewer.
@Suite struct SealRulesTests {
  static let employer = "北京华安化工有限公司"
  static let policy = ReadingPolicy()

  static func read(_ text: String, _ confidence: Double) -> SealText.Read { SealText.Read(text: text, confidence: confidence) }

  @Test func theEmployersSealMatchesThroughOCRSlips() {
    // One character misread and one doubled, at low confidence: still the employer.
    let text = SealText(ring: [Self.read("陛京华安化工有了有限公司", 40)], label: Self.read("人事专用章", 88))
    #expect(SealRules.judge(text, employer: Self.employer, policy: Self.policy) == .matches(text.ring[0]))
  }

  @Test func aContractSealIsRefusedWhateverItsName() {
    let text = SealText(ring: [Self.read("北京华安化工有限公司", 90)], label: Self.read("合同专用合", 71))
    #expect(SealRules.judge(text, employer: Self.employer, policy: Self.policy) == .refusedKind("合同专用章", text.label!))
    // The HR seal is not one of them: 人事专用章 shares only 专用章 with 合同专用章.
    let hr = SealText(ring: [Self.read("北京华安化工有限公司", 90)], label: Self.read("人事专用章", 90))
    #expect(SealRules.judge(hr, employer: Self.employer, policy: Self.policy) == .matches(hr.ring[0]))
    // A reading as near the HR seal as the contract seal is not refused.
    let between = SealText(ring: [Self.read("北京华安化工有限公司", 90)], label: Self.read("合事专用章", 90))
    #expect(SealRules.judge(between, employer: Self.employer, policy: Self.policy) == .matches(between.ring[0]))
    // A kind read with too little confidence is not believed.
    let unsure = SealText(ring: [Self.read("北京华安化工有限公司", 90)], label: Self.read("合同专用章", 30))
    #expect(SealRules.judge(unsure, employer: Self.employer, policy: Self.policy) == .matches(unsure.ring[0]))
  }

  @Test func anotherOrganisationIsRefusedOnlyWhenReadSurely() {
    let other = SealText(ring: [Self.read("上海东方建筑工程有限公司", 86)])
    #expect(SealRules.judge(other, employer: Self.employer, policy: Self.policy) == .otherOrganisation(other.ring[0]))
    // The same reading below sealMinConfidence: the reviewer reads it.
    let unsure = SealText(ring: [Self.read("上海东方建筑工程有限公司", 58)])
    #expect(SealRules.judge(unsure, employer: Self.employer, policy: Self.policy) == .unreadable(unsure.ring[0]))
    // A confident reading that is no organisation's name (too short, or no ending a name
    // has) is not another organisation either.
    for text in ["东方建筑", "上海东方建筑工程有限公轴"] {
      let odd = SealText(ring: [Self.read(text, 90)])
      #expect(SealRules.judge(odd, employer: Self.employer, policy: Self.policy) == .unreadable(odd.ring[0]), "\(text)")
    }
  }

  @Test func nothingReadIsUnreadable() {
    #expect(SealRules.judge(nil, employer: Self.employer, policy: Self.policy) == .unreadable(nil))
    #expect(SealRules.judge(SealText(ring: []), employer: Self.employer, policy: Self.policy) == .unreadable(nil))
  }

  @Test func findingsSayWhatWasReadAndHowSurely() {
    var seal = SealMeasure(colour: true, redArea: 900, diameter: 42, roundness: 0.95, ring: 1, strength: 60)
    var scan = FormPageScan(qr: nil)
    scan.seal = seal
    scan.sealText = SealText(ring: [Self.read("上海东方建筑工程有限公司", 86)])
    let page = FormScanRules.ScannedPage(file: "form-2.jpg", index: 0, pagesInFile: 1, scan: scan)
    var policy = shippedPolicy
    let outcome = SealRules.judge([page], employer: Self.employer, policy: policy)
    #expect(outcome.findings.map(\.code) == [.sealNameMismatch])
    #expect(outcome.findings.first?.message.zh.contains("上海东方建筑工程有限公司") == true)
    #expect(outcome.findings.first?.message.en.contains("86 %") == true)
    #expect(outcome.notes.map(\.note) == ["上海东方建筑工程有限公司 (86 %)"])
    // A seal with its own problem (too faint) is not read again here.
    seal.strength = 5
    scan.seal = seal
    let faint = FormScanRules.ScannedPage(file: "form-2.jpg", index: 0, pagesInFile: 1, scan: scan)
    #expect(SealRules.judge([faint], employer: Self.employer, policy: policy).findings.isEmpty)
    // Reading switched off: nothing.
    policy.reading.enabled = false
    #expect(SealRules.judge([page], employer: Self.employer, policy: policy).findings.isEmpty)
  }

}

/// A confidence from a check worker, which the review does not trust, is shown as a whole
/// percent whatever it is: NaN, infinity, 1e300 and negatives do not trap the conversion.
@Suite struct WorkerNumberTests {
  @Test func confidencesOfAnyValueBecomeWholePercents() {
    #expect(Double.nan.wholePercent == 0)
    #expect(Double.infinity.wholePercent == 0)
    #expect((1e300).wholePercent == 100)
    #expect((-5.0).wholePercent == 0)
    #expect((55.5).wholePercent == 56)
  }

  /// `--shard K/N` is refused past 10,000 shards: a merge lists the missing ones.
  @Test func shardCountsAreBounded() {
    #expect(Shard("1/10000") != nil)
    #expect(Shard("1/10001") == nil)
    #expect(Shard("1/9223372036854775807") == nil)
  }
}
