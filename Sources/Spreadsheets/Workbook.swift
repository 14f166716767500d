/// A cell as a spreadsheet holds it: the number Excel stores for a date stays a number
/// (with the knowledge that it is shown as a date) until a column says what it means.
public enum Cell: Sendable, Equatable {
  case empty
  case text(String)
  /// A number, and whether its format shows it as a date (Excel's day count).
  case number(Double, isDate: Bool)
  case bool(Bool)
  /// A formula's error (`#N/A`, `#REF!`).
  case error(String)

  public var isEmpty: Bool {
    switch self {
    case .empty: true
    case .text(let s): s.allSatisfy(\.isWhitespace)
    default: false
    }
  }
}

/// One row: its number as the spreadsheet shows it (1-based) and its cells by column.
public struct SheetRow: Sendable, Equatable {
  public var number: Int
  public var cells: [Cell]

  public init(number: Int, cells: [Cell]) {
    self.number = number
    self.cells = cells
  }

  public subscript(column: Int) -> Cell { column < cells.count ? cells[column] : .empty }
  public var isEmpty: Bool { cells.allSatisfy(\.isEmpty) }
}

public struct Sheet: Sendable, Equatable {
  public var name: String
  public var rows: [SheetRow]

  public init(name: String, rows: [SheetRow]) {
    self.name = name
    self.rows = rows
  }
}

/// The sheets of a workbook (an .xlsx file, or a CSV file as one sheet).
public struct Workbook: Sendable, Equatable {
  public var sheets: [Sheet]
  /// Whether day numbers count from 1904 (old Mac Excel) instead of 1900.
  public var date1904: Bool
  /// What the text was read as, for a CSV file.
  public var encoding: TextDecoding.Encoding?

  public init(sheets: [Sheet], date1904: Bool = false, encoding: TextDecoding.Encoding? = nil) {
    self.sheets = sheets
    self.date1904 = date1904
    self.encoding = encoding
  }

  /// A CSV text as a one-sheet workbook; every cell is text, as typed.
  public static func csv(_ text: String, name: String, maxRows: Int, encoding: TextDecoding.Encoding?) -> Workbook {
    let rows = DelimitedText.rows(text, maxRows: maxRows).enumerated().map { index, fields in
      SheetRow(number: index + 1, cells: fields.map { $0.isEmpty ? .empty : .text(unwrapped($0)) })
    }
    return Workbook(sheets: [Sheet(name: name, rows: rows)], encoding: encoding)
  }

  /// `="0012345"`: the way a CSV tells Excel to keep digits as text (leading zeros, all
  /// 18 digits of an ID number); the text inside is the value.
  static func unwrapped(_ field: String) -> String {
    guard field.hasPrefix("=\""), field.hasSuffix("\""), field.count >= 3 else { return field }
    return String(field.dropFirst(2).dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
  }

  /// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
  public static func columnName(_ index: Int) -> String {
    var n = index + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }
}
