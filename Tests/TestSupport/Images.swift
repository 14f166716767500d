import Foundation
import ImageCodecs

// Images the tests draw themselves, so that no fixture depends on a tool that may be
// missing: a portrait, enlargements, and PNM files (what pdftoppm writes) read back.

/// A deterministic pseudo-random sequence (tests must not depend on the run).
public struct Noise {
  public var state: UInt64
  public init(state: UInt64) { self.state = state }
  public mutating func next() -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33)
  }
  public mutating func signed(_ amplitude: Int) -> Int { next() % (2 * amplitude + 1) - amplitude }
}

/// An ID-photo-like picture: plain background, a textured face, dark hair, a shirt.
/// `person` scales the person within the frame (1: as in a finished ID photo; smaller:
/// a phone photo with room around).
public func portrait(
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

/// Bilinear enlargement: what image software does when someone "fixes" a small picture.
public func enlarged(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
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

/// Pixel replication (nearest neighbour): what a "resize" without smoothing does; the
/// enlarged image has crisp, blocky edges.
public func replicated(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
  let c = image.channels
  var out = [UInt8](repeating: 0, count: width * height * c)
  for y in 0..<height {
    let sy = min(image.height - 1, y * image.height / height)
    for x in 0..<width {
      let sx = min(image.width - 1, x * image.width / width)
      for k in 0..<c { out[(y * width + x) * c + k] = image.pixels[(sy * image.width + sx) * c + k] }
    }
  }
  return DecodedImage(width: width, height: height, channels: c, pixels: out)
}

/// Reads a binary PGM (P5) or PPM (P6) file with 8-bit samples, as pdftoppm writes them.
public func readPNM(_ path: String) throws -> DecodedImage {
  let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  var fields: [String] = []
  var i = 0
  while fields.count < 4 && i < bytes.count {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
      while i < bytes.count, bytes[i] != 0x0A { i += 1 }
      continue
    }
    let start = i
    while i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
    fields.append(String(decoding: bytes[start..<i], as: UTF8.self))
  }
  i += 1  // the single whitespace after the maximum value
  guard fields.count == 4, fields[0] == "P5" || fields[0] == "P6", fields[3] == "255",
    let w = Int(fields[1]), let h = Int(fields[2])
  else { throw TestFixtureError("\(path) is not an 8-bit binary PGM/PPM") }
  let channels = fields[0] == "P5" ? 1 : 3
  guard bytes.count - i >= w * h * channels else { throw TestFixtureError("\(path) is truncated") }
  return DecodedImage(width: w, height: h, channels: channels, pixels: Array(bytes[i..<(i + w * h * channels)]))
}

public struct TestFixtureError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Runs an installed program (one `make test` installs) and returns its standard output.
/// A missing program or a failure throws, naming it: a test never passes because a tool
/// is absent.
@discardableResult
public func runInstalled(_ tool: String, _ arguments: [String]) throws -> [UInt8] {
  let candidates = ["/usr/bin/" + tool, "/usr/local/bin/" + tool, "/bin/" + tool]
  guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
    throw TestFixtureError("\(tool) is not installed: run `make test`, which installs the test dependencies")
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  let out = Pipe()
  process.standardOutput = out
  process.standardError = FileHandle.nullDevice
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw TestFixtureError("\(tool) \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
  }
  return [UInt8](data)
}
