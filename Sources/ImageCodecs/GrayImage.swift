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
  /// pixel beyond the image; 0 in an image with no pixels.
  public func bilinear(x: Double, y: Double) -> Double {
    guard width > 0, height > 0 else { return 0 }
    return pixels.withUnsafeBufferPointer { BilinearSampler($0, width: width, height: height).value(x: x, y: y) }
  }
}

/// Bilinear interpolation between pixel centres over interleaved 8-bit pixels, the nearest
/// edge pixel beyond the image: the one sampler behind every enlarged, turned or rectified
/// copy. It borrows the pixels, so it lives inside their `withUnsafeBufferPointer`.
public struct BilinearSampler {
  @usableFromInline let pixels: UnsafeBufferPointer<UInt8>
  @usableFromInline let width: Int
  @usableFromInline let height: Int
  @usableFromInline let channels: Int

  public init(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int = 1) {
    precondition(width > 0 && height > 0 && channels > 0 && pixels.count == width * height * channels, "pixels of that size")
    self.pixels = pixels
    self.width = width
    self.height = height
    self.channels = channels
  }

  /// Channel `channel` at (`x`, `y`), in pixel coordinates whose integers are pixel
  /// centres; anything past the edge (NaN too) reads the nearest edge pixel.
  @inlinable public func value(x: Double, y: Double, channel: Int = 0) -> Double {
    let fx = min(Double(width - 1), max(0, x)), fy = min(Double(height - 1), max(0, y))
    let x0 = Int(fx), y0 = Int(fy)
    let x1 = min(width - 1, x0 + 1), y1 = min(height - 1, y0 + 1)
    let ax = fx - Double(x0), ay = fy - Double(y0)
    let k = min(channels - 1, max(0, channel))
    let a = Double(pixels[(y0 * width + x0) * channels + k]), b = Double(pixels[(y0 * width + x1) * channels + k])
    let c = Double(pixels[(y1 * width + x0) * channels + k]), d = Double(pixels[(y1 * width + x1) * channels + k])
    return (a + (b - a) * ax) * (1 - ay) + (c + (d - c) * ax) * ay
  }

  /// The value rounded to a byte.
  @inlinable public func byte(x: Double, y: Double, channel: Int = 0) -> UInt8 {
    UInt8(max(0, min(255, value(x: x, y: y, channel: channel).rounded())))
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
    guard width > 0, height > 0 else { return self }
    let w2 = width * 2, h2 = height * 2
    var out = [UInt8](repeating: 0, count: w2 * h2)
    pixels.withUnsafeBufferPointer { p in
      let sampler = BilinearSampler(p, width: width, height: height)
      for y in 0..<h2 {
        for x in 0..<w2 {
          out[y * w2 + x] = sampler.byte(x: (Double(x) + 0.5) / 2 - 0.5, y: (Double(y) + 0.5) / 2 - 0.5)
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
