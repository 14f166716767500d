internal import CPixelKernels
import ImageCodecs

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
    precondition(image.pixels.count == w * h, "the C kernel reads width × height bytes")
    let steep = UInt8(max(8, min(255, range) / 8))
    // In C, whose byte loops the compiler vectorises (Swift's SIMD widening and
    // min/max here were calls, not instructions).
    var counts = [UInt64](repeating: 0, count: 6), scratch = [UInt8](repeating: 0, count: 3 * w)
    image.pixels.withUnsafeBufferPointer { p in
      cpixel_fine_steps(p.baseAddress, w, h, steep, &scratch, &counts)
    }
    let rows = Counts(steps: Int(counts[0]), atOne: Int(counts[1]), atTwo: Int(counts[2]))
    let columns = Counts(steps: Int(counts[3]), atOne: Int(counts[4]), atTwo: Int(counts[5]))
    return Result(score: max(rows.share, columns.share) * 100, steps: rows.steps + columns.steps)
  }

  struct Counts {
    var steps = 0
    var atOne = 0
    var atTwo = 0

    var share: Double { steps == 0 ? 1 : Double(min(atOne, atTwo)) / Double(steps) }
  }
}
