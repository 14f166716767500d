import Core
import Foundation
import ImageCodecs
import RegistrationRules
import Testing

@testable import MaterialChecks

/// One decode for the checks and the preview: the measurements are exactly those of the
/// gray decode, and the preview keeps the colour the reviewer needs (a red seal).
@Suite struct PreviewTests {
  /// A phone-sized page with a red disc (a seal) in its lower right quarter.
  func stampedPage() -> [UInt8] {
    let gray = documentPage(width: 2480, height: 3508)
    var rgb = [UInt8](repeating: 0, count: gray.width * gray.height * 3)
    for y in 0..<gray.height {
      for x in 0..<gray.width {
        let i = y * gray.width + x
        let dx = Double(x - 1800), dy = Double(y - 2700)
        let seal = dx * dx + dy * dy < 300 * 300
        rgb[3 * i] = seal ? 210 : gray.pixels[i]
        rgb[3 * i + 1] = seal ? 30 : gray.pixels[i]
        rgb[3 * i + 2] = seal ? 40 : gray.pixels[i]
      }
    }
    return jpeg(DecodedImage(width: gray.width, height: gray.height, channels: 3, pixels: rgb), quality: 90)
  }

  @Test func oneDecodeMeasuresExactlyAsTheGrayDecode() throws {
    let bytes = stampedPage()
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let withPreview = MaterialInspector.inspect(
      bytes, size: bytes.count, file: "p.jpg", as: .form, policy: shippedPolicy, preview: true)
    let alone = MaterialInspector.measure(bytes, size: bytes.count, file: "p.jpg", as: .form, policy: shippedPolicy)
    #expect(try encoder.encode(withPreview.measurement) == encoder.encode(alone))
    let preview = try JPEGCodec.decode(try #require(withPreview.preview), channels: 3, limits: roomy).image
    #expect(max(preview.width, preview.height) == Preview.longSide)
    // The seal's centre, scaled to the preview: red, not gray.
    let x = 1800 * preview.width / 2480, y = 2700 * preview.height / 3508
    let i = (y * preview.width + x) * 3
    let (r, g, b) = (Int(preview.pixels[i]), Int(preview.pixels[i + 1]), Int(preview.pixels[i + 2]))
    #expect(r > 170 && g < 80 && b < 90, "\(r) \(g) \(b)")
  }

  /// Every EXIF orientation turns both previews upright, plane by plane: the seal is red
  /// where the upright page has it, in the small preview and the large one.
  @Test(arguments: 1...8)
  func bothPreviewsShowTheSealWhereTheUprightPageHasIt(_ orientation: Int) throws {
    let bytes = withOrientation(stampedPage(), orientation)
    let inspection = MaterialInspector.inspect(
      bytes, size: bytes.count, file: "p.jpg", as: .form, policy: shippedPolicy, preview: true)
    // The seal's centre as stored, as a share of the width and the height.
    let (u, v) = (1800.0 / 2480, 2700.0 / 3508)
    let (px, py): (Double, Double)
    switch orientation {
    case 2: (px, py) = (1 - u, v)
    case 3: (px, py) = (1 - u, 1 - v)
    case 4: (px, py) = (u, 1 - v)
    case 5: (px, py) = (v, u)
    case 6: (px, py) = (1 - v, u)
    case 7: (px, py) = (1 - v, 1 - u)
    case 8: (px, py) = (v, 1 - u)
    default: (px, py) = (u, v)
    }
    for (name, jpeg) in [("small", inspection.preview), ("large", inspection.largePreview)] {
      let preview = try JPEGCodec.decode(try #require(jpeg, "\(name)"), channels: 3, limits: roomy).image
      #expect((preview.width > preview.height) == (orientation >= 5), "\(orientation), \(name)")
      let x = Int(px * Double(preview.width)), y = Int(py * Double(preview.height))
      let i = (y * preview.width + x) * 3
      let (r, g, b) = (Int(preview.pixels[i]), Int(preview.pixels[i + 1]), Int(preview.pixels[i + 2]))
      #expect(r > 170 && g < 80 && b < 90, "orientation \(orientation), \(name) preview: \(r) \(g) \(b)")
      // And the paper beside it (a seal's diameter away, towards the middle) is not red.
      let mx = Int((px + (px > 0.5 ? -0.2 : 0.2)) * Double(preview.width))
      let j = (y * preview.width + mx) * 3
      #expect(Int(preview.pixels[j]) - Int(preview.pixels[j + 1]) < 40, "orientation \(orientation), \(name): beside the seal")
    }
  }

  @Test func theEXIFOrientationTurnsThePreviewUpright() throws {
    let bytes = withOrientation(stampedPage(), 6)
    let inspection = MaterialInspector.inspect(
      bytes, size: bytes.count, file: "p.jpg", as: .form, policy: shippedPolicy, preview: true)
    let preview = try JPEGCodec.decode(try #require(inspection.preview), channels: 3, limits: roomy).image
    #expect(preview.width > preview.height, "stored portrait, shown landscape")
  }
}

let roomy = DecodeLimits(maxPixels: 100_000_000, maxBytes: 1 << 26, timeout: 10)
