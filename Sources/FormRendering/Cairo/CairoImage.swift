internal import CCairo
import ImageCodecs

/// A bitmap for cairo (`CAIRO_FORMAT_RGB24`), optionally carrying the JPEG it came from
/// so that the PDF embeds that JPEG as is (`cairo_surface_set_mime_data`) instead of
/// re-compressing the pixels.
final class CairoImage {
  let surface: OpaquePointer
  let width: Int
  let height: Int

  init(_ image: DecodedImage, jpeg: [UInt8]?) throws(CairoError) {
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height)) else {
      throw CairoError(call: "cairo_image_surface_create", status: "NULL")
    }
    do {
      try check(cairo_surface_status(surface), "cairo_image_surface_create")
    } catch {
      cairo_surface_destroy(surface)
      throw error
    }
    self.surface = surface
    width = image.width
    height = image.height
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    let data = cairo_image_surface_get_data(surface)!
    let c = image.channels
    image.pixels.withUnsafeBufferPointer { src in
      for y in 0..<image.height {
        let row = (data + y * stride).withMemoryRebound(to: UInt32.self, capacity: image.width) { $0 }
        for x in 0..<image.width {
          let s = (y * image.width + x) * c
          let r = UInt32(src[s]), g = UInt32(src[s + (c == 3 ? 1 : 0)]), b = UInt32(src[s + (c == 3 ? 2 : 0)])
          row[x] = 0xFF00_0000 | r << 16 | g << 8 | b
        }
      }
    }
    cairo_surface_mark_dirty(surface)
    if let jpeg {
      let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: jpeg.count)
      copy.initialize(from: jpeg, count: jpeg.count)
      let status = cairo_surface_set_mime_data(
        surface, CAIRO_MIME_TYPE_JPEG, copy, UInt(jpeg.count),
        { pointer in
          pointer?.assumingMemoryBound(to: UInt8.self).deallocate()
        }, copy)
      if status != CAIRO_STATUS_SUCCESS { copy.deallocate() }
    }
  }

  deinit { cairo_surface_destroy(surface) }
}
