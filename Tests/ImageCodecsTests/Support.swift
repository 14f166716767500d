import Foundation
@_exported import TestSupport

@testable import ImageCodecs

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name))) }

let roomy = DecodeLimits(maxPixels: 100_000_000, maxBytes: 1 << 26, timeout: 10)

/// A test card with gradients and hard edges, `width` × `height`, RGB.
func testCard(width: Int, height: Int) -> DecodedImage {
  var pixels = [UInt8](repeating: 0, count: width * height * 3)
  for y in 0..<height {
    for x in 0..<width {
      let i = (y * width + x) * 3
      // Hard edges in brightness (as text and outlines have), smooth gradients in colour.
      let stripe = (x / 8 + y / 8) % 2 == 0 ? 60 : -60
      pixels[i] = UInt8(max(0, min(255, 40 + x * 120 / max(1, width - 1) + stripe + 60)))
      pixels[i + 1] = UInt8(max(0, min(255, 128 + stripe)))
      pixels[i + 2] = UInt8(max(0, min(255, 40 + y * 120 / max(1, height - 1) + stripe + 60)))
    }
  }
  return DecodedImage(width: width, height: height, channels: 3, pixels: pixels)
}

/// Mean absolute difference per channel value between two images of the same size.
func meanDifference(_ a: DecodedImage, _ b: DecodedImage) -> Double {
  precondition(a.width == b.width && a.height == b.height && a.channels == b.channels)
  var sum = 0
  for i in 0..<a.pixels.count { sum += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
  return Double(sum) / Double(a.pixels.count)
}
