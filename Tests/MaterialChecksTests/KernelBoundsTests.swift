import ImageCodecs
import Testing

@testable import MaterialChecks

/// The C kernels trust the offsets they are given; the Swift calls check them first. A
/// row or band outside its buffers stops the process at the call (a precondition) rather
/// than reading or writing past the buffer. Each case runs in a child process of its own.
@Suite struct KernelBoundsTests {
  @Test func aBlurRowPastItsOutputStops() async {
    await #expect(processExitsWith: .failure) {
      var pad = [Float](repeating: 0, count: 32), dst = [Float](repeating: 0, count: 8)
      let kernel = EdgeMetrics.Kernel(sigma: 0.7)
      pad.withUnsafeMutableBufferPointer { p in
        dst.withUnsafeMutableBufferPointer { d in
          // Columns 0..<8 written from offset 4: four past the end.
          EdgeMetrics.horizontalRow(0..<8, pad: p, kernel: kernel, into: d, at: 4) { _, count, pad in
            for i in 0..<count { pad[i] = 1 }
          }
        }
      }
    }
  }

  /// A page turned level that has no pixels comes back as it is: there is nothing to turn,
  /// and no pixel to read from.
  @Test func anEmptyImageIsLevelledAsItIs() {
    let empty = GrayImage(width: 0, height: 0, pixels: [])
    #expect(empty.levelled(degrees: 3, fill: 255) == empty)
    let row = GrayImage(width: 5, height: 0, pixels: [])
    #expect(row.levelled(degrees: -2, fill: 0) == row)
  }

  @Test func aBlurRowWithinItsBuffersRuns() {
    var pad = [Float](repeating: 0, count: 32), dst = [Float](repeating: -1, count: 12)
    let kernel = EdgeMetrics.Kernel(sigma: 0.7)
    pad.withUnsafeMutableBufferPointer { p in
      dst.withUnsafeMutableBufferPointer { d in
        EdgeMetrics.horizontalRow(0..<8, pad: p, kernel: kernel, into: d, at: 4) { _, count, pad in
          for i in 0..<count { pad[i] = 1 }
        }
      }
    }
    // A row of ones blurs to ones (the weights sum to 1, within rounding).
    #expect(dst[4..<12].allSatisfy { abs($0 - 1) < 1e-5 } && dst[0..<4].allSatisfy { $0 == -1 })
  }

  @Test func aVerticalSourceRowPastItsBufferStops() async {
    await #expect(processExitsWith: .failure) {
      let src = [Float](repeating: 1, count: 40)
      var dst = [Float](repeating: 0, count: 10)
      let kernel = EdgeMetrics.Kernel(sigma: 0.7)
      src.withUnsafeBufferPointer { s in
        dst.withUnsafeMutableBufferPointer { d in
          // Source rows of 10 starting at 10·k + 20: the last ones run past 40.
          EdgeMetrics.verticalRow(0..<10, kernel: kernel, from: s, rowOf: { 20 + 10 * $0 }, into: d, at: 0)
        }
      }
    }
  }
}
