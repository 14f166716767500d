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

  @Test func theEXIFOrientationTurnsThePreviewUpright() throws {
    let bytes = withOrientation(stampedPage(), 6)
    let inspection = MaterialInspector.inspect(
      bytes, size: bytes.count, file: "p.jpg", as: .form, policy: shippedPolicy, preview: true)
    let preview = try JPEGCodec.decode(try #require(inspection.preview), channels: 3, limits: roomy).image
    #expect(preview.width > preview.height, "stored portrait, shown landscape")
  }
}

let roomy = DecodeLimits(maxPixels: 100_000_000, maxBytes: 1 << 26, timeout: 10)
