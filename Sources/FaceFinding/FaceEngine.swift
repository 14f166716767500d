internal import CFaceShim
import Foundation
import ImageCodecs
import Synchronization

/// A face found by the detector, in the pixels of the image it was looked for in.
public struct FaceBox: Sendable, Equatable, Codable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double
  /// The detector's score (above 0 is a face at dlib's default threshold).
  public var confidence: Double
  /// Which of dlib's five filters fired: 0 front, 1 and 2 turned, 3 and 4 tilted.
  public var filter: Int

  public init(x: Double, y: Double, width: Double, height: Double, confidence: Double, filter: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    self.confidence = confidence
    self.filter = filter
  }

  public var centreX: Double { x + width / 2 }
  public var centreY: Double { y + height / 2 }

  /// The same box in an image `factor` times larger.
  public func scaled(_ factor: Double) -> FaceBox {
    FaceBox(
      x: x * factor, y: y * factor, width: width * factor, height: height * factor, confidence: confidence, filter: filter)
  }
}

extension GrayImage {
  /// Turned clockwise by `quarterTurns` × 90°.
  public func rotated(quarterTurns: Int) -> GrayImage {
    let turns = ((quarterTurns % 4) + 4) % 4
    guard turns != 0 else { return self }
    let w = turns == 2 ? width : height, h = turns == 2 ? height : width
    var out = [UInt8](repeating: 0, count: pixels.count)
    pixels.withUnsafeBufferPointer { src in
      for y in 0..<h {
        for x in 0..<w {
          let (sx, sy): (Int, Int)
          switch turns {
          case 1: (sx, sy) = (y, height - 1 - x)
          case 2: (sx, sy) = (width - 1 - x, height - 1 - y)
          default: (sx, sy) = (width - 1 - y, x)
          }
          out[y * w + x] = src[sy * width + sx]
        }
      }
    }
    return GrayImage(width: w, height: h, pixels: out)
  }
}

/// dlib's frontal face detector and the 68-landmark model, loaded once per process (in
/// review, once per isolated worker) and used by one thread at a time.
public final class FaceEngine: Sendable {
  /// The C engine, behind a lock: dlib's detector keeps scratch state between calls.
  let handle: Mutex<Handle>
  public let parts: Int

  final class Handle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { cfaceshim_close(pointer) }
  }

  /// Opens prepared model files (`FaceModelFiles.prepare`).
  public init(files: FaceModelFiles) throws(FaceModelError) {
    var message = [CChar](repeating: 0, count: Int(CFACESHIM_MESSAGE_LENGTH))
    let opened = message.withUnsafeMutableBufferPointer { buffer in
      cfaceshim_open(files.detector, files.landmarks, buffer.baseAddress!)
    }
    guard let opened else {
      throw .conversion(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    parts = Int(cfaceshim_parts(opened))
    handle = Mutex(Handle(opened))
  }

  /// The detector's filters that see a face from the front (upright or tilted a little):
  /// enough for the portrait printed on a card, at three fifths of the work.
  public static let frontalFilters: Set<Int> = [0, 3, 4]

  /// The faces in `plane` scoring above `threshold`, the most confident first (at most 32);
  /// only with `filters` of the detector's five, and over at most `levels` levels of its
  /// image pyramid (each 5/6 the size of the one before; nil: all) when given.
  public func detect(_ plane: GrayImage, threshold: Double = 0, filters: Set<Int>? = nil, levels: Int? = nil) -> [FaceBox] {
    let mask = filters.map { $0.reduce(UInt32(0)) { mask, i in (0..<5).contains(i) ? mask | (1 << UInt32(i)) : mask } }
    guard mask != 0 else { return [] }
    var faces = [cfaceshim_face](repeating: cfaceshim_face(), count: 32)
    var message = [CChar](repeating: 0, count: Int(CFACESHIM_MESSAGE_LENGTH))
    let count = handle.withLock { engine in
      plane.pixels.withUnsafeBufferPointer { px in
        faces.withUnsafeMutableBufferPointer { out in
          message.withUnsafeMutableBufferPointer { text in
            cfaceshim_detect_narrowed(
              engine.pointer, px.baseAddress, Int32(plane.width), Int32(plane.height), Int32(plane.width), threshold,
              mask ?? CFACESHIM_ALL_FILTERS, Int32(max(0, min(levels ?? 0, 64))), out.baseAddress, Int32(out.count),
              text.baseAddress!)
          }
        }
      }
    }
    guard count > 0 else { return [] }
    return faces.prefix(Int(min(count, 32))).map { f in
      FaceBox(
        x: Double(f.left), y: Double(f.top), width: Double(f.right - f.left + 1), height: Double(f.bottom - f.top + 1),
        confidence: f.confidence, filter: Int(f.filter))
    }
  }

  /// The landmarks of the face in `box`: `parts` points, in `plane`'s pixels.
  public func landmarks(_ plane: GrayImage, box: FaceBox) -> [Point]? {
    var points = [Float](repeating: 0, count: 2 * parts)
    let face = Self.cBox(box)
    let status = handle.withLock { engine in
      plane.pixels.withUnsafeBufferPointer { px in
        points.withUnsafeMutableBufferPointer { out in
          cfaceshim_landmarks(
            engine.pointer, px.baseAddress, Int32(plane.width), Int32(plane.height), Int32(plane.width), face,
            out.baseAddress)
        }
      }
    }
    guard status == 0 else { return nil }
    return (0..<parts).map { Point(x: Double(points[2 * $0]), y: Double(points[2 * $0 + 1])) }
  }

  /// dlib's own landmarks from its own model file (slow: for tests that compare).
  public static func referenceLandmarks(model: String, plane: GrayImage, box: FaceBox) -> [Point]? {
    var points = [Float](repeating: 0, count: 2 * 128)
    var message = [CChar](repeating: 0, count: Int(CFACESHIM_MESSAGE_LENGTH))
    let status = plane.pixels.withUnsafeBufferPointer { px in
      points.withUnsafeMutableBufferPointer { out in
        message.withUnsafeMutableBufferPointer { text in
          cfaceshim_reference_landmarks(
            model, px.baseAddress, Int32(plane.width), Int32(plane.height), Int32(plane.width), cBox(box), out.baseAddress,
            Int32(out.count), text.baseAddress!)
        }
      }
    }
    guard status == 0 else { return nil }
    return (0..<68).map { Point(x: Double(points[2 * $0]), y: Double(points[2 * $0 + 1])) }
  }

  static func cBox(_ box: FaceBox) -> cfaceshim_face {
    func clamp(_ v: Double) -> Int32 { v.isFinite ? Int32(max(-1_000_000, min(1_000_000, v.rounded()))) : 0 }
    return cfaceshim_face(
      left: clamp(box.x), top: clamp(box.y), right: clamp(box.x + box.width - 1), bottom: clamp(box.y + box.height - 1),
      confidence: box.confidence, filter: Int32(box.filter))
  }
}

/// A point in pixels.
public struct Point: Sendable, Equatable, Codable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }

  public static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
  public static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
  public func scaled(_ f: Double) -> Point { Point(x: x * f, y: y * f) }
  public var length: Double { (x * x + y * y).squareRoot() }
  public static func mean(_ points: some Collection<Point>) -> Point {
    let n = Double(max(1, points.count))
    return Point(x: points.reduce(0) { $0 + $1.x } / n, y: points.reduce(0) { $0 + $1.y } / n)
  }
}
