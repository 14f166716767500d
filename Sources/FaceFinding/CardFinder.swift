import Foundation

/// An ID card held up in a photo: the card's own small portrait (a face far smaller than
/// the holder's), and around it the card itself, a quadrilateral of the resident ID
/// card's proportions (85.6 × 54 mm, 1.585) whose edges stand out from what is behind.
public struct CardMeasurement: Sendable, Equatable, Codable {
  /// The card's corners, top left first, clockwise, in the photo's pixels.
  public var corners: [Point]
  /// The portrait printed on the card.
  public var portrait: FaceBox
  /// Width over height of the card found.
  public var aspect: Double
  /// How strongly its four edges stand out: their mean gradient over the median gradient
  /// around them.
  public var edgeContrast: Double
}

extension CardMeasurement {
  /// The same card in an image `factor` times larger.
  func scaled(_ factor: Double) -> CardMeasurement {
    CardMeasurement(
      corners: corners.map { $0.scaled(factor) }, portrait: portrait.scaled(factor), aspect: aspect, edgeContrast: edgeContrast)
  }
}

/// Finds the card by its portrait, then its edges where a card around that portrait
/// would have them.
enum CardFinder {
  /// Where the portrait sits on a resident ID card (GB/T 16649 layout, the portrait on
  /// the right of the face side), in face widths from the portrait face's centre, with
  /// room for other cards and for how the detector's box fits a small face.
  static let leftEdge = 2.8...10.0
  static let rightEdge = 0.5...3.0
  static let topEdge = 0.8...3.5
  static let bottomEdge = 1.0...4.5
  /// The card's proportions, with room for perspective.
  static let aspect = 1.35...1.85
  /// Edges this many times stronger than their surroundings' median make a card.
  static let minEdgeContrast = 2.0

  /// The card in `plane`, given the holder's face there.
  static func find(_ plane: GrayPlane, holder: FaceBox, engine: FaceEngine) -> CardMeasurement? {
    // Small faces: the detector's smallest face is about 80 pixels, a card's portrait is
    // often half that, so it looks in the photo at twice the size; only from just above
    // the holder's face down (a card is not held over the head), which saves a third.
    let top = max(0, Int(holder.y - 0.5 * holder.width))
    guard plane.height - top >= 40 else { return nil }
    let region = GrayPlane(
      width: plane.width, height: plane.height - top, pixels: Array(plane.pixels[(top * plane.width)...]))
    // A low threshold: a blurred card's portrait scores low, and the card's edges decide.
    let candidates = engine.detect(region.doubled(), threshold: -0.6).map { face -> FaceBox in
      var f = face.scaled(0.5)
      f.y += Double(top)
      return f
    }.filter { face in
      face.width < 0.6 * holder.width
        && !(face.centreX > holder.x && face.centreX < holder.x + holder.width && face.centreY > holder.y
          && face.centreY < holder.y + holder.height)
    }
    var best: CardMeasurement?
    for portrait in candidates.prefix(3) {
      guard let card = edges(plane, around: portrait) else { continue }
      if best == nil || card.edgeContrast > best!.edgeContrast { best = card }
    }
    return best
  }

  /// The strongest rectangle of the card's proportions around `portrait`, turned by up
  /// to 20° either way, from the gradient across each of its sides.
  static func edges(_ plane: GrayPlane, around portrait: FaceBox) -> CardMeasurement? {
    let fw = portrait.width
    let cx = portrait.centreX, cy = portrait.centreY
    let w = plane.width, h = plane.height
    let px = plane.pixels
    func at(_ x: Double, _ y: Double) -> Double {
      let xi = Int(x), yi = Int(y)
      guard xi >= 1, yi >= 1, xi < w - 1, yi < h - 1 else { return -1 }
      return Double(px[yi * w + xi])
    }
    var best: CardMeasurement?
    for step in -5...5 {
      let angle = Double(step) * 4 * .pi / 180
      let (c, s) = (cos(angle), sin(angle))
      // (u, v): along and across the card, in face widths from the portrait's centre.
      func point(_ u: Double, _ v: Double) -> (Double, Double) { (cx + fw * (u * c - v * s), cy + fw * (u * s + v * c)) }
      /// Mean gradient across a line at `v` (horizontal side) from u0 to u1, or at `u`
      /// (vertical side) from v0 to v1.
      func across(horizontal: Bool, at position: Double, from a: Double, to b: Double) -> Double? {
        var sum = 0.0, n = 0.0
        let samples = 24
        for k in 0..<samples {
          let t = a + (b - a) * (Double(k) + 0.5) / Double(samples)
          let d = 0.06
          let (x1, y1) = horizontal ? point(t, position - d) : point(position - d, t)
          let (x2, y2) = horizontal ? point(t, position + d) : point(position + d, t)
          let p1 = at(x1, y1), p2 = at(x2, y2)
          guard p1 >= 0, p2 >= 0 else { return nil }
          sum += abs(p1 - p2)
          n += 1
        }
        return sum / n
      }
      func strongest(horizontal: Bool, range: ClosedRange<Double>, from a: Double, to b: Double, sign: Double) -> (
        Double, Double, [Double]
      )? {
        var profile: [(Double, Double)] = []
        var p = range.lowerBound
        while p <= range.upperBound {
          if let g = across(horizontal: horizontal, at: sign * p, from: a, to: b) { profile.append((sign * p, g)) }
          p += 0.05
        }
        guard let top = profile.max(by: { $0.1 < $1.1 }) else { return nil }
        return (top.0, top.1, profile.map(\.1))
      }
      // First the sides across the card's height, then its ends.
      guard let top = strongest(horizontal: true, range: topEdge, from: -6, to: 1, sign: -1),
        let bottom = strongest(horizontal: true, range: bottomEdge, from: -6, to: 1, sign: 1),
        let left = strongest(horizontal: false, range: leftEdge, from: top.0, to: bottom.0, sign: -1),
        let right = strongest(horizontal: false, range: rightEdge, from: top.0, to: bottom.0, sign: 1)
      else { continue }
      let width = right.0 - left.0, height = bottom.0 - top.0
      guard height > 0, aspect.contains(width / height) else { continue }
      let all = (top.2 + bottom.2 + left.2 + right.2).sorted()
      let median = max(1, all[all.count / 2])
      let contrast = (top.1 + bottom.1 + left.1 + right.1) / 4 / median
      let corners = [(left.0, top.0), (right.0, top.0), (right.0, bottom.0), (left.0, bottom.0)].map { corner in
        let (x, y) = point(corner.0, corner.1)
        return Point(x: x, y: y)
      }
      let card = CardMeasurement(corners: corners, portrait: portrait, aspect: width / height, edgeContrast: contrast)
      if best == nil || contrast > best!.edgeContrast { best = card }
    }
    guard let best, best.edgeContrast >= minEdgeContrast else { return nil }
    return best
  }
}

extension GrayPlane {
  /// Twice the size, by bilinear interpolation.
  func doubled() -> GrayPlane {
    let w = width * 2, h = height * 2
    var out = [UInt8](repeating: 0, count: w * h)
    pixels.withUnsafeBufferPointer { px in
      for y in 0..<h {
        let sy = max(0, Double(y) / 2 - 0.25)
        let y0 = min(height - 1, Int(sy)), y1 = min(height - 1, y0 + 1)
        let ay = sy - Double(y0)
        for x in 0..<w {
          let sx = max(0, Double(x) / 2 - 0.25)
          let x0 = min(width - 1, Int(sx)), x1 = min(width - 1, x0 + 1)
          let ax = sx - Double(x0)
          let a = Double(px[y0 * width + x0]), b = Double(px[y0 * width + x1])
          let c = Double(px[y1 * width + x0]), d = Double(px[y1 * width + x1])
          let top = a + (b - a) * ax, bottom = c + (d - c) * ax
          out[y * w + x] = UInt8(max(0, min(255, (top + (bottom - top) * ay).rounded())))
        }
      }
    }
    return GrayPlane(width: w, height: h, pixels: out)
  }
}
