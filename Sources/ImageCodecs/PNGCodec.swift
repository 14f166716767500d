internal import CPNG
internal import CZlibSystem

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
    try checkChunks(bytes)
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

  /// Walks the chunks from the signature to IEND, checking each one's length and CRC
  /// (zlib's `crc32`). libpng's simplified reader stops after the image data and treats
  /// a bad CRC in an ancillary chunk as a warning, so a file cut off before IEND, or
  /// damaged anywhere, would otherwise pass as whole.
  /// - Throws: `.corrupt` naming the chunk and what is wrong with it.
  public static func checkChunks(_ bytes: [UInt8]) throws(ImageDecodeError) {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw .corrupt("Not a PNG file") }
    try bytes.withUnsafeBufferPointer { (p) throws(ImageDecodeError) in
      func be32(_ at: Int) -> Int { Int(p[at]) << 24 | Int(p[at + 1]) << 16 | Int(p[at + 2]) << 8 | Int(p[at + 3]) }
      var at = 8
      while true {
        guard p.count - at >= 12 else { throw .corrupt("PNG chunks end before IEND (the file is cut off)") }
        let length = be32(at)
        let name = String(decoding: p[(at + 4)..<(at + 8)].map { (0x41...0x7A).contains($0) ? $0 : 0x3F }, as: UTF8.self)
        guard length <= 0x7FFF_FFFF, length <= p.count - at - 12 else {
          throw .corrupt("PNG chunks end before IEND (chunk \(name) runs past the end of the file)")
        }
        let computed = crc32(0, p.baseAddress! + at + 4, UInt32(4 + length))
        guard UInt32(be32(at + 8 + length)) == UInt32(truncatingIfNeeded: computed) else {
          throw .corrupt("PNG chunk \(name) has a CRC error")
        }
        if name == "IEND" { return }
        at += 12 + length
      }
    }
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
