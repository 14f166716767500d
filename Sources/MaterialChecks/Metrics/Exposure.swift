internal import CPixelKernels
import ImageCodecs

/// Brightness and contrast of a gray image (or a rectangle of it), from its histogram.
public struct Exposure: Sendable, Equatable, Codable {
  /// Mean luminance, 0–255.
  public var mean: Double
  /// Standard deviation of luminance: the overall contrast.
  public var contrast: Double
  /// 1st and 99th percentiles: the darkest ink and the brightest paper, ignoring specks.
  public var darkest: Int
  public var brightest: Int
  /// Fractions of pixels clipped to black (≤ 5) and to white (≥ 250).
  public var blackClipped: Double
  public var whiteClipped: Double

  /// Usable range between darkest ink and brightest paper.
  public var dynamicRange: Int { brightest - darkest }

  public static func measure(_ image: GrayImage, x: Int = 0, y: Int = 0, width: Int? = nil, height: Int? = nil) -> Exposure {
    let w = width ?? image.width, h = height ?? image.height
    precondition(image.pixels.count == image.width * image.height, "the C kernel reads within width × height")
    var counts = [UInt64](repeating: 0, count: 256)
    let x0 = max(0, x), y0 = max(0, y), x1 = min(image.width, x + w), y1 = min(image.height, y + h)
    if x1 > x0, y1 > y0 {
      image.pixels.withUnsafeBufferPointer { p in
        cpixel_histogram(p.baseAddress, image.width, x0, y0, x1 - x0, y1 - y0, &counts)
      }
    }
    return Exposure(histogram: counts.map { Int($0) })
  }

  public init(histogram: [Int]) {
    let total = max(1, histogram.reduce(0, +))
    var sum = 0.0, squares = 0.0
    for (v, n) in histogram.enumerated() {
      sum += Double(v * n)
      squares += Double(v * v * n)
    }
    mean = sum / Double(total)
    contrast = max(0, squares / Double(total) - mean * mean).squareRoot()
    func percentile(_ p: Double) -> Int {
      let target = Int(Double(total) * p)
      var seen = 0
      for (v, n) in histogram.enumerated() {
        seen += n
        if seen > target { return v }
      }
      return 255
    }
    darkest = percentile(0.01)
    brightest = percentile(0.99)
    blackClipped = Double(histogram[0...5].reduce(0, +)) / Double(total)
    whiteClipped = Double(histogram[250...255].reduce(0, +)) / Double(total)
  }
}
