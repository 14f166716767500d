/// An 8-bit luminance image: the input of every measurement, of the form scan and of the
/// face detector.
public struct GrayImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height)
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// Rec. 601 luma of an RGB image (what JPEG's Y channel holds), or the gray itself.
  public init(_ image: DecodedImage) {
    if image.channels == 1 {
      self.init(width: image.width, height: image.height, pixels: image.pixels)
      return
    }
    var out = [UInt8](repeating: 0, count: image.width * image.height)
    image.pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<dst.count {
          let r = Int(src[3 * i]), g = Int(src[3 * i + 1]), b = Int(src[3 * i + 2])
          dst[i] = UInt8((r * 19595 + g * 38470 + b * 7471 + 32768) >> 16)
        }
      }
    }
    self.init(width: image.width, height: image.height, pixels: out)
  }

  /// The grey level at (`x`, `y`), bilinear between pixel centres; the nearest edge
  /// pixel beyond the image.
  public func bilinear(x: Double, y: Double) -> Double {
    let fx = min(Double(width - 1), max(0, x)), fy = min(Double(height - 1), max(0, y))
    let x0 = Int(fx), y0 = Int(fy)
    let x1 = min(width - 1, x0 + 1), y1 = min(height - 1, y0 + 1)
    let ax = fx - Double(x0), ay = fy - Double(y0)
    let a = Double(pixels[y0 * width + x0]), b = Double(pixels[y0 * width + x1])
    let c = Double(pixels[y1 * width + x0]), d = Double(pixels[y1 * width + x1])
    return (a + (b - a) * ax) * (1 - ay) + (c + (d - c) * ax) * ay
  }
}

extension GrayImage {
  /// A rectangle of the image (clamped to it).
  public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> GrayImage {
    let c = Crop(pixels, width: width, height: height, channels: 1, x: x, y: y, w: w, h: h)
    return GrayImage(width: c.width, height: c.height, pixels: c.pixels)
  }

  /// Twice the size, bilinear (pixel centres kept): more pixels per QR module for zbar,
  /// more for the face detector on a card's small portrait.
  public func doubled() -> GrayImage {
    let w2 = width * 2, h2 = height * 2
    var out = [UInt8](repeating: 0, count: w2 * h2)
    pixels.withUnsafeBufferPointer { p in
      for y in 0..<h2 {
        let fy = max(0, min(Double(height - 1), (Double(y) + 0.5) / 2 - 0.5))
        let iy = min(height - 2, Int(fy)), ty = fy - Double(max(0, iy))
        let y0 = max(0, iy), y1 = min(height - 1, y0 + 1)
        for x in 0..<w2 {
          let fx = max(0, min(Double(width - 1), (Double(x) + 0.5) / 2 - 0.5))
          let ix = min(width - 2, Int(fx)), tx = fx - Double(max(0, ix))
          let x0 = max(0, ix), x1 = min(width - 1, x0 + 1)
          let a = Double(p[y0 * width + x0]), b = Double(p[y0 * width + x1])
          let c = Double(p[y1 * width + x0]), d = Double(p[y1 * width + x1])
          out[y * w2 + x] = UInt8(max(0, min(255, ((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty).rounded())))
        }
      }
    }
    return GrayImage(width: w2, height: h2, pixels: out)
  }
}

/// A rectangle of interleaved pixels, clamped to the image (at least one pixel), for the
/// gray working copies and the decoded colour images alike.
struct Crop {
  let width: Int
  let height: Int
  let pixels: [UInt8]

  init(_ source: [UInt8], width: Int, height: Int, channels: Int, x: Int, y: Int, w: Int, h: Int) {
    let x0 = max(0, min(x, width - 1)), y0 = max(0, min(y, height - 1))
    self.width = max(1, min(w, width - x0))
    self.height = max(1, min(h, height - y0))
    var out = [UInt8]()
    out.reserveCapacity(self.width * self.height * channels)
    for row in y0..<(y0 + self.height) {
      let start = (row * width + x0) * channels
      out.append(contentsOf: source[start..<(start + self.width * channels)])
    }
    pixels = out
  }
}
