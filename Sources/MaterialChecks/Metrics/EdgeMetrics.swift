internal import CPixelKernels
import Foundation
import ImageCodecs

/// Both edge measurements (steepness and detail) in one pass over a working image: they
/// share the 7 × 7 local minimum and maximum, the costliest part. Written as plain loops
/// over contiguous rows, clamped only at the borders, so the compiler vectorises them.
public enum EdgeMetrics {
  public static func measure(_ image: GrayImage) -> (sharpness: Sharpness.Result, detail: Double) {
    let w = image.width, h = image.height
    guard w >= 16, h >= 16 else { return (Sharpness.Result(score: 0, edgePixels: 0), 0) }
    precondition(image.pixels.count == w * h, "the C kernels read width × height bytes")
    let (low, high) = extremes(image.pixels, w, h)
    let sharpness = steepness(image.pixels, w, h, low: low, high: high)
    let detail = fineOctave(image.pixels, w, h, low: low, high: high)
    return (sharpness, detail)
  }

  // MARK: - Local extremes

  /// Minimum and maximum over the 7 × 7 window around each pixel (clamped at the borders),
  /// sixteen pixels at a time.
  static func extremes(_ pixels: [UInt8], _ w: Int, _ h: Int) -> ([UInt8], [UInt8]) {
    guard w > 0, h > 0, pixels.count == w * h else { return ([], []) }
    // Every element of all four is written by the kernel: no need to zero them first.
    var rowMin = uninitialized(UInt8.self, w * h), rowMax = uninitialized(UInt8.self, w * h)
    var outMin = uninitialized(UInt8.self, w * h), outMax = uninitialized(UInt8.self, w * h)
    pixels.withUnsafeBufferPointer { p in
      cpixel_extremes(p.baseAddress, w, h, &rowMin, &rowMax, &outMin, &outMax)
    }
    return (outMin, outMax)
  }

  // MARK: - Steepness

  /// Edge steepness, in bands of rows: within a band, only the runs of 8-column chunks
  /// holding a pixel with enough contrast are looked at (the others could add nothing),
  /// and the Sobel magnitudes are computed there and one pixel around, into a buffer the
  /// size of the band. The edge pixels and their ratios are those of the whole image
  /// (`skipFlatColumns: false`, which the tests compare against); only their order differs,
  /// and a percentile does not see order. The per-pixel work is in C
  /// (`cpixel_steepness`), without Swift's bounds and overflow checks in the inner loop.
  static func steepness(
    _ pixels: [UInt8], _ w: Int, _ h: Int, low: [UInt8], high: [UInt8], skipFlatColumns: Bool = true
  ) -> Sharpness.Result {
    guard w >= 5, h >= 5, pixels.count == w * h, low.count == w * h, high.count == w * h else {
      return Sharpness.Result(score: 0, edgePixels: 0)
    }
    let band = 64
    // Squared Sobel magnitudes of a band's rows and one row either side.
    var magnitude2 = uninitialized(Int32.self, (band + 2) * w)
    var found = uninitialized(Float.self, band * w)
    var histograms = [UInt32](repeating: 0, count: 4 * Int(CPIXEL_DIRECTION_BINS))
    var ratios: [Float] = []
    ratios.reserveCapacity(w * h / 8)
    pixels.withUnsafeBufferPointer { p in
      low.withUnsafeBufferPointer { lo in
        high.withUnsafeBufferPointer { hi in
          var y0 = 2
          while y0 < h - 2 {
            let y1 = min(h - 2, y0 + band)
            let segments = skipFlatColumns ? contrastedColumns(lo, hi, w, rows: y0..<y1, margin: 16) : [0..<w]
            for segment in segments {
              let x0 = max(2, segment.lowerBound), x1 = min(w - 2, segment.upperBound)
              guard x1 > x0 else { continue }
              // What the kernel reads and writes, checked here rather than trusted: two
              // pixels round the band, its magnitudes one row either side, a ratio a pixel.
              precondition(
                y0 >= 2 && y1 + 2 <= h && x0 >= 2 && x1 + 2 <= w && (y1 - y0 + 2) * w <= magnitude2.count
                  && (y1 - y0) * (x1 - x0) <= found.count, "steepness band out of the image")
              let count = magnitude2.withUnsafeMutableBufferPointer { m in
                found.withUnsafeMutableBufferPointer { f in
                  histograms.withUnsafeMutableBufferPointer { d in
                    cpixel_steepness(
                      p.baseAddress, lo.baseAddress, hi.baseAddress, w, y0, y1, x0, x1, Int32(Sharpness.minimumRange),
                      m.baseAddress, f.baseAddress, d.baseAddress)
                  }
                }
              }
              ratios.append(contentsOf: found[0..<min(count, found.count)])
            }
            y0 = y1
          }
        }
      }
    }
    guard !ratios.isEmpty else { return Sharpness.Result(score: 0, edgePixels: 0) }
    let weakest = Sharpness.weakestDirection(histograms, bins: Int(CPIXEL_DIRECTION_BINS))
    let value = Selection.value(ofRank: min(ratios.count - 1, Int(Double(ratios.count) * Sharpness.percentile)), in: &ratios)
    return Sharpness.Result(score: min(100, Double(value) * 200), edgePixels: ratios.count, weakestDirection: weakest)
  }

  // MARK: - Detail

  /// The finest-octave ratio, computed in bands of rows so that its floating-point planes
  /// stay in cache: each band blurs just the rows it needs (plus the kernels' margins),
  /// with the same clamped edges as a whole-image blur, so the result is identical.
  ///
  /// Only pixels with enough local contrast count, and on a page most have none (paper,
  /// margins): within a band, the blurs run only over the runs of 8-column chunks that hold
  /// such a pixel, plus the kernels' margins. Every blurred value is computed exactly as a
  /// whole-row blur computes it, and a skipped chunk would only have added zeros, in the
  /// same lanes, so the result is bit for bit that of blurring everything
  /// (`skipFlatColumns: false`, which the tests compare against).
  static func fineOctave(
    _ pixels: [UInt8], _ w: Int, _ h: Int, low: [UInt8], high: [UInt8], skipFlatColumns: Bool = true
  ) -> Double {
    let fine = Kernel(sigma: 0.7), coarse = Kernel(sigma: (1.5 * 1.5 - 0.7 * 0.7).squareRoot())  // G0.7 then G1.33 = G1.5
    let band = 96
    let rf = fine.radius, rc = coarse.radius
    // Scratch rows, reused by every band.
    let capacity = (band + 2 * (rf + rc)) * w
    var hFine = uninitialized(Float.self, capacity), vFine = uninitialized(Float.self, capacity)
    var hCoarse = uninitialized(Float.self, capacity), vCoarse = uninitialized(Float.self, band * w)
    var padded = [Float](repeating: 0, count: w + 2 * max(rf, rc) + 8)
    var top: Float = 0, middle: Float = 0
    pixels.withUnsafeBufferPointer { p in
      low.withUnsafeBufferPointer { lo in
        high.withUnsafeBufferPointer { hi in
          var y0 = 0
          while y0 < h {
            let y1 = min(h, y0 + band)
            // Rows of the fine blur needed by the coarse blur of this band, and the source
            // rows needed by those.
            let f0 = max(0, y0 - rc), f1 = min(h, y1 + rc)
            let s0 = max(0, f0 - rf), s1 = min(h, f1 + rf)
            let segments =
              skipFlatColumns
              ? contrastedColumns(lo, hi, w, rows: y0..<y1, margin: 2 * (rf + rc)) : (w > 0 ? [0..<w] : [])
            for segment in segments {
              // The fine blur is needed `rc` columns either side of the segment.
              let wide = max(0, segment.lowerBound - rc)..<min(w, segment.upperBound + rc)
              hFine.withUnsafeMutableBufferPointer { hf in
                padded.withUnsafeMutableBufferPointer { pad in
                  for y in s0..<s1 {
                    let b = y * w
                    precondition(b >= 0 && b + w <= p.count, "row out of the image")
                    horizontalRow(wide, pad: pad, kernel: fine, into: hf, at: (y - s0) * w) {
                      cpixel_pad_bytes(p.baseAddress! + b, w, $0, $1, $2)
                    }
                  }
                }
              }
              hFine.withUnsafeBufferPointer { hf in
                vFine.withUnsafeMutableBufferPointer { vf in
                  for y in f0..<f1 {
                    verticalRow(
                      wide, kernel: fine, from: hf, rowOf: { (min(h - 1, max(0, y + $0)) - s0) * w }, into: vf, at: (y - f0) * w)
                  }
                }
              }
              vFine.withUnsafeBufferPointer { vf in
                hCoarse.withUnsafeMutableBufferPointer { hc in
                  padded.withUnsafeMutableBufferPointer { pad in
                    for y in f0..<f1 {
                      let b = (y - f0) * w
                      precondition(b >= 0 && b + w <= vf.count, "row out of the band")
                      horizontalRow(segment, pad: pad, kernel: coarse, into: hc, at: b) {
                        cpixel_pad_floats(vf.baseAddress! + b, w, $0, $1, $2)
                      }
                    }
                  }
                }
              }
              hCoarse.withUnsafeBufferPointer { hc in
                vCoarse.withUnsafeMutableBufferPointer { vc in
                  for y in y0..<y1 {
                    verticalRow(
                      segment, kernel: coarse, from: hc, rowOf: { (min(h - 1, max(0, y + $0)) - f0) * w }, into: vc,
                      at: (y - y0) * w)
                  }
                }
              }
            }
            vFine.withUnsafeBufferPointer { vf in
              vCoarse.withUnsafeBufferPointer { vc in
                let src = UnsafeRawPointer(p.baseAddress!), low = UnsafeRawPointer(lo.baseAddress!),
                  high = UnsafeRawPointer(hi.baseAddress!)
                let fineRaw = UnsafeRawPointer(vf.baseAddress!), coarseRaw = UnsafeRawPointer(vc.baseAddress!)
                let threshold = SIMD8<Int32>(repeating: Int32(Sharpness.minimumRange))
                let whole = w / 8 * 8
                for y in y0..<y1 {
                  // Per row, to keep float sums accurate; eight pixels at a time, the
                  // contrast test as a 0/1 mask rather than a branch. Chunks outside the
                  // segments hold no contrasted pixel: they would add zeros.
                  var t = SIMD8<Float>(repeating: 0), m = SIMD8<Float>(repeating: 0)
                  let b = y * w, fr = (y - f0) * w, cr = (y - y0) * w
                  var tailIsActive = false
                  for segment in segments {
                    var x = segment.lowerBound
                    while x + 8 <= min(segment.upperBound, whole) {
                      let range =
                        SIMD8<Int32>(truncatingIfNeeded: high.loadUnaligned(fromByteOffset: b + x, as: SIMD8<UInt8>.self))
                        &- SIMD8<Int32>(truncatingIfNeeded: low.loadUnaligned(fromByteOffset: b + x, as: SIMD8<UInt8>.self))
                      let mask = SIMD8<Float>(repeating: 0).replacing(with: 1, where: range .>= threshold)
                      let o = SIMD8<Float>(src.loadUnaligned(fromByteOffset: b + x, as: SIMD8<UInt8>.self))
                      let f = fineRaw.loadUnaligned(fromByteOffset: (fr + x) * 4, as: SIMD8<Float>.self)
                      let c = coarseRaw.loadUnaligned(fromByteOffset: (cr + x) * 4, as: SIMD8<Float>.self)
                      let d1 = o - f, d2 = f - c
                      t += mask * d1.replacing(with: -d1, where: d1 .< 0)
                      m += mask * d2.replacing(with: -d2, where: d2 .< 0)
                      x += 8
                    }
                    if segment.upperBound > whole { tailIsActive = true }
                  }
                  var tt = t.sum(), mm = m.sum()
                  if tailIsActive {
                    for x in whole..<w where Int(hi[b + x]) - Int(lo[b + x]) >= Sharpness.minimumRange {
                      tt += abs(Float(p[b + x]) - vf[fr + x])
                      mm += abs(vf[fr + x] - vc[cr + x])
                    }
                  }
                  top += tt
                  middle += mm
                }
              }
            }
            y0 = y1
          }
        }
      }
    }
    return middle > 0 ? Double(100 * top / middle) : 0
  }

  /// The runs of 8-column chunks (the last one may be shorter) in which some pixel of
  /// `rows` has at least `Sharpness.minimumRange` of local contrast, in order; runs less
  /// than `margin` columns apart are joined, since their blurs would overlap anyway.
  static func contrastedColumns(
    _ lo: UnsafeBufferPointer<UInt8>, _ hi: UnsafeBufferPointer<UInt8>, _ w: Int, rows: Range<Int>, margin: Int
  ) -> [Range<Int>] {
    let chunks = (w + 7) / 8
    var active = [UInt8](repeating: 0, count: chunks)
    // Eight pixels per 64-bit word: high ≥ low in every byte, so `high − low` borrows
    // nothing across bytes; a byte is ≥ 40 when its top bit is set or its low seven bits
    // plus 88 reach 128 (which cannot carry into the next byte).
    let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, topBits: UInt64 = 0x8080_8080_8080_8080
    let lift = UInt64(128 - Sharpness.minimumRange) &* 0x0101_0101_0101_0101
    let low = UnsafeRawPointer(lo.baseAddress!), high = UnsafeRawPointer(hi.baseAddress!)
    active.withUnsafeMutableBufferPointer { flags in
      for y in rows {
        let b = y * w
        var x = 0
        while x + 8 <= w {
          let d =
            high.loadUnaligned(fromByteOffset: b + x, as: UInt64.self)
            &- low.loadUnaligned(fromByteOffset: b + x, as: UInt64.self)
          flags[x / 8] |= (((d & lowBits) &+ lift) | d) & topBits != 0 ? 1 : 0
          x += 8
        }
        while x < w {
          if Int(hi[b + x]) - Int(lo[b + x]) >= Sharpness.minimumRange { flags[x / 8] = 1 }
          x += 1
        }
      }
    }
    var runs: [Range<Int>] = []
    var c = 0
    while c < chunks {
      guard active[c] != 0 else {
        c += 1
        continue
      }
      var end = c
      while end < chunks, active[end] != 0 { end += 1 }
      let run = (c * 8)..<min(w, end * 8)
      if let last = runs.last, run.lowerBound - last.upperBound < margin {
        runs[runs.count - 1] = last.lowerBound..<run.upperBound
      } else {
        runs.append(run)
      }
      c = end
    }
    return runs
  }

  /// A normalised Gaussian kernel of radius ⌈3σ⌉.
  struct Kernel {
    let radius: Int
    let weights: [Float]

    init(sigma: Double) {
      radius = max(1, Int((3 * sigma).rounded(.up)))
      let raw = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
      let total = raw.reduce(0, +)
      weights = raw.map { $0 / total }
    }
  }

  /// Columns `range` of one row blurred horizontally: `fill(start, count, pad)` writes the
  /// row's values from column `start` on, the row's own edges clamped
  /// (`cpixel_pad_bytes`, `cpixel_pad_floats`); the sums in C (`cpixel_convolve`). Each
  /// output is the same sum, in the same order, whatever the range.
  @inline(__always)
  static func horizontalRow(
    _ range: Range<Int>, pad: UnsafeMutableBufferPointer<Float>, kernel: Kernel,
    into dst: UnsafeMutableBufferPointer<Float>, at offset: Int,
    fill: (_ start: Int, _ count: Int, _ pad: UnsafeMutablePointer<Float>) -> Void
  ) {
    let r = kernel.radius
    let x0 = range.lowerBound, x1 = range.upperBound
    // What the pad and the sums touch, checked here rather than trusted.
    precondition(
      x0 >= 0 && x1 - x0 + 2 * r <= pad.count && offset >= 0 && offset + x1 <= dst.count, "blur row out of its buffers")
    // pad[i] holds the row at column x0 − r + i, clamped to the row.
    fill(x0 - r, x1 - x0 + 2 * r, pad.baseAddress!)
    guard x1 > x0 else { return }
    kernel.weights.withUnsafeBufferPointer { weights in
      cpixel_convolve(pad.baseAddress, x1 - x0, weights.baseAddress, Int32(weights.count), dst.baseAddress! + offset + x0)
    }
  }

  /// Columns `range` of one row blurred vertically: `rowOf(k)` is where the source row at
  /// vertical offset `k` (−radius…radius) starts in `src`.
  @inline(__always)
  static func verticalRow(
    _ range: Range<Int>, kernel: Kernel, from src: UnsafeBufferPointer<Float>, rowOf: (Int) -> Int,
    into dst: UnsafeMutableBufferPointer<Float>, at offset: Int
  ) {
    let r = kernel.radius
    let w = range.upperBound
    guard w > range.lowerBound, let base = src.baseAddress else { return }
    precondition(range.lowerBound >= 0 && offset >= 0 && offset + w <= dst.count, "blur row out of its buffer")
    // The source rows, on the stack (this runs once per row of every band).
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: 2 * r + 1) { rows in
      for k in -r...r {
        let start = rowOf(k)
        precondition(start >= 0 && start + w <= src.count, "blur source row out of its buffer")
        rows[k + r] = base + start
      }
      kernel.weights.withUnsafeBufferPointer { weights in
        cpixel_convolve_rows(
          rows.baseAddress, weights.baseAddress, Int32(min(weights.count, rows.count)), range.lowerBound, w,
          dst.baseAddress! + offset)
      }
    }
  }

  /// An array of `count` elements whose contents are garbage until written: for buffers
  /// that the caller overwrites completely (zero-filling them first cost 8 % of a check).
  static func uninitialized<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }
}
