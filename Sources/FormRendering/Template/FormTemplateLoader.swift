import Core
import DocumentParsing
import Foundation
import RegistrationRules

/// The templates of all four kinds, read from a `forms/` folder: `common.yaml` (page,
/// styles and the shared sections) and one file per kind naming its title and the
/// sections on each page (and any sections of its own).
public struct FormTemplateSet: Sendable {
  public var templates: [RegistrationKind: FormTemplate]

  public func template(for kind: RegistrationKind) -> FormTemplate { templates[kind]! }

  /// Every character the templates themselves print (titles, captions, paragraphs).
  public var printedCharacters: Set<Character> {
    var text = ""
    for t in templates.values {
      text += t.title + t.footer
      for page in t.pages {
        for placed in page {
          let s = placed.section
          text += (s.title ?? "") + s.header.joined() + "一二三四五六七八九十、（）"
          for row in s.rows {
            for cell in row.cells {
              text += cell.sign.joined() + (cell.sealCaption ?? "")
              switch cell.content {
              case .label(let t), .text(let t): text += t
              case .checks(_, let options): text += options.map(\.label).joined()
              default: break
              }
            }
          }
        }
      }
    }
    return Set(text + "照片二寸近期免冠正面彩色学时至今—")
  }

  /// Every font family the templates use.
  public var families: [String] {
    Array(Set(templates.values.flatMap { $0.styles.values.map(\.family) })).sorted()
  }

  /// - Throws: `FormError.template` naming the file, line and what is wrong.
  public static func load(directory: String) throws(FormError) -> FormTemplateSet {
    let commonPath = (directory as NSString).appendingPathComponent("common.yaml")
    let (common, commonBytes) = try read(commonPath)
    var templates: [RegistrationKind: FormTemplate] = [:]
    for kind in RegistrationKind.allCases {
      let path = (directory as NSString).appendingPathComponent("\(kind.rawValue).yaml")
      let (node, bytes) = try read(path)
      var template = try FormTemplateParser.parse(
        kind: kind, common: common, commonFile: commonPath, kindNode: node, kindFile: path)
      // The layout's identity: any edit to either file gives another.
      var hash = FNV1a()
      hash.add(commonBytes)
      hash.add([0])
      hash.add(bytes)
      template.version = String(hash.hex.prefix(8))
      templates[kind] = template
    }
    return FormTemplateSet(templates: templates)
  }

  static func read(_ path: String) throws(FormError) -> (DocumentNode, [UInt8]) {
    do {
      let bytes = try DocumentReader.readFile(path, limit: 1 << 20)
      return (try DocumentReader.read(bytes, file: path), bytes)
    } catch {
      throw .template(file: path, line: error.line, message: error.problem)
    }
  }
}

/// Turns the YAML trees into a checked `FormTemplate`. Every mistake a person editing a
/// template can make (a typo in a key, a row that does not fill the columns, columns that
/// do not add up to the page, an unknown field) is reported with its file and line.
struct FormTemplateParser {
  var reader: ConfigReader
  let commonFile: String

  static func parse(kind: RegistrationKind, common: DocumentNode, commonFile: String, kindNode: DocumentNode, kindFile: String)
    throws(FormError) -> FormTemplate
  {
    var parser = FormTemplateParser(reader: ConfigReader(file: commonFile), commonFile: commonFile)
    let c = parser.reader.mapping(
      common, "", keys: ["page", "fonts", "styles", "lines", "padding", "titleHeight", "headingHeight", "footer", "sections"],
      optional: ["qr"])
    let page = parser.reader.mapping(c["page"], "page", keys: ["width", "height", "margins"])
    let margins = parser.reader.mapping(page["margins"], "page.margins", keys: ["top", "right", "bottom", "left"])
    let lines = parser.reader.mapping(c["lines"], "lines", keys: ["outer", "inner", "headingShade"])
    let fonts = parser.reader.mapping(c["fonts"], "fonts", keys: ["body", "heading"])
    let families = [
      "body": parser.reader.text(fonts["body"], "fonts.body") ?? "",
      "heading": parser.reader.text(fonts["heading"], "fonts.heading") ?? "",
    ]
    var styles: [String: TextStyle] = [:]
    if let node = c["styles"], case .mapping(let entries) = node.value {
      for entry in entries { styles[entry.key] = parser.style(entry.value, "styles.\(entry.key)", families: families) }
    } else {
      parser.reader.problem("styles", c["styles"]?.line, LocalizedText("formTemplateLoader.expectedAMappingOfStyles"))
    }
    for required in ["title", "section", "label", "value", "text", "note", "footer", "header"] where styles[required] == nil {
      parser.reader.problem("styles.\(required)", c["styles"]?.line, LocalizedText("formTemplateLoader.thisStyleIsMissing"))
    }
    var sectionNodes: [String: (DocumentNode, String)] = [:]
    if let node = c["sections"], case .mapping(let entries) = node.value {
      for entry in entries { sectionNodes[entry.key] = (entry.value, commonFile) }
    }

    var template = FormTemplate(
      kind: kind, title: "",
      pageWidth: parser.reader.double(page["width"], "page.width", 50...1000),
      pageHeight: parser.reader.double(page["height"], "page.height", 50...1000),
      margins: (
        parser.reader.double(margins["top"], "page.margins.top", 0...100),
        parser.reader.double(margins["right"], "page.margins.right", 0...100),
        parser.reader.double(margins["bottom"], "page.margins.bottom", 0...100),
        parser.reader.double(margins["left"], "page.margins.left", 0...100)
      ),
      titleHeight: parser.reader.double(c["titleHeight"], "titleHeight", 0...100),
      headingHeight: parser.reader.double(c["headingHeight"], "headingHeight", 3...30),
      padding: parser.reader.double(c["padding"], "padding", 0...10),
      outerLine: parser.reader.double(lines["outer"], "lines.outer", 0.1...5),
      innerLine: parser.reader.double(lines["inner"], "lines.inner", 0.1...5),
      headingShade: parser.reader.double(lines["headingShade"], "lines.headingShade", 0...1),
      footer: parser.reader.text(c["footer"], "footer") ?? "",
      styles: styles, pages: [])
    if let node = c["qr"] {
      let q = parser.reader.mapping(node, "qr", keys: ["size", "top", "right"])
      template.qr = (
        parser.reader.double(q["size"], "qr.size", 12...40), parser.reader.double(q["top"], "qr.top", 0...50),
        parser.reader.double(q["right"], "qr.right", 0...100)
      )
    }
    try parser.finish()

    // The kind's own file: title, pages, and sections of its own (which win over common's).
    parser.reader = ConfigReader(file: kindFile)
    let k = parser.reader.mapping(kindNode, "", keys: ["title", "pages"], optional: ["sections"])
    template.title = parser.reader.text(k["title"], "title") ?? ""
    if let node = k["sections"], case .mapping(let entries) = node.value {
      for entry in entries { sectionNodes[entry.key] = (entry.value, kindFile) }
    }
    var number = 0
    for (p, pageNode) in parser.reader.list(k["pages"], "pages").enumerated() {
      var placed: [PlacedSection] = []
      for (s, use) in parser.reader.list(pageNode, "pages[\(p)]").enumerated() {
        let path = "pages[\(p)][\(s)]"
        var name: String?
        var rowsOverride: RepeatingRows.Count?
        var titleOverride: String?
        if let text = use.text {
          name = text
        } else {
          let m = parser.reader.mapping(use, path, keys: ["section"], optional: ["rows", "title"])
          name = parser.reader.text(m["section"], "\(path).section")
          if let rows = m["rows"] { rowsOverride = parser.count(rows, "\(path).rows") }
          titleOverride = m["title"].flatMap { parser.reader.text($0, "\(path).title") }
        }
        guard let name else { continue }
        guard let (node, file) = sectionNodes[name] else {
          let guess = Suggestion.closest(to: name, among: Array(sectionNodes.keys))
          parser.reader.problem(
            path, use.line, LocalizedText("formTemplateLoader.noSectionNamed", ["name": name]).suggesting(guess))
          continue
        }
        // A section's problems are reported against the file it was defined in.
        let saved = parser.reader
        parser.reader = ConfigReader(file: file)
        var section = parser.section(node, name: name, width: template.contentWidth, styles: styles)
        if !parser.reader.problems.isEmpty { parser.elsewhere.append(ConfigError(file: file, problems: parser.reader.problems)) }
        parser.reader = saved
        if let rowsOverride, section.repeating != nil { section.repeating!.count = rowsOverride }
        if let titleOverride { section.title = titleOverride }
        var numberHere: Int?
        if section.title != nil && section.numbered {
          number += 1
          numberHere = number
        }
        placed.append(PlacedSection(section: section, number: numberHere))
      }
      template.pages.append(placed)
    }
    parser.reader.require(
      template.pages.count == 2, "pages", k["pages"], LocalizedText("formTemplateLoader.theFormMustHaveExactly"))
    try parser.finish()
    return template
  }

  /// Problems found in files other than the one being read (sections defined in
  /// common.yaml, placed by a kind's file).
  var elsewhere: [ConfigError] = []

  /// Throws every problem found so far: the first file's, with its line, then the rest,
  /// each prefixed with its own file and line.
  mutating func finish() throws(FormError) {
    var errors = elsewhere
    if !reader.problems.isEmpty { errors.append(ConfigError(file: reader.file, problems: reader.problems)) }
    guard let first = errors.first, let problem = first.problems.first else { return }
    let described = errors.flatMap { e in
      e.problems.map { p in
        let place = (e.file == first.file ? "" : "\(e.file)\(p.line.map { ":\($0)" } ?? ""): ") + p.path
        return LocalizedText("core.placeAndProblem", ["place": place, "problem": p.message])
      }
    }
    throw .template(
      file: first.file, line: problem.line,
      message: .list(described, separator: LocalizedText("core.problemSeparator")))
  }

  mutating func style(_ node: DocumentNode, _ path: String, families: [String: String]) -> TextStyle {
    let m = reader.mapping(node, path, keys: ["font", "size"], optional: ["bold", "minSize", "align"])
    let font = reader.text(m["font"], "\(path).font") ?? "body"
    let family = families[font] ?? font
    let size = reader.double(m["size"], "\(path).size", 4...72)
    let minSize = m["minSize"].map { reader.double($0, "\(path).minSize", 4...72) } ?? size
    reader.require(minSize <= size, "\(path).minSize", m["minSize"], LocalizedText("formTemplateLoader.cannotExceedSize"))
    let align = m["align"].flatMap { alignment($0, "\(path).align") } ?? .left
    return TextStyle(
      family: family, bold: m["bold"].map { reader.bool($0, "\(path).bold") } ?? false, size: size, minSize: minSize, align: align
    )
  }

  mutating func alignment(_ node: DocumentNode, _ path: String) -> HorizontalAlignment? {
    guard let t = reader.text(node, path) else { return nil }
    guard let a = HorizontalAlignment(rawValue: t) else {
      reader.problem(path, node.line, LocalizedText("formTemplateLoader.expectedLeftCenterOrRight"))
      return nil
    }
    return a
  }

  mutating func count(_ node: DocumentNode, _ path: String) -> RepeatingRows.Count {
    if node.text == "fill" { return .fill }
    return .fixed(reader.int(node, path, 1...100))
  }

  mutating func section(_ node: DocumentNode, name: String, width: Double, styles: [String: TextStyle]) -> Section {
    let m = reader.mapping(node, name, keys: ["columns"], optional: ["title", "numbered", "border", "header", "repeat", "rows"])
    let columns = reader.list(m["columns"], "\(name).columns").enumerated().map {
      reader.double($1, "\(name).columns[\($0)]", 1...1000)
    }
    let total = columns.reduce(0, +)
    reader.require(
      abs(total - width) < 0.01, "\(name).columns", m["columns"],
      LocalizedText("formTemplateLoader.theColumnsAddUpTo", ["total": Measure(total), "width": Measure(width)]))
    var section = Section(
      name: name, title: m["title"].flatMap { reader.text($0, "\(name).title") },
      numbered: m["numbered"].map { reader.bool($0, "\(name).numbered") } ?? true,
      border: m["border"].map { reader.bool($0, "\(name).border") } ?? true,
      columns: columns,
      header: reader.list(m["header"], "\(name).header").enumerated().compactMap { reader.text($1, "\(name).header[\($0)]") },
      repeating: nil, rows: [])
    reader.require(
      section.header.isEmpty || section.header.count == columns.count, "\(name).header", m["header"],
      LocalizedText("formTemplateLoader.theHeaderNeedsEntriesOne", ["columnsCount": columns.count]))
    if let node = m["repeat"] {
      let r = reader.mapping(node, "\(name).repeat", keys: ["source", "rows", "height", "fields"], optional: ["align"])
      let source = reader.text(r["source"], "\(name).repeat.source") ?? ""
      let fields = reader.list(r["fields"], "\(name).repeat.fields").enumerated().compactMap {
        reader.text($1, "\(name).repeat.fields[\($0)]")
      }
      if let known = FormValues.knownRows[source] {
        for (i, f) in fields.enumerated() where !known.contains(f) {
          reader.problem(
            "\(name).repeat.fields[\(i)]", r["fields"]?.line,
            LocalizedText(
              "formTemplateLoader.noSuchRowField", ["source": source, "field": f, "known": LocalizedText.list(known)]))
        }
      } else {
        reader.problem(
          "\(name).repeat.source", r["source"]?.line,
          LocalizedText("formTemplateLoader.expectedWorkExperienceOrContinuingEducation"))
      }
      reader.require(
        fields.count == columns.count, "\(name).repeat.fields", r["fields"],
        LocalizedText("formTemplateLoader.needsFieldsOnePerColumn", ["columnsCount": columns.count]))
      let align = reader.list(r["align"], "\(name).repeat.align").enumerated().compactMap {
        alignment($1, "\(name).repeat.align[\($0)]")
      }
      reader.require(
        align.isEmpty || align.count == columns.count, "\(name).repeat.align", r["align"],
        LocalizedText("formTemplateLoader.needsEntriesOnePerColumn", ["columnsCount": columns.count]))
      section.repeating = RepeatingRows(
        source: source, count: r["rows"].map { count($0, "\(name).repeat.rows") } ?? .fixed(1),
        height: reader.double(r["height"], "\(name).repeat.height", 3...100), fields: fields,
        align: align.isEmpty ? Array(repeating: .left, count: columns.count) : align)
    }
    let rowNodes = reader.list(m["rows"], "\(name).rows")
    for (i, rowNode) in rowNodes.enumerated() {
      section.rows.append(row(rowNode, "\(name).rows[\(i)]", styles: styles))
    }
    checkGrid(section, rows: rowNodes)
    return section
  }

  mutating func row(_ node: DocumentNode, _ path: String, styles: [String: TextStyle]) -> Row {
    let m = reader.mapping(node, path, keys: ["height", "cells"])
    var height = Row.Height.fixed(10)
    if let h = m["height"] {
      if let t = h.text, t.hasPrefix("fill") {
        let minimum = Double(t.dropFirst(4).trimmingCharacters(in: .whitespaces)) ?? 10
        height = .fill(minimum: minimum)
      } else {
        height = .fixed(reader.double(h, "\(path).height", 2...300))
      }
    }
    let cells = reader.list(m["cells"], "\(path).cells").enumerated().map { cell($1, "\(path).cells[\($0)]", styles: styles) }
    return Row(height: height, cells: cells)
  }

  mutating func cell(_ node: DocumentNode, _ path: String, styles: [String: TextStyle]) -> Cell {
    let m = reader.mapping(
      node, path, keys: [],
      optional: [
        "label", "field", "text", "photo", "checks", "colSpan", "rowSpan", "style", "align", "valign", "sign", "seal",
        "sealCaption", "verify",
      ])
    var content = Cell.Content.empty
    var style = "value"
    let kinds = ["label", "field", "text", "photo", "checks"].filter { m[$0] != nil }
    reader.require(
      kinds.count <= 1, path, node, LocalizedText("formTemplateLoader.aCellHasAtMost"))
    if let t = m["label"].flatMap({ reader.text($0, "\(path).label") }) {
      content = .label(t)
      style = "label"
    } else if let f = m["field"].flatMap({ reader.text($0, "\(path).field") }) {
      if !FormValues.knownFields.contains(f) {
        let guess = Suggestion.closest(to: f, among: Array(FormValues.knownFields))
        reader.problem(
          "\(path).field", m["field"]?.line, LocalizedText("formTemplateLoader.unknownField", ["field": f]).suggesting(guess))
      }
      content = .field(f)
    } else if let t = m["text"].flatMap({ reader.text($0, "\(path).text") }) {
      content = .text(t)
      style = "text"
    } else if let p = m["photo"], reader.bool(p, "\(path).photo") {
      content = .photo
      style = "note"
    } else if let c = m["checks"] {
      let cm = reader.mapping(c, "\(path).checks", keys: ["field", "options"])
      let field = reader.text(cm["field"], "\(path).checks.field") ?? ""
      reader.require(
        FormValues.knownChecks.contains(field), "\(path).checks.field", cm["field"],
        LocalizedText("formTemplateLoader.unknownCheckField", ["field": field]))
      let options = reader.list(cm["options"], "\(path).checks.options").enumerated().map { (i, o) -> Cell.CheckOption in
        let om = reader.mapping(o, "\(path).checks.options[\(i)]", keys: ["value", "label"])
        return Cell.CheckOption(
          value: reader.text(om["value"], "\(path).checks.options[\(i)].value") ?? "",
          label: reader.text(om["label"], "\(path).checks.options[\(i)].label") ?? "")
      }
      content = .checks(field: field, options: options)
    }
    if let s = m["style"].flatMap({ reader.text($0, "\(path).style") }) {
      reader.require(styles[s] != nil, "\(path).style", m["style"], LocalizedText("formTemplateLoader.noStyleNamed", ["s": s]))
      style = s
    }
    let valign: VerticalAlignment
    if let v = m["valign"].flatMap({ reader.text($0, "\(path).valign") }) {
      valign = VerticalAlignment(rawValue: v) ?? .middle
      reader.require(
        VerticalAlignment(rawValue: v) != nil, "\(path).valign", m["valign"],
        LocalizedText("formTemplateLoader.expectedTopMiddleOrBottom"))
    } else {
      valign = content.isParagraph ? .top : .middle
    }
    var verify: Cell.Verify?
    if let node = m["verify"], let v = reader.text(node, "\(path).verify") {
      verify = Cell.Verify(rawValue: v)
      reader.require(
        verify != nil, "\(path).verify", node, LocalizedText("formTemplateLoader.expectedApplicantSignatureOrEmployerSeal"))
    }
    return Cell(
      content: content,
      colSpan: m["colSpan"].map { reader.int($0, "\(path).colSpan", 1...50) } ?? 1,
      rowSpan: m["rowSpan"].map { reader.int($0, "\(path).rowSpan", 1...50) } ?? 1,
      style: style, align: m["align"].flatMap { alignment($0, "\(path).align") }, valign: valign,
      sign: reader.list(m["sign"], "\(path).sign").enumerated().compactMap { reader.text($1, "\(path).sign[\($0)]") },
      seal: m["seal"].map { reader.double($0, "\(path).seal", 10...100) },
      sealCaption: m["sealCaption"].flatMap { reader.text($0, "\(path).sealCaption") },
      verify: verify)
  }

  /// Checks that the fixed rows tile the columns exactly, spans included.
  mutating func checkGrid(_ section: Section, rows nodes: [DocumentNode]) {
    let columns = section.columns.count
    var occupied: [[Bool]] = Array(repeating: Array(repeating: false, count: columns), count: section.rows.count)
    for (r, row) in section.rows.enumerated() {
      var c = 0
      for (i, cell) in row.cells.enumerated() {
        while c < columns && occupied[r][c] { c += 1 }
        guard c + cell.colSpan <= columns, r + cell.rowSpan <= section.rows.count else {
          reader.problem(
            "\(section.name).rows[\(r)].cells[\(i)]", nodes[safe: r]?.line,
            LocalizedText("formTemplateLoader.theCellRunsPastThe", ["r": r + 1, "columns": columns]))
          return
        }
        for rr in r..<(r + cell.rowSpan) {
          for cc in c..<(c + cell.colSpan) { occupied[rr][cc] = true }
        }
        c += cell.colSpan
      }
      if let gap = occupied[r].firstIndex(of: false) {
        reader.problem(
          "\(section.name).rows[\(r)]", nodes[safe: r]?.line,
          LocalizedText("formTemplateLoader.rowDoesNotFillThe", ["r": r + 1, "columns": columns, "gap": gap + 1]))
      }
    }
  }
}

extension Cell.Content {
  var isParagraph: Bool {
    if case .text = self { return true }
    return false
  }
}
