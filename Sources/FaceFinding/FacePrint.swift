import Foundation
import ImageCodecs

/// A face reduced to what comparing two pictures of it needs: the face turned, scaled and
/// placed by its landmarks into a small grid (the eyes always on the same two points), its
/// grey levels ranked (so that a printer's or a phone's tone curve does not matter), and
/// its landmarks placed the same way. Kept in memory for one comparison, never written to
/// a report: it is a picture of a face.
public struct FacePrint: Sendable, Equatable, Codable {
  /// `side` × `rows` grey levels of the face, turned and scaled by its landmarks (no
  /// blur: a comparison blurs the sharper of two prints to match the other).
  public var patch: [Float]
  /// The 68 landmarks placed like the patch, in eye distances.
  public var shape: [Float]
  /// How confident the detector was of this face (a dim or blurred print scores low).
  public var confidence: Double

  static let side = 56
  static let rows = 64
  /// Where the eyes go in the grid.
  static let leftEye = Point(x: 17, y: 22)
  static let rightEye = Point(x: 39, y: 22)

  /// The print of the face whose landmarks are `points`, in `plane`'s pixels.
  public init?(plane: GrayImage, landmarks points: [Point], confidence: Double) {
    guard points.count == 68, let g = FaceGeometry(landmarks: points) else { return nil }
    // The similarity that takes the grid's eye points to the face's.
    let gridSpan = Self.rightEye - Self.leftEye, faceSpan = g.rightEye - g.leftEye
    let scale = faceSpan.length / gridSpan.length
    guard scale > 0.05 else { return nil }
    let angle = atan2(faceSpan.y, faceSpan.x) - atan2(gridSpan.y, gridSpan.x)
    let (c, s) = (cos(angle) * scale, sin(angle) * scale)
    func toFace(_ q: Point) -> Point {
      let d = q - Self.leftEye
      return Point(x: g.leftEye.x + d.x * c - d.y * s, y: g.leftEye.y + d.x * s + d.y * c)
    }
    // Each sample the mean of a 3 × 3 neighbourhood at the sample's spacing (no aliasing
    // from a large photo), bilinear.
    var values = [Float](repeating: 0, count: Self.side * Self.rows)
    for y in 0..<Self.rows {
      for x in 0..<Self.side {
        var sum = 0.0
        for dy in [-0.33, 0.0, 0.33] {
          for dx in [-0.33, 0.0, 0.33] {
            let q = toFace(Point(x: Double(x) + dx, y: Double(y) + dy))
            sum += plane.bilinear(x: q.x, y: q.y)
          }
        }
        values[y * Self.side + x] = Float(sum / 9)
      }
    }
    patch = values
    self.confidence = confidence
    // The landmarks in eye distances, from the eyes' middle, turned level.
    let middle = g.eyeMiddle, eyes = faceSpan.length
    let back = -atan2(faceSpan.y, faceSpan.x)
    shape = points.flatMap { q -> [Float] in
      let d = q - middle
      return [
        Float((d.x * cos(back) - d.y * sin(back)) / eyes), Float((d.x * sin(back) + d.y * cos(back)) / eyes),
      ]
    }
  }

  public struct Similarity: Sendable, Equatable {
    /// Over the inner face (brows to chin, cheek to cheek).
    public var appearance: Double
    /// Over the eyes and brows, and over the mouth: another photo of the same person
    /// differs most there (a smile, a blink).
    public var eyes: Double
    public var mouth: Double
    /// Root mean square distance between the landmark shapes, in eye distances.
    public var shape: Double
  }

  /// How alike two prints are. Grey levels are compared by rank (a printer's or a phone's
  /// tone curve keeps their order); the sharper print is blurred to match the softer one
  /// first, the blur that matches best being taken (a photo of a print is softer than the
  /// file it was printed from, and blurring a different picture does not make it the same).
  public func similarity(to other: FacePrint) -> Similarity {
    // Prints come back from a check worker, which the review does not trust: only the
    // grid's own sizes are compared, never read past.
    guard patch.count == Self.side * Self.rows, other.patch.count == patch.count, shape.count == 136,
      other.shape.count == shape.count
    else {
      return Similarity(appearance: 0, eyes: 0, mouth: 0, shape: .infinity)
    }
    var best = Similarity(appearance: -1, eyes: -1, mouth: -1, shape: 0)
    for sigma in [0.0, 0.8, 1.6, 2.4, 3.2] {
      for (sharp, soft) in [(patch, other.patch), (other.patch, patch)] {
        let blurred = Self.blurred(sharp, sigma: sigma)
        let a = Self.correlation(blurred, soft, rows: 10..<60, columns: 8..<48)
        if a > best.appearance {
          best.appearance = a
          best.eyes = Self.correlation(blurred, soft, rows: 12..<32, columns: 8..<48)
          best.mouth = Self.correlation(blurred, soft, rows: 40..<58, columns: 14..<42)
        }
        if sigma == 0 { break }
      }
    }
    var squares = 0.0
    for i in shape.indices {
      let d = Double(shape[i]) - Double(other.shape[i])
      squares += d * d
    }
    best.shape = (squares / Double(shape.count / 2)).squareRoot()
    return best
  }

  /// The correlation of the ranks of two patches' grey levels in a window.
  static func correlation(_ a: [Float], _ b: [Float], rows: Range<Int>, columns: Range<Int>) -> Double {
    var indices: [Int] = []
    for y in rows { for x in columns { indices.append(y * side + x) } }
    func ranks(_ v: [Float]) -> [Double] {
      let order = indices.indices.sorted { v[indices[$0]] < v[indices[$1]] }
      var r = [Double](repeating: 0, count: indices.count)
      for (rank, i) in order.enumerated() { r[i] = Double(rank) }
      return r
    }
    let ra = ranks(a), rb = ranks(b)
    let mean = Double(indices.count - 1) / 2
    var ab = 0.0, aa = 0.0, bb = 0.0
    for i in ra.indices {
      let x = ra[i] - mean, y = rb[i] - mean
      ab += x * y
      aa += x * x
      bb += y * y
    }
    return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
  }

  /// A separable Gaussian blur of a patch (σ in samples).
  static func blurred(_ v: [Float], sigma: Double) -> [Float] {
    guard sigma > 0 else { return v }
    let radius = Int((sigma * 3).rounded(.up))
    var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
    let total = kernel.reduce(0, +)
    kernel = kernel.map { $0 / total }
    var tmp = [Float](repeating: 0, count: v.count), out = tmp
    for y in 0..<rows {
      for x in 0..<side {
        var sum: Float = 0
        for (k, w) in kernel.enumerated() { sum += w * v[y * side + min(side - 1, max(0, x + k - radius))] }
        tmp[y * side + x] = sum
      }
    }
    for y in 0..<rows {
      for x in 0..<side {
        var sum: Float = 0
        for (k, w) in kernel.enumerated() { sum += w * tmp[min(rows - 1, max(0, y + k - radius)) * side + x] }
        out[y * side + x] = sum
      }
    }
    return out
  }
}
