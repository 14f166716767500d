import Core
import Foundation
import RegistrationRules

/// A cell as the text the application loader reads, by what its column holds: dates as
/// YYYY-MM-DD (from Excel's day numbers, or `2019/5/10`, `2019年5月10日` as typed), months
/// as YYYY-MM, and numbers that are really digits (ID numbers, phones, credit codes)
/// checked for what Excel does to them.
enum CellValue {
  struct Problem: Error {
    var text: LocalizedText
    init(_ text: LocalizedText) { self.text = text }
  }

  static let dates: Set<String> = [
    "applicationDate", "applicant.birthDate", "applicant.qualificationDate", "applicant.registrationExpiry",
    "applicant.registrationCancelled", "date",
  ]
  static let months: Set<String> = ["from", "to"]
  /// Text made of digits that Excel turns into a number when the column is not "Text".
  static let digits: Set<String> = [
    "id", "applicant.idNumber", "applicant.phone", "employer.creditCode", "employer.phone",
    "applicant.qualificationCertificateNo", "applicant.registrationCertificateNo",
  ]

  /// The generic key of a path: `workExperience[2].from` → `from`; others unchanged.
  static func kind(of path: String) -> String {
    path.contains("[") ? String(path.split(separator: ".").last ?? "") : path
  }

  static func text(_ cell: Cell, for path: String, date1904: Bool) -> Result<String?, Problem> {
    let key = kind(of: path)
    switch cell {
    case .empty:
      return .success(nil)
    case .bool(let b):
      return .success(b ? "true" : "false")
    case .error(let code):
      return .failure(
        Problem(LocalizedText("cellValue.theCellHoldsTheFormula", ["code": code])))
    case .number(let value, let isDate):
      if dates.contains(key) || months.contains(key) {
        let month = months.contains(key)
        let integral = value.rounded() == value
        // 20190510 or 201907 typed into a number cell; 2015.07 typed as a month.
        let typed = integral && (month ? (100_000...999_999) : (10_000_000...99_999_999)).contains(value)
        if !isDate && (typed || (month && !integral)) {
          return .success(typedDate(month ? String(value) : plain(value), month: month))
        }
        guard let day = excelDay(value, date1904: date1904) else {
          return .failure(Problem(LocalizedText("cellValue.isNotAValidDate", ["value": plain(value)])))
        }
        return .success(month ? String(day.description.prefix(7)) : day.description)
      }
      if digits.contains(key) {
        // Excel keeps 15 significant digits: an 18-digit ID number has lost its last ones.
        if value >= 1e15 {
          return .failure(lostDigits(shown: String(format: "%.5E", value)))
        }
        return .success(plain(value))
      }
      return .success(plain(value))
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { return .success(nil) }
      if digits.contains(key), text.range(of: #"^[0-9.]+[eE]\+?[0-9]+$"#, options: .regularExpression) != nil {
        return .failure(lostDigits(shown: text))
      }
      if dates.contains(key) { return .success(typedDate(text, month: false)) }
      if months.contains(key) { return .success(typedDate(text, month: true)) }
      return .success(text)
    }
  }

  static func lostDigits(shown: String) -> Problem {
    Problem(
      LocalizedText("cellValue.theSpreadsheetStoredThisNumber", ["shown": shown])
    )
  }

  /// A number as people write it: no `.0`, no exponent.
  static func plain(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }

  /// `2019/5/10`, `2019.5.10`, `2019年5月10日`, `20190510` → `2019-05-10`; months alike.
  /// Anything else is left as typed, for the loader to refuse with its own message.
  static func typedDate(_ text: String, month: Bool) -> String {
    let t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
    // A date-time from a text export: the date part.
    let head = t.split(separator: " ").first.map(String.init) ?? t
    if !month, head.count == 8, head.allSatisfy(\.isNumber), let y = Int(head.prefix(4)),
      let m = Int(head.dropFirst(4).prefix(2)),
      let d = Int(head.suffix(2))
    {
      return String(format: "%04d-%02d-%02d", y, m, d)
    }
    if month, head.count == 6, head.allSatisfy(\.isNumber), let y = Int(head.prefix(4)), let m = Int(head.suffix(2)) {
      return String(format: "%04d-%02d", y, m)
    }
    let parts = head.split { "-/.年月日".contains($0) }.map(String.init)
    let numbers = parts.compactMap(Int.init)
    guard numbers.count == parts.count, let y = numbers.first, y >= 1000 else { return text }
    if month, numbers.count == 2 {
      // Excel turns a typed 2015.10 into the number 2015.1: read the month as two digits.
      if head.contains("."), parts[1].count == 1, !head.contains("月") { return String(format: "%04d-%02d", y, numbers[1] * 10) }
      return String(format: "%04d-%02d", y, numbers[1])
    }
    if numbers.count == 3 { return String(format: "%04d-%02d-%02d", y, numbers[1], numbers[2]) }
    return text
  }

  /// Excel's day number as a date: 1900 system (day 1 = 1900-01-01, with Lotus's
  /// non-existent 1900-02-29 as day 60) or 1904 system (day 0 = 1904-01-01).
  static func excelDay(_ value: Double, date1904: Bool) -> CalendarDate? {
    // The range first: converting 1e300 or NaN to Int would trap.
    guard value.isFinite, value >= 0, value < 3_000_000 else { return nil }
    let days = Int(value.rounded(.down))
    if date1904 { return CalendarDate(year: 1904, month: 1, day: 1).map { $0.adding(days: days) } }
    guard days >= 1 else { return nil }
    if days < 60 { return CalendarDate(year: 1899, month: 12, day: 31).map { $0.adding(days: days) } }
    if days == 60 { return nil }
    return CalendarDate(year: 1899, month: 12, day: 30).map { $0.adding(days: days) }
  }
}
