internal import CCairo

/// A cairo drawing context (`cairo_t`) on a surface; the surface outlives it because
/// the owning `PDFDocument` keeps both.
final class GraphicsContext {
  private(set) var cr: OpaquePointer?

  init(surface: OpaquePointer) throws(CairoError) {
    let cr = cairo_create(surface)!
    if cairo_status(cr) != CAIRO_STATUS_SUCCESS {
      let status = cairo_status(cr)
      cairo_destroy(cr)
      try check(status, "cairo_create")
    }
    self.cr = cr
  }

  /// Drops the context early (before the surface is finished).
  func release() {
    if let cr { cairo_destroy(cr) }
    cr = nil
  }

  deinit { release() }

  var handle: OpaquePointer { cr! }

  func showPage() { cairo_show_page(handle) }

  func setColor(gray: Double) { cairo_set_source_rgb(handle, gray, gray, gray) }

  func setColor(red: Double, green: Double, blue: Double) { cairo_set_source_rgb(handle, red, green, blue) }

  func setLineWidth(_ width: Double) { cairo_set_line_width(handle, width) }

  func setDash(_ pattern: [Double]) {
    pattern.withUnsafeBufferPointer { cairo_set_dash(handle, $0.baseAddress, Int32($0.count), 0) }
  }

  func line(from a: Point, to b: Point) {
    cairo_move_to(handle, a.x, a.y)
    cairo_line_to(handle, b.x, b.y)
    cairo_stroke(handle)
  }

  func strokeRectangle(_ r: Rect) {
    cairo_rectangle(handle, r.x, r.y, r.width, r.height)
    cairo_stroke(handle)
  }

  /// Strokes many rectangles as one path.
  func strokeRectangles(_ rects: [Rect]) {
    for r in rects { cairo_rectangle(handle, r.x, r.y, r.width, r.height) }
    cairo_stroke(handle)
  }

  /// Fills many rectangles as one path (a QR code: hundreds of fills would each be an
  /// operation in the PDF).
  func fillRectangles(_ rects: [Rect]) {
    for r in rects { cairo_rectangle(handle, r.x, r.y, r.width, r.height) }
    cairo_fill(handle)
  }

  func fillRectangle(_ r: Rect) {
    cairo_rectangle(handle, r.x, r.y, r.width, r.height)
    cairo_fill(handle)
  }

  func strokeCircle(center: Point, radius: Double) {
    cairo_new_sub_path(handle)
    cairo_arc(handle, center.x, center.y, radius, 0, 2 * Double.pi)
    cairo_stroke(handle)
  }

  func moveTo(_ p: Point) { cairo_move_to(handle, p.x, p.y) }

  func withSavedState(_ body: () throws(FormError) -> Void) throws(FormError) {
    cairo_save(handle)
    defer { cairo_restore(handle) }
    try body()
  }

  /// Paints `image` scaled into `rect` (the caller keeps the aspect ratio).
  func paint(_ image: CairoImage, in rect: Rect) {
    cairo_save(handle)
    cairo_rectangle(handle, rect.x, rect.y, rect.width, rect.height)
    cairo_clip(handle)
    cairo_translate(handle, rect.x, rect.y)
    cairo_scale(handle, rect.width / Double(image.width), rect.height / Double(image.height))
    cairo_set_source_surface(handle, image.surface, 0, 0)
    cairo_pattern_set_filter(cairo_get_source(handle), CAIRO_FILTER_GOOD)
    cairo_paint(handle)
    cairo_restore(handle)
  }
}

/// A point in PDF user space (points, origin top-left as cairo has it).
struct Point: Equatable, Sendable {
  var x: Double
  var y: Double
}

/// A rectangle in points.
public struct Rect: Equatable, Sendable, CustomStringConvertible {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public var maxX: Double { x + width }
  public var maxY: Double { y + height }

  public func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }

  public var description: String { "(\(x), \(y), \(width)×\(height))" }
}

/// Millimetres to points: every template number is in millimetres, cairo works in points.
func points(_ millimetres: Double) -> Double { millimetres * 72 / 25.4 }
func millimetres(_ points: Double) -> Double { points * 25.4 / 72 }
