import Core
import RegistrationRules

/// A cell placed on a page, in points.
struct PlacedCell: Sendable {
  enum Binding: Sendable {
    /// A cell of the template as written.
    case template(Cell)
    /// A column heading of a repeated table.
    case header(String)
    /// Column `field` of item `index` of a list (`workExperience`).
    case item(source: String, index: Int, field: String)
  }

  var rect: Rect
  var binding: Binding
  var bordered: Bool
}

/// A section heading row (一、申请人基本情况).
struct PlacedHeading: Sendable {
  var rect: Rect
  var text: String
  var bordered: Bool
}

/// Where everything of one page goes.
struct PageLayout: Sendable {
  var number: Int
  var title: Rect?
  var headings: [PlacedHeading] = []
  var cells: [PlacedCell] = []
  /// The outline of each bordered section, drawn with the outer line width.
  var frames: [Rect] = []
  var footer: Rect
  /// Rows available per list (`workExperience` → 6) on this page.
  var capacity: [String: Int] = [:]
}

/// Turns a template into rectangles. Pure: no fonts, no cairo, so the geometry can be
/// tested exactly (the photo box is 35 × 49 mm, the seal room at least 42 mm).
enum FormLayout {
  static func layout(_ t: FormTemplate) throws(FormError) -> [PageLayout] {
    var pages: [PageLayout] = []
    for (index, sections) in t.pages.enumerated() {
      let number = index + 1
      var page = PageLayout(
        number: number,
        footer: Rect(
          x: points(t.margins.left), y: points(t.pageHeight - t.margins.bottom), width: points(t.contentWidth),
          height: points(t.margins.bottom)))
      // Heights, millimetres: the fixed parts first, then what a `fill` gets.
      var fixed = index == 0 ? t.titleHeight : 0
      var fills = 0
      for placed in sections {
        let s = placed.section
        if s.title != nil { fixed += t.headingHeight }
        if !s.header.isEmpty { fixed += t.headingHeight }
        if let r = s.repeating {
          if case .fixed(let n) = r.count { fixed += Double(n) * r.height } else { fills += 1; fixed += r.height }
        }
        for row in s.rows {
          switch row.height {
          case .fixed(let h): fixed += h
          case .fill(let minimum): fills += 1; fixed += minimum
          }
        }
      }
      let spare = t.contentHeight - fixed
      guard spare >= -0.01 else {
        throw .template(
          file: "forms/\(t.kind.rawValue).yaml", line: nil,
          message: LocalizedText(
            "formLayout.pageNeedsMmMoreThan",
            ["number": number, "fixed": Measure(fixed), "contentHeight": Measure(t.contentHeight)]))
      }
      guard fills <= 1 else {
        throw .template(
          file: "forms/\(t.kind.rawValue).yaml", line: nil,
          message: LocalizedText("formLayout.pageHasFillsAtMost", ["number": number, "fills": fills]))
      }

      var y = t.margins.top
      if index == 0 {
        page.title = Rect(x: points(t.margins.left), y: points(y), width: points(t.contentWidth), height: points(t.titleHeight))
        y += t.titleHeight
      }
      var previousBordered = false
      for placed in sections {
        let s = placed.section
        let top = y
        let xs = s.columns.reduce(into: [t.margins.left]) { $0.append($0.last! + $1) }
        func rect(_ column: Int, _ span: Int, _ y: Double, _ h: Double) -> Rect {
          Rect(x: points(xs[column]), y: points(y), width: points(xs[column + span] - xs[column]), height: points(h))
        }
        if let title = s.title {
          let text = placed.number.map { "\(chineseNumeral($0))、\(title)" } ?? title
          page.headings.append(PlacedHeading(rect: rect(0, s.columns.count, y, t.headingHeight), text: text, bordered: s.border))
          y += t.headingHeight
        }
        if !s.header.isEmpty {
          for (c, text) in s.header.enumerated() {
            page.cells.append(PlacedCell(rect: rect(c, 1, y, t.headingHeight), binding: .header(text), bordered: s.border))
          }
          y += t.headingHeight
        }
        if let r = s.repeating {
          var count = 0, height = r.height
          switch r.count {
          case .fixed(let n): count = n
          case .fill:
            let available = r.height + spare
            count = max(1, Int((available + 0.001) / r.height))
            height = available / Double(count)
          }
          page.capacity[r.source] = count
          for i in 0..<count {
            for (c, field) in r.fields.enumerated() {
              page.cells.append(
                PlacedCell(
                  rect: rect(c, 1, y, height), binding: .item(source: r.source, index: i, field: field), bordered: s.border))
            }
            y += height
          }
        }
        // Fixed rows: place cells on the grid, honouring spans.
        let heights = s.rows.map { row -> Double in
          switch row.height {
          case .fixed(let h): h
          case .fill(let minimum): minimum + spare
          }
        }
        var occupied = Array(repeating: Array(repeating: false, count: s.columns.count), count: s.rows.count)
        for (r, row) in s.rows.enumerated() {
          var c = 0
          let rowTop = y + heights[..<r].reduce(0, +)
          for cell in row.cells {
            while c < s.columns.count && occupied[r][c] { c += 1 }
            let h = heights[r..<(r + cell.rowSpan)].reduce(0, +)
            page.cells.append(PlacedCell(rect: rect(c, cell.colSpan, rowTop, h), binding: .template(cell), bordered: s.border))
            for rr in r..<(r + cell.rowSpan) {
              for cc in c..<(c + cell.colSpan) { occupied[rr][cc] = true }
            }
            c += cell.colSpan
          }
        }
        y += heights.reduce(0, +)
        // Consecutive bordered sections make one table with one outer frame.
        if s.border {
          let frame = Rect(x: points(t.margins.left), y: points(top), width: points(t.contentWidth), height: points(y - top))
          if let last = page.frames.last, abs(last.maxY - frame.y) < 0.01, previousBordered {
            page.frames[page.frames.count - 1].height += frame.height
          } else {
            page.frames.append(frame)
          }
        }
        previousBordered = s.border
      }
      pages.append(page)
    }
    return pages
  }

  /// 一 … 十九: section numbers as Chinese forms write them.
  static func chineseNumeral(_ n: Int) -> String {
    let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    switch n {
    case 1...9: return digits[n]
    case 10: return "十"
    case 11...19: return "十" + digits[n - 10]
    default: return String(n)
    }
  }
}
