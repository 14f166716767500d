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
            zh: "第 \(i + 1) 条继续教育记录（\(date)）晚于申请日期 \(referenceDate)，不计入任何学时要求",
            en:
              "continuing-education record \(i + 1) (\(date)) is dated after the application (\(referenceDate)) and counts toward no requirement",
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
            zh: "第 \(i + 1) 条继续教育记录（\(date)）不在计算期间 \(period.lowerBound) 至 \(period.upperBound) 内，未计入学时",
            en:
              "continuing-education record \(i + 1) (\(date)) is outside the period \(period.lowerBound) to \(period.upperBound) and is not counted",
            measured: Measure(date)))
      }
    }
    if !summary.isMet {
      let missing = Measure(policy.ceHoursPerPeriod - summary.countedHours)
      summary.findings.append(
        .error(
          .ceHours, field: "continuingEducation",
          zh:
            "继续教育学时不足：\(period.lowerBound) 至 \(period.upperBound) 期间计入 \(Measure(summary.countedHours)) 学时，要求至少 \(Measure(policy.ceHoursPerPeriod)) 学时，还差 \(missing) 学时；请补充继续教育记录",
          en:
            "not enough continuing education: \(Measure(summary.countedHours)) hours counted from \(period.lowerBound) to \(period.upperBound), at least \(Measure(policy.ceHoursPerPeriod)) required, \(missing) short; add continuing-education records",
          measured: .number(summary.countedHours), limit: .number(policy.ceHoursPerPeriod)))
    }
    return summary
  }
}
