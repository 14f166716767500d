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
    let steep = Int16(max(8, min(255, range) / 8))
    var rows = Counts(), columns = Counts()
    image.pixels.withUnsafeBufferPointer { p in
      // Along rows: steps between (x, y) and (x + 1, y).
      for y in 0..<h {
        let b = y * w
        var previous1 = false, previous2 = false
        for x in 0..<(w - 1) {
          let s = abs(Int16(p[b + x + 1]) - Int16(p[b + x])) > steep
          rows.add(s, previous1, previous2)
          previous2 = previous1
          previous1 = s
        }
      }
      // Along columns: steps between (x, y) and (x, y + 1), a row of columns at a time.
      var previous1 = [Bool](repeating: false, count: w), previous2 = previous1
      for y in 0..<(h - 1) {
        let b = y * w
        for x in 0..<w {
          let s = abs(Int16(p[b + w + x]) - Int16(p[b + x])) > steep
          columns.add(s, previous1[x], previous2[x])
          previous2[x] = previous1[x]
          previous1[x] = s
        }
      }
    }
    return Result(score: max(rows.share, columns.share) * 100, steps: rows.steps + columns.steps)
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
