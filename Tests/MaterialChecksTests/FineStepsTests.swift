import ImageCodecs
import Testing

@testable import MaterialChecks

/// The vectorised count against the definition, written plainly.
@Suite struct FineStepsTests {
  func reference(_ image: GrayImage, range: Int) -> FineSteps.Result {
    let w = image.width, h = image.height, p = image.pixels
    let steep = max(8, min(255, range) / 8)
    func isSteep(_ a: Int, _ b: Int) -> Bool { abs(Int(p[a]) - Int(p[b])) > steep }
    var rows = (0, 0, 0), columns = (0, 0, 0)
    for y in 0..<h {
      for x in 0..<(w - 1) where isSteep(y * w + x, y * w + x + 1) {
        rows.0 += 1
        if x >= 1, isSteep(y * w + x - 1, y * w + x) { rows.1 += 1 }
        if x >= 2, isSteep(y * w + x - 2, y * w + x - 1) { rows.2 += 1 }
      }
    }
    for y in 0..<(h - 1) {
      for x in 0..<w where isSteep(y * w + x, (y + 1) * w + x) {
        columns.0 += 1
        if y >= 1, isSteep((y - 1) * w + x, y * w + x) { columns.1 += 1 }
        if y >= 2, isSteep((y - 2) * w + x, (y - 1) * w + x) { columns.2 += 1 }
      }
    }
    func share(_ c: (Int, Int, Int)) -> Double { c.0 == 0 ? 1 : Double(min(c.1, c.2)) / Double(c.0) }
    return FineSteps.Result(score: max(share(rows), share(columns)) * 100, steps: rows.0 + columns.0)
  }

  @Test(arguments: [(37, 23), (64, 64), (100, 17), (1240, 40), (255, 301)])
  func theFastCountIsTheDefinition(_ w: Int, _ h: Int) {
    var noise = Noise(state: UInt64(w * 7919 + h))
    for contrast in [0, 20, 90, 255] {
      let pixels = (0..<(w * h)).map { i -> UInt8 in
        let x = i % w, y = i / w
        let block = ((x / 3) + (y / 4)) % 2 == 0 ? 40 : 40 + contrast
        return UInt8(max(0, min(255, block + noise.signed(12))))
      }
      let image = GrayImage(width: w, height: h, pixels: pixels)
      for range in [0, 100, 255] {
        #expect(FineSteps.measure(image, range: range) == reference(image, range: range), "\(w)×\(h) contrast \(contrast)")
      }
    }
  }
}

/// The detail measure's blur rows (sums in C, written out for 7 and 9 taps) against the
/// plain sum in the same order, at the row's clamped edges and inside it.
@Suite struct BlurRowTests {
  @Test(arguments: [0.7, (1.5 * 1.5 - 0.7 * 0.7).squareRoot(), 0.3, 2.1])
  func blurRowsAreTheirSums(_ sigma: Double) {
    let kernel = EdgeMetrics.Kernel(sigma: sigma), r = kernel.radius, w = 61
    let row = (0..<w).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    var pad = [Float](repeating: 0, count: w + 2 * r + 8), out = [Float](repeating: -1, count: w)
    for range in [0..<w, 5..<17, 50..<61, 0..<3] {
      pad.withUnsafeMutableBufferPointer { p in
        out.withUnsafeMutableBufferPointer { o in
          EdgeMetrics.horizontalRow(range, pad: p, kernel: kernel, into: o, at: 0) { start, count, pad in
            for i in 0..<count { pad[i] = Float(row[min(w - 1, max(0, start + i))]) }
          }
        }
      }
      for x in range {
        var acc: Float = 0
        for j in 0..<kernel.weights.count { acc += kernel.weights[j] * Float(row[min(w - 1, max(0, x - r + j))]) }
        #expect(out[x].bitPattern == acc.bitPattern, "σ \(sigma), \(range), x \(x)")
      }
    }
    // Vertically: rows of a small float image, the same sums.
    let h = 2 * r + 1
    let image = (0..<(w * h)).map { Float(($0 &* 7919) % 251) / 3 }
    var down = [Float](repeating: -1, count: w)
    image.withUnsafeBufferPointer { src in
      down.withUnsafeMutableBufferPointer { d in
        EdgeMetrics.verticalRow(3..<59, kernel: kernel, from: src, rowOf: { ($0 + r) * w }, into: d, at: 0)
      }
    }
    for x in 3..<59 {
      var acc: Float = 0
      for j in 0..<kernel.weights.count { acc += kernel.weights[j] * image[j * w + x] }
      #expect(down[x].bitPattern == acc.bitPattern, "σ \(sigma), column \(x)")
    }
  }
}
