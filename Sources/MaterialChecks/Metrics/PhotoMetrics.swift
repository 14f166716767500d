import ImageCodecs
import RegistrationRules

/// What an ID photo's pixels say about its colour and its background.
public struct PhotoAppearance: Sendable, Equatable, Codable {
  /// Mean |R−G| + |G−B| over the photo: near 0 for a black-and-white photo saved as RGB.
  public var chroma: Double
  /// Mean colour of the background strips (top, and the upper sides).
  public var background: RGBColor
  /// Euclidean distance (0–441) from that mean to the required background colour.
  public var backgroundDistance: Double
  /// Standard deviation of luminance in the strips: a plain background is near 0.
  public var backgroundUnevenness: Double
  /// Exposure of the face: the head found by `SubjectLocator`, or the centre of the photo
  /// when no person stands out from the background.
  public var face: Exposure

  /// The background is measured in strips along the top and the upper two thirds of
  /// both sides, this fraction of the width deep; the shoulders below are left out.
  public static let stripFraction = 0.06

  public static func measure(_ image: DecodedImage, required: RGBColor) -> PhotoAppearance {
    measureWithGray(image, required: required).appearance
  }

  /// The appearance and, from the same pass over the pixels, the photo in gray.
  public static func measureWithGray(_ image: DecodedImage, required: RGBColor) -> (appearance: PhotoAppearance, gray: GrayImage)
  {
    precondition(image.channels == 3)
    let w = image.width, h = image.height
    let strip = max(2, Int(Double(w) * stripFraction))
    var chroma = 0, sum = (0, 0, 0), count = 0, luma = 0, lumaSquares = 0
    var gray = EdgeMetrics.uninitialized(UInt8.self, w * h)  // every element is set below
    image.pixels.withUnsafeBufferPointer { p in
      gray.withUnsafeMutableBufferPointer { g in
        for y in 0..<h {
          let inBand = y < strip, inSides = y < h * 2 / 3
          for x in 0..<w {
            let i = (y * w + x) * 3
            let r = Int(p[i]), gg = Int(p[i + 1]), b = Int(p[i + 2])
            chroma += abs(r - gg) + abs(gg - b)
            let l = (r * 19595 + gg * 38470 + b * 7471 + 32768) >> 16
            g[y * w + x] = UInt8(l)
            if inBand || (inSides && (x < strip || x >= w - strip)) {
              sum.0 += r
              sum.1 += gg
              sum.2 += b
              count += 1
              luma += l
              lumaSquares += l * l
            }
          }
        }
      }
    }
    let n = Double(max(count, 1))
    let mean = (Double(sum.0) / n, Double(sum.1) / n, Double(sum.2) / n)
    let lumaMean = Double(luma) / n
    let variance = max(0, Double(lumaSquares) / n - lumaMean * lumaMean)
    let dr = mean.0 - Double(required.red), dg = mean.1 - Double(required.green), db = mean.2 - Double(required.blue)
    let grayImage = GrayImage(width: w, height: h, pixels: gray)
    let appearance = PhotoAppearance(
      chroma: Double(chroma) / Double(max(1, w * h)),
      background: RGBColor(red: UInt8(mean.0.rounded()), green: UInt8(mean.1.rounded()), blue: UInt8(mean.2.rounded())),
      backgroundDistance: (dr * dr + dg * dg + db * db).squareRoot(),
      backgroundUnevenness: variance.squareRoot(),
      face: faceExposure(image, grayImage))
    return (appearance, grayImage)
  }

  static func faceExposure(_ image: DecodedImage, _ gray: GrayImage) -> Exposure {
    let w = image.width, h = image.height
    if let head = SubjectLocator.head(in: image) {
      let box = head.faceBox(imageWidth: w, imageHeight: h)
      return Exposure.measure(gray, x: box.x, y: box.y, width: box.width, height: box.height)
    }
    return Exposure.measure(gray, x: w / 4, y: h / 5, width: w / 2, height: h / 2)
  }
}
