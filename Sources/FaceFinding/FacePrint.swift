import Foundation

/// A face reduced to what comparing two pictures of it needs: the face turned, scaled and
/// placed by its landmarks into a small grid (the eyes always on the same two points), its
/// grey levels ranked (so that a printer's or a phone's tone curve does not matter), and
/// its landmarks placed the same way. Kept in memory for one comparison, never written to
/// a report: it is a picture of a face.
public struct FacePrint: Sendable, Equatable, Codable {
  /// `side` × `rows` samples, each the rank of its grey level among the face's (0–1),
  /// softened by a small blur first so that a sharp original and a soft print compare.
  public var patch: [Float]
  /// The 68 landmarks placed like the patch, in eye distances.
  public var shape: [Float]

  static let side = 40
  static let rows = 48
  /// Where the eyes go in the grid.
  static let leftEye = Point(x: 12, y: 16)
  static let rightEye = Point(x: 28, y: 16)

  /// The print of the face whose landmarks are `points`, in `plane`'s pixels.
  public init?(plane: GrayPlane, landmarks points: [Point]) {
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
    // Blur by about a sample's width before sampling: average a 3 × 3 neighbourhood at
    // the sample's own spacing.
    var values = [Double](repeating: 0, count: Self.side * Self.rows)
    for y in 0..<Self.rows {
      for x in 0..<Self.side {
        var sum = 0.0
        for dy in [-0.5, 0.0, 0.5] {
          for dx in [-0.5, 0.0, 0.5] {
            sum += plane.bilinear(toFace(Point(x: Double(x) + dx, y: Double(y) + dy)))
          }
        }
        values[y * Self.side + x] = sum / 9
      }
    }
    // Ranks: the same picture through another tone curve keeps its order of grey levels.
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Float](repeating: 0, count: values.count)
    for (rank, i) in order.enumerated() { ranks[i] = Float(rank) / Float(values.count - 1) }
    patch = ranks
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

  /// How alike two prints are: the correlation of their patches (1 the same picture, about
  /// 0.5 two people) and the distance between their shapes (root mean square, in eye
  /// distances).
  public func similarity(to other: FacePrint) -> (appearance: Double, shape: Double) {
    guard patch.count == other.patch.count, shape.count == other.shape.count, !patch.isEmpty else { return (0, .infinity) }
    let n = Double(patch.count)
    let ma = patch.reduce(0.0) { $0 + Double($1) } / n, mb = other.patch.reduce(0.0) { $0 + Double($1) } / n
    var ab = 0.0, aa = 0.0, bb = 0.0
    for i in patch.indices {
      let a = Double(patch[i]) - ma, b = Double(other.patch[i]) - mb
      ab += a * b
      aa += a * a
      bb += b * b
    }
    let correlation = aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    var squares = 0.0
    for i in shape.indices {
      let d = Double(shape[i]) - Double(other.shape[i])
      squares += d * d
    }
    return (correlation, (squares / Double(shape.count / 2)).squareRoot())
  }
}

extension GrayPlane {
  /// The grey level at a point, bilinear; the nearest edge pixel beyond the image.
  func bilinear(_ p: Point) -> Double {
    let fx = min(Double(width - 1), max(0, p.x)), fy = min(Double(height - 1), max(0, p.y))
    let x0 = Int(fx), y0 = Int(fy)
    let x1 = min(width - 1, x0 + 1), y1 = min(height - 1, y0 + 1)
    let ax = fx - Double(x0), ay = fy - Double(y0)
    let a = Double(pixels[y0 * width + x0]), b = Double(pixels[y0 * width + x1])
    let c = Double(pixels[y1 * width + x0]), d = Double(pixels[y1 * width + x1])
    return (a + (b - a) * ax) * (1 - ay) + (c + (d - c) * ax) * ay
  }
}
