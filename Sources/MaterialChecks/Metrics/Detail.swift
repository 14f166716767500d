import Foundation
import ImageCodecs

/// How much of an image's edge energy lies in its finest octave: Σ|I − G₀.₇ I| divided by
/// Σ|G₀.₇ I − G₁.₅ I| over the pixels with at least 40 grey levels of local contrast, ×100.
///
/// Edge steepness alone is fooled by an image scaled up from a few pixels (bicubic
/// scaling leaves steep-looking but wide edges; nearest-neighbour, crisp blocks). Such an
/// image, like a blurred one, has almost nothing in its finest octave. A page rendered at
/// 150 dpi scores 74; scaled up from 40 dpi, 36–38; sharp real photographs 44–124
/// (BENCHMARKS.md). It is a ratio of sums over the same pixels, so it does not depend on
/// contrast or on how much of the image is edges.
public enum Detail {
  public static func measure(_ image: GrayImage) -> Double { EdgeMetrics.measure(image).detail }
}
