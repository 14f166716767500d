internal import CJPEGShim

/// What a JPEG header says, before any pixel is decoded.
public struct JPEGHeader: Sendable, Equatable {
  public var width: Int
  public var height: Int
  /// 1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK.
  public var components: Int
  public var progressive: Bool
  /// CMYK or YCCK: print colours, not what a camera or scanner writes for the screen.
  public var isCMYK: Bool
  /// Stored as YCbCr (what cameras and scanners write): `decodeForChecks` can give Y.
  public var isYCbCr: Bool
}

/// JPEG through libjpeg(-turbo), behind the C shim that survives its longjmp errors.
public enum JPEGCodec {
  /// Reads the header (libjpeg `jpeg_read_header`) without decoding pixels.
  public static func readHeader(_ bytes: [UInt8]) throws(ImageDecodeError) -> JPEGHeader {
    var info = cjpegshim_info()
    let status = bytes.withUnsafeBufferPointer { cjpegshim_read_header($0.baseAddress, $0.count, 1, &info) }
    guard status == CJPEGSHIM_OK else { throw error(status, &info) }
    return header(info)
  }

  /// Decodes at the smallest DCT scale (1, 1/2, 1/4 or 1/8) whose output still has a
  /// shorter side of at least `minimumShortSide` pixels (0: full size), so a 50-megapixel
  /// photo costs what its measurement needs, not what it weighs.
  /// - Parameter channels: 1 for gray, 3 for RGB. CMYK is converted.
  public static func decode(
    _ bytes: [UInt8], channels: Int = 3, minimumShortSide: Int = 0, limits: DecodeLimits
  ) throws(ImageDecodeError) -> (image: DecodedImage, header: JPEGHeader, scale: Int) {
    var (head, denominator, info) = try prepare(bytes, minimumShortSide: minimumShortSide, limits: limits)
    let width = Int(info.output_width), height = Int(info.output_height)
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    let deadline = cjpegshim_now_ns() + UInt64(limits.timeout * 1e9)
    let status = bytes.withUnsafeBufferPointer { input in
      pixels.withUnsafeMutableBufferPointer { output in
        cjpegshim_decode(
          input.baseAddress, input.count, Int32(denominator), Int32(channels), UInt64(limits.maxPixels),
          deadline, Int32(limits.maxScans), output.baseAddress, output.count, &info)
      }
    }
    guard status == CJPEGSHIM_OK else { throw error(status, &info) }
    return (DecodedImage(width: width, height: height, channels: channels, pixels: pixels), head, denominator)
  }

  /// The three planes of a YCbCr JPEG at the scale `decode(channels: 1)` would use, each
  /// at its own resolution (chroma is often half size), with no upsampling and no colour
  /// conversion: `y` is exactly the gray decode, and `cb`, `cr` make a colour preview.
  /// `nil` when the file is not planar YCbCr with full-resolution Y (then decode it the
  /// usual way).
  public static func decodePlanes(_ bytes: [UInt8], minimumShortSide: Int, limits: DecodeLimits)
    throws(ImageDecodeError) -> (y: DecodedImage, cb: DecodedImage, cr: DecodedImage)?
  {
    var (_, denominator, info) = try prepare(bytes, minimumShortSide: minimumShortSide, limits: limits)
    guard info.planar != 0 else { return nil }
    let sizes = [
      (Int(info.plane_width.0), Int(info.plane_height.0)), (Int(info.plane_width.1), Int(info.plane_height.1)),
      (Int(info.plane_width.2), Int(info.plane_height.2)),
    ]
    var y = [UInt8](repeating: 0, count: sizes[0].0 * sizes[0].1)
    var cb = [UInt8](repeating: 0, count: sizes[1].0 * sizes[1].1)
    var cr = [UInt8](repeating: 0, count: sizes[2].0 * sizes[2].1)
    let capacities = [y.count, cb.count, cr.count]
    let deadline = cjpegshim_now_ns() + UInt64(limits.timeout * 1e9)
    let status = bytes.withUnsafeBufferPointer { input in
      y.withUnsafeMutableBufferPointer { yp in
        cb.withUnsafeMutableBufferPointer { cbp in
          cr.withUnsafeMutableBufferPointer { crp in
            var planes: [UnsafeMutablePointer<UInt8>?] = [yp.baseAddress, cbp.baseAddress, crp.baseAddress]
            return capacities.withUnsafeBufferPointer { caps in
              cjpegshim_decode_planes(
                input.baseAddress, input.count, Int32(denominator), UInt64(limits.maxPixels), deadline,
                Int32(limits.maxScans), &planes, caps.baseAddress, &info)
            }
          }
        }
      }
    }
    guard status == CJPEGSHIM_OK else { throw error(status, &info) }
    return (
      DecodedImage(width: sizes[0].0, height: sizes[0].1, channels: 1, pixels: y),
      DecodedImage(width: sizes[1].0, height: sizes[1].1, channels: 1, pixels: cb),
      DecodedImage(width: sizes[2].0, height: sizes[2].1, channels: 1, pixels: cr)
    )
  }

  /// The checks every decode makes before any pixel: bytes, the header's pixel count; then
  /// the scale for `minimumShortSide` and the header read again at that scale.
  static func prepare(_ bytes: [UInt8], minimumShortSide: Int, limits: DecodeLimits)
    throws(ImageDecodeError) -> (head: JPEGHeader, denominator: Int, info: cjpegshim_info)
  {
    guard bytes.count <= limits.maxBytes else { throw .tooManyBytes(bytes: bytes.count, limit: limits.maxBytes) }
    let head = try readHeader(bytes)
    guard head.width * head.height <= limits.maxPixels else {
      throw .tooManyPixels(width: head.width, height: head.height, limit: limits.maxPixels)
    }
    let denominator = scale(head, minimumShortSide: minimumShortSide)
    var info = cjpegshim_info()
    let probe = bytes.withUnsafeBufferPointer { cjpegshim_read_header($0.baseAddress, $0.count, Int32(denominator), &info) }
    guard probe == CJPEGSHIM_OK else { throw error(probe, &info) }
    return (head, denominator, info)
  }

  /// The smallest DCT scale (1, 1/2, 1/4 or 1/8) whose output keeps a shorter side of at
  /// least `minimumShortSide` (0: full size).
  static func scale(_ head: JPEGHeader, minimumShortSide: Int) -> Int {
    guard minimumShortSide > 0 else { return 1 }
    for d in [8, 4, 2] where min(head.width, head.height) / d >= minimumShortSide { return d }
    return 1
  }

  /// Decodes at exactly 1/`denominator` (1, 2, 4 or 8) of the full size.
  public static func decodeScaled(_ bytes: [UInt8], channels: Int = 3, denominator: Int, limits: DecodeLimits)
    throws(ImageDecodeError) -> DecodedImage
  {
    let head = try readHeader(bytes)
    return try decode(
      bytes, channels: channels, minimumShortSide: max(1, min(head.width, head.height) / denominator), limits: limits
    ).image
  }

  /// Encodes a baseline JPEG (4:2:0, optimised Huffman tables, 300 dpi JFIF, no other
  /// metadata).
  public static func encode(_ image: DecodedImage, quality: Int) throws(ImageDecodeError) -> [UInt8] {
    var out: UnsafeMutablePointer<UInt8>? = nil
    var size = 0
    var message = cjpegshim_info().message
    let status = image.pixels.withUnsafeBufferPointer { pixels in
      withUnsafeMutablePointer(to: &message) { m in
        m.withMemoryRebound(to: CChar.self, capacity: Int(CJPEGSHIM_MESSAGE_LENGTH)) {
          cjpegshim_encode(
            pixels.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
            Int32(max(1, min(100, quality))), &out, &size, $0)
        }
      }
    }
    defer { cjpegshim_free(out) }
    guard status == CJPEGSHIM_OK, let out else { throw .corrupt("JPEG encoding failed: \(text(of: &message))") }
    return Array(UnsafeBufferPointer(start: out, count: size))
  }

  /// Y, Cb and Cr planes encoded as they are (4:2:0, no colour conversion): the chroma
  /// planes must be half the luma's size, rounded up. `optimize` computes Huffman tables
  /// for this image: about a tenth fewer bytes for a second pass over the coefficients.
  public static func encode(
    y: DecodedImage, cb: DecodedImage, cr: DecodedImage, quality: Int, optimize: Bool = true
  ) throws(ImageDecodeError) -> [UInt8] {
    let cw = (y.width + 1) / 2, ch = (y.height + 1) / 2
    guard y.channels == 1, cb.channels == 1, cr.channels == 1, y.pixels.count == y.width * y.height,
      [cb, cr].allSatisfy({ $0.width == cw && $0.height == ch && $0.pixels.count == cw * ch })
    else { throw .corrupt("JPEG encoding failed: planes of \(y.width) × \(y.height) do not match 4:2:0") }
    var out: UnsafeMutablePointer<UInt8>? = nil
    var size = 0
    var message = cjpegshim_info().message
    let status = y.pixels.withUnsafeBufferPointer { yp in
      cb.pixels.withUnsafeBufferPointer { bp in
        cr.pixels.withUnsafeBufferPointer { rp in
          withUnsafeMutablePointer(to: &message) { m in
            m.withMemoryRebound(to: CChar.self, capacity: Int(CJPEGSHIM_MESSAGE_LENGTH)) { text in
              let planes: [UnsafePointer<UInt8>?] = [yp.baseAddress, bp.baseAddress, rp.baseAddress]
              return planes.withUnsafeBufferPointer {
                cjpegshim_encode_ycbcr(
                  $0.baseAddress, Int32(clamping: y.width), Int32(clamping: y.height), Int32(max(1, min(100, quality))),
                  optimize ? 1 : 0, &out, &size, text)
              }
            }
          }
        }
      }
    }
    defer { cjpegshim_free(out) }
    guard status == CJPEGSHIM_OK, let out else { throw .corrupt("JPEG encoding failed: \(text(of: &message))") }
    return Array(UnsafeBufferPointer(start: out, count: size))
  }

  private static func header(_ info: cjpegshim_info) -> JPEGHeader {
    // J_COLOR_SPACE: 3 is JCS_YCbCr, 4 JCS_CMYK, 5 JCS_YCCK.
    JPEGHeader(
      width: Int(info.width), height: Int(info.height), components: Int(info.components),
      progressive: info.progressive != 0, isCMYK: info.color_space == 4 || info.color_space == 5,
      isYCbCr: info.color_space == 3)
  }

  private static func error(_ status: cjpegshim_status, _ info: inout cjpegshim_info) -> ImageDecodeError {
    let message = text(of: &info.message)
    switch status {
    case CJPEGSHIM_TOO_LARGE: return .tooManyPixels(width: Int(info.width), height: Int(info.height), limit: 0)
    case CJPEGSHIM_TIMEOUT: return .tooSlow(message)
    case CJPEGSHIM_NO_MEMORY: return .outOfMemory(message)
    case CJPEGSHIM_UNSUPPORTED: return .unsupportedFormat("JPEG (\(message))")
    default: return .corrupt(message.isEmpty ? "not a decodable JPEG" : message)
    }
  }
}

/// The C string in a fixed-size C char array imported as a tuple.
func text<T>(of tuple: inout T) -> String {
  withUnsafeBytes(of: &tuple) { raw in
    let bytes = raw.prefix { $0 != 0 }
    return String(decoding: bytes, as: UTF8.self)
  }
}
