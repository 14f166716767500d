import Testing

@testable import Core
@testable import RegistrationRules

/// Every window edge: the day before, the day of and the day after.
@Suite struct TimingRulesTests {
  let rules = shippedPolicy.registration

  func timing(_ kind: RegistrationKind, on day: String, qualified: String? = nil, expiry: String? = nil, cancelled: String? = nil)
    -> KindTiming
  {
    var app = validApplication()
    app.kind = kind
    app.applicationDate = date(day)
    app.applicant.qualificationDate = qualified.map(date)
    app.applicant.registrationExpiry = expiry.map(date)
    app.applicant.registrationCancelled = cancelled.map(date)
    return TimingRules.evaluate(app, policy: rules, today: date("2030-01-01"))!
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var day: String
    var overdue: Bool
    var testDescription: String { "\(day) overdue=\(overdue)" }
  }

  /// Certificate before 2019-03-01: apply before 2024-03-01 (exclusive).
  @Test(arguments: [
    Case(day: "2024-02-29", overdue: false), Case(day: "2024-03-01", overdue: true), Case(day: "2024-03-02", overdue: true),
  ])
  func initialBeforeCutover(_ c: Case) {
    let t = timing(.initial, on: c.day, qualified: "2019-02-28")
    #expect(t.overdueInitial == c.overdue)
    #expect(t.needsContinuingEducation == c.overdue)
    #expect(t.lastDay == date("2024-02-29"))
    #expect(t.findings.isEmpty)
  }

  /// Certificate on the cut-over day: "5年内" counted as Chinese law counts (民法典 arts.
  /// 201–202: the start day is not counted, the period ends on the corresponding day), so
  /// the anniversary is the last day.
  @Test(arguments: [
    Case(day: "2024-02-29", overdue: false), Case(day: "2024-03-01", overdue: false), Case(day: "2024-03-02", overdue: true),
  ])
  func initialOnCutover(_ c: Case) {
    let t = timing(.initial, on: c.day, qualified: "2019-03-01")
    #expect(t.overdueInitial == c.overdue)
    #expect(t.lastDay == date("2024-03-01"))
  }

  /// The example: a certificate of 2019-05-10 is on time on 2024-05-10.
  @Test(arguments: [Case(day: "2024-05-10", overdue: false), Case(day: "2024-05-11", overdue: true)])
  func initialFiveYearsIncludeTheAnniversary(_ c: Case) {
    #expect(timing(.initial, on: c.day, qualified: "2019-05-10").overdueInitial == c.overdue)
  }

  @Test(arguments: [
    Case(day: "2027-03-14", overdue: false), Case(day: "2027-03-15", overdue: false), Case(day: "2027-03-16", overdue: true),
  ])
  func initialAfterCutover(_ c: Case) {
    let t = timing(.initial, on: c.day, qualified: "2022-03-15")
    #expect(t.overdueInitial == c.overdue)
    if c.overdue {
      #expect(t.cePeriod == date(c.day).adding(years: -5).adding(days: 1)...date(c.day))
    }
  }

  @Test func initialFromALeapDay() {
    // 2020-02-29 + 5 years has no 02-29: the period ends on the month's last day, 2025-02-28.
    #expect(TimingRules.initialDeadline(qualified: date("2020-02-29"), rules) == date("2025-02-28"))
    #expect(timing(.initial, on: "2025-02-28", qualified: "2020-02-29").overdueInitial == false)
    #expect(timing(.initial, on: "2025-03-01", qualified: "2020-02-29").overdueInitial == true)
  }

  @Test func initialBeforeQualificationIsImpossible() {
    let t = timing(.initial, on: "2022-03-14", qualified: "2022-03-15")
    #expect(codes(t.findings) == [.kindNotAllowed])
  }

  struct Window: Sendable, CustomTestStringConvertible {
    var day: String
    var codes: [ReasonCode]
    var testDescription: String { "\(day) → \(codes.map(\.rawValue))" }
  }

  /// Expiry 2027-01-31: earliest 2026-01-31, usual 2026-10-31, last day 2027-01-31.
  @Test(arguments: [
    Window(day: "2026-01-30", codes: [.deadline]), Window(day: "2026-01-31", codes: [.earlyRenewal]),
    Window(day: "2026-02-01", codes: [.earlyRenewal]), Window(day: "2026-10-30", codes: [.earlyRenewal]),
    Window(day: "2026-10-31", codes: []), Window(day: "2026-11-01", codes: []), Window(day: "2027-01-30", codes: []),
    Window(day: "2027-01-31", codes: []), Window(day: "2027-02-01", codes: [.kindNotAllowed]),
  ])
  func renewalWindow(_ w: Window) {
    let t = timing(.renewal, on: w.day, expiry: "2027-01-31")
    #expect(codes(t.findings) == w.codes)
    #expect(t.needsContinuingEducation)
    #expect(t.cePeriod == date("2022-02-01")...date("2027-01-31"))
    let severities = t.findings.map(\.severity)
    #expect(severities == w.codes.map { $0 == .earlyRenewal ? .warning : .error })
  }

  @Test func renewalWindowClampsMonthEnds() {
    // Expiry 2027-05-31: 3 months earlier is 2027-02-28.
    #expect(codes(timing(.renewal, on: "2027-02-27", expiry: "2027-05-31").findings) == [.earlyRenewal])
    #expect(codes(timing(.renewal, on: "2027-02-28", expiry: "2027-05-31").findings) == [])
  }

  struct ChangeCase: Sendable, CustomTestStringConvertible {
    var day: String
    var codes: [ReasonCode]
    var includesRenewal: Bool
    var testDescription: String { "\(day) → \(codes.map(\.rawValue)) renewal=\(includesRenewal)" }
  }

  /// Expiry 2027-01-31: from 2026-01-31 a change is also a renewal; after expiry none.
  @Test(arguments: [
    ChangeCase(day: "2026-01-30", codes: [], includesRenewal: false),
    ChangeCase(day: "2026-01-31", codes: [], includesRenewal: true),
    ChangeCase(day: "2026-02-01", codes: [], includesRenewal: true),
    ChangeCase(day: "2027-01-31", codes: [], includesRenewal: true),
    ChangeCase(day: "2027-02-01", codes: [.kindNotAllowed], includesRenewal: false),
  ])
  func changeWithinValidity(_ c: ChangeCase) {
    let t = timing(.change, on: c.day, expiry: "2027-01-31")
    #expect(codes(t.findings) == c.codes)
    #expect(t.changeIncludesRenewal == c.includesRenewal)
    #expect(t.needsContinuingEducation == c.includesRenewal)
  }

  @Test func changeAfterCancellationIsNotAllowed() {
    #expect(codes(timing(.change, on: "2026-06-01", expiry: "2027-01-31", cancelled: "2026-05-31").findings) == [.kindNotAllowed])
    #expect(codes(timing(.change, on: "2026-05-30", expiry: "2027-01-31", cancelled: "2026-05-31").findings) == [])
  }

  @Test(arguments: [
    Window(day: "2025-06-29", codes: [.kindNotAllowed]), Window(day: "2025-06-30", codes: [.kindNotAllowed]),
    Window(day: "2025-07-01", codes: []), Window(day: "2030-01-01", codes: []),
  ])
  func reregistrationOnlyAfterExpiry(_ w: Window) {
    let t = timing(.reregistration, on: w.day, expiry: "2025-06-30")
    #expect(codes(t.findings) == w.codes)
    #expect(t.needsContinuingEducation)
    #expect(t.cePeriod?.upperBound == date(w.day))
  }

  @Test func reregistrationAfterCancellationBeforeExpiry() {
    #expect(codes(timing(.reregistration, on: "2026-03-01", expiry: "2028-01-01", cancelled: "2026-02-01").findings) == [])
    #expect(
      codes(timing(.reregistration, on: "2026-01-31", expiry: "2028-01-01", cancelled: "2026-02-01").findings) == [
        .kindNotAllowed
      ])
  }

  @Test func policyChangesTheWindows() {
    var policy = rules
    policy.renewalEarliestMonthsBeforeExpiry = 6
    var app = validApplication()
    app.kind = .renewal
    app.applicationDate = date("2026-07-30")
    app.applicant.registrationExpiry = date("2027-01-31")
    #expect(codes(TimingRules.evaluate(app, policy: policy, today: date("2027-01-01"))!.findings) == [.deadline])
    app.applicationDate = date("2026-07-31")
    #expect(codes(TimingRules.evaluate(app, policy: policy, today: date("2027-01-01"))!.findings) == [.earlyRenewal])
  }

  @Test func missingDatesGiveNoTiming() {
    var app = validApplication()
    app.applicant.qualificationDate = nil
    #expect(TimingRules.evaluate(app, policy: rules, today: date("2026-11-23")) == nil)
    app.kind = nil
    #expect(TimingRules.evaluate(app, policy: rules, today: date("2026-11-23")) == nil)
  }

  @Test func todayStandsInForAMissingApplicationDate() {
    var app = validApplication()
    app.applicationDate = nil
    #expect(TimingRules.evaluate(app, policy: rules, today: date("2026-11-23"))?.referenceDate == date("2026-11-23"))
  }
}

@Suite struct ContinuingEducationTests {
  let rules = shippedPolicy.registration
  let period = date("2022-02-01")...date("2027-01-31")

  @Test(arguments: [(47.5, false), (48.0, true), (48.5, true), (0.0, false)])
  func hoursAgainstTheRequirement(_ hours: Double, _ met: Bool) {
    let records = hours > 0 ? [CERecord(date: date("2024-05-01"), provider: "p", course: "c", hours: hours)] : []
    let summary = ContinuingEducationRule.evaluate(records, period: period, referenceDate: date("2027-02-01"), policy: rules)
    #expect(summary.isMet == met)
    #expect(summary.countedHours == hours)
    #expect(codes(summary.findings.errors) == (met ? [] : [.ceHours]))
    if !met {
      #expect(summary.findings.errors[0].measured == .number(hours))
      #expect(summary.findings.errors[0].limit == .number(48))
    }
  }

  @Test func onlyRecordsInsideThePeriodCount() {
    let records = [
      CERecord(date: date("2022-01-31"), provider: "p", course: "before", hours: 40),
      CERecord(date: date("2022-02-01"), provider: "p", course: "first day", hours: 24, source: .imported),
      CERecord(date: date("2027-01-31"), provider: "p", course: "last day", hours: 24),
      CERecord(date: date("2027-02-01"), provider: "p", course: "after", hours: 40),
    ]
    let summary = ContinuingEducationRule.evaluate(records, period: period, referenceDate: date("2027-02-01"), policy: rules)
    #expect(summary.countedHours == 48)
    #expect(summary.counted == [1, 2])
    #expect(summary.outsidePeriod == [0, 3])
    #expect(summary.selfEnteredCounted == 1)
    #expect(summary.findings.warnings.map(\.field) == ["continuingEducation[0].date", "continuingEducation[3].date"])
  }
}
