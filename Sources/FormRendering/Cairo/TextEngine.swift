internal import CCairo
internal import CPangoCairo

/// Text through pango on cairo. Owns a font map and a context of its own: pango objects
/// must not be shared between threads, so each renderer (one per worker) has its own.
final class TextEngine {
  private let fontMap: UnsafeMutablePointer<PangoFontMap>
  private let context: OpaquePointer
  private let layout: OpaquePointer
  /// The font's built-in leading per (family, weight, size): logical line height minus the
  /// em. CJK glyphs sit inside the em box, so fitting and centring use the em box.
  private var leadings: [String: Double] = [:]
  /// Baseline-to-baseline distance as a fraction of the font's line height (Noto CJK's is
  /// about 1.45 em; 0.85 of it sets wrapped lines 1.23 em apart, as printed forms do).
  static let lineSpacing: Float = 0.85

  /// - Throws: `FormError.missingFont` when a family is not installed, rather than let
  ///   fontconfig substitute a font without the glyphs (tofu boxes in the PDF).
  /// Per face, the cut-down subset pango is asked for first (the full font comes second,
  /// for whatever the subset lacks).
  private let subsets: [FontSubsets.Face: FontSubsets.Registered]
  /// Measurements of texts seen before (template captions repeat on every form); emptied
  /// when it reaches `shapedLimit × 4` entries.
  private var extents: [MeasureKey: (width: Double, height: Double)] = [:]

  private struct MeasureKey: Hashable {
    var text: String
    var family: String
    var bold: Bool
    var size: Double
    var width: Double
    var align: HorizontalAlignment = .left
  }

  init(requiredFamilies: [String], subsets: [FontSubsets.Face: FontSubsets.Registered] = [:]) throws(FormError) {
    self.subsets = subsets
    fontMap = pango_cairo_font_map_new()!
    context = pango_font_map_create_context(fontMap)!
    // 72 dpi: one pango unit of size is one PDF point. No hinting: PDF text is scaled.
    pango_cairo_context_set_resolution(context, 72)
    let options = cairo_font_options_create()
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    pango_cairo_context_set_font_options(context, options)
    cairo_font_options_destroy(options)
    layout = pango_layout_new(context)!
    let installed = Self.families(fontMap)
    for family in requiredFamilies where !installed.contains(family) {
      throw .missingFont(family: family)
    }
  }

  deinit {
    dropShaped()
    g_object_unref(UnsafeMutableRawPointer(layout))
    g_object_unref(UnsafeMutableRawPointer(context))
    g_object_unref(fontMap)
  }

  private static func families(_ fontMap: UnsafeMutablePointer<PangoFontMap>) -> Set<String> {
    var list: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>? = nil
    var count: Int32 = 0
    pango_font_map_list_families(fontMap, &list, &count)
    defer { g_free(list) }
    var names: Set<String> = []
    for i in 0..<Int(count) {
      if let family = list?[i], let name = pango_font_family_get_name(family) {
        names.insert(String(cString: name))
      }
    }
    return names
  }

  /// Prepares the shared layout for `text` in `style` at `size`, wrapped to `width` points.
  private func prepare(_ text: String, _ style: TextStyle, size: Double, width: Double?, into target: OpaquePointer? = nil) {
    let layout = target ?? self.layout
    let description = pango_font_description_new()
    let face = FontSubsets.Face(family: style.family, bold: style.bold)
    pango_font_description_set_family(description, subsets[face].map { "\($0.family),\(style.family)" } ?? style.family)
    pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
    pango_font_description_set_weight(description, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    pango_layout_set_font_description(layout, description)
    pango_font_description_free(description)
    pango_layout_set_width(layout, width.map { Int32($0 * Double(PANGO_SCALE)) } ?? -1)
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
    pango_layout_set_line_spacing(layout, Self.lineSpacing)
    let alignment: PangoAlignment =
      switch style.align {
      case .left: PANGO_ALIGN_LEFT
      case .center: PANGO_ALIGN_CENTER
      case .right: PANGO_ALIGN_RIGHT
      }
    pango_layout_set_alignment(layout, alignment)
    pango_layout_set_text(layout, text, -1)
  }

  /// The logical size of `text` (points) when set in `style` at `size`.
  func measure(_ text: String, _ style: TextStyle, size: Double, width: Double?) -> (width: Double, height: Double) {
    let key = MeasureKey(text: text, family: style.family, bold: style.bold, size: size, width: width ?? -1, align: style.align)
    if let known = extents[key] { return known }
    prepare(text, style, size: size, width: width)
    var logical = PangoRectangle()
    pango_layout_get_extents(layout, nil, &logical)
    let extent = (Double(logical.width) / Double(PANGO_SCALE), Double(logical.height) / Double(PANGO_SCALE))
    if extents.count > 20_000 { extents.removeAll(keepingCapacity: true) }
    // Bounded like the shaped layouts: a long batch or a server sees new texts without end.
    if extents.count >= Self.shapedLimit * 4 { extents.removeAll(keepingCapacity: true) }
    extents[key] = extent
    return extent
  }

  /// The characters of `text` that no installed font can draw (pango would show an
  /// empty box for them).
  func undrawableCharacters(in text: String, _ style: TextStyle) -> [Character] {
    // Everything in the face's subset is drawable: no need to ask pango.
    if let subset = subsets[FontSubsets.Face(family: style.family, bold: style.bold)],
      text.unicodeScalars.allSatisfy({ subset.characters.contains($0.value) || $0.properties.isWhitespace })
    {
      return []
    }
    prepare(text, style, size: style.size, width: nil)
    guard pango_layout_get_unknown_glyphs_count(layout) > 0 else { return [] }
    var missing: [Character] = []
    for ch in Set(text) where !ch.isWhitespace {
      prepare(String(ch), style, size: style.size, width: nil)
      if pango_layout_get_unknown_glyphs_count(layout) > 0 { missing.append(ch) }
    }
    return missing.sorted { String($0) < String($1) }
  }

  /// Logical line height minus the em for one line of `style` at `size`.
  func leading(_ style: TextStyle, size: Double) -> Double {
    let key = "\(style.family)|\(style.bold)|\(size)"
    if let known = leadings[key] { return known }
    let value = max(0, measure("国", style, size: size, width: nil).height - size)
    leadings[key] = value
    return value
  }

  /// The largest size from `style.size` down to `style.minSize` (in 0.5-point steps) at
  /// which `text`, wrapped to the box's width, fits its height; `nil` if none does.
  func fittingSize(_ text: String, _ style: TextStyle, in box: Rect) -> Double? {
    var size = style.size
    while size >= style.minSize - 0.001 {
      let lead = leading(style, size: size)
      let extent = measure(text, style, size: size, width: box.width)
      if extent.height - lead <= box.height + 0.01 && extent.width <= box.width + 0.01 { return size }
      size -= 0.5
    }
    return nil
  }

  /// Shaped layouts kept for drawing again: captions repeat on every form, and shaping is
  /// a large part of the cost of drawing a text.
  private var shaped: [MeasureKey: (layout: OpaquePointer, height: Double)] = [:]
  static let shapedLimit = 4000

  private func dropShaped() {
    for entry in shaped.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
    shaped.removeAll(keepingCapacity: true)
  }

  /// Draws `text` in `box` at `size`, aligned vertically as asked.
  func draw(
    _ text: String, _ style: TextStyle, size: Double, in box: Rect, vertical: VerticalAlignment, on graphics: GraphicsContext
  ) {
    let lead = leading(style, size: size)
    let key = MeasureKey(text: text, family: style.family, bold: style.bold, size: size, width: box.width, align: style.align)
    let entry: (layout: OpaquePointer, height: Double)
    if let known = shaped[key] {
      entry = known
    } else {
      if shaped.count >= Self.shapedLimit { dropShaped() }
      let own = pango_layout_new(context)!
      prepare(text, style, size: size, width: box.width, into: own)
      var logical = PangoRectangle()
      pango_layout_get_extents(own, nil, &logical)
      entry = (own, Double(logical.height) / Double(PANGO_SCALE))
      shaped[key] = entry
    }
    // The em box, not the logical box, is what must sit at the top, middle or bottom.
    let y: Double =
      switch vertical {
      case .top: box.y - lead / 2
      case .middle: box.y + (box.height - entry.height) / 2
      case .bottom: box.maxY - entry.height + lead / 2
      }
    cairo_move_to(graphics.handle, box.x, y)
    pango_cairo_show_layout(graphics.handle, entry.layout)
  }
}
