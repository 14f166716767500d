import Core
import Foundation
import RegistrationRules

/// One drawing instruction, in points. Prepared forms are lists of these, so that all
/// measuring (and every way data can fail) happens before anything is drawn.
enum DrawOp: Sendable {
  case stroke(Rect, width: Double)
  case fill(Rect, gray: Double)
  case line(Point, Point, width: Double)
  case text(String, style: TextStyle, size: Double, box: Rect, valign: VerticalAlignment)
  case photo(Rect)
  /// A tick in a tick box.
  case tick(Rect, width: Double)
  /// Black rectangles (a QR code's runs of dark modules).
  case modules([Rect])
}

/// A page in two layers: what every form of the kind shares (the grid, captions,
/// paragraphs), drawn once per kind and stamped under each form, and the applicant's data.
public struct PreparedPage: Sendable {
  var fixed: [DrawOp] = []
  var data: [DrawOp] = []

  static func + (a: PreparedPage, b: PreparedPage) -> PreparedPage {
    PreparedPage(fixed: a.fixed + b.fixed, data: a.data + b.data)
  }

  static func += (a: inout PreparedPage, b: PreparedPage) { a = a + b }
}

/// A form measured and ready to draw: nothing left that can fail because of its data.
public struct PreparedForm: Sendable {
  public var kind: RegistrationKind
  /// For the PDF title: `注册安全工程师初始注册申请表 — 张伟`.
  public var title: String
  var pages: [PreparedPage]
  var photo: FormPhoto?
  /// Where the photo box and the seal room ended up (points), for checks and tests.
  public var photoBoxes: [Rect] = []
  public var sealBoxes: [Rect] = []
  /// Values that had to shrink below their style's size to fit: field → size (points).
  public var shrunk: [String: Double] = [:]
  /// What each page's QR code says, page by page.
  public var qrCodes: [FormQRPayload] = []
  /// Where the scan checks look (millimetres), by page number: the applicant's signature
  /// line and the employer's seal cell and room (`verify:` in the template).
  public var signatureLines: [Int: FormGeometry.SignatureLine] = [:]
  public var sealCells: [Int: (cell: FormGeometry.Box, room: FormGeometry.Box)] = [:]
  /// The photo box per page (millimetres).
  public var photoCells: [Int: FormGeometry.Box] = [:]
}

/// Measures, fits and places everything of one form.
struct FormPainter {
  let template: FormTemplate
  let engine: TextEngine

  func prepare(_ values: FormValues, photo: FormPhoto?, pages layouts: [PageLayout]) throws(FormError) -> PreparedForm {
    let t = template
    var form = PreparedForm(
      kind: t.kind, title: t.title + (values.applicantName.map { " — \($0)" } ?? ""), pages: [], photo: photo)
    let pad = points(t.padding)
    for layout in layouts {
      var ops = PreparedPage()
      let page = layout.number
      for (source, capacity) in layout.capacity {
        let count = values.rows[source]?.count ?? 0
        if count > capacity { throw .tooManyRows(source: source, count: count, capacity: capacity, page: page) }
      }
      if let title = layout.title {
        ops.fixed.append(try fitted(t.title, "title", nil, in: title, valign: .middle, field: nil, page: page, form: &form))
      }
      for heading in layout.headings {
        if heading.bordered {
          ops.fixed.append(.fill(heading.rect, gray: t.headingShade))
          ops.fixed.append(.stroke(heading.rect, width: t.innerLine))
        }
        ops.fixed.append(
          try fitted(
            heading.text, "section", nil, in: heading.rect.insetBy(pad), valign: .middle, field: nil, page: page, form: &form))
      }
      for cell in layout.cells {
        if cell.bordered { ops.fixed.append(.stroke(cell.rect, width: t.innerLine)) }
        let inner = cell.rect.insetBy(pad)
        switch cell.binding {
        case .header(let text):
          ops.fixed.append(try fitted(text, "header", nil, in: inner, valign: .middle, field: nil, page: page, form: &form))
        case .item(let source, let index, let field):
          if let value = values.rows[source]?[safe: index]?[field], !value.isEmpty {
            let align = t.pages[page - 1].compactMap { $0.section.repeating }.first { $0.source == source }.flatMap { r in
              r.fields.firstIndex(of: field).map { r.align[$0] }
            }
            ops.data.append(
              try fitted(
                value, "value", align, in: inner, valign: .middle, field: "\(source)[\(index)].\(field)", page: page, form: &form)
            )
          }
        case .template(let c):
          ops += try content(c, in: cell.rect, values: values, page: page, form: &form)
        }
      }
      for frame in layout.frames { ops.fixed.append(.stroke(frame, width: t.outerLine)) }
      let footer = t.footer.replacingOccurrences(of: "{page}", with: String(page)).replacingOccurrences(
        of: "{pages}", with: String(layouts.count))
      ops.fixed.append(
        try fitted(footer, "footer", .center, in: layout.footer, valign: .middle, field: nil, page: page, form: &form))
      // The page's QR code: which application, kind and page, which layout, which data.
      let payload = FormQRPayload(
        id: values.fields["id"], kind: t.kind, page: page, template: t.version, digest: values.printedDigest)
      if let symbol = QRSymbol.encode(payload.text) {
        let box = t.qrBox
        ops.data.append(
          .modules(
            symbol.rectangles(in: Rect(x: points(box.x), y: points(box.y), width: points(box.size), height: points(box.size)))))
        form.qrCodes.append(payload)
      }
      form.pages.append(ops)
    }
    return form
  }

  private func content(_ c: Cell, in rect: Rect, values: FormValues, page: Int, form: inout PreparedForm) throws(FormError)
    -> PreparedPage
  {
    let inner = rect.insetBy(points(template.padding))
    var ops = PreparedPage()
    switch c.content {
    case .empty:
      break
    case .label(let text):
      ops.fixed.append(try fitted(text, c.style, c.align, in: inner, valign: c.valign, field: nil, page: page, form: &form))
    case .field(let path):
      if let value = values.fields[path] {
        ops.data.append(try fitted(value, c.style, c.align, in: inner, valign: c.valign, field: path, page: page, form: &form))
      }
    case .photo:
      ops += try photoBox(in: inner, page: page, form: &form)
    case .checks(let field, let options):
      ops += try checks(options, checked: values.checks[field] ?? [], style: c.style, in: inner, page: page)
    case .text(let paragraph):
      // The paragraph takes the top; signing lines and the seal room come below it.
      var signTop = inner.maxY
      var signOps: [DrawOp] = []
      if !c.sign.isEmpty {
        let lines = try signLines(c.sign, style: c.style, in: inner, page: page)
        (signOps, signTop) = (lines.ops, lines.top)
        if c.verify == .applicantSignature, let blank = lines.firstBlank {
          form.signatureLines[page] = FormGeometry.SignatureLine(
            x: millimetres(blank.x), width: millimetres(blank.width), baseline: millimetres(blank.baseline),
            above: millimetres(blank.baseline - signTop))
        }
      }
      // The seal room sits at the right, above the signing lines; the paragraph keeps left of it.
      var textRight = inner.maxX
      if let seal = c.seal {
        let side = points(seal)
        let box = Rect(x: inner.maxX - side - points(6), y: signTop - side - points(1), width: side, height: side)
        guard box.y >= inner.y - 0.01 else {
          throw templateError(page, LocalizedText("formPainter.sealRoomDoesNotFit", ["seal": Measure(seal)]))
        }
        form.sealBoxes.append(box)
        if c.verify == .employerSeal { form.sealCells[page] = (cell: Self.box(rect), room: Self.box(box)) }
        if let caption = c.sealCaption {
          ops.fixed.append(try fitted(caption, "note", .center, in: box, valign: .middle, field: nil, page: page, form: &form))
        }
        textRight = box.x - points(4)
      }
      let area = Rect(x: inner.x, y: inner.y, width: textRight - inner.x, height: signTop - inner.y)
      guard area.height > 0, area.width > 0 else {
        throw templateError(page, LocalizedText("formPainter.signingLinesDoNotFit"))
      }
      ops.fixed.append(try fitted(paragraph, c.style, c.align, in: area, valign: .top, field: nil, page: page, form: &form))
      ops.fixed += signOps
    }
    if !c.sign.isEmpty, !c.content.isParagraph {
      ops.fixed += try signLines(c.sign, style: c.style, in: inner, page: page).ops
    }
    return ops
  }

  /// Sets `text` in the largest size that fits `box`, or fails naming the field (data) or
  /// the template (fixed text).
  private func fitted(
    _ text: String, _ styleName: String, _ align: HorizontalAlignment?, in box: Rect, valign: VerticalAlignment,
    field: String?, page: Int, form: inout PreparedForm
  ) throws(FormError) -> DrawOp {
    var style = template.style(styleName)
    if let align { style.align = align }
    if let bad = engine.undrawableCharacters(in: text, style).first {
      if let field { throw .undrawableCharacter(field: field, page: page, character: bad) }
      throw templateError(page, LocalizedText("formPainter.undrawableCharacter", ["text": text, "character": bad]))
    }
    guard let size = engine.fittingSize(text, style, in: box) else {
      if let field { throw .textDoesNotFit(field: field, page: page, text: text, minSize: style.minSize) }
      throw templateError(page, LocalizedText("formPainter.textDoesNotFit", ["text": text]))
    }
    if let field, size < style.size { form.shrunk[field] = size }
    return .text(text, style: style, size: size, box: box, valign: valign)
  }

  private func photoBox(in inner: Rect, page: Int, form: inout PreparedForm) throws(FormError) -> PreparedPage {
    let w = points(photoBoxMillimetres.width), h = points(photoBoxMillimetres.height)
    guard inner.width >= w - 0.01, inner.height >= h - 0.01 else {
      throw templateError(page, LocalizedText("formPainter.photoCellTooSmall"))
    }
    let box = Rect(x: inner.x + (inner.width - w) / 2, y: inner.y + (inner.height - h) / 2, width: w, height: h)
    form.photoBoxes.append(box)
    form.photoCells[page] = Self.box(box)
    var ops = PreparedPage(fixed: [.stroke(box, width: template.innerLine)])
    if let photo = form.photo {
      let scale = min(w / Double(photo.image.width), h / Double(photo.image.height))
      let pw = Double(photo.image.width) * scale, ph = Double(photo.image.height) * scale
      ops.data.append(.photo(Rect(x: box.x + (w - pw) / 2, y: box.y + (h - ph) / 2, width: pw, height: ph)))
    } else {
      // The caption belongs to the data layer: a photo replaces it.
      ops.data.append(
        try fitted(
          "照片\n（二寸近期免冠\n正面彩色照片）", "note", .center, in: box.insetBy(points(2)), valign: .middle, field: nil, page: page,
          form: &form))
    }
    return ops
  }

  private func checks(_ options: [Cell.CheckOption], checked: Set<String>, style name: String, in inner: Rect, page: Int)
    throws(FormError) -> PreparedPage
  {
    let style = template.style(name)
    let side = points(3.6), gap = points(1.5), spacing = points(6)
    var x = inner.x
    var ops = PreparedPage()
    for option in options {
      let extent = engine.measure(option.label, style, size: style.size, width: nil)
      let box = Rect(x: x, y: inner.y + (inner.height - side) / 2, width: side, height: side)
      ops.fixed.append(.stroke(box, width: template.innerLine))
      if checked.contains(option.value) { ops.data.append(.tick(box, width: template.innerLine)) }
      let label = Rect(x: box.maxX + gap, y: inner.y, width: extent.width + 1, height: inner.height)
      ops.fixed.append(.text(option.label, style: style, size: style.size, box: label, valign: .middle))
      x = label.maxX + spacing
    }
    guard x - spacing <= inner.maxX + 0.5 else {
      throw templateError(page, LocalizedText("formPainter.tickBoxesDoNotFit"))
    }
    return ops
  }

  /// Signing lines (`申请人签字：{blank:40}`) set right-aligned at the bottom of `inner`.
  /// Returns their drawing and the top of the block.
  /// Returns their drawing, the top of the block and where the first blank of the first
  /// line is (points: its start, width and rule's height).
  private func signLines(_ lines: [String], style name: String, in inner: Rect, page: Int) throws(FormError) -> (
    ops: [DrawOp], top: Double, firstBlank: (x: Double, width: Double, baseline: Double)?
  ) {
    var firstBlank: (x: Double, width: Double, baseline: Double)?
    let style = template.style(name)
    let lineHeight = style.size * 1.7
    var ops: [DrawOp] = []
    let top = inner.maxY - lineHeight * Double(lines.count)
    for (i, line) in lines.enumerated() {
      let segments = Self.segments(line)
      let widths = segments.map { segment -> Double in
        switch segment {
        case .text(let s): engine.measure(s, style, size: style.size, width: nil).width
        case .blank(let mm): points(mm)
        }
      }
      let total = widths.reduce(0, +)
      guard total <= inner.width else {
        throw templateError(page, LocalizedText("formPainter.signingLineTooWide", ["line": line]))
      }
      var x = inner.maxX - total - points(4)
      let y = top + lineHeight * Double(i)
      for (segment, width) in zip(segments, widths) {
        switch segment {
        case .text(let s):
          ops.append(
            .text(s, style: style, size: style.size, box: Rect(x: x, y: y, width: width + 1, height: lineHeight), valign: .middle)
          )
        case .blank:
          let baseline = y + lineHeight / 2 + style.size * 0.55
          if i == 0, firstBlank == nil { firstBlank = (x, width, baseline) }
          ops.append(.line(Point(x: x + 1, y: baseline), Point(x: x + width - 1, y: baseline), width: 0.5))
        }
        x += width
      }
    }
    return (ops, top, firstBlank)
  }

  static func box(_ r: Rect) -> FormGeometry.Box {
    FormGeometry.Box(x: millimetres(r.x), y: millimetres(r.y), width: millimetres(r.width), height: millimetres(r.height))
  }

  enum Segment: Equatable {
    case text(String)
    case blank(Double)
  }

  /// Splits `签字：{blank:40}年` into text and blanks (millimetres).
  static func segments(_ line: String) -> [Segment] {
    var result: [Segment] = []
    var rest = Substring(line)
    while let open = rest.range(of: "{blank:"), let close = rest[open.upperBound...].firstIndex(of: "}") {
      if open.lowerBound > rest.startIndex { result.append(.text(String(rest[..<open.lowerBound]))) }
      result.append(.blank(Double(rest[open.upperBound..<close]) ?? 20))
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { result.append(.text(String(rest))) }
    return result
  }

  private func templateError(_ page: Int, _ problem: LocalizedText) -> FormError {
    .template(
      file: "forms/\(template.kind.rawValue).yaml", line: nil,
      message: LocalizedText("formPainter.onPage", ["page": page, "problem": problem]))
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
