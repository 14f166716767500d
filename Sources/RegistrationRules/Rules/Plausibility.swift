import Core

/// Values no rule should ever compute with: dates outside the policy's plausible range
/// (a mistyped year: 9999, 0001, 2924) and hours that are not a finite number within the
/// policy's maximum per record. Each is refused once, as `INVALID_FIELD`, and the rules
/// that need it see the field as absent, so they are skipped instead of reasoning (or
/// overflowing) on nonsense.
public enum Plausibility {
  /// The refusals, one per implausible field.
  public static func findings(_ app: Application, policy: RegistrationPolicy) -> [Finding] {
    var findings: [Finding] = []
    let range = policy.plausibleDates
    func check(_ date: CalendarDate?, _ path: String) {
      guard let date, !range.contains(date) else { return }
      let label = FieldLabels.label(path)
      findings.append(
        .error(
          .invalidField, field: path,
          LocalizedText(
            "plausibility.notAPlausibleDate",
            ["field": label ?? LocalizedText(verbatim: path), "date": date, "from": range.lowerBound, "to": range.upperBound]),
          measured: Measure(date), limit: .text("\(range.lowerBound)..\(range.upperBound)")))
    }
    func check(_ month: YearMonth?, _ path: String) {
      guard let month else { return }
      check(CalendarDate(year: month.year, month: month.month, day: 1), path)
    }
    check(app.applicationDate, "applicationDate")
    check(app.applicant.birthDate, "applicant.birthDate")
    check(app.applicant.qualificationDate, "applicant.qualificationDate")
    check(app.applicant.registrationExpiry, "applicant.registrationExpiry")
    check(app.applicant.registrationCancelled, "applicant.registrationCancelled")
    for (i, period) in app.workExperience.enumerated() {
      check(period.from, "workExperience[\(i)].from")
      check(period.to, "workExperience[\(i)].to")
    }
    for (i, record) in app.continuingEducation.enumerated() {
      check(record.date, "continuingEducation[\(i)].date")
      if let hours = record.hours, !hours.isFinite || hours > policy.ceMaxHoursPerRecord {
        findings.append(
          .error(
            .invalidField, field: "continuingEducation[\(i)].hours",
            LocalizedText(
              "plausibility.continuingEducationRecordClaimsHours",
              ["i": i + 1, "hours": Measure(hours), "ceMaxHoursPerRecord": Measure(policy.ceMaxHoursPerRecord)]),
            measured: hours.isFinite ? .number(hours) : .text("\(hours)"), limit: .number(policy.ceMaxHoursPerRecord)))
      }
    }
    return findings
  }

  /// The application as the rules may use it: every field `findings` refused is absent.
  public static func usable(_ app: Application, refused findings: [Finding]) -> Application {
    let refused = Set(findings.compactMap(\.field))
    guard !refused.isEmpty else { return app }
    var a = app
    if refused.contains("applicationDate") { a.applicationDate = nil }
    if refused.contains("applicant.birthDate") { a.applicant.birthDate = nil }
    if refused.contains("applicant.qualificationDate") { a.applicant.qualificationDate = nil }
    if refused.contains("applicant.registrationExpiry") { a.applicant.registrationExpiry = nil }
    if refused.contains("applicant.registrationCancelled") { a.applicant.registrationCancelled = nil }
    for i in a.workExperience.indices {
      if refused.contains("workExperience[\(i)].from") { a.workExperience[i].from = nil }
      if refused.contains("workExperience[\(i)].to") { a.workExperience[i].to = nil }
    }
    for i in a.continuingEducation.indices {
      if refused.contains("continuingEducation[\(i)].date") { a.continuingEducation[i].date = nil }
      if refused.contains("continuingEducation[\(i)].hours") { a.continuingEducation[i].hours = nil }
    }
    return a
  }
}
