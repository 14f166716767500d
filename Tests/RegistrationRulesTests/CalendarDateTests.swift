import Foundation
import Testing

@testable import Core
@testable import RegistrationRules

@Suite struct CalendarDateTests {
  @Test(arguments: [
    ("2026-11-20", "2026-11-20"), ("2026/11/20", "2026-11-20"), ("2026.1.5", "2026-01-05"),
    ("20261120", "2026-11-20"), ("2026年11月20日", "2026-11-20"), (" 2024-02-29 ", "2024-02-29"),
  ])
  func parsesWhatPeopleWrite(_ text: String, _ iso: String) {
    #expect(CalendarDate.parse(text)?.description == iso)
  }

  @Test(arguments: [
    "2023-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "2026-11", "2026-11-20x", "2026-11/20",
    "2026--11-20", "11/20/2026x", "", "tomorrow", "2026-11-",
  ])
  func rejectsWhatIsNotADay(_ text: String) {
    #expect(CalendarDate.parse(text) == nil)
  }

  /// Foundation's Gregorian calendar is the independent oracle for day numbers.
  @Test func dayNumbersAgreeWithFoundation() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    for dayNumber in stride(from: -30_000, through: 40_000, by: 37) {
      let d = CalendarDate(dayNumber: dayNumber)
      let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
      #expect((d.year, d.month, d.day) == (c.year!, c.month!, c.day!))
      #expect(d.dayNumber == dayNumber)
    }
  }

  @Test(arguments: [
    ("2027-05-31", -3, "2027-02-28"), ("2028-05-31", -3, "2028-02-29"), ("2027-01-31", -3, "2026-10-31"),
    ("2027-01-31", -12, "2026-01-31"), ("2024-02-29", 12, "2025-02-28"), ("2026-12-15", 1, "2027-01-15"),
    ("2026-01-15", -1, "2025-12-15"),
  ])
  func monthArithmeticClampsToTheMonthEnd(_ start: String, _ months: Int, _ expected: String) {
    #expect(date(start).adding(months: months) == date(expected))
  }

  @Test(arguments: [
    ("2015-07", "2015-07"), ("2015/7", "2015-07"), ("201507", "2015-07"), ("2015年7月", "2015-07"),
    ("2015-07-20", "2015-07"),
  ])
  func parsesMonths(_ text: String, _ iso: String) {
    #expect(YearMonth.parse(text)?.description == iso)
  }

  @Test func todayIsCountedInBeijing() {
    // 2026-11-22 17:30 UTC is already 2026-11-23 01:30 in Beijing.
    let instant = Date(timeIntervalSince1970: 1_795_368_600)
    #expect(CalendarDate.today(now: instant) == date("2026-11-23"))
  }
}
