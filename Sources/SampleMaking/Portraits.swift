import Foundation
import ImageCodecs

/// Real people for the samples: portraits of the Face Research Lab London Set (DeBruine &
/// Jones 2017, CC BY 4.0; `Tests/Fixtures/portraits`, see its README), made into what
/// applicants upload. The backdrop is turned white and the head cropped where the
/// certificate-photo rules put it; the person can also be cut out and stood in front of
/// another background (the hand-held ID photo). These are adaptations of the originals.
public struct Portraits {
  /// One portrait and where its head is, in its own pixels (1350 × 1350): the top of the
  /// hair, the chin and the eyes' middle, measured with safetyreg's face engine on
  /// 2026-12-04 and checked by eye.
  public struct Sitter: Sendable {
    public var file: String
    public var crown: Double
    public var chin: Double
    public var eyeX: Double
    public var eyeY: Double
  }

  /// A woman (030), a man (061) and another woman (099) of the London set.
  public static let woman = Sitter(file: "frl-london-030-lightgrey.jpg", crown: 208, chin: 994.6, eyeX: 672.3, eyeY: 632.3)
  public static let man = Sitter(file: "frl-london-061-lightgrey.jpg", crown: 223, chin: 942.3, eyeX: 660.3, eyeY: 560.3)
  public static let other = Sitter(file: "frl-london-099-lightgrey.jpg", crown: 225, chin: 983.3, eyeX: 680.4, eyeY: 577.6)

  /// The same woman and man smiling, in another photo of the same session.
  public static let womanSmiling = Sitter(
    file: "frl-london-030-smiling.jpg", crown: 270, chin: 1036.8, eyeX: 672.6, eyeY: 667.9)
  public static let manSmiling = Sitter(file: "frl-london-061-smiling.jpg", crown: 276, chin: 1036, eyeX: 670.3, eyeY: 627.2)

  let folder: String

  /// - Parameter root: the repository (the portraits are read from its test fixtures).
  public init(root: String) { folder = root + "/Tests/Fixtures/portraits" }

  /// A portrait with its backdrop, and a mask of the person (1 the person, 0 the backdrop,
  /// between on the outline).
  public func cutout(_ sitter: Sitter) throws -> (image: DecodedImage, person: [Double]) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + sitter.file)))
    let image = try JPEGCodec.decode(bytes, channels: 3, limits: DecodeLimits(maxPixels: 1 << 26, maxBytes: 1 << 26, timeout: 10))
      .image
    return (image, Self.personMask(image))
  }

  /// The backdrop: pixels joined to the top edge or to the sides above the shoulders, each
  /// step to a neighbour of nearly the same colour, never far from the backdrop's own
  /// colour (the light grey studio sheet, darker in the corners), neutral and not white.
  /// The rest is the person.
  static func personMask(_ image: DecodedImage) -> [Double] {
    let w = image.width, h = image.height
    let px = image.pixels
    func colour(_ i: Int) -> (Int, Int, Int) { (Int(px[3 * i]), Int(px[3 * i + 1]), Int(px[3 * i + 2])) }
    func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
      abs(a.0 - b.0) + abs(a.1 - b.1) + abs(a.2 - b.2)
    }
    var background = [Bool](repeating: false, count: w * h)
    var queue: [Int] = []
    let shoulders = h * 2 / 3
    for x in 0..<w { queue.append(x) }
    for y in 0..<shoulders {
      queue.append(y * w)
      queue.append(y * w + w - 1)
    }
    let backdrop = colour(w / 2)
    for i in queue { background[i] = true }
    var head = 0
    while head < queue.count {
      let i = queue[head]
      head += 1
      let here = colour(i)
      let x = i % w, y = i / w
      for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < w && ny < h {
        let n = ny * w + nx
        guard !background[n] else { continue }
        let c = colour(n)
        // The sheet is a neutral grey no lighter than 230; the white shirts beside it are
        // lighter, and bluish.
        if distance(c, here) <= 9, distance(c, backdrop) <= 120, c.2 - c.0 <= 9, c.0 + c.1 + c.2 <= 3 * 230 {
          background[n] = true
          queue.append(n)
        }
      }
    }
    // A soft outline: the share of person in each pixel's 5 × 5 neighbourhood.
    var mask = [Double](repeating: 0, count: w * h)
    for y in 0..<h {
      for x in 0..<w {
        var person = 0, all = 0
        for dy in -2...2 {
          for dx in -2...2 {
            let nx = x + dx, ny = y + dy
            guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
            all += 1
            if !background[ny * w + nx] { person += 1 }
          }
        }
        mask[y * w + x] = Double(person) / Double(all)
      }
    }
    return mask
  }

  /// The person in front of `background` (an RGB colour, 0–1).
  public static func onBackdrop(_ cut: (image: DecodedImage, person: [Double]), _ background: (Double, Double, Double))
    -> DecodedImage
  {
    var out = cut.image
    let b = [background.0 * 255, background.1 * 255, background.2 * 255]
    for i in 0..<(out.width * out.height) {
      let a = cut.person[i]
      for k in 0..<3 {
        let v = Double(out.pixels[3 * i + k]) * a + b[k] * (1 - a)
        out.pixels[3 * i + k] = UInt8(max(0, min(255, v.rounded())))
      }
    }
    return out
  }

  /// An ID photo of `size` pixels: the sitter on `background`, the head `headShare` of the
  /// height with its crown `crownShare` under the top edge, the eyes `centre` (a share of the
  /// width) right of the middle. The default is the middle of the policy's ranges.
  public static func idPhoto(
    _ sitter: Sitter, cut: (image: DecodedImage, person: [Double]), background: (Double, Double, Double) = (0.99, 0.99, 0.99),
    size: (Int, Int) = (413, 579), headShare: Double = 0.6355, crownShare: Double = 0.083, centre: Double = 0
  ) -> DecodedImage {
    let plain = onBackdrop(cut, background)
    let height = (sitter.chin - sitter.crown) / headShare
    let width = height * Double(size.0) / Double(size.1)
    let top = sitter.crown - crownShare * height
    let left = sitter.eyeX - width / 2 - centre * width
    return framed(plain, x: left, y: top, width: width, height: height, to: size, background: background)
  }

  /// The rectangle `x, y, width, height` of `image` scaled to `size`; what lies outside
  /// the image is `background` (a sample may show a head placed badly).
  static func framed(
    _ image: DecodedImage, x: Double, y: Double, width: Double, height: Double, to size: (Int, Int),
    background: (Double, Double, Double)
  ) -> DecodedImage {
    // Area-average from the source: each output pixel the mean of the source pixels it covers.
    let sx = width / Double(size.0), sy = height / Double(size.1)
    var out = [UInt8](repeating: 0, count: size.0 * size.1 * 3)
    let b = [background.0 * 255, background.1 * 255, background.2 * 255]
    for oy in 0..<size.1 {
      for ox in 0..<size.0 {
        var sum = [0.0, 0.0, 0.0], n = 0.0
        let x0 = x + Double(ox) * sx, y0 = y + Double(oy) * sy
        let steps = max(1, Int(sx.rounded(.up)))
        for j in 0..<max(1, Int(sy.rounded(.up))) {
          for i in 0..<steps {
            let fx = Int((x0 + (Double(i) + 0.5) * sx / Double(steps)).rounded(.down))
            let fy = Int((y0 + (Double(j) + 0.5) * sy / Double(max(1, Int(sy.rounded(.up))))).rounded(.down))
            for k in 0..<3 {
              sum[k] +=
                fx >= 0 && fy >= 0 && fx < image.width && fy < image.height
                ? Double(image.pixels[(fy * image.width + fx) * 3 + k]) : b[k]
            }
            n += 1
          }
        }
        for k in 0..<3 { out[(oy * size.0 + ox) * 3 + k] = UInt8(max(0, min(255, (sum[k] / n).rounded()))) }
      }
    }
    return DecodedImage(width: size.0, height: size.1, channels: 3, pixels: out)
  }
}
