internal import CCairo
internal import CPoppler
internal import CPopplerShim
import Core
import Foundation
import ImageCodecs

/// Why poppler could not open a PDF.
public enum PDFOpenError: Error, Sendable, Equatable {
  case encrypted
  case damaged(String)
}

/// A PDF opened with poppler-glib (`poppler_document_new_from_bytes`). Owns its
/// document; pages keep the document alive.
///
/// Not `Sendable`, on purpose: a poppler document is not thread-safe. Each one is opened,
/// used and released by one thread within one measurement (in `review`, inside one check
/// worker process), and the compiler keeps it that way.
public final class PDFFile {
  let document: OpaquePointer
  /// poppler reads from this buffer for as long as the document lives.
  private let bytes: OpaquePointer

  /// - Throws: `.encrypted` for a password-protected file, `.damaged` with poppler's
  ///   message for anything it cannot parse.
  public init(bytes data: [UInt8]) throws(PDFOpenError) {
    guard let gbytes = data.withUnsafeBytes({ g_bytes_new($0.baseAddress, gsize($0.count)) }) else {
      throw .damaged("out of memory")
    }
    var error: UnsafeMutablePointer<GError>? = nil
    guard let document = poppler_document_new_from_bytes(gbytes, nil, &error) else {
      let encrypted =
        error.map { $0.pointee.domain == poppler_error_quark() && $0.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) }
        ?? false
      let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unreadable"
      if error != nil { g_error_free(error) }
      g_bytes_unref(gbytes)
      throw encrypted ? .encrypted : .damaged(message)
    }
    self.document = document
    self.bytes = gbytes
  }

  deinit {
    g_object_unref(UnsafeMutableRawPointer(document))
    g_bytes_unref(bytes)
  }

  public var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

  public var title: String? {
    poppler_document_get_title(document).map { s in
      defer { g_free(s) }; return String(cString: s)
    }
  }

  public var creator: String? {
    poppler_document_get_creator(document).map { s in
      defer { g_free(s) }; return String(cString: s)
    }
  }

  /// `/ViewerPreferences /Duplex`, as poppler reads it.
  public var duplexFlipLongEdge: Bool {
    poppler_document_get_print_duplex(document) == POPPLER_PRINT_DUPLEX_DUPLEX_FLIP_LONG_EDGE
  }

  /// `/ViewerPreferences /PrintScaling /None`, as poppler reads it.
  public var printScalingNone: Bool { poppler_document_get_print_scaling(document) == POPPLER_PRINT_SCALING_NONE }

  /// The fonts used on all pages, as poppler's font scanner reports them.
  public var fonts: [(name: String, embedded: Bool, subset: Bool)] {
    let info = poppler_font_info_new(document)
    defer { poppler_font_info_free(info) }
    var iter: OpaquePointer? = nil
    guard poppler_font_info_scan(info, Int32(pageCount), &iter) != 0, let iter else { return [] }
    defer { poppler_fonts_iter_free(iter) }
    var fonts: [(String, Bool, Bool)] = []
    repeat {
      let name = poppler_fonts_iter_get_name(iter).map { String(cString: $0) } ?? ""
      fonts.append((name, poppler_fonts_iter_is_embedded(iter) != 0, poppler_fonts_iter_is_subset(iter) != 0))
    } while poppler_fonts_iter_next(iter) != 0
    return fonts
  }

  public func page(_ index: Int) -> PDFPage? {
    guard index >= 0, index < pageCount, let page = poppler_document_get_page(document, Int32(index)) else { return nil }
    return PDFPage(page, document: self)
  }
}

/// One page. Keeps its document alive. Not `Sendable`, like its document.
public final class PDFPage {
  let page: OpaquePointer
  let document: PDFFile

  init(_ page: OpaquePointer, document: PDFFile) {
    self.page = page
    self.document = document
  }

  deinit { g_object_unref(UnsafeMutableRawPointer(page)) }

  /// Width and height in points.
  public var size: (width: Double, height: Double) {
    var w = 0.0, h = 0.0
    poppler_page_get_size(page, &w, &h)
    return (w, h)
  }

  public var text: String {
    guard let text = poppler_page_get_text(page) else { return "" }
    defer { g_free(text) }
    return String(cString: text)
  }

  /// Where images are drawn on the page, in points from the top left.
  public var imageAreas: [(x: Double, y: Double, width: Double, height: Double)] {
    guard let list = poppler_page_get_image_mapping(page) else { return [] }
    defer { poppler_page_free_image_mapping(list) }
    var areas: [(Double, Double, Double, Double)] = []
    var node: UnsafeMutablePointer<GList>? = list
    while let n = node {
      if let mapping = n.pointee.data?.assumingMemoryBound(to: PopplerImageMapping.self) {
        let a = mapping.pointee.area
        areas.append((a.x1, a.y1, a.x2 - a.x1, a.y2 - a.y1))
      }
      node = n.pointee.next
    }
    return areas
  }

  /// The page's size in pixels at `dpi`, checked in floating point before any integer
  /// conversion: a page whose box is not finite, not positive or larger than `maxPixels`
  /// (or than cairo's 32767-pixel sides) is refused, whatever numbers the file declares.
  public func pixelSize(dpi: Double, maxPixels: Int) throws(ImageDecodeError) -> (width: Int, height: Int) {
    let (w, h) = size
    let wd = (w * dpi / 72).rounded(.up), hd = (h * dpi / 72).rounded(.up)
    // PDF pages are at most 14,400 units a side (200 inches; 15,000 km with the largest
    // UserUnit, which poppler has already applied). Beyond a hundred times that, the
    // numbers are not a page at all.
    guard wd.isFinite, hd.isFinite, wd >= 1, hd >= 1, w <= 1_440_000, h <= 1_440_000 else {
      throw .corrupt("the page size is not a real size (\(Measure(w)) × \(Measure(h)) points)")
    }
    guard wd * hd <= Double(maxPixels), wd <= 32767, hd <= 32767 else {
      throw .tooManyPixels(width: Int(wd), height: Int(hd), limit: maxPixels)
    }
    return (Int(wd), Int(hd))
  }

  /// Renders the page at `dpi` (`poppler_page_render` onto a cairo image surface, on a
  /// white background) as gray or RGB pixels.
  /// - Throws: when the page would have more than `maxPixels` pixels.
  public func render(dpi: Double, channels: Int, maxPixels: Int) throws(ImageDecodeError) -> DecodedImage {
    let (width, height) = try pixelSize(dpi: dpi, maxPixels: maxPixels)
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
      throw .corrupt("cannot allocate \(width)×\(height)")
    }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
      throw .corrupt("cannot allocate \(width)×\(height)")
    }
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_scale(cr, dpi / 72, dpi / 72)
    cpopplershim_install()
    cpopplershim_reset()
    poppler_page_render(page, cr)
    cairo_destroy(cr)
    var first = [CChar](repeating: 0, count: 160)
    let errors = cpopplershim_errors(&first, Int32(first.count))
    // A page poppler could not draw whole is damaged, however much of it did draw.
    guard errors == 0 else {
      let message = String(decoding: first.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw .corrupt("\(errors) errors while rendering the page (\(message))")
    }
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    guard let data = cairo_image_surface_get_data(surface) else { throw .corrupt("cannot allocate \(width)×\(height)") }
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    pixels.withUnsafeMutableBufferPointer { out in
      for y in 0..<height {
        let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in 0..<width {
          let p = row[x]
          let r = UInt8(p >> 16 & 0xFF), g = UInt8(p >> 8 & 0xFF), b = UInt8(p & 0xFF)
          if channels == 3 {
            out[(y * width + x) * 3] = r
            out[(y * width + x) * 3 + 1] = g
            out[(y * width + x) * 3 + 2] = b
          } else {
            out[y * width + x] = UInt8((Int(r) * 77 + Int(g) * 150 + Int(b) * 29) >> 8)
          }
        }
      }
    }
    return DecodedImage(width: width, height: height, channels: channels, pixels: pixels)
  }
}

@available(*, unavailable, message: "poppler documents are not thread-safe: use one per thread")
extension PDFFile: Sendable {}

@available(*, unavailable, message: "poppler documents are not thread-safe: use one per thread")
extension PDFPage: Sendable {}
