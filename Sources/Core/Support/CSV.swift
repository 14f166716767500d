/// CSV cells as spreadsheets open them (RFC 4180 quoting), written one way everywhere.
public enum CSV {
  /// What to do with a cell that a spreadsheet would run as a formula.
  public enum Formulas: Sendable {
    /// Prefixed with `'` when it starts with `= + - @`, a tab or a return: for anything
    /// that came from an upload (a folder name, an applicant's name), which must never run
    /// in the reviewer's spreadsheet.
    case defused
    /// Written as given: for our own cells, such as `="0012345"`, which keeps leading
    /// zeros and all 18 digits of an ID number as text in Excel, WPS and LibreOffice.
    case ours
  }

  /// One cell: defused if asked, and quoted when it holds a comma, a quote or a line break.
  public static func field(_ value: String, formulas: Formulas) -> String {
    var v = value
    if formulas == .defused, let first = v.first, "=+-@\t\r".contains(first) { v = "'" + v }
    guard v.contains(where: { ",\"\n\r".contains($0) }) else { return v }
    return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One row, its cells joined by commas and ended by `newline`.
  public static func row(_ cells: [String], formulas: Formulas, newline: String = "\n") -> String {
    cells.map { field($0, formulas: formulas) }.joined(separator: ",") + newline
  }
}
