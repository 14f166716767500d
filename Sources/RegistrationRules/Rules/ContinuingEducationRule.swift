import Core

/// Continuing-education hours counted over a registration period.
public struct CESummary: Sendable, Equatable {
  public var period: ClosedRange<CalendarDate>
  public var requiredHours: Double
  public var countedHours: Double
  /// Indices of the records counted, of those outside the period, and of those dated
  /// after the application (they count toward no requirement).
  public var counted: [Int]
  public var outsidePeriod: [Int]
  public var afterApplication: [Int] = []
  /// Counted records typed in by the applicant (they want a certificate).
  public var selfEnteredCounted: Int
  public var findings: [Finding]

  public var isMet: Bool { countedHours >= requiredHours }
}

public enum ContinuingEducationRule {
  /// Sums the hours of the records dated inside `period`, and not after the application
  /// (`referenceDate`: the application date, or today without one), and compares them
  /// with the policy's requirement. Records without a date or hours are the validator's
  /// concern.
  public static func evaluate(
    _ records: [CERecord], period: ClosedRange<CalendarDate>, referenceDate: CalendarDate, policy: RegistrationPolicy
  ) -> CESummary {
    var summary = CESummary(
      period: period, requiredHours: policy.ceHoursPerPeriod, countedHours: 0,
      counted: [], outsidePeriod: [], selfEnteredCounted: 0, findings: [])
    for (i, record) in records.enumerated() {
      guard let date = record.date, let hours = record.hours, hours > 0 else { continue }
      if date > referenceDate {
        summary.afterApplication.append(i)
        summary.findings.append(
          .warning(
            .ceHours, field: "continuingEducation[\(i)].date",
            LocalizedText(
              "continuingEducationRule.continuingEducationRecordIsDated",
              ["i": i + 1, "date": date, "referenceDate": referenceDate]),
            measured: Measure(date), limit: Measure(referenceDate)))
      } else if period.contains(date) {
        summary.countedHours += hours
        summary.counted.append(i)
        if record.source == .selfEntered { summary.selfEnteredCounted += 1 }
      } else {
        summary.outsidePeriod.append(i)
        summary.findings.append(
          .warning(
            .ceHours, field: "continuingEducation[\(i)].date",
            LocalizedText(
              "continuingEducationRule.continuingEducationRecordIsOutside",
              ["i": i + 1, "date": date, "lowerBound": period.lowerBound, "upperBound": period.upperBound]),
            measured: Measure(date)))
      }
    }
    if !summary.isMet {
      let missing = Measure(policy.ceHoursPerPeriod - summary.countedHours)
      summary.findings.append(
        .error(
          .ceHours, field: "continuingEducation",
          LocalizedText(
            "continuingEducationRule.notEnoughContinuingEducationHours",
            [
              "lowerBound": period.lowerBound, "upperBound": period.upperBound, "countedHours": Measure(summary.countedHours),
              "ceHoursPerPeriod": Measure(policy.ceHoursPerPeriod), "missing": missing,
            ]),
          measured: .number(summary.countedHours), limit: .number(policy.ceHoursPerPeriod)))
    }
    return summary
  }
}
