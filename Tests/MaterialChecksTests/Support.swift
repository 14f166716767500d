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

/// A deterministic pseudo-random sequence (tests must not depend on the run).
struct Noise {
  var state: UInt64
  mutating func next() -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33)
  }
  mutating func signed(_ amplitude: Int) -> Int { next() % (2 * amplitude + 1) - amplitude }
}

/// A printed page as a phone or scanner sees it: off-white paper, slight noise, and lines
/// of glyph-like strokes about as thick as 10-point text at this width.
func documentPage(width: Int, height: Int, paper: Int = 238, ink: Int = 30, seed: UInt64 = 1) -> DecodedImage {
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
  return DecodedImage(width: width, height: height, channels: 1, pixels: pixels)
}

/// An ID-photo-like picture: plain background, a textured face, dark hair, a shirt.
/// `person` scales the person within the frame (1: as in a finished ID photo; smaller:
/// a phone photo with room around).
func portrait(
  width: Int = 413, height: Int = 579, background: (Int, Int, Int) = (250, 250, 250), light: Double = 1,
  person: Double = 1, seed: UInt64 = 7
) -> DecodedImage {
  var noise = Noise(state: seed)
  var px = [UInt8](repeating: 0, count: width * height * 3)
  let cx = Double(width) / 2, s = Double(width) / 413 * person
  let face = (x: cx, y: Double(height) - (Double(579) * 0.55) * s, rx: 107 * s, ry: 139 * s)
  let shoulderTop = face.y + face.ry * 1.2
  px.withUnsafeMutableBufferPointer { p in
    for y in 0..<height {
      for x in 0..<width {
        var c = background
        let dx = (Double(x) - face.x) / face.rx, dy = (Double(y) - face.y) / face.ry
        let inFace = dx * dx + dy * dy <= 1
        let inHair = dx * dx * 0.8 + (dy + 0.45) * (dy + 0.45) <= 0.62 && dy < -0.3
        let shoulders = Double(y) > shoulderTop && abs(Double(x) - cx) < 85 * s + (Double(y) - shoulderTop) * 1.1
        if shoulders { c = (45, 55, 85) }
        if inFace { c = (225, 185, 155) }
        if inHair { c = (35, 28, 22) }
        if inFace && abs(dy + 0.15) < 0.05 && abs(abs(dx) - 0.38) < 0.12 { c = (50, 40, 40) }  // eyes
        if inFace && abs(dy - 0.45) < 0.03 && abs(dx) < 0.3 { c = (160, 70, 70) }  // mouth
        let grain = (inFace || inHair || shoulders) ? noise.signed(12) : noise.signed(1)
        let i = (y * width + x) * 3
        p[i] = UInt8(max(0, min(255, Int(Double(c.0 + grain) * light))))
        p[i + 1] = UInt8(max(0, min(255, Int(Double(c.1 + grain) * light))))
        p[i + 2] = UInt8(max(0, min(255, Int(Double(c.2 + grain) * light))))
      }
    }
  }
  return DecodedImage(width: width, height: height, channels: 3, pixels: px)
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

/// Bilinear enlargement: what image software does when someone "fixes" a small picture.
func enlarged(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
  let c = image.channels
  var out = [UInt8](repeating: 0, count: width * height * c)
  let sx = Double(image.width) / Double(width), sy = Double(image.height) / Double(height)
  image.pixels.withUnsafeBufferPointer { src in
    out.withUnsafeMutableBufferPointer { dst in
      for y in 0..<height {
        let fy = max(0, (Double(y) + 0.5) * sy - 0.5), y0 = min(image.height - 1, Int(fy)), y1 = min(image.height - 1, y0 + 1)
        let ty = fy - Double(y0)
        for x in 0..<width {
          let fx = max(0, (Double(x) + 0.5) * sx - 0.5), x0 = min(image.width - 1, Int(fx)), x1 = min(image.width - 1, x0 + 1)
          let tx = fx - Double(x0)
          for k in 0..<c {
            let a = Double(src[(y0 * image.width + x0) * c + k]), b = Double(src[(y0 * image.width + x1) * c + k])
            let d = Double(src[(y1 * image.width + x0) * c + k]), e = Double(src[(y1 * image.width + x1) * c + k])
            dst[(y * width + x) * c + k] = UInt8(((a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty).rounded())
          }
        }
      }
    }
  }
  return DecodedImage(width: width, height: height, channels: c, pixels: out)
}
