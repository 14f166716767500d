import ImageCodecs
import Testing

/// The one bilinear sampler, on pixels whose answers can be worked out by hand: pixel
/// centres read their own value, points between them mix their neighbours by distance,
/// and anything past the edge (NaN too) reads the nearest edge pixel.
@Suite struct SamplerTests {
  /// 0 100
  /// 200 255
  let square = GrayImage(width: 2, height: 2, pixels: [0, 100, 200, 255])

  @Test func centresReadTheirPixelAndBetweenMixesByDistance() {
    #expect(square.bilinear(x: 0, y: 0) == 0)
    #expect(square.bilinear(x: 1, y: 1) == 255)
    #expect(square.bilinear(x: 0.25, y: 0) == 25)
    #expect(square.bilinear(x: 0, y: 0.75) == 150)
    // The middle: the mean of all four.
    #expect(square.bilinear(x: 0.5, y: 0.5) == 138.75)
  }

  @Test func pastTheEdgeReadsTheEdge() {
    #expect(square.bilinear(x: -3, y: 0) == 0)
    #expect(square.bilinear(x: 9, y: -1) == 100)
    #expect(square.bilinear(x: 9, y: 9) == 255)
    #expect(square.bilinear(x: .nan, y: .nan) == 0)
    #expect(square.bilinear(x: .infinity, y: 0.5) == 177.5)
  }

  /// Twice the size keeps the pixel centres: output (1, 0) lies a quarter of the way from
  /// the first pixel to the second, on the top edge.
  @Test func doublingSamplesBetweenThePixelCentres() {
    let big = square.doubled()
    #expect(big.width == 4 && big.height == 4)
    #expect(Array(big.pixels[0..<4]) == [0, 25, 75, 100])
    #expect(Array(big.pixels[12..<16]) == [200, 214, 241, 255])
    // Column 0 from top to bottom: 0, 50, 150, 200.
    #expect([0, 4, 8, 12].map { big.pixels[$0] } == [0, 50, 150, 200])
  }

  /// An image with no pixels has nothing to sample, and doubling it leaves it empty
  /// rather than stopping the program.
  @Test func anEmptyImageStaysEmpty() {
    let empty = GrayImage(width: 0, height: 0, pixels: []).doubled()
    #expect(empty.width == 0 && empty.height == 0 && empty.pixels.isEmpty)
    #expect(GrayImage(width: 0, height: 0, pixels: []).bilinear(x: 0, y: 0) == 0)
  }

  /// Colour images: each channel on its own, the same weights.
  @Test func eachChannelIsSampledAlone() {
    let rgb: [UInt8] = [0, 10, 255, 100, 30, 255, 200, 50, 255, 255, 70, 255]
    rgb.withUnsafeBufferPointer { p in
      let sampler = BilinearSampler(p, width: 2, height: 2, channels: 3)
      #expect(sampler.value(x: 0.5, y: 0.5, channel: 0) == 138.75)
      #expect(sampler.value(x: 0.5, y: 0.5, channel: 1) == 40)
      #expect(sampler.value(x: 0.5, y: 0.5, channel: 2) == 255)
      #expect(sampler.byte(x: 0.25, y: 0, channel: 1) == 15)
    }
  }
}
