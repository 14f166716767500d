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
        zh: "\(p.initialCutoverDate) 前取得资格证书，须在 \(p.initialDeadlineBeforeCutover) 前申请",
        en: "certificate obtained before \(p.initialCutoverDate): apply before \(p.initialDeadlineBeforeCutover)")
      : LocalizedText(
        zh: "取得资格证书后 \(p.initialYearsAfterCertificate) 年内（至 \(lastDay)，含当日）申请",
        en: "apply within \(p.initialYearsAfterCertificate) years of the certificate (until \(lastDay), that day included)")
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
    if date > lastDay {
      t.overdueInitial = true
      t.needsContinuingEducation = true
      t.cePeriod = min(date.adding(years: -p.validityYears).adding(days: 1), date)...date
      t.summary = LocalizedText(
        zh: "逾期初始注册：\(rule.zh)，已逾期 \(lastDay.days(until: date)) 天，须满足继续教育要求",
        en:
          "overdue initial registration: \(rule.en); \(lastDay.days(until: date)) days late, so the continuing-education requirement applies"
      )
    } else {
      t.summary = LocalizedText(zh: "初始注册：\(rule.zh)，按期", en: "initial registration: \(rule.en); on time")
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
          zh: "已注册过（注册证书 \(a.registrationCertificateNo ?? "")，\(cancelled) 注销），不能再申请初始注册；请申请重新注册（kind: reregistration）",
          en:
            "already registered before (certificate \(a.registrationCertificateNo ?? ""), cancelled on \(cancelled)), so not an initial registration; apply for re-registration (kind: reregistration)",
          measured: Measure(date), limit: Measure(cancelled)))
    } else if expiry < date {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh: "已注册过（注册证书 \(a.registrationCertificateNo ?? "")，有效期至 \(expiry)，已期满），不能再申请初始注册；请申请重新注册（kind: reregistration）",
          en:
            "already registered before (certificate \(a.registrationCertificateNo ?? ""), valid until \(expiry), expired), so not an initial registration; apply for re-registration (kind: reregistration)",
          measured: Measure(date), limit: Measure(expiry)))
    } else {
      t.findings.append(
        .error(
          .kindNotAllowed, field: "kind",
          zh:
            "已注册（注册证书 \(a.registrationCertificateNo ?? "")，有效期至 \(expiry)），初始注册只用于首次注册；请申请延续注册（kind: renewal）或变更注册（kind: change）",
          en:
            "already registered (certificate \(a.registrationCertificateNo ?? ""), valid until \(expiry)); an initial registration is the first one: apply for a renewal (kind: renewal) or a change (kind: change)",
          measured: Measure(date), limit: Measure(expiry)))
    }
  }

  /// 延续注册 is "继续注册到原聘用单位": with another employer it is a change.
  static func sameEmployer(_ t: inout KindTiming, registered: String?, current: String?) {
    guard let registered, let current, normalizedName(registered) != normalizedName(current) else { return }
    t.findings.append(
      .error(
        .kindNotAllowed, field: "employer.name",
        zh:
          "延续注册只适用于继续注册到原聘用单位（\(registered)）；聘用单位已变为“\(current)”，请申请变更注册（kind: change，change.reasons: [employer]），期满前一年内的变更注册同时办理延续注册",
        en:
          "a renewal keeps the registered employer (\(registered)); the employer is now \"\(current)\", so apply for a change (kind: change, change.reasons: [employer]), which within a year of expiry is also a renewal",
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
      zh: "延续注册：注册有效期至 \(expiry)，可在 \(usual) 至 \(expiry) 申请（最早 \(earliest)）",
      en: "renewal: registered until \(expiry); apply from \(usual) to \(expiry) (at the earliest \(earliest))")
    if let cancelled, cancelled <= date {
      t.findings.append(afterCancellation(cancelled, on: date, LocalizedText(zh: "延续注册", en: "renewed")))
    } else if date > expiry {
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

  /// A cancelled registration (注销) can only be followed by a re-registration.
  static func afterCancellation(_ cancelled: CalendarDate, on date: CalendarDate, _ what: LocalizedText) -> Finding {
    .error(
      .kindNotAllowed, field: "kind",
      zh: "注册已于 \(cancelled) 注销，不能\(what.zh)；请申请重新注册（kind: reregistration）",
      en:
        "the registration was cancelled on \(cancelled) and cannot be \(what.en); apply for re-registration (kind: reregistration)",
      measured: Measure(date), limit: Measure(cancelled))
  }

  static func change(_ t: inout KindTiming, expiry: CalendarDate, cancelled: CalendarDate?, _ p: RegistrationPolicy) {
    let date = t.referenceDate
    let renewalFrom = expiry.adding(months: -p.changeRenewalMonthsBeforeExpiry)
    t.lastDay = expiry
    t.summary = LocalizedText(
      zh: "变更注册：注册有效期至 \(expiry)，须在有效期内申请",
      en: "change of registration: registered until \(expiry); apply within the validity")
    if let cancelled, cancelled <= date {
      t.findings.append(afterCancellation(cancelled, on: date, LocalizedText(zh: "变更注册", en: "changed")))
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
    t.cePeriod = min(date.adding(years: -p.validityYears).adding(days: 1), date)...date
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
