import Testing

@testable import Core
@testable import RegistrationRules

/// Issue 12: the rules checked against the source documents, each at its boundary (the
/// last valid day and the first invalid one, leap days and month ends).
@Suite struct SourceRulesTests {
  let today = date("2030-01-01")

  func assess(_ edit: (inout Application) -> Void) -> Assessment {
    var app = validApplication()
    edit(&app)
    return Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: today)
  }

  func renewal(on day: String, expiry: String = "2027-01-31", _ edit: (inout Application) -> Void = { _ in }) -> Assessment {
    assess { app in
      app.kind = .renewal
      app.applicationDate = date(day)
      app.applicant.registrationCertificateNo = "2022-0001"
      app.applicant.registrationExpiry = date(expiry)
      app.continuingEducation = [CERecord(date: date("2024-01-10"), provider: "p", course: "c", hours: 48, source: .imported)]
      edit(&app)
    }
  }

  // 1. A cancelled registration cannot be renewed.
  @Test func aCancelledRegistrationCannotBeRenewed() {
    let cancelled = renewal(on: "2026-12-01") { $0.applicant.registrationCancelled = date("2026-12-01") }
    let refusal = cancelled.findings.first { $0.code == .kindNotAllowed }
    #expect(refusal?.message.en.contains("cancelled on 2026-12-01") == true)
    #expect(refusal?.message.en.contains("kind: reregistration") == true)
    let later = renewal(on: "2026-12-01") { $0.applicant.registrationCancelled = date("2026-12-02") }
    #expect(!later.findings.contains { $0.code == .kindNotAllowed }, "cancelled only after the application")
  }

  // 2. CE dated after the application counts toward nothing, each one said.
  @Test func continuingEducationAfterTheApplicationDoesNotCount() {
    let a = renewal(on: "2026-12-01") {
      $0.continuingEducation = [
        CERecord(date: date("2026-12-01"), provider: "p", course: "on the day", hours: 24, source: .imported),
        CERecord(date: date("2026-12-02"), provider: "p", course: "the day after", hours: 24, source: .imported),
      ]
    }
    #expect(a.continuingEducation?.countedHours == 24)
    #expect(a.continuingEducation?.afterApplication == [1])
    let note = a.findings.first { $0.field == "continuingEducation[1].date" }
    #expect(note?.severity == .warning && note?.message.en.contains("counts toward no requirement") == true)
    // Without an application date, today is the reference.
    var app = validApplication()
    app.kind = .renewal
    app.applicationDate = nil
    app.applicant.registrationCertificateNo = "2022-0001"
    app.applicant.registrationExpiry = date("2027-01-31")
    app.continuingEducation = [CERecord(date: date("2026-12-02"), provider: "p", course: "c", hours: 48, source: .imported)]
    let t = Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: date("2026-12-01"))
    #expect(t.continuingEducation?.countedHours == 0)
  }

  // 3. Periods as Chinese law counts them, for every window.
  @Test func windowsCountTheWayTheCivilCodeCounts() {
    let rules = shippedPolicy.registration
    // The validity period ending 2028-03-31 began 2023-04-01; ending on 2029-02-28, on the
    // leap day 2024-02-29.
    #expect(TimingRules.registrationPeriod(endingOn: date("2028-03-31"), rules) == date("2023-04-01")...date("2028-03-31"))
    #expect(TimingRules.registrationPeriod(endingOn: date("2029-02-28"), rules).lowerBound == date("2024-02-29"))
    // Renewal: the usual window of an expiry at a month's end opens on the month's last day.
    #expect(!renewal(on: "2028-02-29", expiry: "2028-05-31").findings.contains { $0.code == .earlyRenewal })
    #expect(renewal(on: "2028-02-28", expiry: "2028-05-31").findings.contains { $0.code == .earlyRenewal })
    #expect(!renewal(on: "2027-02-28", expiry: "2027-05-31").findings.contains { $0.code == .earlyRenewal })
    // The earliest renewal: twelve months before, that day included.
    #expect(!renewal(on: "2026-01-31", expiry: "2027-01-31").findings.contains { $0.code == .deadline })
    #expect(renewal(on: "2026-01-30", expiry: "2027-01-31").findings.contains { $0.code == .deadline })
    // The change that is also a renewal: from the day a year before the expiry.
    func change(_ day: String) -> KindTiming? {
      var app = validApplication()
      app.kind = .change
      app.applicationDate = date(day)
      app.applicant.registrationCertificateNo = "2022-0001"
      app.applicant.registrationExpiry = date("2028-03-31")
      return TimingRules.evaluate(app, policy: rules, today: today)
    }
    #expect(change("2027-03-31")?.changeIncludesRenewal == true)
    #expect(change("2027-03-30")?.changeIncludesRenewal == false)
    // A year counted from 2024-02-29 ends on 2025-02-28.
    #expect(date("2024-02-29").adding(years: 1) == date("2025-02-28"))
  }

  // 4. Initial means first.
  @Test(arguments: [
    ("2026-11-20", "renewal"), ("2026-11-19", "reregistration"), ("2027-06-30", "renewal"),
  ])
  func anInitialRegistrationBySomeoneRegisteredIsRefused(_ expiry: String, _ pointsTo: String) {
    let a = assess {
      $0.applicant.registrationCertificateNo = "2021-0042"
      $0.applicant.registrationExpiry = date(expiry)
    }
    let refusal = a.findings.first { $0.code == .kindNotAllowed }
    #expect(refusal?.message.en.contains("kind: \(pointsTo)") == true, "\(expiry): \(a.findings.map(\.message.en))")
    let cancelled = assess {
      $0.applicant.registrationCertificateNo = "2021-0042"
      $0.applicant.registrationExpiry = date("2027-06-30")
      $0.applicant.registrationCancelled = date("2026-01-05")
    }
    #expect(cancelled.findings.first { $0.code == .kindNotAllowed }?.message.en.contains("kind: reregistration") == true)
    #expect(!assess { $0.applicant.registrationCertificateNo = nil }.findings.contains { $0.code == .kindNotAllowed })
  }

  // 5. Renewal means the same employer.
  @Test func aRenewalWithAnotherEmployerIsAChange() {
    let moved = renewal(on: "2026-12-01") { $0.applicant.registeredEmployer = "北京另一家化工有限公司" }
    let refusal = moved.findings.first { $0.code == .kindNotAllowed }
    #expect(refusal?.field == "employer.name")
    #expect(refusal?.message.en.contains("kind: change") == true)
    // The same name typed with a full-width space is the same employer.
    let same = renewal(on: "2026-12-01") { $0.applicant.registeredEmployer = "北京华安化工\u{3000}有限公司" }
    #expect(!same.findings.contains { $0.code == .kindNotAllowed })
    #expect(!renewal(on: "2026-12-01").findings.contains { $0.code == .kindNotAllowed }, "not known: not judged")
  }

  // 7. Eligibility: at most 70 full years on the application date.
  @Test(arguments: [
    ("1956-05-10", "2027-05-09", false), ("1956-05-10", "2027-05-10", true),
    ("1956-02-29", "2027-02-27", false), ("1956-02-29", "2027-02-28", true),
  ])
  func theMaximumAgeIsSeventyFullYears(_ birth: String, _ day: String, _ refused: Bool) {
    let a = assess {
      $0.applicant.birthDate = date(birth)
      $0.applicant.idType = .passport
      $0.applicant.idNumber = "E12345678"
      $0.applicant.qualificationDate = date("2023-03-15")
      $0.applicationDate = date(day)
    }
    let refusal = a.findings.first { $0.code == .notEligible }
    #expect((refusal != nil) == refused, "\(birth) on \(day)")
    if refused {
      #expect(refusal?.measured == Measure(71) && refusal?.limit == Measure(70))
      #expect(refusal?.field == "applicant.birthDate")
    }
  }

  // 8. An expiry further than one validity period plus the earliest renewal.
  @Test(arguments: [("2032-11-20", false), ("2032-11-21", true)])
  func anImpossibleExpiryIsInvalid(_ expiry: String, _ invalid: Bool) {
    let a = renewal(on: "2026-11-20", expiry: expiry)
    #expect(a.findings.contains { $0.code == .invalidField && $0.field == "applicant.registrationExpiry" } == invalid)
  }

  // 9. Overlapping work periods: an error at the same employer only.
  @Test func overlapsAreErrorsOnlyAtTheSameEmployer() {
    func overlap(_ second: String) -> [Finding] {
      assess {
        $0.workExperience = [
          WorkPeriod(from: month("2012-01"), to: month("2018-06"), employer: "北京华安化工有限公司", position: "安全员"),
          WorkPeriod(from: month("2017-03"), to: nil, employer: second, position: "兼职安全顾问"),
        ]
      }.findings.filter { $0.field == "workExperience[1].from" }
    }
    #expect(overlap("北京安评咨询有限公司").map(\.severity) == [.warning])
    #expect(overlap("北京华安化工有限公司").map(\.severity) == [.error])
    let shared = assess {
      $0.workExperience = [
        WorkPeriod(from: month("2012-01"), to: month("2018-06"), employer: "甲公司", position: "安全员"),
        WorkPeriod(from: month("2018-06"), to: nil, employer: "乙公司", position: "安全员"),
      ]
    }
    #expect(!shared.findings.contains { $0.field?.hasPrefix("workExperience") == true }, "a job change shares its month")
  }

  /// FuzzApplication's slow unit, grown: thousands of overlapping periods, half with a
  /// misspelt key. Each period gets one overlap finding at most (not one per pair: 8,000
  /// periods made 32 million), and each misspelling still names what it caused. Before, a
  /// 670 KB file took 38 s and its output millions of lines.
  @Test(.timeLimit(.minutes(1))) func thousandsOfOverlappingPeriodsGetOneFindingEach() throws {
    let count = 6000
    let rows = (0..<count).map { i in
      i % 2 == 0
        ? "  - { from: 2020-0\(1 + i % 9), to: 至今, employer: 北京华安化工有限公司, position: 安全员 }"
        : "  - { from: 2019-03, emplyer: 北京安评咨询有限公司, position: 顾问 }"
    }
    let yaml = "kind: initial\napplicationDate: 2026-11-20\nworkExperience:\n" + rows.joined(separator: "\n") + "\n"
    let loaded = try ApplicationLoader.parse(Array(yaml.utf8), file: "many.yaml")
    #expect(loaded.misspellings.count == count / 2)
    let findings = Assessor.assess(loaded, policy: shippedPolicy, authorities: shippedAuthorities, today: today).findings
    let overlaps = findings.filter { $0.message.en.contains("overlaps period") }
    // Every period but the first to start overlaps an earlier one: once each.
    #expect(overlaps.count == count - 1)
    #expect(Set(overlaps.compactMap(\.field)).count == count - 1)
    // Same employer: an error naming an earlier period of that employer.
    let same = try #require(overlaps.first { $0.field == "workExperience[2].from" })
    #expect(
      same.severity == .error && same.message.en.contains("overlaps period 1 ") && same.message.en.contains("same employer"))
    // Each misspelt employer is named as the cause of its missing field, which is not
    // reported on its own.
    #expect(findings.filter { $0.message.en.contains("\"emplyer\" should be \"employer\"") }.count == count / 2)
    let employer1 = findings.filter { $0.field == "workExperience[1].employer" }
    #expect(employer1.count == 1 && employer1.first?.message.en.contains("misspelt") == true, "\(employer1)")
    #expect(findings.count < 3 * count)
  }

  // 10. Numbers as people type them.
  @Test func fullWidthDigitsAndSpacesAreNormalisedWithANote() throws {
    let yaml = """
      kind: initial
      applicationDate: 2026-11-20
      applicant:
        name: 张伟
        gender: male
        birthDate: 1988-04-12
        idType: resident_id
        idNumber: "１１０１０１ １９８８０４１２ ００１０"
        phone: "１３８００１３８０００"
      employer:
        creditCode: "91110105 MA01ABCDEB"
        phone: "010 6543 2100"
      """
    let loaded = try load(yaml)
    #expect(loaded.application.applicant.idNumber == "110101198804120010")
    #expect(loaded.application.employer.creditCode == "91110105MA01ABCDEB")
    #expect(loaded.application.applicant.phone == "13800138000")
    #expect(loaded.application.employer.phone == "0106543 2100".replacingOccurrences(of: " ", with: ""))
    let notes = loaded.findings.filter { $0.severity == .warning && $0.code == .invalidField }.compactMap(\.field)
    #expect(notes == ["applicant.idNumber", "applicant.phone", "employer.creditCode"], "grouped phone digits need no note")
    let a = Assessor.assess(loaded, policy: shippedPolicy, authorities: shippedAuthorities, today: today)
    #expect(!a.findings.contains { $0.field == "applicant.idNumber" && $0.severity == .error })
    #expect(!a.findings.contains { $0.field == "employer.creditCode" && $0.severity == .error })
  }

  @Test func thePhoneMessageStatesTheRule() {
    let a = assess { $0.applicant.phone = "12800138000" }
    let message = a.findings.first { $0.field == "applicant.phone" }?.message
    #expect(message?.en.contains("11 digits starting 13–19") == true)
    #expect(message?.zh.contains("11 位数字，以 13–19 开头") == true)
  }

  // 11. Stated requirements no field shows.
  @Test func statedRequirementsAreShownWhereTheyApply() {
    let change = assess {
      $0.kind = .change
      $0.applicant.registrationCertificateNo = "2022-0001"
      $0.applicant.registrationExpiry = date("2027-06-30")
      $0.change = ChangeRequest(previousEmployer: "旧单位", previousCategory: nil, reasons: [.employer])
    }
    #expect(change.notes.contains { $0.zh.contains("应带原注册证书") })
    #expect(!assess { _ in }.notes.contains { $0.zh.contains("原注册证书") })
    let old = assess { $0.applicant.qualificationDate = date("2019-02-28") }
    #expect(old.notes.contains { $0.zh.contains("限一次机会") })
    #expect(!assess { $0.applicant.qualificationDate = date("2019-03-01") }.notes.contains { $0.zh.contains("限一次机会") })
    let form = assess { _ in }.requiredMaterials.first { $0.material == .form }
    #expect(form?.why.zh.contains("申请表上的单位名称须与公章上的一致") == true)
  }
}
