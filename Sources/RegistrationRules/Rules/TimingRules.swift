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
  public var summary = LocalizedText(zh: "", en: "")
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
    case .renewal:
      guard let expiry = app.applicant.registrationExpiry else { return nil }
      renewal(&t, expiry: expiry, policy)
    case .change:
      guard let expiry = app.applicant.registrationExpiry else { return nil }
      change(&t, expiry: expiry, cancelled: app.applicant.registrationCancelled, policy)
    case .reregistration:
      guard let expiry = app.applicant.registrationExpiry ?? app.applicant.registrationCancelled else { return nil }
      reregistration(&t, expiry: expiry, cancelled: app.applicant.registrationCancelled, policy)
    }
    return t
  }

  /// The day from which an initial registration is overdue (exclusive deadline).
  public static func initialDeadline(qualified: CalendarDate, _ p: RegistrationPolicy) -> CalendarDate {
    qualified < p.initialCutoverDate ? p.initialDeadlineBeforeCutover : qualified.adding(years: p.initialYearsAfterCertificate)
  }

  /// The registration period that ends on `expiry`: CE hours are counted over it.
  public static func registrationPeriod(endingOn expiry: CalendarDate, _ p: RegistrationPolicy) -> ClosedRange<CalendarDate> {
    expiry.adding(years: -p.validityYears).adding(days: 1)...expiry
  }

  static func initial(_ t: inout KindTiming, qualified: CalendarDate, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let deadline = initialDeadline(qualified: qualified, p)
    t.firstDay = qualified
    t.lastDay = deadline.adding(days: -1)
    let rule =
      qualified < p.initialCutoverDate
      ? LocalizedText(
        zh: "\(p.initialCutoverDate) 前取得资格证书，须在 \(p.initialDeadlineBeforeCutover) 前申请",
        en: "certificate obtained before \(p.initialCutoverDate): apply before \(p.initialDeadlineBeforeCutover)")
      : LocalizedText(
        zh: "取得资格证书后 \(p.initialYearsAfterCertificate) 年内（\(deadline) 前）申请",
        en: "apply within \(p.initialYearsAfterCertificate) years of the certificate (before \(deadline))")
    if date < qualified {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "applicationDate",
          zh: "申请日期 \(date) 早于取得资格证书的日期 \(qualified)，请核对日期",
          en: "the application date \(date) is before the qualification date \(qualified); check the dates",
          measured: Measure(date), limit: Measure(qualified)))
      t.summary = LocalizedText(zh: "初始注册：" + rule.zh, en: "initial registration: " + rule.en)
      return
    }
    if date >= deadline {
      t.overdueInitial = true
      t.needsContinuingEducation = true
      t.cePeriod = date.adding(years: -p.validityYears).adding(days: 1)...date
      t.summary = LocalizedText(
        zh: "逾期初始注册：\(rule.zh)，已逾期 \(deadline.days(until: date) + 1) 天，须满足继续教育要求",
        en:
          "overdue initial registration: \(rule.en); \(deadline.days(until: date) + 1) days late, so the continuing-education requirement applies"
      )
    } else {
      t.summary = LocalizedText(zh: "初始注册：\(rule.zh)，按期", en: "initial registration: \(rule.en); on time")
    }
  }

  static func renewal(_ t: inout KindTiming, expiry: CalendarDate, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let earliest = expiry.adding(months: -p.renewalEarliestMonthsBeforeExpiry)
    let usual = expiry.adding(months: -p.renewalUsualMonthsBeforeExpiry)
    t.firstDay = earliest
    t.lastDay = expiry
    t.needsContinuingEducation = true
    t.cePeriod = registrationPeriod(endingOn: expiry, p)
    t.summary = LocalizedText(
      zh: "延续注册：注册有效期至 \(expiry)，可在 \(usual) 至 \(expiry) 申请（最早 \(earliest)）",
      en: "renewal: registered until \(expiry); apply from \(usual) to \(expiry) (at the earliest \(earliest))")
    if date > expiry {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh: "注册已于 \(expiry) 期满，不能再延续注册；请改为申请重新注册（kind: reregistration）",
          en:
            "the registration expired on \(expiry) and can no longer be renewed; apply for re-registration (kind: reregistration)",
          measured: Measure(date), limit: Measure(expiry)))
    } else if date < earliest {
      t.findings.append(
        .error(
          .deadline, field: "applicationDate",
          zh: "申请过早：延续注册最早可在期满前 \(p.renewalEarliestMonthsBeforeExpiry) 个月（\(earliest)）申请，请届时再申请",
          en:
            "too early: a renewal may be filed at the earliest \(p.renewalEarliestMonthsBeforeExpiry) months before expiry (\(earliest)); apply then",
          measured: Measure(date), limit: Measure(earliest)))
    } else if date < usual {
      t.findings.append(
        .warning(
          .earlyRenewal, field: "applicationDate",
          zh: "早于通常的申请时间（期满前 \(p.renewalUsualMonthsBeforeExpiry) 个月，即 \(usual) 起），但在最早期限（\(earliest)）之内",
          en:
            "earlier than usual (from \(p.renewalUsualMonthsBeforeExpiry) months before expiry, \(usual)) but within the earliest limit (\(earliest))",
          measured: Measure(date), limit: Measure(usual)))
    }
  }

  static func change(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let renewalFrom = expiry.adding(months: -p.changeRenewalMonthsBeforeExpiry)
    t.lastDay = expiry
    t.summary = LocalizedText(
      zh: "变更注册：注册有效期至 \(expiry)，须在有效期内申请",
      en: "change of registration: registered until \(expiry); apply within the validity")
    if let cancelled, cancelled <= date {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh: "注册已于 \(cancelled) 注销，不能变更注册；请申请重新注册（kind: reregistration）",
          en:
            "the registration was cancelled on \(cancelled) and cannot be changed; apply for re-registration (kind: reregistration)",
          measured: Measure(date), limit: Measure(cancelled)))
    } else if date > expiry {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh: "注册已于 \(expiry) 期满，不能变更注册；请申请重新注册（kind: reregistration）",
          en: "the registration expired on \(expiry) and cannot be changed; apply for re-registration (kind: reregistration)",
          measured: Measure(date), limit: Measure(expiry)))
    } else if date >= renewalFrom {
      t.changeIncludesRenewal = true
      t.needsContinuingEducation = true
      t.cePeriod = registrationPeriod(endingOn: expiry, p)
      t.summary = LocalizedText(
        zh: "变更注册（期满前 \(p.changeRenewalMonthsBeforeExpiry) 个月内，同时办理延续注册）：注册有效期至 \(expiry)，须满足继续教育要求",
        en:
          "change of registration within \(p.changeRenewalMonthsBeforeExpiry) months of expiry, so also a renewal: registered until \(expiry); the continuing-education requirement applies"
      )
    }
  }

  static func reregistration(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let opens = min(expiry.adding(days: 1), cancelled ?? expiry.adding(days: 1))
    t.firstDay = opens
    t.needsContinuingEducation = true
    t.cePeriod = date.adding(years: -p.validityYears).adding(days: 1)...date
    t.summary =
      cancelled.map { c in
        LocalizedText(
          zh: "重新注册：注册于 \(c) 注销，注销后可申请，须满足继续教育要求",
          en:
            "re-registration: the registration was cancelled on \(c); possible from then on, with the continuing-education requirement"
        )
      }
      ?? LocalizedText(
        zh: "重新注册：注册有效期至 \(expiry)，期满后（\(opens) 起）可申请，须满足继续教育要求",
        en: "re-registration: registered until \(expiry); possible from \(opens), with the continuing-education requirement")
    if date < opens {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh: "注册有效期至 \(expiry)，尚未期满，不能重新注册；请申请延续注册（kind: renewal）或变更注册（kind: change）",
          en:
            "the registration is valid until \(expiry), so re-registration is not possible; apply for renewal (kind: renewal) or a change (kind: change)",
          measured: Measure(date), limit: Measure(opens)))
    }
  }
}
