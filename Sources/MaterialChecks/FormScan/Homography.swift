/// A plane-to-plane projective map (3 × 3, row-major, h[8] = 1): how a flat page seen
/// from any angle lands in a photo.
struct Homography: Sendable, Equatable {
  var h: [Double]

  /// The map taking each of four points to its partner; nil when the points are
  /// degenerate (three in a line, or not finite).
  init?(from: [PixelPoint], to: [PixelPoint]) {
    guard from.count == 4, to.count == 4,
      (from + to).allSatisfy({ $0.x.isFinite && $0.y.isFinite })
    else { return nil }
    // Eight equations in the eight unknowns, solved by Gaussian elimination with partial
    // pivoting.
    var a = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 8)
    for i in 0..<4 {
      let (x, y, u, v) = (from[i].x, from[i].y, to[i].x, to[i].y)
      a[2 * i] = [x, y, 1, 0, 0, 0, -u * x, -u * y, u]
      a[2 * i + 1] = [0, 0, 0, x, y, 1, -v * x, -v * y, v]
    }
    for col in 0..<8 {
      var pivot = col
      for row in col + 1..<8 where abs(a[row][col]) > abs(a[pivot][col]) { pivot = row }
      guard abs(a[pivot][col]) > 1e-12 else { return nil }
      a.swapAt(col, pivot)
      for row in 0..<8 where row != col {
        let f = a[row][col] / a[col][col]
        if f == 0 { continue }
        for k in col..<9 { a[row][k] -= f * a[col][k] }
      }
    }
    var h = (0..<8).map { a[$0][8] / a[$0][$0] }
    h.append(1)
    guard h.allSatisfy(\.isFinite) else { return nil }
    self.h = h
  }

  /// Where `p` lands; nil on the line at infinity (or beyond it: behind the camera).
  func apply(_ x: Double, _ y: Double) -> PixelPoint? {
    let w = h[6] * x + h[7] * y + h[8]
    guard w > 1e-9 else { return nil }
    let u = (h[0] * x + h[1] * y + h[2]) / w, v = (h[3] * x + h[4] * y + h[5]) / w
    guard u.isFinite, v.isFinite else { return nil }
    return PixelPoint(x: u, y: v)
  }
}
