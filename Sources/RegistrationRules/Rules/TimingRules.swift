import Core

/// When an application of its kind may be filed, and what that implies.
public struct KindTiming: Sendable, Equatable {
  public var kind: RegistrationKind
  /// The day the rules are applied to: the application date, or today.
  public var referenceDate: CalendarDate
  /// First and last day on which this kind may be filed (either may be open-ended).
  public var firstDay: CalendarDate?
  public var lastDay: CalendarDate?
  /// An initial registration filed after its deadline (逾期初始注册).
  public var overdueInitial = false
  /// A change filed close enough to expiry to count as a renewal too.
  public var changeIncludesRenewal = false
  /// Whether the continuing-education requirement applies, and over which days.
  public var needsContinuingEducation = false
  public var cePeriod: ClosedRange<CalendarDate>?
  /// Errors (`DEADLINE`, `KIND_NOT_ALLOWED`) and warnings (`EARLY_RENEWAL`).
  public var findings: [Finding] = []
  /// One line for people: what kind, which window, where the date falls.
  public var summary = LocalizedText("timingRules.message")
}

/// The deadline and window rules of DOMAIN.md, over (application, policy).
public enum TimingRules {
  /// `nil` when the kind or a date the kind depends on is missing; the validator reports
  /// those fields.
  public static func evaluate(_ app: Application, policy: RegistrationPolicy, today: CalendarDate) -> KindTiming? {
    guard let kind = app.kind else { return nil }
    let date = app.applicationDate ?? today
    var t = KindTiming(kind: kind, referenceDate: date)
    switch kind {
    case .initial:
      guard let qualified = app.applicant.qualificationDate else { return nil }
      initial(&t, qualified: qualified, policy)
      alreadyRegistered(&t, app.applicant)
    case .renewal:
      guard let expiry = app.applicant.registrationExpiry else { return nil }
      renewal(&t, expiry: expiry, cancelled: app.applicant.registrationCancelled, policy)
      // A renewal that cannot be one at all (cancelled, expired) is not sent to a change.
      if !t.findings.contains(where: { $0.code == .kindNotAllowed }) {
        sameEmployer(&t, registered: app.applicant.registeredEmployer, current: app.employer.name)
      }
    case .change:
      guard let expiry = app.applicant.registrationExpiry else { return nil }
      change(&t, expiry: expiry, cancelled: app.applicant.registrationCancelled, policy)
    case .reregistration:
      guard let expiry = app.applicant.registrationExpiry ?? app.applicant.registrationCancelled else { return nil }
      reregistration(&t, expiry: expiry, cancelled: app.applicant.registrationCancelled, policy)
    }
    return t
  }

  /// The last day on which an initial registration is on time. Before the cut-over:
  /// the day before the policy's deadline ("2024年3月1日前"); after it: "取得资格证书后5年内",
  /// counted as Chinese law counts (民法典 arts. 201–202: the start day is not counted, the
  /// period ends on the corresponding day, or the month's last day where there is none),
  /// so the anniversary itself is the last day (2019-05-10: 2024-05-10; 2020-02-29:
  /// 2025-02-28).
  public static func initialDeadline(qualified: CalendarDate, _ p: RegistrationPolicy) -> CalendarDate {
    qualified < p.initialCutoverDate
      ? p.initialDeadlineBeforeCutover.adding(days: -1) : qualified.adding(years: p.initialYearsAfterCertificate)
  }

  /// The registration period that ends on `expiry`: CE hours are counted over it.
  public static func registrationPeriod(endingOn expiry: CalendarDate, _ p: RegistrationPolicy) -> ClosedRange<CalendarDate> {
    // At the calendar's first day the start would pass the end (adding clamps there).
    min(expiry.adding(years: -p.validityYears).adding(days: 1), expiry)...expiry
  }

  static func initial(_ t: inout KindTiming, qualified: CalendarDate, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let lastDay = initialDeadline(qualified: qualified, p)
    t.firstDay = qualified
    t.lastDay = lastDay
    let rule =
      qualified < p.initialCutoverDate
      ? LocalizedText(
        "timingRules.certificateObtainedBeforeApplyBefore",
        ["initialCutoverDate": p.initialCutoverDate, "initialDeadlineBeforeCutover": p.initialDeadlineBeforeCutover])
      : LocalizedText(
        "timingRules.applyWithinYearsOfThe", ["initialYearsAfterCertificate": p.initialYearsAfterCertificate, "lastDay": lastDay])
    if date < qualified {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "applicationDate",
          LocalizedText("timingRules.theApplicationDateIsBefore", ["date": date, "qualified": qualified]),
          measured: Measure(date), limit: Measure(qualified)))
      t.summary = LocalizedText("timingRules.initialRegistration", ["rule": rule])
      return
    }
    if date > lastDay {
      t.overdueInitial = true
      t.needsContinuingEducation = true
      t.cePeriod = min(date.adding(years: -p.validityYears).adding(days: 1), date)...date
      t.summary = LocalizedText(
        "timingRules.overdueInitialRegistrationDaysLate", ["rule": rule, "date": lastDay.days(until: date)])
    } else {
      t.summary = LocalizedText("timingRules.initialRegistrationOnTime", ["rule": rule])
    }
  }

  /// 初始注册 is the first registration (首次申请注册): someone with a registration number
  /// and an expiry is already registered, or was. Still valid (not past, not cancelled):
  /// renew or change instead; lapsed: re-register.
  static func alreadyRegistered(_ t: inout KindTiming, _ a: Applicant) {
    guard a.registrationCertificateNo != nil, let expiry = a.registrationExpiry else { return }
    let date = t.referenceDate
    if let cancelled = a.registrationCancelled, cancelled <= date {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText(
            "timingRules.alreadyRegisteredBeforeCertificateCancelled",
            ["registrationCertificateNo": a.registrationCertificateNo ?? "", "cancelled": cancelled]),
          measured: Measure(date), limit: Measure(cancelled)))
    } else if expiry < date {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText(
            "timingRules.alreadyRegisteredBeforeCertificateValid",
            ["registrationCertificateNo": a.registrationCertificateNo ?? "", "expiry": expiry]),
          measured: Measure(date), limit: Measure(expiry)))
    } else {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText(
            "timingRules.alreadyRegisteredCertificateValidUntil",
            ["registrationCertificateNo": a.registrationCertificateNo ?? "", "expiry": expiry]),
          measured: Measure(date), limit: Measure(expiry)))
    }
  }

  /// 延续注册 is "继续注册到原聘用单位": with another employer it is a change.
  static func sameEmployer(_ t: inout KindTiming, registered: String?, current: String?) {
    guard let registered, let current, normalizedName(registered) != normalizedName(current) else { return }
    t.findings.append(
      .error(
        .kindNotAllowed, field: "employer.name",
        LocalizedText("timingRules.aRenewalKeepsTheRegistered", ["registered": registered, "current": current]),
        measured: .text(current), limit: .text(registered)))
  }

  /// Names compared as people mean them: full-width forms folded, spaces and brackets'
  /// widths ignored.
  static func normalizedName(_ name: String) -> String {
    String(name.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace })
  }

  static func renewal(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let earliest = expiry.adding(months: -p.renewalEarliestMonthsBeforeExpiry)
    let usual = expiry.adding(months: -p.renewalUsualMonthsBeforeExpiry)
    t.firstDay = earliest
    t.lastDay = expiry
    t.needsContinuingEducation = true
    t.cePeriod = registrationPeriod(endingOn: expiry, p)
    t.summary = LocalizedText(
      "timingRules.renewalRegisteredUntilApplyFrom", ["expiry": expiry, "usual": usual, "earliest": earliest])
    if let cancelled, cancelled <= date {
      t.findings.append(afterCancellation(cancelled, on: date, LocalizedText("timingRules.renewed")))
    } else if date > expiry {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText("timingRules.theRegistrationExpiredOnAnd", ["expiry": expiry]),
          measured: Measure(date), limit: Measure(expiry)))
    } else if date < earliest {
      t.findings.append(
        .error(
          .deadline, field: "applicationDate",
          LocalizedText(
            "timingRules.tooEarlyARenewalMay",
            ["renewalEarliestMonthsBeforeExpiry": p.renewalEarliestMonthsBeforeExpiry, "earliest": earliest]),
          measured: Measure(date), limit: Measure(earliest)))
    } else if date < usual {
      t.findings.append(
        .warning(
          .earlyRenewal, field: "applicationDate",
          LocalizedText(
            "timingRules.earlierThanUsualFromMonths",
            ["renewalUsualMonthsBeforeExpiry": p.renewalUsualMonthsBeforeExpiry, "usual": usual, "earliest": earliest]),
          measured: Measure(date), limit: Measure(usual)))
    }
  }

  /// A cancelled registration (注销) can only be followed by a re-registration.
  static func afterCancellation(_ cancelled: CalendarDate, on date: CalendarDate, _ what: LocalizedText) -> Finding {
    .error(
      .kindNotAllowed, field: "kind",
      LocalizedText("timingRules.theRegistrationWasCancelledOn", ["cancelled": cancelled, "what": what]),
      measured: Measure(date), limit: Measure(cancelled))
  }

  static func change(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let renewalFrom = expiry.adding(months: -p.changeRenewalMonthsBeforeExpiry)
    t.lastDay = expiry
    t.summary = LocalizedText("timingRules.changeOfRegistrationRegisteredUntil", ["expiry": expiry])
    if let cancelled, cancelled <= date {
      t.findings.append(afterCancellation(cancelled, on: date, LocalizedText("timingRules.changed")))
    } else if date > expiry {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText("timingRules.theRegistrationExpiredOnAnd2", ["expiry": expiry]),
          measured: Measure(date), limit: Measure(expiry)))
    } else if date >= renewalFrom {
      t.changeIncludesRenewal = true
      t.needsContinuingEducation = true
      t.cePeriod = registrationPeriod(endingOn: expiry, p)
      t.summary = LocalizedText(
        "timingRules.changeOfRegistrationWithinMonths",
        ["changeRenewalMonthsBeforeExpiry": p.changeRenewalMonthsBeforeExpiry, "expiry": expiry])
    }
  }

  static func reregistration(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let opens = min(expiry.adding(days: 1), cancelled ?? expiry.adding(days: 1))
    t.firstDay = opens
    t.needsContinuingEducation = true
    t.cePeriod = min(date.adding(years: -p.validityYears).adding(days: 1), date)...date
    t.summary =
      cancelled.map { c in
        LocalizedText("timingRules.reRegistrationTheRegistrationWas", ["c": c])
      }
      ?? LocalizedText("timingRules.reRegistrationRegisteredUntilPossible", ["expiry": expiry, "opens": opens])
    if date < opens {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          LocalizedText("timingRules.theRegistrationIsValidUntil", ["expiry": expiry]),
          measured: Measure(date), limit: Measure(opens)))
    }
  }
}
