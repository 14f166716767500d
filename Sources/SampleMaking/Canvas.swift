import CCairo
import Foundation
import ImageCodecs

/// A deterministic pseudo-random sequence (PCG-style LCG): the same seed, the same samples.
public struct Noise {
  public var state: UInt64

  public init(state: UInt64) { self.state = state }
  public mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
  }
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
  public mutating func range(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
  /// Roughly normal, mean 0, standard deviation 1.
  public mutating func gaussian() -> Double { (0..<6).reduce(0.0) { acc, _ in acc + unit() } - 3 }
}

/// A cairo image surface to draw on with the toy text API and paths; converts to and from
/// `DecodedImage`. Only this sample generator draws like this; the forms use pango.
public final class Canvas {
  public let surface: OpaquePointer
  let cr: OpaquePointer
  public let width: Int
  public let height: Int

  public init(width: Int, height: Int, background: (Double, Double, Double) = (1, 1, 1)) {
    self.width = width
    self.height = height
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
    cr = cairo_create(surface)
    cairo_set_source_rgb(cr, background.0, background.1, background.2)
    cairo_paint(cr)
  }

  public convenience init(_ image: DecodedImage) {
    self.init(width: image.width, height: image.height)
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    let data = cairo_image_surface_get_data(surface)!
    let c = image.channels
    for y in 0..<height {
      let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
      for x in 0..<width {
        let s = (y * width + x) * c
        let r = UInt32(image.pixels[s]), g = UInt32(image.pixels[s + (c == 3 ? 1 : 0)]),
          b = UInt32(image.pixels[s + (c == 3 ? 2 : 0)])
        row[x] = 0xFF00_0000 | r << 16 | g << 8 | b
      }
    }
    cairo_surface_mark_dirty(surface)
  }

  deinit {
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
  }

  public var image: DecodedImage {
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    let data = cairo_image_surface_get_data(surface)!
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
      for x in 0..<width {
        let p = row[x]
        pixels[(y * width + x) * 3] = UInt8(p >> 16 & 0xFF)
        pixels[(y * width + x) * 3 + 1] = UInt8(p >> 8 & 0xFF)
        pixels[(y * width + x) * 3 + 2] = UInt8(p & 0xFF)
      }
    }
    return DecodedImage(width: width, height: height, channels: 3, pixels: pixels)
  }

  public func color(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) { cairo_set_source_rgba(cr, r, g, b, a) }

  public func font(_ size: Double, bold: Bool = false, serif: Bool = false) {
    cairo_select_font_face(
      cr, serif ? "Noto Serif CJK SC" : "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL,
      bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, size)
  }

  public func text(_ s: String, x: Double, y: Double) {
    cairo_move_to(cr, x, y)
    cairo_show_text(cr, s)
  }

  public func textWidth(_ s: String) -> Double {
    var e = cairo_text_extents_t()
    cairo_text_extents(cr, s, &e)
    return e.x_advance
  }

  /// Lines of at most `perLine` characters (Chinese text wraps anywhere).
  public func paragraph(_ s: String, x: Double, y: Double, perLine: Int, leading: Double) -> Double {
    var y = y
    var rest = Substring(s)
    while !rest.isEmpty {
      let line = rest.prefix(perLine)
      text(String(line), x: x, y: y)
      rest = rest.dropFirst(line.count)
      y += leading
    }
    return y
  }

  /// A round red seal (公章): a ring, the organisation's name along the top arc, a star,
  /// and what kind of seal it is across its lower half (none for a legal-entity seal).
  public func seal(
    name: String, centerX: Double, centerY: Double, radius: Double, rotation: Double, ink: Double,
    label: String = "人事专用章"
  ) {
    cairo_save(cr)
    cairo_translate(cr, centerX, centerY)
    cairo_rotate(cr, rotation)
    color(0.85, 0.1, 0.12, ink)
    cairo_set_line_width(cr, radius * 0.06)
    // A fresh path: text drawn before leaves a current point the ring would join.
    cairo_new_path(cr)
    cairo_arc(cr, 0, 0, radius * 0.95, 0, 2 * .pi)
    cairo_stroke(cr)
    // A five-pointed star in the middle.
    cairo_new_path(cr)
    for k in 0..<10 {
      let r = k % 2 == 0 ? radius * 0.28 : radius * 0.11
      let a = -Double.pi / 2 + Double(k) * .pi / 5
      if k == 0 { cairo_move_to(cr, r * cos(a), r * sin(a)) } else { cairo_line_to(cr, r * cos(a), r * sin(a)) }
    }
    cairo_close_path(cr)
    cairo_fill(cr)
    // The name around the top, each character turned to face outwards.
    font(radius * 0.2, bold: true)
    let characters = Array(name)
    let span = min(Double.pi * 1.35, Double(characters.count) * 0.3)
    for (i, ch) in characters.enumerated() {
      let a = -Double.pi / 2 - span / 2 + span * (Double(i) + 0.5) / Double(characters.count)
      cairo_save(cr)
      cairo_rotate(cr, a + .pi / 2)
      let s = String(ch)
      text(s, x: -textWidth(s) / 2, y: -radius * 0.62)
      cairo_restore(cr)
    }
    font(radius * 0.14, bold: true)
    text(label, x: -textWidth(label) / 2, y: radius * 0.55)
    cairo_restore(cr)
  }

  /// A handwritten-looking signature: a few connected curves in dark blue ink.
  public func signature(x: Double, y: Double, width: Double, seed: UInt64) {
    var noise = Noise(state: seed)
    cairo_save(cr)
    color(0.08, 0.12, 0.45, 0.92)
    cairo_set_line_width(cr, max(1.2, width / 70))
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
    let strokes = 3
    for s in 0..<strokes {
      let x0 = x + width * Double(s) / Double(strokes)
      cairo_move_to(cr, x0, y + noise.range(-0.1, 0.1) * width)
      for _ in 0..<3 {
        let dx = width / Double(strokes) / 3
        cairo_rel_curve_to(
          cr, dx * 0.3, -width * noise.range(0.05, 0.22), dx * 0.7, width * noise.range(0.05, 0.22), dx,
          width * noise.range(-0.05, 0.05))
      }
      cairo_stroke(cr)
    }
    cairo_restore(cr)
  }

  /// Draws `image` into the rectangle `x, y, width, height` (scaled, cairo's good
  /// filter), each pixel covering as much as `alpha` says (1 everywhere when nil).
  public func draw(_ image: DecodedImage, alpha: [Double]? = nil, x: Double, y: Double, width w: Double, height h: Double) {
    let source = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height))!
    defer { cairo_surface_destroy(source) }
    cairo_surface_flush(source)
    let stride = Int(cairo_image_surface_get_stride(source))
    let data = cairo_image_surface_get_data(source)!
    let c = image.channels
    for row in 0..<image.height {
      let out = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
      for col in 0..<image.width {
        let i = row * image.width + col
        let a = max(0, min(1, alpha?[i] ?? 1))
        // Cairo keeps colours premultiplied by their alpha.
        func channel(_ k: Int) -> UInt32 { UInt32((Double(image.pixels[i * c + (c == 3 ? k : 0)]) * a).rounded()) }
        out[col] = UInt32((a * 255).rounded()) << 24 | channel(0) << 16 | channel(1) << 8 | channel(2)
      }
    }
    cairo_surface_mark_dirty(source)
    cairo_save(cr)
    cairo_translate(cr, x, y)
    cairo_scale(cr, w / Double(image.width), h / Double(image.height))
    cairo_set_source_surface(cr, source, 0, 0)
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
    cairo_paint(cr)
    cairo_restore(cr)
  }

  public func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: Bool = true) {
    cairo_rectangle(cr, x, y, w, h)
    if fill { cairo_fill(cr) } else { cairo_stroke(cr) }
  }

  public func ellipse(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double) {
    cairo_save(cr)
    cairo_translate(cr, cx, cy)
    cairo_scale(cr, rx, ry)
    cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
    cairo_restore(cr)
    cairo_fill(cr)
  }
}
