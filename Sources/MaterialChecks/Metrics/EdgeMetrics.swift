import Foundation

/// Both edge measurements (steepness and detail) in one pass over a working image: they
/// share the 7 × 7 local minimum and maximum, the costliest part. Written as plain loops
/// over contiguous rows, clamped only at the borders, so the compiler vectorises them.
public enum EdgeMetrics {
  public static func measure(_ image: GrayImage) -> (sharpness: Sharpness.Result, detail: Double) {
    let w = image.width, h = image.height
    guard w >= 16, h >= 16 else { return (Sharpness.Result(score: 0, edgePixels: 0), 0) }
    let (low, high) = extremes(image.pixels, w, h)
    let sharpness = steepness(image.pixels, w, h, low: low, high: high)
    let detail = fineOctave(image.pixels, w, h, low: low, high: high)
    return (sharpness, detail)
  }

  // MARK: - Local extremes

  /// Minimum and maximum over the 7 × 7 window around each pixel (clamped at the borders),
  /// sixteen pixels at a time.
  static func extremes(_ pixels: [UInt8], _ w: Int, _ h: Int) -> ([UInt8], [UInt8]) {
    // Every element is written below: no need to zero them first.
    var rowMin = uninitialized(UInt8.self, w * h), rowMax = uninitialized(UInt8.self, w * h)
    pixels.withUnsafeBufferPointer { p in
      rowMin.withUnsafeMutableBufferPointer { mn in
        rowMax.withUnsafeMutableBufferPointer { mx in
          let src = UnsafeRawPointer(p.baseAddress!)
          let outMin = UnsafeMutableRawPointer(mn.baseAddress!), outMax = UnsafeMutableRawPointer(mx.baseAddress!)
          for y in 0..<h {
            let b = y * w
            var x = 3
            while x + 16 <= w - 3 {
              var lo = src.loadUnaligned(fromByteOffset: b + x - 3, as: SIMD16<UInt8>.self), hi = lo
              for k in -2...3 {
                let v = src.loadUnaligned(fromByteOffset: b + x + k, as: SIMD16<UInt8>.self)
                lo = pointwiseMin(lo, v)
                hi = pointwiseMax(hi, v)
              }
              outMin.storeBytes(of: lo, toByteOffset: b + x, as: SIMD16<UInt8>.self)
              outMax.storeBytes(of: hi, toByteOffset: b + x, as: SIMD16<UInt8>.self)
              x += 16
            }
            // Borders and the tail: one pixel at a time.
            for x in Array(0..<min(3, w)) + Array(x..<w) {
              var lo: UInt8 = 255, hi: UInt8 = 0
              for k in Swift.max(0, x - 3)...Swift.min(w - 1, x + 3) {
                lo = min(lo, p[b + k])
                hi = max(hi, p[b + k])
              }
              mn[b + x] = lo
              mx[b + x] = hi
            }
          }
        }
      }
    }
    var outMin = [UInt8](repeating: 255, count: w * h), outMax = [UInt8](repeating: 0, count: w * h)
    rowMin.withUnsafeBufferPointer { mn in
      rowMax.withUnsafeBufferPointer { mx in
        outMin.withUnsafeMutableBufferPointer { omn in
          outMax.withUnsafeMutableBufferPointer { omx in
            let smn = UnsafeRawPointer(mn.baseAddress!), smx = UnsafeRawPointer(mx.baseAddress!)
            let dmn = UnsafeMutableRawPointer(omn.baseAddress!), dmx = UnsafeMutableRawPointer(omx.baseAddress!)
            // Fold the 7 source rows of each output row in, sixteen columns at a time.
            for y in 0..<h {
              let o = y * w
              for k in Swift.max(0, y - 3)...Swift.min(h - 1, y + 3) {
                let s = k * w
                var x = 0
                while x + 16 <= w {
                  let a = dmn.loadUnaligned(fromByteOffset: o + x, as: SIMD16<UInt8>.self)
                  let c = dmx.loadUnaligned(fromByteOffset: o + x, as: SIMD16<UInt8>.self)
                  dmn.storeBytes(
                    of: pointwiseMin(a, smn.loadUnaligned(fromByteOffset: s + x, as: SIMD16<UInt8>.self)), toByteOffset: o + x,
                    as: SIMD16<UInt8>.self)
                  dmx.storeBytes(
                    of: pointwiseMax(c, smx.loadUnaligned(fromByteOffset: s + x, as: SIMD16<UInt8>.self)), toByteOffset: o + x,
                    as: SIMD16<UInt8>.self)
                  x += 16
                }
                while x < w {
                  omn[o + x] = min(omn[o + x], mn[s + x])
                  omx[o + x] = max(omx[o + x], mx[s + x])
                  x += 1
                }
              }
            }
          }
        }
      }
    }
    return (outMin, outMax)
  }

  // MARK: - Steepness

  static func steepness(_ pixels: [UInt8], _ w: Int, _ h: Int, low: [UInt8], high: [UInt8]) -> Sharpness.Result {
    // Pass 1: squared Sobel magnitude, eight pixels at a time. Non-maximum suppression only
    // compares magnitudes, so the square root waits for the edge centres.
    var magnitude2 = [Int32](repeating: 0, count: w * h)
    pixels.withUnsafeBufferPointer { p in
      magnitude2.withUnsafeMutableBufferPointer { m in
        let src = UnsafeRawPointer(p.baseAddress!)
        let out = UnsafeMutableRawPointer(m.baseAddress!)
        @inline(__always) func row(_ offset: Int) -> SIMD8<Int32> {
          SIMD8<Int32>(truncatingIfNeeded: src.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt8>.self))
        }
        for y in 1..<(h - 1) {
          let r0 = (y - 1) * w, r1 = y * w, r2 = (y + 1) * w
          var x = 1
          while x + 8 <= w - 1 {
            let a = row(r0 + x - 1), b = row(r0 + x), c = row(r0 + x + 1)
            let d = row(r1 + x - 1), f = row(r1 + x + 1)
            let g = row(r2 + x - 1), hh = row(r2 + x), i = row(r2 + x + 1)
            let sx = (c &+ 2 &* f &+ i) &- (a &+ 2 &* d &+ g)
            let sy = (g &+ 2 &* hh &+ i) &- (a &+ 2 &* b &+ c)
            out.storeBytes(of: sx &* sx &+ sy &* sy, toByteOffset: (r1 + x) * 4, as: SIMD8<Int32>.self)
            x += 8
          }
          while x < w - 1 {
            let (sx, sy) = sobel(p, w, r1 + x)
            m[r1 + x] = sx * sx + sy * sy
            x += 1
          }
        }
      }
    }
    // Pass 2: at pixels with enough local contrast, keep those whose magnitude is a maximum
    // along the gradient direction, and take gradient / range there.
    var ratios: [Float] = []
    ratios.reserveCapacity(w * h / 8)
    let steps = [1, w, w + 1, w - 1]
    pixels.withUnsafeBufferPointer { p in
      magnitude2.withUnsafeBufferPointer { m in
        low.withUnsafeBufferPointer { lo in
          high.withUnsafeBufferPointer { hi in
            for y in 2..<(h - 2) {
              for x in 2..<(w - 2) {
                let i = y * w + x
                let range = Int32(hi[i]) - Int32(lo[i])
                guard range >= Int32(Sharpness.minimumRange), m[i] > 0 else { continue }
                let (sx, sy) = sobel(p, w, i)
                let ax = abs(sx), ay = abs(sy)
                let step = steps[ax > 2 * ay ? 0 : ay > 2 * ax ? 1 : (sx > 0) == (sy > 0) ? 2 : 3]
                guard m[i] >= m[i - step], m[i] > m[i + step] else { continue }
                // Sobel's weights sum to 4 on each side of a 2-pixel baseline: /8 is per pixel.
                ratios.append(Float(m[i]).squareRoot() / 8 / Float(range))
              }
            }
          }
        }
      }
    }
    guard !ratios.isEmpty else { return Sharpness.Result(score: 0, edgePixels: 0) }
    let value = Sharpness.select(&ratios, rank: min(ratios.count - 1, Int(Double(ratios.count) * Sharpness.percentile)))
    return Sharpness.Result(score: min(100, Double(value) * 200), edgePixels: ratios.count)
  }

  /// The Sobel gradient at pixel `i` (not on the border).
  @inline(__always)
  static func sobel(_ p: UnsafeBufferPointer<UInt8>, _ w: Int, _ i: Int) -> (Int32, Int32) {
    let a = Int32(p[i - w - 1]), b = Int32(p[i - w]), c = Int32(p[i - w + 1])
    let d = Int32(p[i - 1]), f = Int32(p[i + 1])
    let g = Int32(p[i + w - 1]), hh = Int32(p[i + w]), k = Int32(p[i + w + 1])
    return ((c + 2 * f + k) - (a + 2 * d + g), (g + 2 * hh + k) - (a + 2 * b + c))
  }

  // MARK: - Detail

  static func fineOctave(_ pixels: [UInt8], _ w: Int, _ h: Int, low: [UInt8], high: [UInt8]) -> Double {
    var original = uninitialized(Float.self, w * h)  // every element is set below
    pixels.withUnsafeBufferPointer { p in
      original.withUnsafeMutableBufferPointer { o in for i in 0..<o.count { o[i] = Float(p[i]) } }
    }
    let fine = gaussian(original, w, h, sigma: 0.7)
    let coarse = gaussian(fine, w, h, sigma: (1.5 * 1.5 - 0.7 * 0.7).squareRoot())  // G0.7 then G1.33 = G1.5
    var top: Float = 0, middle: Float = 0
    original.withUnsafeBufferPointer { o in
      fine.withUnsafeBufferPointer { f in
        coarse.withUnsafeBufferPointer { c in
          low.withUnsafeBufferPointer { lo in
            high.withUnsafeBufferPointer { hi in
              for y in 0..<h {
                var t: Float = 0, m: Float = 0  // per row, to keep float sums accurate
                let b = y * w
                for x in 0..<w where Int(hi[b + x]) - Int(lo[b + x]) >= Sharpness.minimumRange {
                  t += abs(o[b + x] - f[b + x])
                  m += abs(f[b + x] - c[b + x])
                }
                top += t
                middle += m
              }
            }
          }
        }
      }
    }
    return middle > 0 ? Double(100 * top / middle) : 0
  }

  /// Separable Gaussian blur with clamped edges: rows through a padded copy, columns by
  /// accumulating whole rows; eight floats at a time, no clamping inside the loops.
  static func gaussian(_ input: [Float], _ w: Int, _ h: Int, sigma: Double) -> [Float] {
    let radius = max(1, Int((3 * sigma).rounded(.up)))
    var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
    let total = kernel.reduce(0, +)
    kernel = kernel.map { $0 / total }
    var horizontal = uninitialized(Float.self, w * h)  // every element is stored below
    var padded = [Float](repeating: 0, count: w + 2 * radius + 8)
    input.withUnsafeBufferPointer { src in
      horizontal.withUnsafeMutableBufferPointer { dst in
        padded.withUnsafeMutableBufferPointer { pad in
          let padRaw = UnsafeRawPointer(pad.baseAddress!)
          let out = UnsafeMutableRawPointer(dst.baseAddress!)
          for y in 0..<h {
            let b = y * w
            for x in 0..<w { pad[radius + x] = src[b + x] }
            for k in 0..<radius {
              pad[k] = src[b]
              pad[radius + w + k] = src[b + w - 1]
            }
            var x = 0
            while x + 8 <= w {
              var acc = SIMD8<Float>(repeating: 0)
              for j in 0..<kernel.count {
                acc += kernel[j] * padRaw.loadUnaligned(fromByteOffset: (x + j) * 4, as: SIMD8<Float>.self)
              }
              out.storeBytes(of: acc, toByteOffset: (b + x) * 4, as: SIMD8<Float>.self)
              x += 8
            }
            while x < w {
              var acc: Float = 0
              for j in 0..<kernel.count { acc += kernel[j] * pad[x + j] }
              dst[b + x] = acc
              x += 1
            }
          }
        }
      }
    }
    var out = uninitialized(Float.self, w * h)  // every element is stored below
    horizontal.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        let s = UnsafeRawPointer(src.baseAddress!)
        let d = UnsafeMutableRawPointer(dst.baseAddress!)
        for y in 0..<h {
          let o = y * w
          let rows = (0..<kernel.count).map { Swift.min(h - 1, Swift.max(0, y + $0 - radius)) * w }
          var x = 0
          while x + 8 <= w {
            var acc = SIMD8<Float>(repeating: 0)
            for j in 0..<kernel.count {
              acc += kernel[j] * s.loadUnaligned(fromByteOffset: (rows[j] + x) * 4, as: SIMD8<Float>.self)
            }
            d.storeBytes(of: acc, toByteOffset: (o + x) * 4, as: SIMD8<Float>.self)
            x += 8
          }
          while x < w {
            var acc: Float = 0
            for j in 0..<kernel.count { acc += kernel[j] * src[rows[j] + x] }
            dst[o + x] = acc
            x += 1
          }
        }
      }
    }
    return out
  }

  /// An array of `count` elements whose contents are garbage until written: for buffers
  /// that the caller overwrites completely (zero-filling them first cost 8 % of a check).
  static func uninitialized<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }
}
