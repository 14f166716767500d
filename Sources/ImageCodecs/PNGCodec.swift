internal import CPNG

/// What a PNG header (IHDR) says.
public struct PNGHeader: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var hasColor: Bool
  public var hasAlpha: Bool
  public var bitDepth16: Bool
  public var usesPalette: Bool
}

/// PNG through libpng's simplified API (`png_image_*`), which needs no longjmp shim: it
/// catches libpng's errors itself and reports them in `png_image.message`.
public enum PNGCodec {
  public static func readHeader(_ bytes: [UInt8]) throws(ImageDecodeError) -> PNGHeader {
    var image = png_image()
    try begin(&image, bytes)
    defer { png_image_free(&image) }
    return header(image)
  }

  /// Decodes every PNG variant (bit depths 1–16, palette, alpha, interlaced) to 8-bit
  /// gray or RGB; transparency is composited onto white, as paper would show it.
  public static func decode(_ bytes: [UInt8], channels: Int = 3, limits: DecodeLimits)
    throws(ImageDecodeError) -> (image: DecodedImage, header: PNGHeader)
  {
    guard bytes.count <= limits.maxBytes else { throw .tooManyBytes(bytes: bytes.count, limit: limits.maxBytes) }
    var image = png_image()
    try begin(&image, bytes)
    let head = header(image)
    // A row must fit libpng's 32-bit stride as well as the pixel limit.
    guard head.width * head.height <= limits.maxPixels, head.width * channels <= Int(Int32.max) else {
      png_image_free(&image)
      throw .tooManyPixels(width: head.width, height: head.height, limit: limits.maxPixels)
    }
    image.format = channels == 1 ? UInt32(PNG_FORMAT_GRAY) : UInt32(PNG_FORMAT_RGB)
    // libpng assumes an untagged 16-bit file holds linear light; scanners and editors
    // write gamma-encoded values, and every viewer shows them so. Read them as sRGB.
    image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
    var white = png_color(red: 255, green: 255, blue: 255)
    var pixels = [UInt8](repeating: 255, count: head.width * head.height * channels)
    let ok = pixels.withUnsafeMutableBytes { out in
      png_image_finish_read(&image, &white, out.baseAddress, Int32(head.width * channels), nil)
    }
    // finish_read frees the image's internals itself, on success and on failure.
    guard ok != 0 else { throw .corrupt(text(of: &image.message)) }
    return (DecodedImage(width: head.width, height: head.height, channels: channels, pixels: pixels), head)
  }

  private static func begin(_ image: inout png_image, _ bytes: [UInt8]) throws(ImageDecodeError) {
    image.version = UInt32(PNG_IMAGE_VERSION)
    let ok = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard ok != 0 else {
      let message = text(of: &image.message)
      png_image_free(&image)
      throw .corrupt(message.isEmpty ? "not a decodable PNG" : message)
    }
  }

  private static func header(_ image: png_image) -> PNGHeader {
    let format = image.format
    return PNGHeader(
      width: Int(image.width), height: Int(image.height),
      hasColor: format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0, hasAlpha: format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0,
      bitDepth16: format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0,
      usesPalette: format & UInt32(PNG_FORMAT_FLAG_COLORMAP) != 0)
  }
}

extension PNGCodec {
  /// Encodes 8-bit gray or RGB pixels as a PNG (libpng's `png_image_write_to_memory`).
  public static func encode(_ image: DecodedImage) throws(ImageDecodeError) -> [UInt8] {
    var png = png_image()
    png.version = UInt32(PNG_IMAGE_VERSION)
    png.width = UInt32(image.width)
    png.height = UInt32(image.height)
    png.format = image.channels == 1 ? UInt32(PNG_FORMAT_GRAY) : UInt32(PNG_FORMAT_RGB)
    var size: Int = 0
    let stride = Int32(image.width * image.channels)
    guard image.pixels.withUnsafeBytes({ png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, stride, nil) }) != 0
    else {
      throw .corrupt(text(of: &png.message))
    }
    var out = [UInt8](repeating: 0, count: size)
    let ok = out.withUnsafeMutableBytes { dst in
      image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, dst.baseAddress, &size, 0, $0.baseAddress, stride, nil) }
    }
    guard ok != 0 else { throw .corrupt(text(of: &png.message)) }
    return Array(out.prefix(size))
  }
}
