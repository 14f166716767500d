import Foundation
import ImageCodecs

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
  /// The size a candidate window is enlarged for its card's portrait to have: a little
  /// above the detector's smallest face (80 pixels), for a card a little smaller than
  /// the window's rectangle.
  static let portraitSize = 90
  /// Pyramid levels looked at in a candidate window (each 5/6 of the one before): faces
  /// of 80 to 166 pixels, for a card up to twice the window's rectangle. (Three levels,
  /// with a 96-pixel target, measured a third slower over the benchmark's hand-held
  /// photos: the cards a window missed were then looked for in the whole photo.)
  static let windowLevels = 5
  /// Candidate windows looked at before the whole photo. The strongest rectangle is often
  /// something else of the card's shape (a block of text on the card, a sleeve's edge):
  /// over the review benchmark's 120 hand-held photos the card was the second candidate
  /// in 105 (the first: a block inside it, now looked at after it, `containersFirst`) and
  /// the fourth in 15, which with three windows paid the whole photo at twice its size,
  /// ten times a window's work.
  static let windowsTried = 5

  /// The card in `plane`, given the holder's face there. First where a card most likely
  /// is (`candidates`: rectangles of the card's shape whose borders stand out), each looked
  /// at alone, enlarged just enough for its portrait; only when none of them holds a card,
  /// the whole photo at twice its size (ten times the work, paid by photos without a card).
  static func find(_ plane: GrayImage, holder: FaceBox, engine: FaceEngine) -> CardMeasurement? {
    for window in candidates(plane, holder: holder).prefix(windowsTried) {
      if let card = look(in: window, of: plane, holder: holder, engine: engine) { return card }
    }
    // Small faces: the detector's smallest face is about 80 pixels, a card's portrait is
    // often half that, so it looks in the photo at twice the size; only from just above
    // the holder's face down (a card is not held over the head).
    let top = max(0, Int(holder.y - 0.5 * holder.width))
    guard plane.height - top >= 40 else { return nil }
    let region = Window(x: 0, y: top, width: plane.width, height: plane.height - top)
    return look(in: region, of: plane, holder: holder, engine: engine, scale: 2)
  }

  /// A rectangle of the working plane.
  struct Window: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
  }

  /// The card's portrait in `window` (enlarged `scale` times, or enough for a portrait of
  /// a card that fills the window), and the card's edges around it.
  static func look(in window: Window, of plane: GrayImage, holder: FaceBox, engine: FaceEngine, scale: Double? = nil)
    -> CardMeasurement?
  {
    // A card's portrait face is about a sixth of the card's width: at 90 pixels or more
    // the detector finds it.
    let factor = scale ?? min(4, max(1, Double(portraitSize) / (Double(window.width) / 1.2 / 6)))
    let crop = plane.cropped(window)
    let enlarged = factor == 2 ? crop.doubled() : crop.scaled(by: factor)
    // A low threshold: a blurred card's portrait scores low, and the card's edges decide.
    let portraits = engine.detect(
      enlarged, threshold: -0.6, filters: FaceEngine.frontalFilters,
      levels: scale == nil ? windowLevels : nil
    ).map { face -> FaceBox in
      var f = face.scaled(Double(crop.width) / Double(enlarged.width))
      f.x += Double(window.x)
      f.y += Double(window.y)
      return f
    }.filter { face in
      face.width < 0.6 * holder.width
        && !(face.centreX > holder.x && face.centreX < holder.x + holder.width && face.centreY > holder.y
          && face.centreY < holder.y + holder.height)
    }
    var best: CardMeasurement?
    for portrait in portraits.prefix(3) {
      guard let card = edges(plane, around: portrait) else { continue }
      if best == nil || card.edgeContrast > best!.edgeContrast { best = card }
    }
    return best
  }

  /// Where a card is likely: upright rectangles of the card's proportions, from half the
  /// holder's face wide to two and a half, not over the face, whose weakest border stands
  /// out most from the photo's usual gradient (sums over integral images: thousands of
  /// rectangles in a millisecond). The best few, not overlapping, each with a margin.
  static func candidates(_ plane: GrayImage, holder: FaceBox) -> [Window] {
    let w = plane.width, h = plane.height
    guard w >= 32, h >= 32 else { return [] }
    // Integral images of the horizontal and vertical gradients.
    var gx = [Int](repeating: 0, count: (w + 1) * (h + 1)), gy = gx
    plane.pixels.withUnsafeBufferPointer { px in
      for y in 0..<h {
        var rowX = 0, rowY = 0
        for x in 0..<w {
          let left = px[y * w + max(0, x - 1)], right = px[y * w + min(w - 1, x + 1)]
          let up = px[max(0, y - 1) * w + x], down = px[min(h - 1, y + 1) * w + x]
          rowX += abs(Int(right) - Int(left))
          rowY += abs(Int(down) - Int(up))
          gx[(y + 1) * (w + 1) + x + 1] = gx[y * (w + 1) + x + 1] + rowX
          gy[(y + 1) * (w + 1) + x + 1] = gy[y * (w + 1) + x + 1] + rowY
        }
      }
    }
    func sum(_ table: [Int], _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Double {
      let a = max(0, min(w, x0)), b = max(0, min(h, y0)), c = max(0, min(w, x1)), d = max(0, min(h, y1))
      guard c > a, d > b else { return 0 }
      return Double(table[d * (w + 1) + c] - table[b * (w + 1) + c] - table[d * (w + 1) + a] + table[b * (w + 1) + a])
        / Double((c - a) * (d - b))
    }
    let typical = max(1, (sum(gx, 0, 0, w, h) + sum(gy, 0, 0, w, h)) / 2)
    var scored: [(score: Double, window: Window)] = []
    var width = 0.5 * holder.width
    while width <= 2.5 * holder.width, width < Double(w) {
      let cw = Int(width), ch = Int(width / 1.585), step = max(2, cw / 10)
      for y in stride(from: 0, through: h - ch, by: step) {
        for x in stride(from: 0, through: w - cw, by: step) {
          // Not the face itself.
          let overlapX = max(0, min(Double(x + cw), holder.x + holder.width) - max(Double(x), holder.x))
          let overlapY = max(0, min(Double(y + ch), holder.y + holder.height) - max(Double(y), holder.y))
          if overlapX * overlapY > 0.3 * Double(cw * ch) { continue }
          // Every side must stand out: a striped wall has strong rows, not a card's frame.
          let t = 2
          let border = min(
            sum(gy, x, y - t, x + cw, y + t), sum(gy, x, y + ch - t, x + cw, y + ch + t),
            sum(gx, x - t, y, x + t, y + ch), sum(gx, x + cw - t, y, x + cw + t, y + ch))
          scored.append((border / typical, Window(x: x, y: y, width: cw, height: ch)))
        }
      }
      width *= 1.15
    }
    scored.sort { $0.score > $1.score }
    var chosen: [Window] = []
    for candidate in scored where chosen.count < windowsTried {
      let c = candidate.window
      let overlaps = chosen.contains { o in
        let ix = max(0, min(o.x + o.width, c.x + c.width) - max(o.x, c.x))
        let iy = max(0, min(o.y + o.height, c.y + c.height) - max(o.y, c.y))
        return ix * iy > c.width * c.height / 4
      }
      if !overlaps { chosen.append(c) }
    }
    chosen = containersFirst(chosen)
    // With a margin for a card held tilted, or found a little off.
    return chosen.map { c in
      let mx = c.width / 6, my = c.height / 4
      let x = max(0, c.x - mx), y = max(0, c.y - my)
      return Window(x: x, y: y, width: min(w - x, c.width + 2 * mx), height: min(h - y, c.height + 2 * my))
    }
  }

  /// `windows` in the order to look at them. A card's own blocks (its portrait's frame,
  /// its lines of text) can be of its shape too, inside it: a rectangle lying mostly
  /// inside a larger one that comes later is looked at after it (the whole card, enlarged
  /// for its portrait, is where the portrait is found).
  static func containersFirst(_ windows: [Window]) -> [Window] {
    func inside(_ a: Window, _ b: Window) -> Bool {
      let ix = max(0, min(a.x + a.width, b.x + b.width) - max(a.x, b.x))
      let iy = max(0, min(a.y + a.height, b.y + b.height) - max(a.y, b.y))
      return b.width * b.height > a.width * a.height && 4 * ix * iy >= 3 * a.width * a.height
    }
    var ordered: [Window] = []
    for (i, c) in windows.enumerated() where !ordered.contains(c) {
      if let outer = windows[(i + 1)...].first(where: { !ordered.contains($0) && inside(c, $0) }) { ordered.append(outer) }
      ordered.append(c)
    }
    return ordered
  }

  /// The strongest rectangle of the card's proportions around `portrait`, turned by up
  /// to 20° either way, from the gradient across each of its sides.
  static func edges(_ plane: GrayImage, around portrait: FaceBox) -> CardMeasurement? {
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

extension GrayImage {
  /// The rectangle `window` (inside the image).
  func cropped(_ window: CardFinder.Window) -> GrayImage {
    cropped(x: window.x, y: window.y, width: window.width, height: window.height)
  }

  /// `factor` times the size (at least 1), bilinear.
  func scaled(by factor: Double) -> GrayImage {
    guard factor > 1.01, width > 0, height > 0 else { return self }
    let w = max(1, Int(Double(width) * factor)), h = max(1, Int(Double(height) * factor))
    var out = [UInt8](repeating: 0, count: w * h)
    pixels.withUnsafeBufferPointer { p in
      let sampler = BilinearSampler(p, width: width, height: height)
      for y in 0..<h {
        for x in 0..<w {
          out[y * w + x] = sampler.byte(x: (Double(x) + 0.5) / factor - 0.5, y: (Double(y) + 0.5) / factor - 0.5)
        }
      }
    }
    return GrayImage(width: w, height: h, pixels: out)
  }
}
