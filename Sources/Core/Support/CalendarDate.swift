import Foundation

/// A day in the proleptic Gregorian calendar, without a time or a time zone: the unit of
/// every registration rule. Arithmetic is on day numbers, so it is exact and fast.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// - Returns: `nil` when the triple is not a real calendar day (2023-02-29, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(year: year, month: month)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The first and last days this type holds; arithmetic stops at them instead of
  /// leaving the calendar (no date an application holds comes near either).
  public static let earliest = CalendarDate(checkedYear: 1, month: 1, day: 1)
  public static let latest = CalendarDate(checkedYear: 9999, month: 12, day: 31)

  private init(checkedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The day `dayNumber` days after 1970-01-01 (Howard Hinnant's `civil_from_days`),
  /// clamped to `earliest ... latest`.
  public init(dayNumber raw: Int) {
    let dayNumber = min(max(raw, CalendarDate.earliest.dayNumber), CalendarDate.latest.dayNumber)
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Adds days, stopping at `earliest` or `latest` (never traps, whatever `days` is).
  public func adding(days: Int) -> CalendarDate {
    let (sum, overflow) = dayNumber.addingReportingOverflow(days)
    return overflow ? (days < 0 ? .earliest : .latest) : CalendarDate(dayNumber: sum)
  }

  /// Adds calendar months; a day that does not exist in the target month becomes that
  /// month's last day (2027-05-31 minus 3 months is 2027-02-28), as people count months.
  /// Stops at `earliest` or `latest`.
  public func adding(months: Int) -> CalendarDate {
    // Beyond ±10,000 years the answer is one of the ends anyway; clamping first keeps the
    // arithmetic far from overflow.
    let index = year * 12 + (month - 1) + min(max(months, -120_000), 120_000)
    let y = index.floorDiv(12)
    let m = index - y * 12 + 1
    if y < 1 { return .earliest }
    if y > 9999 { return .latest }
    return CalendarDate(checkedYear: y, month: m, day: min(day, CalendarDate.daysIn(year: y, month: m)))
  }

  public func adding(years: Int) -> CalendarDate {
    adding(months: years.multipliedReportingOverflow(by: 12).overflow ? (years < 0 ? -120_000 : 120_000) : years * 12)
  }

  /// Whole days from `self` to `other` (negative when `other` is earlier).
  public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

  public var yearMonth: YearMonth { YearMonth(checkedYear: year, month: month) }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// ISO 8601, `2026-11-20`.
  public var description: String {
    "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
  }

  /// As printed on Chinese forms, `2026年11月20日`.
  public var chinese: String { "\(year)年\(month)月\(day)日" }

  public static func pad(_ n: Int, _ width: Int, radix: Int = 10) -> String {
    let s = String(n, radix: radix, uppercase: true)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// Reads the ways people write a date on forms: `2026-11-20`, `2026/11/20`,
  /// `2026.11.20`, `20261120` and `2026年11月20日`. Anything else is `nil`.
  public static func parse(_ text: String) -> CalendarDate? {
    let parts = DateText.numbers(in: text)
    switch parts.count {
    case 3: return CalendarDate(year: parts[0], month: parts[1], day: parts[2])
    case 1 where text.count == 8:
      let n = parts[0]
      return CalendarDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
    default: return nil
    }
  }

  /// Today in China Standard Time: the registration rules count days in Beijing.
  public static func today(now: Date = Date()) -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? calendar.timeZone
    let c = calendar.dateComponents([.year, .month, .day], from: now)
    return CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(dayNumber: 0)
  }
}

/// A calendar month, the precision of work-history periods (`2015-07`).
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init?(year: Int, month: Int) {
    guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// For a year and month already known to be valid (those of a `CalendarDate`).
  init(checkedYear year: Int, month: Int) {
    self.year = year
    self.month = month
  }

  /// Adds years, stopping at years 1 and 9999.
  public func adding(years: Int) -> YearMonth {
    YearMonth(checkedYear: min(max(year + min(max(years, -10_000), 10_000), 1), 9999), month: month)
  }

  /// Months since year 0: consecutive months differ by one.
  public var index: Int { year * 12 + month - 1 }

  public static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }

  public var description: String { "\(CalendarDate.pad(year, 4))-\(CalendarDate.pad(month, 2))" }
  public var chinese: String { "\(year)年\(month)月" }

  /// `2015-07`, `2015/07`, `2015.7`, `201507`, `2015年7月`; a full date is taken as its month.
  public static func parse(_ text: String) -> YearMonth? {
    let parts = DateText.numbers(in: text)
    switch parts.count {
    case 2: return YearMonth(year: parts[0], month: parts[1])
    case 3: return CalendarDate(year: parts[0], month: parts[1], day: parts[2])?.yearMonth
    case 1 where text.count == 6: return YearMonth(year: parts[0] / 100, month: parts[0] % 100)
    default: return nil
    }
  }
}

/// The shared tokenizer of the date parsers: digit runs separated by `-`, `/`, `.` or the
/// Chinese 年/月/日, and nothing else.
enum DateText {
  static func numbers(in raw: String) -> [Int] {
    let text = raw.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty, text.count <= 16 else { return [] }
    var numbers: [Int] = []
    var current = ""
    var lastWasSeparator = true
    for ch in text {
      if ch.isASCII, ch.isNumber {
        current.append(ch)
        lastWasSeparator = false
      } else if "-/.年月日".contains(ch) {
        if lastWasSeparator { return [] }
        guard let n = Int(current) else { return [] }
        numbers.append(n)
        current = ""
        lastWasSeparator = true
      } else {
        return []
      }
    }
    if !current.isEmpty {
      guard let n = Int(current) else { return [] }
      numbers.append(n)
    } else if let last = text.last, !"年月日".contains(last) {
      return []  // a trailing '-' or '/'
    }
    // Separators must be of one family: `2026-11/20` is a typo, not a date.
    let separators = Set(text.filter { "-/.".contains($0) })
    return separators.count <= 1 ? numbers : []
  }
}

extension Int {
  /// Division that rounds towards minus infinity, for month arithmetic before year 0.
  func floorDiv(_ d: Int) -> Int {
    let q = self / d
    return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
  }
}

/// A day travels as `YYYY-MM-DD` (in policies sent to the check workers).
extension CalendarDate: Codable {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CalendarDate.parse(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
