internal import CPixelKernels

/// Decoded 8-bit pixels, gray (1 channel) or RGB (3 channels), rows top to bottom.
public struct DecodedImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var channels: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    precondition(channels == 1 || channels == 3, "gray or RGB only")
    precondition(pixels.count == width * height * channels, "pixel count does not match the size")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  public init(width: Int, height: Int, channels: Int, filledWith value: UInt8) {
    self.init(width: width, height: height, channels: channels, pixels: Array(repeating: value, count: width * height * channels))
  }

  /// The image turned the way EXIF orientation `orientation` (1–8) says it should be
  /// shown. Orientation 1 (or an unknown value) returns the image unchanged.
  public func applyingOrientation(_ orientation: Int) -> DecodedImage {
    guard (2...8).contains(orientation) else { return self }
    let swaps = orientation >= 5
    let w = swaps ? height : width, h = swaps ? width : height
    var out = [UInt8](repeating: 0, count: pixels.count)
    let c = channels
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<h {
          for x in 0..<w {
            // (sx, sy): where the displayed pixel (x, y) is stored.
            let (sx, sy): (Int, Int)
            switch orientation {
            case 2: (sx, sy) = (width - 1 - x, y)
            case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
            case 4: (sx, sy) = (x, height - 1 - y)
            case 5: (sx, sy) = (y, x)
            case 6: (sx, sy) = (y, height - 1 - x)
            case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
            default: (sx, sy) = (width - 1 - y, x)  // 8
            }
            let s = (sy * width + sx) * c, d = (y * w + x) * c
            for k in 0..<c { dst[d + k] = src[s + k] }
          }
        }
      }
    }
    return DecodedImage(width: w, height: h, channels: c, pixels: out)
  }

  /// The rectangle `x, y, width, height` (clamped to the image).
  public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> DecodedImage {
    let c = Crop(pixels, width: width, height: height, channels: channels, x: x, y: y, w: w, h: h)
    return DecodedImage(width: c.width, height: c.height, channels: channels, pixels: c.pixels)
  }
}

extension DecodedImage {
  /// A gray image shrunk by a whole factor: each output pixel the rounded mean of a
  /// `factor` × `factor` block (partial blocks at the right and bottom edges dropped; a
  /// side shorter than the factor is one block). In C, whose byte loops the compiler
  /// vectorises: well under a millisecond for a 3-megapixel plane.
  public func boxShrunk(by factor: Int) -> DecodedImage {
    precondition(channels == 1 && factor >= 1 && pixels.count == width * height, "gray, by a whole factor")
    guard factor > 1, factor <= 255, width > 0, height > 0 else { return self }
    let w = max(1, width / factor), h = max(1, height / factor)
    let k = min(factor, width), kv = min(factor, height)
    var out = [UInt8](repeating: 0, count: w * h)
    var sums = [UInt16](repeating: 0, count: width)
    pixels.withUnsafeBufferPointer { src in
      cpixel_box_shrink(src.baseAddress, width, w, h, k, kv, &out, &sums)
    }
    return DecodedImage(width: w, height: h, channels: 1, pixels: out)
  }
}
