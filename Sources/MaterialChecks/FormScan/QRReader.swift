internal import CZbar
import ImageCodecs

/// A point in image pixels.
public struct PixelPoint: Sendable, Equatable, Codable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A QR code found in an image: its text, and its corners in the symbol's own order.
public struct FoundQR: Sendable, Equatable, Codable {
  public var text: String
  /// The symbol's top-left, top-right, bottom-right and bottom-left corners as printed
  /// (whatever way up the photo is), in pixels of the scanned image.
  public var corners: [PixelPoint]
}

/// Finds QR codes with zbar (only QR: every other symbology is off, which also makes the
/// scan several times faster). zbar reads the pixels in place; nothing is copied.
enum QRReader {
  /// The QR codes in `region` of `image` (the whole image when nil).
  static func find(in image: GrayImage, region: (x: Int, y: Int, width: Int, height: Int)? = nil, density: Int32 = 1)
    -> [FoundQR]
  {
    guard image.width > 0, image.height > 0, let scanner = zbar_image_scanner_create() else { return [] }
    defer { zbar_image_scanner_destroy(scanner) }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
    // Payloads are ours (ASCII): no guessing of text encodings.
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density)
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density)
    guard let zimage = zbar_image_create() else { return [] }
    defer { zbar_image_destroy(zimage) }
    let y800: UInt =
      UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8 | UInt(UInt8(ascii: "0")) << 16
      | UInt(UInt8(ascii: "0")) << 24
    zbar_image_set_format(zimage, y800)
    zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
    if let r = region {
      let x = max(0, min(r.x, image.width - 1)), y = max(0, min(r.y, image.height - 1))
      zbar_image_set_crop(
        zimage, UInt32(x), UInt32(y), UInt32(max(1, min(r.width, image.width - x))),
        UInt32(max(1, min(r.height, image.height - y))))
    }
    return image.pixels.withUnsafeBufferPointer { pixels -> [FoundQR] in
      zbar_image_set_data(zimage, pixels.baseAddress, UInt(pixels.count), nil)
      defer { zbar_image_set_data(zimage, nil, 0, nil) }
      guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
      var found: [FoundQR] = []
      var symbol = zbar_image_first_symbol(zimage)
      while let s = symbol {
        defer { symbol = zbar_symbol_next(s) }
        guard zbar_symbol_get_type(s) == ZBAR_QRCODE, let data = zbar_symbol_get_data(s) else { continue }
        let length = Int(zbar_symbol_get_data_length(s))
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        let text = String(decoding: bytes, as: UTF8.self)
        let n = zbar_symbol_get_loc_size(s)
        guard n == 4 else { continue }
        // zbar's polygon for a QR code runs top-left, bottom-left, bottom-right, top-right
        // of the symbol.
        let p = (0..<n).map { PixelPoint(x: Double(zbar_symbol_get_loc_x(s, $0)), y: Double(zbar_symbol_get_loc_y(s, $0))) }
        found.append(FoundQR(text: text, corners: [p[0], p[3], p[2], p[1]]))
      }
      return found
    }
  }
}
