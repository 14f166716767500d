internal import CPixelKernels

// The one area-average resize: every downscale (the checks' working copies, previews, the
// face finder's copy, the fixed photo, the photo printed on a form) goes through these
// weights and the C kernel, colour images one channel at a time.

extension GrayImage {
  /// Area-averaged downscale by a real factor, so that the result's shorter side is
  /// `shortSide` (never enlarged). Every source pixel counts by the area it covers.
  public func scaled(shortSide: Int) -> GrayImage {
    let current = min(width, height)
    guard shortSide < current else { return self }
    let factor = Double(current) / Double(shortSide)
    let w = max(1, Int((Double(width) / factor).rounded())), h = max(1, Int((Double(height) / factor).rounded()))
    return resized(width: w, height: h)
  }

  /// Area-averaged resize to `w` × `h` (downscale only), separable: first whole rows are
  /// combined, then that row's columns.
  public func resized(width w: Int, height h: Int) -> GrayImage {
    precondition(w <= width && h <= height && w > 0 && h > 0 && pixels.count == width * height)
    if w == width && h == height { return self }
    let yTaps = Self.weights(from: height, to: h), xTaps = Self.weights(from: width, to: w)
    // Vertical: each output row is a weighted sum of a few source rows; then horizontal,
    // where each output's taps are gathered into lanes. Both in C, tap-major, a row at a
    // time.
    let rows = Self.flatTaps(yTaps, sources: height, outputs: h)
    let columns = Self.flatTaps(xTaps, sources: width, outputs: w)
    // Each scratch row is stored before it is read; every output element is stored.
    var scratch = [Float](unsafeUninitializedCapacity: width) { _, initialized in initialized = width }
    var out = [UInt8](unsafeUninitializedCapacity: w * h) { _, initialized in initialized = w * h }
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        scratch.withUnsafeMutableBufferPointer { line in
          cpixel_resize(
            src.baseAddress, width, dst.baseAddress, w, h, rows.starts, rows.weights, Int32(rows.taps), columns.starts,
            columns.weights, Int32(columns.taps), line.baseAddress)
        }
      }
    }
    return GrayImage(width: w, height: h, pixels: out)
  }

  /// The same number of taps for every output (zero weights pad the shorter lists, which
  /// add +0 to sums of non-negative terms: no sum changes), tap-major: where each output's
  /// taps start in the source, and tap t of output o at weights[t · outputs + o].
  static func flatTaps(_ lists: [[(Int, Float)]], sources: Int, outputs: Int) -> (
    starts: [Int32], weights: [Float], taps: Int
  ) {
    let taps = Swift.min(sources, lists.map(\.count).max() ?? 1)
    var starts = [Int32](repeating: 0, count: outputs), flat = [Float](repeating: 0, count: outputs * taps)
    for (o, list) in lists.enumerated() where o < outputs {
      let start = Swift.max(0, Swift.min(list.first?.0 ?? 0, sources - taps))
      starts[o] = Int32(start)
      for (source, weight) in list where (0..<taps).contains(source - start) { flat[(source - start) * outputs + o] = weight }
    }
    return (starts, flat, taps)
  }

  /// For each output sample, the source samples it covers and their weights (summing to 1).
  static func weights(from n: Int, to m: Int) -> [[(Int, Float)]] {
    let scale = Double(n) / Double(m)
    var result: [[(Int, Float)]] = []
    result.reserveCapacity(m)
    for o in 0..<m {
      let start = Double(o) * scale, end = start + scale
      var taps: [(Int, Float)] = []
      taps.reserveCapacity(Int(scale) + 2)
      var i = Int(start)
      while Double(i) < end && i < n {
        let covered = min(Double(i + 1), end) - max(Double(i), start)
        if covered > 1e-9 { taps.append((i, Float(covered / scale))) }
        i += 1
      }
      result.append(taps)
    }
    return result
  }
}

extension DecodedImage {
  /// Area-averaged downscale to `newWidth` × `newHeight` (each no larger than the source),
  /// each channel by `GrayImage.resized`: every source pixel counts by the area it covers,
  /// so text and edges stay honest.
  public func resized(width newWidth: Int, height newHeight: Int) -> DecodedImage {
    precondition(newWidth > 0 && newHeight > 0 && newWidth <= width && newHeight <= height, "downscale only")
    if newWidth == width && newHeight == height { return self }
    let c = channels
    if c == 1 {
      let small = GrayImage(width: width, height: height, pixels: pixels).resized(width: newWidth, height: newHeight)
      return DecodedImage(width: newWidth, height: newHeight, channels: 1, pixels: small.pixels)
    }
    var out = [UInt8](repeating: 0, count: newWidth * newHeight * c)
    var plane = [UInt8](repeating: 0, count: width * height)
    for k in 0..<c {
      pixels.withUnsafeBufferPointer { src in
        plane.withUnsafeMutableBufferPointer { dst in
          for i in 0..<dst.count { dst[i] = src[i * c + k] }
        }
      }
      let small = GrayImage(width: width, height: height, pixels: plane).resized(width: newWidth, height: newHeight)
      out.withUnsafeMutableBufferPointer { dst in
        for (i, value) in small.pixels.enumerated() { dst[i * c + k] = value }
      }
    }
    return DecodedImage(width: newWidth, height: newHeight, channels: c, pixels: out)
  }
}
