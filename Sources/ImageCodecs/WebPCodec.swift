internal import CWebP

/// WebP pictures through libwebp, as RGB; the size in the header is checked against the
/// pixel guard before decoding. Only `photo` reads it.
public enum WebPCodec {
  public static func decode(_ bytes: [UInt8], limits: DecodeLimits) throws(ImageDecodeError) -> DecodedImage {
    guard bytes.count <= limits.maxBytes else { throw .tooManyBytes(bytes: bytes.count, limit: limits.maxBytes) }
    // Array's closures rethrow untyped errors: the typed one travels in a Result.
    return try bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(ImageDecodeError) -> DecodedImage in
        guard let base = buffer.baseAddress else { throw .corrupt("empty") }
        var width: Int32 = 0, height: Int32 = 0
        guard WebPGetInfo(base, buffer.count, &width, &height) != 0 else { throw .corrupt("not a readable WebP header") }
        let w = Int(width), h = Int(height)
        guard w > 0, h > 0 else { throw .corrupt("image size \(w)×\(h)") }
        guard w * h <= limits.maxPixels else { throw .tooManyPixels(width: w, height: h, limit: limits.maxPixels) }
        var outW: Int32 = 0, outH: Int32 = 0
        guard let rgb = WebPDecodeRGB(base, buffer.count, &outW, &outH) else { throw .corrupt("WebP data is damaged") }
        defer { WebPFree(rgb) }
        guard Int(outW) == w, Int(outH) == h else { throw .corrupt("size changed while decoding") }
        return DecodedImage(width: w, height: h, channels: 3, pixels: Array(UnsafeBufferPointer(start: rgb, count: w * h * 3)))
      }
    }.get()
  }
}
