import ImageCodecs

/// Sharpness as the steepness of edges, independent of contrast and of how much of the
/// image is edges.
///
/// At every edge centre (a pixel whose Sobel gradient is a local maximum along the
/// gradient direction, with at least `minimumRange` grey levels of contrast around it)
/// the gradient is divided by the local intensity range (max − min over 7 × 7 pixels).
/// A perfect step scores 0.5 (the gradient spans one pixel pair); a Gaussian blur of σ
/// pixels lowers it roughly in proportion to 1/σ. The score is the 95th percentile over
/// edge centres, times 200, so a perfect edge scores 100.
///
/// Why the 95th percentile: in a real photograph most edges are soft anyway (texture,
/// depth of field); what tells a sharp photo from a blurred one is that its *sharpest*
/// edges are crisp. On 14 real photographs (BENCHMARKS.md) the median separated sharp from
/// blurred (σ 3 at 2000 px) poorly (33 vs 30 for one), the 95th percentile always (at
/// least 63 vs at most 46).
///
/// Measured at a fixed working resolution (the caller scales the image first), the same
/// score means the same edge width whatever the photo's pixel count.
public enum Sharpness {
  public struct Result: Sendable, Equatable, Codable {
    /// 0 (no edges or all smeared) … 100 (single-pixel steps).
    public var score: Double
    /// How many edge centres were measured: few edges make the score unreliable.
    public var edgePixels: Int
    /// The same score for the gradient's size along one direction only (the rows, the
    /// columns, either diagonal), for the direction that scores lowest: camera shake
    /// smears edges across its motion and leaves those along it steep, so the score over
    /// all edges can stay high, while no edge is steep along the motion any more.
    public var weakestDirection: Double? = nil

    public init(score: Double, edgePixels: Int, weakestDirection: Double? = nil) {
      self.score = score
      self.edgePixels = edgePixels
      self.weakestDirection = weakestDirection
    }
  }

  /// The lowest, over the four directions, of the 95th percentile of the gradient's size
  /// along that direction over the local range, at the edge centres, from `histograms`
  /// (four of `bins` counts, as `cpixel_steepness` counts them: a bin is 1/(2 × bins) of
  /// the ratio wide, a tenth of a point of score for 1,000 bins); a bin's middle stands
  /// for its values.
  static func weakestDirection(_ histograms: [UInt32], bins: Int) -> Double? {
    guard bins > 0, histograms.count == 4 * bins else { return nil }
    var weakest: Double?
    for k in 0..<4 {
      let counts = histograms[(k * bins)..<((k + 1) * bins)]
      let n = counts.reduce(0) { $0 + Int($1) }
      guard n > 0 else { return nil }
      // The same rank as the score over all edges: the value at index ⌊0.95 n⌋ in order.
      let rank = min(n - 1, Int(Double(n) * percentile))
      var seen = 0
      for (offset, count) in counts.enumerated() {
        seen += Int(count)
        if seen > rank {
          let score = min(100, (Double(offset) + 0.5) * 100 / Double(bins))
          weakest = min(weakest ?? score, score)
          break
        }
      }
    }
    return weakest
  }

  public static let minimumRange = 40

  public static let percentile = 0.95

  public static func measure(_ image: GrayImage) -> Result { EdgeMetrics.measure(image).sharpness }
}
