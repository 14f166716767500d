import Core
import Foundation
import ImageCodecs
import RegistrationRules
@_exported import TestSupport

@testable import MaterialChecks

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
func repoPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }
let shippedPolicy: Policy = try! Policy.load(path: repoPath("templates/policy.yaml"))
let fixtures = repositoryRoot.appendingPathComponent("Tests/ImageCodecsTests/Fixtures")
func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name))) }

/// A printed page as a phone or scanner sees it: off-white paper, slight noise, lines of
/// glyph-like strokes about as thick as 10-point text at this width, slightly soft edges.
func documentPage(width: Int, height: Int, paper: Int = 238, ink: Int = 30, seed: UInt64 = 1, soft: Bool = true) -> DecodedImage {
  var noise = Noise(state: seed)
  var pixels = [UInt8](repeating: 0, count: width * height)
  let unit = max(1, width / 600)  // stroke thickness
  pixels.withUnsafeMutableBufferPointer { p in
    for i in 0..<p.count { p[i] = UInt8(max(0, min(255, paper + noise.signed(3)))) }
    var y = height / 12
    while y < height - height / 12 {
      var x = width / 10
      while x < width - width / 10 {
        // A "character": a few strokes in a box of 6×8 units.
        let size = 6 * unit
        for _ in 0..<3 {
          let horizontal = noise.next() % 2 == 0
          let offset = noise.next() % size
          for k in 0..<size {
            for t in 0..<unit {
              let px = horizontal ? x + k : x + offset + t, py = horizontal ? y + offset + t : y + k
              if px < width && py < height { p[py * width + px] = UInt8(ink) }
            }
          }
        }
        x += size + 2 * unit
      }
      y += 14 * unit
    }
  }
  // A scanner's or a phone's optics soften every edge over about a pixel. Without that,
  // strokes on whole pixels would be exactly what pixel replication makes (FineSteps).
  let page = DecodedImage(width: width, height: height, channels: 1, pixels: pixels)
  return soft ? blurred(page, sigma: 0.5) : page
}

/// Gaussian blur of standard deviation `sigma` pixels (separable, clamped edges).
func blurred(_ image: DecodedImage, sigma: Double) -> DecodedImage {
  let radius = Int((3 * sigma).rounded(.up))
  var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
  let total = kernel.reduce(0, +)
  kernel = kernel.map { $0 / total }
  let w = image.width, h = image.height, c = image.channels
  var tmp = [Float](repeating: 0, count: image.pixels.count)
  var out = [UInt8](repeating: 0, count: image.pixels.count)
  image.pixels.withUnsafeBufferPointer { src in
    tmp.withUnsafeMutableBufferPointer { t in
      kernel.withUnsafeBufferPointer { k in
        for y in 0..<h {
          for x in 0..<w {
            for ch in 0..<c {
              var s: Float = 0
              for j in 0..<k.count { s += k[j] * Float(src[(y * w + min(w - 1, max(0, x + j - radius))) * c + ch]) }
              t[(y * w + x) * c + ch] = s
            }
          }
        }
      }
    }
  }
  tmp.withUnsafeBufferPointer { t in
    out.withUnsafeMutableBufferPointer { o in
      kernel.withUnsafeBufferPointer { k in
        for y in 0..<h {
          for x in 0..<w {
            for ch in 0..<c {
              var s: Float = 0
              for j in 0..<k.count { s += k[j] * t[(min(h - 1, max(0, y + j - radius)) * w + x) * c + ch] }
              o[(y * w + x) * c + ch] = UInt8(max(0, min(255, s.rounded())))
            }
          }
        }
      }
    }
  }
  return DecodedImage(width: w, height: h, channels: c, pixels: out)
}

func jpeg(_ image: DecodedImage, quality: Int = 90) -> [UInt8] { try! JPEGCodec.encode(image, quality: quality) }

func check(_ bytes: [UInt8], as material: MaterialType, policy: Policy = shippedPolicy, file: String = "upload") -> CheckResult {
  MaterialVerdict.judge(
    MaterialInspector.measure(bytes, size: bytes.count, file: file, as: material, policy: policy), as: material, policy: policy)
}

func codes(_ r: CheckResult) -> [ReasonCode] { r.reasons.map(\.code) }
