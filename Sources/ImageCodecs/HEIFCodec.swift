internal import CHEIF

/// HEIC/HEIF photos (what iPhones save) through libheif: the primary image, turned and
/// cropped as the file says (libheif applies `irot`, `imir` and `clap`), as RGB. The size
/// the file declares is checked against the pixel guard before anything is decoded.
/// Only `photo` reads it (to write a compliant JPEG); uploads must still be JPEG.
public enum HEIFCodec {
  public static func decode(_ bytes: [UInt8], limits: DecodeLimits) throws(ImageDecodeError) -> DecodedImage {
    guard bytes.count <= limits.maxBytes else { throw .tooManyBytes(bytes: bytes.count, limit: limits.maxBytes) }
    guard let context = heif_context_alloc() else { throw .outOfMemory("heif_context_alloc") }
    defer { heif_context_free(context) }
    // libheif's own guard on each side, besides ours on the area below.
    heif_context_set_maximum_image_size_limit(context, 32_768)
    // Array's closures rethrow untyped errors: the typed one travels in a Result.
    return try bytes.withUnsafeBytes { raw in
      Result { () throws(ImageDecodeError) -> DecodedImage in
        try check(heif_context_read_from_memory_without_copy(context, raw.baseAddress, raw.count, nil))
        var handle: OpaquePointer?
        try check(heif_context_get_primary_image_handle(context, &handle))
        guard let handle else { throw .corrupt("no primary image") }
        defer { heif_image_handle_release(handle) }
        let width = Int(heif_image_handle_get_width(handle)), height = Int(heif_image_handle_get_height(handle))
        guard width > 0, height > 0 else { throw .corrupt("image size \(width)×\(height)") }
        guard width.multipliedReportingOverflow(by: height).partialValue <= limits.maxPixels, width <= 1 << 20,
          height <= 1 << 20
        else { throw .tooManyPixels(width: width, height: height, limit: limits.maxPixels) }
        var image: OpaquePointer?
        try check(heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil))
        guard let image else { throw .corrupt("nothing decoded") }
        defer { heif_image_release(image) }
        let w = Int(heif_image_get_width(image, heif_channel_interleaved))
        let h = Int(heif_image_get_height(image, heif_channel_interleaved))
        var stride: Int32 = 0
        guard w > 0, h > 0, w * h <= limits.maxPixels,
          let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride),
          Int(stride) >= w * 3
        else { throw .corrupt("no RGB plane") }
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        pixels.withUnsafeMutableBufferPointer { out in
          for y in 0..<h {
            let row = plane + y * Int(stride)
            for x in 0..<(w * 3) { out[y * w * 3 + x] = row[x] }
          }
        }
        return DecodedImage(width: w, height: h, channels: 3, pixels: pixels)
      }
    }.get()
  }

  static func check(_ error: heif_error) throws(ImageDecodeError) {
    guard error.code != heif_error_Ok else { return }
    let message = error.message.map { String(cString: $0) } ?? "error \(error.code.rawValue)"
    switch error.code {
    case heif_error_Memory_allocation_error: throw .outOfMemory(message)
    case heif_error_Unsupported_feature, heif_error_Unsupported_filetype: throw .unsupportedFormat("HEIF: \(message)")
    default: throw .corrupt("HEIF: \(message)")
    }
  }
}
