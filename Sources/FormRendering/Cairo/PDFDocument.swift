internal import CCairo

/// A PDF being written by cairo into memory (`cairo_pdf_surface_create_for_stream`).
/// Pages are A4-sized unless told otherwise; units are PostScript points.
final class PDFDocument {
  /// Collects what cairo writes. A class, so its address can be cairo's closure.
  private final class Sink {
    var bytes: [UInt8] = []
  }

  private let sink = Sink()
  let surface: OpaquePointer
  let context: GraphicsContext
  private var finished = false

  /// - Parameters: `width` and `height` of the pages in points.
  init(width: Double, height: Double, metadata: PDFMetadata) throws(CairoError) {
    let closure = Unmanaged.passUnretained(sink).toOpaque()
    guard
      let surface = cairo_pdf_surface_create_for_stream(
        { closure, data, length in
          guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
          let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
          sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
          return CAIRO_STATUS_SUCCESS
        }, closure, width, height)
    else { throw CairoError(call: "cairo_pdf_surface_create_for_stream", status: "NULL") }
    do {
      try check(cairo_surface_status(surface), "cairo_pdf_surface_create_for_stream")
    } catch {
      cairo_surface_destroy(surface)
      throw error
    }
    self.surface = surface
    for (key, value) in [
      (CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
      (CAIRO_PDF_METADATA_SUBJECT, metadata.subject), (CAIRO_PDF_METADATA_CREATE_DATE, metadata.creationDate),
    ]
    where !value.isEmpty {
      cairo_pdf_surface_set_metadata(surface, key, value)
    }
    do {
      context = try GraphicsContext(surface: surface)
    } catch {
      cairo_surface_destroy(surface)
      throw error
    }
  }

  /// Ends the current page and starts the next.
  func showPage() throws(CairoError) {
    context.showPage()
    try check(cairo_surface_status(surface), "cairo_show_page")
  }

  /// Finishes the document (fonts are subset and embedded here) and returns its bytes.
  func finish() throws(CairoError) -> [UInt8] {
    precondition(!finished, "finish() twice")
    finished = true
    context.release()
    cairo_surface_finish(surface)
    try check(cairo_surface_status(surface), "cairo_surface_finish")
    return sink.bytes
  }

  deinit {
    context.release()
    cairo_surface_destroy(surface)
  }
}

/// The document information cairo writes (`cairo_pdf_surface_set_metadata`).
struct PDFMetadata {
  var title: String
  var subject: String = ""
  var creator: String = "safetyreg"
  /// ISO 8601, e.g. `2026-11-23T10:00:00+08:00`.
  var creationDate: String
}
