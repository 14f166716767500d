/// Rows of a CSV (or tab-separated) text, as RFC 4180 reads them and Excel writes them:
/// fields in double quotes may hold the separator, line breaks and doubled quotes.
public enum DelimitedText {
  /// The separator of the header line: a tab, a semicolon (Excel in some locales) or a comma.
  public static func separator(of text: Substring) -> Character {
    let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
    let counts: [(Character, Int)] = [("\t", 0), (";", 0), (",", 0)].map { c, _ in (c, firstLine.count { $0 == c }) }
    return counts.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? ","
  }

  /// Every record's fields; at most `maxRows` records (a larger file is refused by the
  /// caller, who is told by the count).
  public static func rows(_ text: String, maxRows: Int) -> [[String]] {
    let body = Substring(text)
    let separator = separator(of: body)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var fieldStarted = false
    var iterator = body.makeIterator()
    var pending: Character? = nil
    func next() -> Character? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    while let c = next() {
      if quoted {
        if c == "\"" {
          if let after = next() {
            if after == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = after
            }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
        continue
      }
      switch c {
      case "\"" where !fieldStarted:
        quoted = true
        fieldStarted = true
      case separator:
        row.append(field)
        field = ""
        fieldStarted = false
      case "\n", "\r\n", "\r":
        row.append(field)
        rows.append(row)
        if rows.count > maxRows { return rows }
        row = []
        field = ""
        fieldStarted = false
      default:
        field.append(c)
        fieldStarted = true
      }
    }
    if fieldStarted || !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }
}
