import ImageCodecs
import RegistrationRules

/// What an ID photo's pixels say about its colour and its background.
public struct PhotoAppearance: Sendable, Equatable {
  /// Mean |R−G| + |G−B| over the photo: near 0 for a black-and-white photo saved as RGB.
  public var chroma: Double
  /// Mean colour of the background strips (top, and the upper sides).
  public var background: RGBColor
  /// Euclidean distance (0–441) from that mean to the required background colour.
  public var backgroundDistance: Double
  /// Standard deviation of luminance in the strips: a plain background is near 0.
  public var backgroundUnevenness: Double
  /// Exposure of the centre, where the face is.
  public var face: Exposure

  /// The background is measured in strips along the top and the upper two thirds of
  /// both sides, this fraction of the width deep; the shoulders below are left out.
  public static let stripFraction = 0.06

  public static func measure(_ image: DecodedImage, required: RGBColor) -> PhotoAppearance {
    precondition(image.channels == 3)
    let w = image.width, h = image.height
    let strip = max(2, Int(Double(w) * stripFraction))
    var sum = (0.0, 0.0, 0.0), n = 0.0
    var luminance: [Double] = []
    var chromaSum = 0.0
    image.pixels.withUnsafeBufferPointer { p in
      for y in 0..<h {
        for x in 0..<w {
          let i = (y * w + x) * 3
          let r = Double(p[i]), g = Double(p[i + 1]), b = Double(p[i + 2])
          chromaSum += abs(r - g) + abs(g - b)
          let inStrip = y < strip || ((x < strip || x >= w - strip) && y < h * 2 / 3)
          if inStrip {
            sum.0 += r
            sum.1 += g
            sum.2 += b
            n += 1
            luminance.append(0.299 * r + 0.587 * g + 0.114 * b)
          }
        }
      }
    }
    let mean = (sum.0 / max(n, 1), sum.1 / max(n, 1), sum.2 / max(n, 1))
    let lumaMean = luminance.reduce(0, +) / Double(max(luminance.count, 1))
    let variance = luminance.reduce(0) { $0 + ($1 - lumaMean) * ($1 - lumaMean) } / Double(max(luminance.count, 1))
    let dr = mean.0 - Double(required.red), dg = mean.1 - Double(required.green), db = mean.2 - Double(required.blue)
    let gray = GrayImage(image)
    return PhotoAppearance(
      chroma: chromaSum / Double(max(1, w * h)),
      background: RGBColor(red: UInt8(mean.0.rounded()), green: UInt8(mean.1.rounded()), blue: UInt8(mean.2.rounded())),
      backgroundDistance: (dr * dr + dg * dg + db * db).squareRoot(),
      backgroundUnevenness: variance.squareRoot(),
      face: Exposure.measure(gray, x: w / 4, y: h / 5, width: w / 2, height: h / 2))
  }
}
