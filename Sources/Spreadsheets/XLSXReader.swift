import Core
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Why a spreadsheet could not be read at all.
public struct SpreadsheetError: Error, Sendable, Equatable {
  public var text: LocalizedText

  public init(_ text: LocalizedText) { self.text = text }
}

/// Reads the cells of an .xlsx workbook (Office Open XML, as Excel, WPS and LibreOffice
/// write it) with our own ZIP reader (zlib) and Foundation's XML parser: shared strings, inline
/// strings, numbers, booleans, and which numbers are dates (by their number format).
/// Formulas are read as their cached values. Every part is size-checked before it is
/// inflated, and documents with a DTD are refused (no entity expansion).
public enum XLSXReader {
  public struct Limits: Sendable {
    /// Largest inflated part (a sheet's XML), and all parts together, in bytes.
    public var maxPartBytes: Int
    public var maxTotalBytes: Int
    public var maxRows: Int
    public var maxColumns: Int

    public init(maxPartBytes: Int, maxTotalBytes: Int, maxRows: Int, maxColumns: Int = 256) {
      self.maxPartBytes = maxPartBytes
      self.maxTotalBytes = maxTotalBytes
      self.maxRows = maxRows
      self.maxColumns = maxColumns
    }
  }

  /// The workbook in `bytes`.
  public static func read(_ bytes: [UInt8], limits: Limits) throws(SpreadsheetError) -> Workbook {
    let archive: ZipReader
    do {
      archive = try ZipReader(bytes)
    } catch {
      throw SpreadsheetError(LocalizedText("xlsxReader.notAValidXlsxFile"))
    }
    var budget = limits.maxTotalBytes
    func part(_ path: String, required: Bool = true) throws(SpreadsheetError) -> Data? {
      guard let entry = archive[path] else {
        if required {
          throw SpreadsheetError(LocalizedText("xlsxReader.notAValidXlsxFile2", ["path": path]))
        }
        return nil
      }
      let data: Data
      do {
        data = Data(try archive.extract(entry, limit: min(limits.maxPartBytes, budget)))
      } catch .tooLarge {
        throw tooLarge(path)
      } catch .unsupported {
        throw SpreadsheetError(
          LocalizedText("xlsxReader.usesACompressionOrEncryption", ["path": path]))
      } catch {
        throw SpreadsheetError(LocalizedText("xlsxReader.isDamagedAndCannotBe", ["path": path]))
      }
      budget -= data.count
      if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!doctype".utf8)) != nil {
        throw SpreadsheetError(LocalizedText("xlsxReader.holdsADTDWhichIs", ["path": path]))
      }
      guard XMLPrecheck.plausible(data) else {
        throw SpreadsheetError(LocalizedText("xlsxReader.theXMLOfIsMalformed", ["path": path]))
      }
      return data
    }

    let workbook = try parse(try part("xl/workbook.xml")!, WorkbookParts())
    let relations = try parse(try part("xl/_rels/workbook.xml.rels")!, Relationships())
    let shared =
      try part("xl/sharedStrings.xml", required: false).map { data throws(SpreadsheetError) in
        try parse(data, SharedStrings()).strings
      } ?? []
    let styles =
      try part("xl/styles.xml", required: false).map { data throws(SpreadsheetError) in
        try parse(data, Styles()).dateStyles
      } ?? []

    var sheets: [Sheet] = []
    for (name, id) in workbook.sheets {
      guard let target = relations.targets[id] else { continue }
      // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/…").
      let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
      guard !path.contains("..") else { continue }
      let sheet = try parse(
        try part(path)!, SheetCells(shared: shared, dateStyles: styles, maxRows: limits.maxRows, maxColumns: limits.maxColumns))
      if sheet.tooManyRows {
        throw SpreadsheetError(
          LocalizedText("xlsxReader.theSheetHasMoreThan", ["name": name, "maxRows": limits.maxRows]))
      }
      sheets.append(Sheet(name: name, rows: sheet.rows))
    }
    guard !sheets.isEmpty else {
      throw SpreadsheetError(LocalizedText("xlsxReader.theWorkbookHasNoSheets"))
    }
    return Workbook(sheets: sheets, date1904: workbook.date1904)
  }

  static func tooLarge(_ path: String) -> SpreadsheetError {
    SpreadsheetError(LocalizedText("xlsxReader.isTooLargeOnceInflated", ["path": path]))
  }

  static func parse<D: PartParser>(_ data: Data, _ delegate: D) throws(SpreadsheetError) -> D {
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.shouldProcessNamespaces = false
    parser.delegate = delegate
    guard parser.parse() || delegate.stopped, !delegate.failed else {
      throw SpreadsheetError(LocalizedText("xlsxReader.theWorkbookSXMLIs"))
    }
    return delegate
  }
}

/// An XML part's reader. Element names are matched without their namespace prefix.
/// The delegate methods are declared here and overridden: on Linux the protocol's
/// defaults live in an extension, which a subclass's methods would not replace.
class PartParser: NSObject, XMLParserDelegate {
  var failed = false
  /// Stopped on purpose (a limit), not for malformed XML.
  var stopped = false
  static func local(_ name: String) -> Substring { name.split(separator: ":").last ?? Substring(name) }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {}
  func parser(_ parser: XMLParser, foundCharacters string: String) {}
  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {}
  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }
}

/// `xl/workbook.xml`: the sheets in order, and the date system.
final class WorkbookParts: PartParser {
  var sheets: [(name: String, id: String)] = []
  var date1904 = false

  override func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch Self.local(name) {
    case "sheet":
      let id = attributes.first { Self.local($0.key) == "id" }?.value
      if let sheetName = attributes["name"], let id { sheets.append((sheetName, id)) }
    case "workbookPr":
      date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
    default: break
    }
  }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part.
final class Relationships: PartParser {
  var targets: [String: String] = [:]

  override func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if Self.local(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
      targets[id] = target
    }
  }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined, phonetic guides left out.
final class SharedStrings: PartParser {
  var strings: [String] = []
  var current = ""
  var inText = false
  var inPhonetic = false

  override func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch Self.local(name) {
    case "si": current = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  override func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  override func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    switch Self.local(name) {
    case "si": strings.append(current)
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }
}

/// `xl/styles.xml`: which cell styles (`s` indexes of `cellXfs`) show numbers as dates.
final class Styles: PartParser {
  var customFormats: [Int: String] = [:]
  var xfFormats: [Int] = []
  var inCellXfs = false

  var dateStyles: Set<Int> {
    Set(xfFormats.indices.filter { Self.isDate(xfFormats[$0], custom: customFormats[xfFormats[$0]]) })
  }

  /// Excel's built-in date formats (14–22, 45–47), the East Asian ones (27–36, 50–58),
  /// and custom formats with a day, month or year code outside quotes and brackets.
  static func isDate(_ id: Int, custom: String?) -> Bool {
    if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
    guard let custom else { return false }
    var inQuote = false, inBracket = false
    for c in custom.lowercased() {
      switch c {
      case "\"": inQuote.toggle()
      case "[": inBracket = true
      case "]": inBracket = false
      case "y", "m", "d", "e", "年", "月",
        "日" where !inQuote && !inBracket:
        return true
      default: break
      }
    }
    return false
  }

  override func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch Self.local(name) {
    case "numFmt":
      if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
    case "cellXfs": inCellXfs = true
    case "xf" where inCellXfs: xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
    default: break
    }
  }

  override func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if Self.local(name) == "cellXfs" { inCellXfs = false }
  }
}

/// A worksheet's cells, row by row, by the column letters of their references.
final class SheetCells: PartParser {
  let shared: [String]
  let dateStyles: Set<Int>
  let maxRows: Int
  let maxColumns: Int
  var rows: [SheetRow] = []
  var tooManyRows = false

  var rowNumber = 0
  var cells: [Cell] = []
  var column = 0
  var type = ""
  var style = 0
  var text = ""
  var inValue = false

  init(shared: [String], dateStyles: Set<Int>, maxRows: Int, maxColumns: Int) {
    self.shared = shared
    self.dateStyles = dateStyles
    self.maxRows = maxRows
    self.maxColumns = maxColumns
  }

  /// `C12` → 2; `nil` for a reference that is not one.
  static func column(of reference: String) -> Int? {
    var n = 0
    var letters = 0
    for scalar in reference.unicodeScalars {
      guard scalar.value >= 65 && scalar.value <= 90 else { break }
      n = n * 26 + Int(scalar.value - 64)
      letters += 1
      if letters > 3 { return nil }
    }
    return letters == 0 ? nil : n - 1
  }

  override func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch Self.local(name) {
    case "row":
      // Excel's rows end at 1,048,576: a number past that is not believed (and `+ 1` on
      // Int.max would trap).
      rowNumber =
        attributes["r"].flatMap(Int.init).flatMap { (1...1_048_576).contains($0) ? $0 : nil }
        ?? min(rowNumber, 1_048_576) + 1
      cells = []
      column = 0
    case "c":
      column = attributes["r"].flatMap(Self.column(of:)) ?? cells.count
      type = attributes["t"] ?? "n"
      style = attributes["s"].flatMap(Int.init) ?? 0
      text = ""
    case "v", "t":
      inValue = true
    default: break
    }
  }

  override func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inValue { text += string }
  }

  override func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    switch Self.local(name) {
    case "v", "t":
      inValue = false
    case "c":
      guard column < maxColumns else { return }
      let cell: Cell
      switch type {
      case "s": cell = Int(text).flatMap { $0 >= 0 && $0 < shared.count ? Cell.text(shared[$0]) : nil } ?? .empty
      case "inlineStr", "str": cell = text.isEmpty ? .empty : .text(text)
      case "b": cell = .bool(text == "1")
      case "e": cell = .error(text)
      case "d": cell = text.isEmpty ? .empty : .text(String(text.prefix(10)))  // ISO 8601 date cell
      default:
        if let value = Double(text), value.isFinite {
          cell = .number(value, isDate: dateStyles.contains(style))
        } else {
          cell = text.isEmpty ? .empty : .text(text)
        }
      }
      if cells.count <= column { cells += Array(repeating: .empty, count: column - cells.count + 1) }
      cells[column] = cell
    case "row":
      guard !tooManyRows else { return }
      if rows.count >= maxRows {
        tooManyRows = true
        stopped = true
        parser.abortParsing()
        return
      }
      rows.append(SheetRow(number: rowNumber, cells: cells))
    default: break
    }
  }

  override func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    if !tooManyRows { failed = true }
  }
}

/// What Foundation's XML parser must never see: FuzzSpreadsheet found that a tag whose
/// quoted attribute value runs on into markup (`r:id="x<bookViews>…`) with bytes that are
/// not UTF-8 makes FoundationXML trap inside its libxml2 callback (a crash, not an
/// error). A part must be UTF-8, as Excel and LibreOffice write it, and no attribute value
/// may hold a `<` (XML forbids it); comments, CDATA and processing instructions are skipped.
enum XMLPrecheck {
  static func plausible(_ data: Data) -> Bool {
    let bytes = [UInt8](data)
    guard String(validating: bytes, as: UTF8.self) != nil else { return false }
    var i = 0
    let n = bytes.count
    func starts(_ text: String, at k: Int) -> Bool {
      let t = Array(text.utf8)
      return k + t.count <= n && Array(bytes[k..<(k + t.count)]) == t
    }
    func skip(past end: String, from k: Int) -> Int? {
      let t = Array(end.utf8)
      var j = k
      while j + t.count <= n {
        if bytes[j] == t[0], Array(bytes[j..<(j + t.count)]) == t { return j + t.count }
        j += 1
      }
      return nil
    }
    while i < n {
      guard bytes[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      if starts("<!--", at: i) {
        guard let next = skip(past: "-->", from: i + 4) else { return false }
        i = next
      } else if starts("<![CDATA[", at: i) {
        guard let next = skip(past: "]]>", from: i + 9) else { return false }
        i = next
      } else if starts("<?", at: i) {
        guard let next = skip(past: "?>", from: i + 2) else { return false }
        i = next
      } else {
        // A tag: up to its `>`, quoted values taken whole; a `<` inside one is refused.
        var j = i + 1
        var quote: UInt8? = nil
        while j < n {
          let c = bytes[j]
          if let q = quote {
            if c == q { quote = nil } else if c == UInt8(ascii: "<") { return false }
          } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            quote = c
          } else if c == UInt8(ascii: ">") {
            break
          } else if c == UInt8(ascii: "<") {
            return false
          }
          j += 1
        }
        guard j < n else { return false }
        i = j + 1
      }
    }
    return true
  }
}
