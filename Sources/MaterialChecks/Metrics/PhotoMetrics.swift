import Core
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
  /// both sides, this fraction of the width deep, leaving out the person (`PersonMask`):
  /// hair that reaches the top and shoulders that reach the sides are not background.
  public static let stripFraction = 0.06

  public static func measure(_ image: DecodedImage, required: RGBColor) -> PhotoAppearance {
    measureWithGray(image, required: required).appearance
  }

  /// Sums of the pixels measured as background.
  struct Tally {
    var sum = (0, 0, 0), count = 0, luma = 0, lumaSquares = 0
    mutating func add(_ r: Int, _ g: Int, _ b: Int, _ l: Int) {
      sum.0 += r
      sum.1 += g
      sum.2 += b
      count += 1
      luma += l
      lumaSquares += l * l
    }
  }

  /// The appearance and, from the same pass over the pixels, the photo in gray.
  public static func measureWithGray(_ image: DecodedImage, required: RGBColor) -> (appearance: PhotoAppearance, gray: GrayImage)
  {
    precondition(image.channels == 3)
    let w = image.width, h = image.height
    let strip = max(2, Int(Double(w) * stripFraction))
    let head = SubjectLocator.head(in: image)
    // The person is what the mask joins to the bottom edge *and* lies where a person can
    // be: around the head found, or below the chin. A flag or a lamp joined to the
    // person but standing beside the head is background, and counts against it.
    let mask = head == nil ? nil : PersonMask.find(in: image)
    let chin = head.map { $0.top + $0.width * 13 / 10 } ?? h
    let reach = head.map { $0.width * 3 / 4 } ?? 0
    let centre = head?.centre ?? 0
    // Each pixel's cell in the mask, by column and by row.
    let cellX = (0..<w).map { x in mask.map { min($0.width - 1, Int(Double(x) / $0.scaleX)) } ?? 0 }
    let cellY = (0..<h).map { y in mask.map { min($0.height - 1, Int(Double(y) / $0.scaleY)) * $0.width } ?? 0 }
    let person = mask?.cells ?? []
    var chroma = 0
    // Strips without the person; the strips whole (the fallback); all the background.
    var strips = Tally(), whole = Tally(), everywhere = Tally()
    var gray = EdgeMetrics.uninitialized(UInt8.self, w * h)  // every element is set below
    image.pixels.withUnsafeBufferPointer { p in
      gray.withUnsafeMutableBufferPointer { g in
        for y in 0..<h {
          let inBand = y < strip, inSides = y < h * 2 / 3
          let row = cellY[y]
          for x in 0..<w {
            let i = (y * w + x) * 3
            let r = Int(p[i]), gg = Int(p[i + 1]), b = Int(p[i + 2])
            chroma += abs(r - gg) + abs(gg - b)
            let l = (r * 19595 + gg * 38470 + b * 7471 + 32768) >> 16
            g[y * w + x] = UInt8(l)
            let isPerson = !person.isEmpty && person[row + cellX[x]] && (y >= chin || abs(x - centre) <= reach)
            if !isPerson { everywhere.add(r, gg, b, l) }
            if inBand || (inSides && (x < strip || x >= w - strip)) {
              whole.add(r, gg, b, l)
              if !isPerson { strips.add(r, gg, b, l) }
            }
          }
        }
      }
    }
    // A crop so close that the person fills the strips: the background wherever it shows;
    // no background at all: the strips as they are.
    let chosen =
      strips.count * 10 >= whole.count ? strips : everywhere.count * 20 >= w * h ? everywhere : whole
    let (sum, count, luma, lumaSquares) = (chosen.sum, chosen.count, chosen.luma, chosen.lumaSquares)
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
      face: faceExposure(image, grayImage, head: head))
    return (appearance, grayImage)
  }

  static func faceExposure(_ image: DecodedImage, _ gray: GrayImage, head: SubjectLocator.Head?) -> Exposure {
    let w = image.width, h = image.height
    if let head {
      let box = head.faceBox(imageWidth: w, imageHeight: h)
      return Exposure.measure(gray, x: box.x, y: box.y, width: box.width, height: box.height)
    }
    return Exposure.measure(gray, x: w / 4, y: h / 5, width: w / 2, height: h / 2)
  }
}
