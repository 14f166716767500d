import Core
import Foundation
import RegistrationRules

/// Renders application forms as print-ready PDFs: A4, exactly two pages per form (page 2
/// is the back of page 1), text by pango in the template's fonts, and print settings for
/// duplex, long-edge flip and 100 % scale.
///
/// Not thread-safe: pango objects belong to one thread. Give each worker its own.
public final class FormRenderer {
  public let templates: FormTemplateSet
  private let engine: TextEngine
  private let layouts: [RegistrationKind: [PageLayout]]

  /// - Throws: `FormError.missingFont` when a font the templates use is not installed;
  ///   `.template` when a template does not fit its pages.
  public init(templates: FormTemplateSet) throws(FormError) {
    self.templates = templates
    // Check the real fonts first: without them a subset cannot be made either.
    _ = try TextEngine(requiredFamilies: templates.families)
    let faces = Set(
      templates.templates.values.flatMap { $0.styles.values.map { FontSubsets.Face(family: $0.family, bold: $0.bold) } })
    let dataFaces = Set(
      templates.templates.values.flatMap { t in
        t.dataStyles.map { FontSubsets.Face(family: t.style($0).family, bold: t.style($0).bold) }
      })
    let subsets = FontSubsets.register(faces, dataFaces: dataFaces, templateCharacters: templates.printedCharacters)
    engine = try TextEngine(requiredFamilies: templates.families, subsets: subsets)
    var layouts: [RegistrationKind: [PageLayout]] = [:]
    for (kind, template) in templates.templates { layouts[kind] = try FormLayout.layout(template) }
    self.layouts = layouts
    // A dry run of every kind's blank form: whatever is wrong with a template (a caption
    // that does not fit, a seal room too small) shows now, once, not once per applicant.
    for kind in RegistrationKind.allCases { _ = try prepare(kind: kind, values: FormValues()) }
  }

  /// Measures and places one form. Every problem with the data is thrown here, before
  /// anything is drawn: text too long for its cell, a character no font has, too many
  /// rows.
  public func prepare(kind: RegistrationKind, values: FormValues, photo: FormPhoto? = nil) throws(FormError) -> PreparedForm {
    let painter = FormPainter(template: templates.template(for: kind), engine: engine)
    return try painter.prepare(values, photo: photo, pages: layouts[kind]!)
  }

  /// Where the scan checks look on each kind's form: the QR code, the applicant's
  /// signature line, the employer's seal cell. Taken from blank forms: the layout never
  /// depends on the data.
  public func geometry() throws(FormError) -> FormGeometrySet {
    var forms: [FormGeometry] = []
    for kind in RegistrationKind.allCases {
      let t = templates.template(for: kind)
      let blank = try prepare(kind: kind, values: FormValues())
      let qr = t.qrBox
      let pages = blank.pages.indices.map { i in
        FormGeometry.Page(
          qr: FormGeometry.Box(x: qr.x, y: qr.y, width: qr.size, height: qr.size),
          applicantSignature: blank.signatureLines[i + 1], employerSealCell: blank.sealCells[i + 1]?.cell,
          employerSealRoom: blank.sealCells[i + 1]?.room, photo: blank.photoCells[i + 1])
      }
      forms.append(
        FormGeometry(kind: kind, template: t.version, pageWidth: t.pageWidth, pageHeight: t.pageHeight, pages: pages))
    }
    return FormGeometrySet(forms)
  }

  /// The fixed layer of each kind (grid, captions, paragraphs: the same on every form),
  /// drawn once by cairo and kept parsed by qpdf, to be stamped under each form's data.
  private var stamps: [RegistrationKind: PDFStamp] = [:]

  private func stamp(for kind: RegistrationKind) throws(FormError) -> PDFStamp {
    if let known = stamps[kind] { return known }
    let blank = try prepare(kind: kind, values: FormValues())
    let bytes = try cairoPDF(
      pages: blank.pages.map(\.fixed), photos: [nil], pagesPerForm: blank.pages.count, title: "", creationDate: "")
    let stamp = try PDFStamp(bytes)
    stamps[kind] = stamp
    return stamp
  }

  /// Draws prepared forms one after another into one PDF (every form starts on a front
  /// side, as each has two pages) with the print settings.
  ///
  /// cairo draws only each form's data; qpdf places the kind's fixed layer under every page
  /// as one shared form XObject. The fixed layer is four fifths of the drawing, so this is
  /// what makes a batch fast, and a combined file holds it only once per kind.
  /// - Parameter creationDate: ISO 8601 (`2026-11-23T10:00:00+08:00`).
  public func pdf(_ forms: [PreparedForm], title: String, creationDate: String) throws(FormError) -> [UInt8] {
    let pagesPerForm = forms.first?.pages.count ?? 2
    let data = try cairoPDF(
      pages: forms.flatMap { $0.pages.map(\.data) }, photos: forms.map(\.photo), pagesPerForm: pagesPerForm,
      title: title, creationDate: creationDate)
    var under: [(PDFStamp, Int)] = []
    for form in forms {
      let stamp = try stamp(for: form.kind)
      for page in form.pages.indices { under.append((stamp, page)) }
    }
    return try PDFComposer.compose(data, under: under)
  }

  /// cairo's part: the given pages, in order; `photos[i]` belongs to pages
  /// `i * pagesPerForm ..< (i + 1) * pagesPerForm`.
  private func cairoPDF(pages: [[DrawOp]], photos: [FormPhoto?], pagesPerForm: Int, title: String, creationDate: String)
    throws(FormError) -> [UInt8]
  {
    let template = templates.template(for: .initial)
    do {
      let document = try PDFDocument(
        width: points(template.pageWidth), height: points(template.pageHeight),
        metadata: PDFMetadata(title: title, subject: title.isEmpty ? "" : "注册安全工程师注册申请表", creationDate: creationDate))
      var image: (index: Int, image: CairoImage?)? = nil
      for (p, ops) in pages.enumerated() {
        let formIndex = p / pagesPerForm
        if image?.index != formIndex {
          image = (
            formIndex,
            try photos[safe: formIndex].flatMap { $0 }.map { photo throws(CairoError) in
              try CairoImage(photo.image, jpeg: photo.jpeg)
            }
          )
        }
        draw(ops, photo: image?.image, on: document.context)
        try document.showPage()
      }
      return try document.finish()
    } catch {
      throw .cairo(error)
    }
  }

  /// One form, one PDF.
  public func pdf(kind: RegistrationKind, values: FormValues, photo: FormPhoto? = nil, creationDate: String) throws(FormError)
    -> [UInt8]
  {
    let form = try prepare(kind: kind, values: values, photo: photo)
    return try pdf([form], title: form.title, creationDate: creationDate)
  }

  private func draw(_ ops: [DrawOp], photo: CairoImage?, on g: GraphicsContext) {
    g.setColor(gray: 0)
    // Shaded fills first, then every border of one width as a single path (hundreds of
    // separate strokes cost cairo's PDF surface far more than one long path), then the rest.
    for case .fill(let rect, let gray) in ops {
      g.setColor(gray: gray)
      g.fillRectangle(rect)
    }
    g.setColor(gray: 0)
    let strokes = ops.compactMap { op -> (Rect, Double)? in
      if case .stroke(let rect, let width) = op { return (rect, width) }
      return nil
    }
    for width in Set(strokes.map(\.1)).sorted() {
      g.setLineWidth(width)
      g.strokeRectangles(strokes.filter { $0.1 == width }.map(\.0))
    }
    for op in ops {
      switch op {
      case .stroke, .fill:
        break
      case .line(let a, let b, let width):
        g.setLineWidth(width)
        g.line(from: a, to: b)
      case .text(let text, let style, let size, let box, let valign):
        var sized = style
        sized.size = size
        engine.draw(text, sized, size: size, in: box, vertical: valign, on: g)
      case .photo(let rect):
        if let photo { g.paint(photo, in: rect) }
      case .modules(let rects):
        g.setColor(gray: 0)
        g.fillRectangles(rects)
      case .tick(let box, let width):
        g.setLineWidth(width * 2.4)
        g.line(
          from: Point(x: box.x + box.width * 0.18, y: box.y + box.height * 0.52),
          to: Point(x: box.x + box.width * 0.42, y: box.y + box.height * 0.78))
        g.line(
          from: Point(x: box.x + box.width * 0.42, y: box.y + box.height * 0.78),
          to: Point(x: box.x + box.width * 0.84, y: box.y + box.height * 0.22))
      }
    }
  }
}

/// ISO 8601 with the China offset, for PDF creation dates; honours SOURCE_DATE_EPOCH so
/// that builds of the same input can be byte-for-byte reproducible.
public func pdfCreationDate(now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
  // Years 0–9999 only: NaN or 1e300 from the environment means "now".
  let instant =
    environment["SOURCE_DATE_EPOCH"].flatMap(Double.init).flatMap { (0...253_402_300_799).contains($0) ? $0 : nil }
    .map(Date.init(timeIntervalSince1970:)) ?? now
  let formatter = ISO8601DateFormatter()
  formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
  formatter.formatOptions = [.withInternetDateTime]
  return formatter.string(from: instant)
}
