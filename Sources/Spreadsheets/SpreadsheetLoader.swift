import Core
import Foundation
import RegistrationRules

/// Applications from a spreadsheet HR already keeps: one row per applicant (CSV in UTF-8,
/// UTF-8 with a BOM or GB18030; or .xlsx), columns headed by the form's labels or the data
/// keys. Work periods and CE records come in numbered columns, or — in an .xlsx — in a
/// sheet of their own (`工作经历`, `继续教育`) with the ID number on each row. Each row
/// becomes the same tree a YAML file gives, so the same rules and messages apply; a
/// finding names the row and the column as headed.
public enum SpreadsheetLoader {
  public struct Limits: Sendable {
    public var maxBytes: Int
    public var maxRows: Int

    public init(maxBytes: Int, maxRows: Int) {
      self.maxBytes = maxBytes
      self.maxRows = maxRows
    }
  }

  /// One applicant's row, read.
  public struct Row: Sendable {
    public var number: Int
    public var application: LoadedApplication
  }

  /// What a spreadsheet holds.
  public struct Loaded: Sendable {
    public var rows: [Row]
    /// Problems of the sheet rather than of one applicant: unknown columns (warnings),
    /// linked rows whose ID number matches no applicant (errors).
    public var notes: [Finding]
    public var encoding: TextDecoding.Encoding?
    /// The sheet the applicants were read from.
    public var sheet: String
  }

  public static let extensions: Set<String> = ["csv", "tsv", "txt", "xlsx"]

  public static func load(path: String, limits: Limits) throws(DocumentSyntaxError) -> Loaded {
    try parse(try DocumentReader.readFile(path, limit: limits.maxBytes), file: path, limits: limits)
  }

  /// A spreadsheet's bytes: an .xlsx by its ZIP signature, else delimited text.
  public static func parse(_ bytes: [UInt8], file path: String, limits: Limits) throws(DocumentSyntaxError) -> Loaded {
    func fail(_ problem: LocalizedText) -> DocumentSyntaxError {
      DocumentSyntaxError(file: path, problem: problem)
    }
    if bytes.count > limits.maxBytes {
      throw fail(LocalizedText("spreadsheetLoader.tooLargeAtMostMB", ["_048_576": limits.maxBytes / 1_048_576]))
    }
    let workbook: Workbook
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      do {
        workbook = try XLSXReader.read(
          bytes,
          limits: XLSXReader.Limits(
            maxPartBytes: limits.maxBytes * 4, maxTotalBytes: limits.maxBytes * 8, maxRows: limits.maxRows))
      } catch {
        throw fail(error.text)
      }
    } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      throw fail(
        LocalizedText("spreadsheetLoader.thisIsAnOldExcel"))
    } else {
      guard let (text, encoding) = TextDecoding.decode(bytes) else {
        throw fail(
          LocalizedText("spreadsheetLoader.cannotTellTheFileS"))
      }
      let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      workbook = Workbook.csv(text, name: name, maxRows: limits.maxRows + 1, encoding: encoding)
      if workbook.sheets[0].rows.count > limits.maxRows {
        throw fail(LocalizedText("spreadsheetLoader.moreThanRows", ["maxRows": limits.maxRows]))
      }
    }
    return try read(workbook, file: path)
  }

  /// The applicants of a workbook: the sheet named 申请人 / applicants, else the first.
  public static func read(_ workbook: Workbook, file: String) throws(DocumentSyntaxError) -> Loaded {
    func fail(_ problem: LocalizedText) -> DocumentSyntaxError {
      DocumentSyntaxError(file: file, problem: problem)
    }
    let names = ["申请人", "applicants", "申请人信息"]
    guard
      let main = workbook.sheets.first(where: { names.contains(ColumnMap.normal($0.name)) }) ?? workbook.sheets.first
    else { throw fail(LocalizedText("spreadsheetLoader.theFileHoldsNoData")) }
    guard let (headerIndex, map) = header(of: main) else {
      throw fail(
        LocalizedText("spreadsheetLoader.noHeaderRowTheFirst")
      )
    }
    var notes: [Finding] = map.unknown.map { column in
      var f = Finding.warning(
        .unknownField, field: nil,
        LocalizedText(
          "spreadsheetLoader.theColumnIsNotApplication", ["header": column.header, "index": Workbook.columnName(column.index)]))
      f.line = main.rows[headerIndex].number
      return f
    }
    var rows: [Row] = []
    for row in main.rows[(headerIndex + 1)...] where !row.isEmpty {
      rows.append(Row(number: row.number, application: application(row, map: map, workbook: workbook, file: file)))
    }
    guard !rows.isEmpty else {
      throw fail(LocalizedText("spreadsheetLoader.noApplicantsUnderTheHeader"))
    }
    notes += linkSheets(workbook, main: main, into: &rows)
    notes += duplicates(rows)
    return Loaded(rows: rows, notes: notes, encoding: workbook.encoding, sheet: main.name)
  }

  /// The header: the first of the top rows naming at least two fields (a title row
  /// above it names none).
  static func header(of sheet: Sheet) -> (Int, ColumnMap)? {
    for (i, row) in sheet.rows.prefix(10).enumerated() where ColumnMap.score(row) >= 2 {
      return (i, ColumnMap(header: row))
    }
    return nil
  }

  /// One row as the tree a YAML application gives, then read by the same loader.
  static func application(_ row: SheetRow, map: ColumnMap, workbook: Workbook, file: String) -> LoadedApplication {
    var tree = Tree()
    var findings: [Finding] = []
    var columns: [String: LocalizedText] = [:]
    for column in map.columns {
      let path: String
      switch column.target {
      case .field(let p): path = p
      case .item(let list, let index, let key): path = "\(list)[\(index)].\(key)"
      }
      let place = LocalizedText(
        "spreadsheetLoader.column", ["header": column.header, "index": Workbook.columnName(column.index)])
      columns[path] = place
      switch CellValue.text(row[column.index], for: path, date1904: workbook.date1904) {
      case .success(let value?):
        tree.set(column.target, value: value, line: row.number, column: column.index + 1)
      case .success(nil):
        break
      case .failure(let problem):
        var f = Finding.error(.invalidField, field: path, problem.text)
        f.line = row.number
        f.column = place
        findings.append(f)
      }
    }
    var loaded = ApplicationLoader.load(root: tree.node(line: row.number), file: file)
    // Numbered columns with gaps (1 and 3 filled) give a list without gaps: paths of
    // the columns and of their problems are re-keyed by position in the list.
    loaded.findings =
      findings.map { f in
        var f = f
        f.field = f.field.flatMap(tree.rekey)
        return f
      } + loaded.findings
    loaded.application.sourceColumns = Dictionary(
      columns.compactMap { path, place in tree.rekey(path).map { ($0, place) } }, uniquingKeysWith: { a, _ in a })
    return loaded
  }

  /// Rows of the sheets 工作经历 / 继续教育 join their applicant by ID number.
  static func linkSheets(_ workbook: Workbook, main: Sheet, into rows: inout [Row]) -> [Finding] {
    var notes: [Finding] = []
    let byID = Dictionary(
      rows.enumerated().compactMap { i, row in row.application.application.applicant.idNumber.map { (normalID($0), i) } },
      uniquingKeysWith: { a, _ in a })
    let sheets: [(names: [String], list: String)] = [
      (["工作经历", "workexperience"], "workExperience"), (["继续教育", "继续教育记录", "continuingeducation"], "continuingEducation"),
    ]
    for (names, list) in sheets {
      guard let sheet = workbook.sheets.first(where: { $0.name != main.name && names.contains(ColumnMap.normal($0.name)) }),
        let headerRow = sheet.rows.first(where: { !$0.isEmpty })
      else { continue }
      let keys = ColumnMap.lists.first { $0.name == list }?.keys ?? []
      let labels = FieldLabels.all
      var idColumn: Int?
      var keyColumns: [(index: Int, key: String, header: String)] = []
      for (index, cell) in headerRow.cells.enumerated() {
        guard case .text(let raw) = cell else { continue }
        let text = ColumnMap.normal(raw)
        if case .field("applicant.idNumber") = ColumnMap.dictionary[text] {
          idColumn = index
        } else if let key = keys.first(where: {
          ColumnMap.normal($0) == text || ColumnMap.normal(labels["\(list).\($0)"]?.zh ?? "") == text
        }) {
          keyColumns.append((index, key, raw))
        }
      }
      guard let idColumn else {
        var f = Finding.error(
          .invalidField, field: list, LocalizedText("spreadsheetLoader.noIDNumberColumnSo"))
        f.column = LocalizedText("spreadsheetLoader.sheet", ["name": sheet.name])
        notes.append(f)
        continue
      }
      for row in sheet.rows where row.number > headerRow.number && !row.isEmpty {
        let id: String? = {
          if case .success(let v?) = CellValue.text(row[idColumn], for: "applicant.idNumber", date1904: workbook.date1904) {
            return normalID(v)
          }
          return nil
        }()
        guard let id, let target = byID[id] else {
          var f = Finding.error(
            .invalidField, field: list, LocalizedText("spreadsheetLoader.itsIDNumberMatchesNo"))
          f.column = LocalizedText("spreadsheetLoader.sheetRow", ["name": sheet.name, "number": row.number])
          notes.append(f)
          continue
        }
        var item: [String: String] = [:]
        var problems: [Finding] = []
        let index: Int = {
          switch list {
          case "workExperience": rows[target].application.application.workExperience.count
          default: rows[target].application.application.continuingEducation.count
          }
        }()
        for (column, key, header) in keyColumns {
          let path = "\(list)[\(index)].\(key)"
          switch CellValue.text(row[column], for: path, date1904: workbook.date1904) {
          case .success(let v?): item[key] = v
          case .success(nil): break
          case .failure(let problem):
            var f = Finding.error(.invalidField, field: path, problem.text)
            f.column = LocalizedText("spreadsheetLoader.sheetRow2", ["name": sheet.name, "number": row.number, "header": header])
            problems.append(f)
          }
        }
        rows[target].application.findings += problems
        rows[target].application = appending(item, to: list, of: rows[target].application)
        for (column, key, header) in keyColumns {
          rows[target].application.application.sourceColumns["\(list)[\(index)].\(key)"] = LocalizedText(
            "spreadsheetLoader.sheetRowColumn",
            ["name": sheet.name, "number": row.number, "header": header, "column": Workbook.columnName(column)])
        }
      }
    }
    return notes
  }

  /// The application with one more list item, read as the loader reads items.
  static func appending(_ item: [String: String], to list: String, of loaded: LoadedApplication) -> LoadedApplication {
    var entries: [DocumentNode.Entry] = []
    for (key, value) in item.sorted(by: { $0.key < $1.key }) {
      entries.append(DocumentNode.Entry(key: key, keyLine: 0, value: DocumentNode(.scalar(value), line: 0, column: 0)))
    }
    let root = DocumentNode(
      .mapping([
        DocumentNode.Entry(
          key: list, keyLine: 0,
          value: DocumentNode(.sequence([DocumentNode(.mapping(entries), line: 0, column: 0)]), line: 0, column: 0))
      ]), line: 0, column: 0)
    let extra = ApplicationLoader.load(root: root, file: loaded.file)
    var result = loaded
    result.application.workExperience += extra.application.workExperience
    result.application.continuingEducation += extra.application.continuingEducation
    // Findings of the item: its index is the one it now has.
    let offset = list == "workExperience" ? loaded.application.workExperience.count : loaded.application.continuingEducation.count
    result.findings += extra.findings.map { f in
      var f = f
      f.field = f.field.map { $0.replacingOccurrences(of: "\(list)[0]", with: "\(list)[\(offset)]") }
      return f
    }
    return result
  }

  /// The same person twice is usually a row copied and not edited: said, not refused.
  static func duplicates(_ rows: [Row]) -> [Finding] {
    var first: [String: Int] = [:]
    var notes: [Finding] = []
    for row in rows {
      guard let id = row.application.application.applicant.idNumber.map(normalID) else { continue }
      if let earlier = first[id] {
        var f = Finding.warning(
          .invalidField, field: "applicant.idNumber", LocalizedText("spreadsheetLoader.theSameIDNumberAs", ["earlier": earlier]))
        f.line = row.number
        notes.append(f)
      } else {
        first[id] = row.number
      }
    }
    return notes
  }

  static func normalID(_ id: String) -> String {
    String(id.precomposedStringWithCompatibilityMapping.uppercased().filter { !$0.isWhitespace })
  }
}

/// A row's values as a tree of mappings and lists, the shape of an application file.
struct Tree {
  var fields: [(path: [String], value: String, line: Int, column: Int)] = []
  var items: [String: [Int: [(key: String, value: String, line: Int, column: Int)]]] = [:]

  mutating func set(_ target: ColumnMap.Target, value: String, line: Int, column: Int) {
    switch target {
    case .field(let path):
      if path == "change.reasons" {
        // `聘用单位、注册类别` or `employer;category`: a list in one cell.
        let parts = value.split { ";,，、；/ ".contains($0) }.map(String.init)
        fields.append((["change", "reasons"], parts.joined(separator: "\u{1F}"), line, column))
      } else {
        fields.append((path.split(separator: ".").map(String.init), value, line, column))
      }
    case .item(let list, let index, let key):
      items[list, default: [:]][index, default: []].append((key, value, line, column))
    }
  }

  /// Numbered items in order, empty numbers left out: list → original index → position.
  var positions: [String: [Int: Int]] {
    items.mapValues { byIndex in
      Dictionary(uniqueKeysWithValues: byIndex.keys.sorted().enumerated().map { ($1, $0) })
    }
  }

  /// `workExperience[2].from` → `workExperience[1].from` when item 1 was empty; a path
  /// outside the lists unchanged; `nil` for an item that holds nothing.
  func rekey(_ path: String) -> String? {
    guard let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]"),
      let index = Int(path[path.index(after: open)..<close])
    else { return path }
    let list = String(path[..<open])
    guard let position = positions[list]?[index] else { return nil }
    return "\(list)[\(position)]" + path[path.index(after: close)...]
  }

  func node(line: Int) -> DocumentNode {
    var sections: [String: [DocumentNode.Entry]] = [:]
    var top: [DocumentNode.Entry] = []
    func scalar(_ v: String, _ l: Int, _ c: Int) -> DocumentNode { DocumentNode(.scalar(v), line: l, column: c) }
    for field in fields {
      let value: DocumentNode
      if field.path == ["change", "reasons"] {
        value = DocumentNode(
          .sequence(field.value.split(separator: "\u{1F}").map { scalar(String($0), field.line, field.column) }),
          line: field.line,
          column: field.column)
      } else {
        value = scalar(field.value, field.line, field.column)
      }
      if field.path.count == 1 {
        top.append(DocumentNode.Entry(key: field.path[0], keyLine: field.line, value: value))
      } else {
        sections[field.path[0], default: []].append(DocumentNode.Entry(key: field.path[1], keyLine: field.line, value: value))
      }
    }
    for (name, entries) in sections.sorted(by: { $0.key < $1.key }) {
      top.append(DocumentNode.Entry(key: name, keyLine: line, value: DocumentNode(.mapping(entries), line: line, column: 1)))
    }
    for (list, byIndex) in items.sorted(by: { $0.key < $1.key }) {
      let nodes = byIndex.keys.sorted().map { index -> DocumentNode in
        let entries = (byIndex[index] ?? []).map {
          DocumentNode.Entry(key: $0.key, keyLine: $0.line, value: scalar($0.value, $0.line, $0.column))
        }
        return DocumentNode(.mapping(entries), line: line, column: 1)
      }
      top.append(DocumentNode.Entry(key: list, keyLine: line, value: DocumentNode(.sequence(nodes), line: line, column: 1)))
    }
    return DocumentNode(.mapping(top), line: line, column: 1)
  }
}
