/// How much of an image's steep detail is finer than two pixels: catches a page enlarged
/// from a low resolution by pixel replication (nearest neighbour), which `Detail` does not.
///
/// A replicated image is made of blocks of k × k equal pixels: every steep step lies on the
/// block grid, so two steps are never one or two pixels apart (when k ≥ 3), or never one
/// pixel apart on two consecutive columns (k ≥ 2). Its edges are perfectly steep, and its
/// finest octave is full of the blocks' corners, so steepness and detail both call it
/// sharp. A real scan or photograph, and a page rendered at its own resolution, have
/// anti-aliased or optically blurred edges: a steep step is usually next to another.
///
/// The score is, for rows and for columns, the share of steep steps (|ΔI| above an eighth of
/// the page's range from ink to paper, at least 8 grey levels) that have
/// another steep step at distance 1, and at distance 2, taking the smaller of the two; then
/// the larger of rows and columns (both must look replicated), ×100. Measured on the
/// working copy: a page rendered at 150 dpi scores about 36–60, real photographs 11–40;
/// a page enlarged by replication from 40 dpi to the working size 0–4 (BENCHMARKS.md).
public enum FineSteps {
  public struct Result: Sendable, Equatable, Codable {
    /// 0–100; low means the steep steps sit on a coarse grid.
    public var score: Double
    /// Steep steps counted (rows and columns): too few, and the score means nothing.
    public var steps: Int

    public init(score: Double, steps: Int) {
      self.score = score
      self.steps = steps
    }
  }

  /// - Parameter range: the image's range from darkest ink to brightest paper
  ///   (`Exposure.dynamicRange`). A step of an eighth of it counts as steep, so a dark or
  ///   faint page is judged like a bright one; JPEG's ringing in flat paper stays below.
  public static func measure(_ image: GrayImage, range: Int) -> Result {
    let w = image.width, h = image.height
    guard w >= 8, h >= 8 else { return Result(score: 100, steps: 0) }
    let steep = UInt8(max(8, min(255, range) / 8))
    var rows = Counts(), columns = Counts()
    image.pixels.withUnsafeBufferPointer { p in
      let base = UnsafeRawPointer(p.baseAddress!)
      // 1 where |a − b| > steep, else 0, in plain integer lanes (the mask types of
      // SIMD do not vectorise as well): a difference d ≤ 255 plus 255 − steep reaches 256,
      // bit 8, exactly when d > steep.
      let bias = SIMD16<UInt16>(repeating: UInt16(255 - steep))
      @inline(__always) func bits(_ a: Int, _ b: Int) -> SIMD16<UInt16> {
        let x = base.loadUnaligned(fromByteOffset: a, as: SIMD16<UInt8>.self)
        let y = base.loadUnaligned(fromByteOffset: b, as: SIMD16<UInt8>.self)
        let d = SIMD16<UInt16>(truncatingIfNeeded: pointwiseMax(x, y) &- pointwiseMin(x, y))
        return (d &+ bias) &>> 8
      }
      // Along rows: the step between x and x + 1, and the steps one and two pixels before
      // it, sixteen x at a time; the first two steps of a row have no predecessors.
      for y in 0..<h {
        let b = y * w
        var steps = SIMD16<UInt16>(repeating: 0), one = steps, two = steps
        var x = 2
        while x + 17 <= w {
          let s0 = bits(b + x, b + x + 1), s1 = bits(b + x - 1, b + x), s2 = bits(b + x - 2, b + x - 1)
          steps &+= s0
          one &+= s0 & s1
          two &+= s0 & s2
          x += 16
        }
        rows.steps += Int(steps.wrappedSum()) + (0..<2).filter { Self.steep(p, b + $0, b + $0 + 1, steep) }.count
        rows.atOne += Int(one.wrappedSum()) + (Self.steep(p, b + 1, b + 2, steep) && Self.steep(p, b, b + 1, steep) ? 1 : 0)
        rows.atTwo += Int(two.wrappedSum())
        while x < w - 1 {
          let s0 = Self.steep(p, b + x, b + x + 1, steep)
          rows.add(s0, Self.steep(p, b + x - 1, b + x, steep), Self.steep(p, b + x - 2, b + x - 1, steep))
          x += 1
        }
      }
      // Along columns: the step between rows y and y + 1 and those one and two rows up.
      for y in 0..<(h - 1) {
        let b = y * w
        var steps = SIMD16<UInt16>(repeating: 0), one = steps, two = steps
        var x = 0
        while x + 16 <= w {
          let s0 = bits(b + x, b + w + x)
          steps &+= s0
          if y >= 1 {
            let s1 = bits(b - w + x, b + x)
            one &+= s0 & s1
            if y >= 2 { two &+= s0 & bits(b - 2 * w + x, b - w + x) }
          }
          x += 16
        }
        columns.steps += Int(steps.wrappedSum())
        columns.atOne += Int(one.wrappedSum())
        columns.atTwo += Int(two.wrappedSum())
        while x < w {
          let s0 = Self.steep(p, b + x, b + w + x, steep)
          columns.add(
            s0, y >= 1 && Self.steep(p, b - w + x, b + x, steep), y >= 2 && Self.steep(p, b - 2 * w + x, b - w + x, steep))
          x += 1
        }
      }
    }
    return Result(score: max(rows.share, columns.share) * 100, steps: rows.steps + columns.steps)
  }

  @inline(__always) static func steep(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ threshold: UInt8) -> Bool {
    (p[a] > p[b] ? p[a] - p[b] : p[b] - p[a]) > threshold
  }

  struct Counts {
    var steps = 0
    var atOne = 0
    var atTwo = 0

    @inline(__always) mutating func add(_ step: Bool, _ previous1: Bool, _ previous2: Bool) {
      guard step else { return }
      steps += 1
      if previous1 { atOne += 1 }
      if previous2 { atTwo += 1 }
    }

    var share: Double { steps == 0 ? 1 : Double(min(atOne, atTwo)) / Double(steps) }
  }
}
