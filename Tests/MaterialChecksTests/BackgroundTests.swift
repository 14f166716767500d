import Core
import Foundation
import ImageCodecs
import RegistrationRules
import TestSupport
import Testing

@testable import MaterialChecks

/// The background is judged on pixels that are background. Real portraits (Face Research
/// Lab, CC BY 4.0; see Tests/Fixtures/portraits/README.md), many cropped so close that
/// hair touches the top and the shoulders or hair fill the sides — where strips along the
/// edges would measure hair.
@Suite struct BackgroundTests {
  static let light = [
    "frl-london-001-lightgrey-hair-top", "frl-london-030-lightgrey", "frl-london-061-lightgrey", "frl-london-062-lightgrey",
    "frl-london-099-lightgrey", "frl-canada-003f-closecrop-lilac", "frl-canada-010f-closecrop-lilac",
    "frl-canada-020f-closecrop-lilac", "frl-canada-151m-closecrop-lilac",
  ]

  static func image(_ name: String) throws -> DecodedImage {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/portraits/\(name).jpg"))))
    return try JPEGCodec.decode(bytes, channels: 3, limits: DecodeLimits(maxPixels: 50_000_000, maxBytes: 20 << 20, timeout: 20))
      .image
  }

  /// The backdrop's true colour, from the pixels alone: of the two top corner blocks (5 %
  /// of the width), the plainer one — on these photos a block of pure backdrop.
  static func backdrop(_ image: DecodedImage) -> (color: RGBColor, spread: Double) {
    let s = max(4, image.width / 20)
    let blocks = [0, image.width - s].map { x0 -> (RGBColor, Double) in
      var sum = (0.0, 0.0, 0.0), squares = 0.0, n = 0.0
      for y in 0..<s {
        for x in x0..<(x0 + s) {
          let i = (y * image.width + x) * 3
          let r = Double(image.pixels[i]), g = Double(image.pixels[i + 1]), b = Double(image.pixels[i + 2])
          sum = (sum.0 + r, sum.1 + g, sum.2 + b)
          squares += (r * r + g * g + b * b) / 3
          n += 1
        }
      }
      let mean = (sum.0 / n, sum.1 / n, sum.2 / n)
      let spread = (squares / n - (mean.0 * mean.0 + mean.1 * mean.1 + mean.2 * mean.2) / 3).squareRoot()
      return (RGBColor(red: UInt8(mean.0.rounded()), green: UInt8(mean.1.rounded()), blue: UInt8(mean.2.rounded())), spread)
    }
    return blocks.min { $0.1 < $1.1 }!
  }

  /// With the policy asking for the colour the backdrop really has, every one of these
  /// photos passes the background check, close crops included, under the shipped limits.
  @Test(arguments: light)
  func aPlainBackdropPassesWhateverTheCrop(name: String) throws {
    let image = try Self.image(name)
    let truth = Self.backdrop(image)
    #expect(truth.spread < 4, "the corner block is plain backdrop")
    let a = PhotoAppearance.measure(image, required: truth.color)
    #expect(a.backgroundDistance <= shippedPolicy.photo.backgroundMaxDistance, "\(name): \(a.background) vs \(truth.color)")
    #expect(
      a.backgroundUnevenness <= shippedPolicy.photo.backgroundMaxUnevenness, "\(name): unevenness \(a.backgroundUnevenness)")
  }

  /// And nothing got easier: on the shipped white requirement these light grey and lilac
  /// backdrops are refused; a dark backdrop is refused against the lilac one; blue is.
  @Test func otherBackdropsAreStillRefused() throws {
    for name in Self.light {
      let a = PhotoAppearance.measure(try Self.image(name), required: shippedPolicy.photo.backgroundColor)
      #expect(a.backgroundDistance > shippedPolicy.photo.backgroundMaxDistance, "\(name) on white")
    }
    let lilac = Self.backdrop(try Self.image("frl-canada-010f-closecrop-lilac")).color
    let mauve = PhotoAppearance.measure(try Self.image("frl-canada-114m-closecrop-darkmauve"), required: lilac)
    #expect(mauve.backgroundDistance > shippedPolicy.photo.backgroundMaxDistance)
    let blue = PhotoAppearance.measure(try Self.image("usnavy-grace-hopper-blue"), required: shippedPolicy.photo.backgroundColor)
    #expect(blue.backgroundDistance > shippedPolicy.photo.backgroundMaxDistance)
    // A light but cluttered studio (a flag, a model, a stand): uneven, whatever colour is asked.
    let png = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/portraits/nasa-eileen-collins-cluttered.png"))))
    let cluttered = try PNGCodec.decode(
      png, channels: 3, limits: DecodeLimits(maxPixels: 50_000_000, maxBytes: 20 << 20, timeout: 20))
    let studio = PhotoAppearance.measure(cluttered.image, required: shippedPolicy.photo.backgroundColor)
    #expect(studio.backgroundUnevenness > shippedPolicy.photo.backgroundMaxUnevenness, "\(studio.backgroundUnevenness)")
  }

  /// Something on the wall beside the person, not touching them, still makes the
  /// background uneven: only the person is left out of the measurement.
  @Test func anObjectBesideThePersonStillCounts() throws {
    var image = try Self.image("frl-london-099-lightgrey")
    let truth = Self.backdrop(image).color
    let before = PhotoAppearance.measure(image, required: truth)
    #expect(before.backgroundUnevenness <= shippedPolicy.photo.backgroundMaxUnevenness)
    // A dark picture frame on the wall, upper left, clear of the head.
    let w = image.width
    for y in (image.height / 20)..<(image.height / 4) {
      for x in (w / 30)..<(w / 7) {
        for c in 0..<3 { image.pixels[(y * w + x) * 3 + c] = 60 }
      }
    }
    let after = PhotoAppearance.measure(image, required: truth)
    #expect(after.backgroundUnevenness > shippedPolicy.photo.backgroundMaxUnevenness, "\(after.backgroundUnevenness)")
  }

  /// The mask finds the person: the centre of the lower edge is person, the top corners
  /// are not, and hair touching the top is person (joined to the face and shoulders).
  @Test func theMaskFollowsThePerson() throws {
    let image = try Self.image("frl-london-001-lightgrey-hair-top")
    let mask = try #require(PersonMask.find(in: image))
    #expect(mask.contains(x: image.width / 2, y: image.height - 1))
    #expect(!mask.contains(x: 2, y: 2) && !mask.contains(x: image.width - 3, y: 2))
    // The bun at the top centre.
    let topRow = (0..<image.width).filter { mask.contains(x: $0, y: 1) }
    #expect(!topRow.isEmpty && topRow.allSatisfy { abs($0 - image.width / 2) < image.width / 4 }, "\(topRow.count) cells")
  }
}
