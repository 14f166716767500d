import Foundation
import Testing

@testable import ImageCodecs
@testable import MaterialChecks

/// The resize (both passes in C, a row at a time, eight outputs per step where AVX2 is
/// there) against its definition written plainly: every byte the same, on real photographs
/// at the sizes the checks use and on every kind of reduction (to 0.6 or more of the size,
/// where the permuted path runs, and beyond, where it does not; a last chunk of 1–7
/// outputs; one row, one column).
@Suite struct ResizeTests {
  /// Each output row: the source rows' weighted sum per column, from 0; then each output
  /// pixel: 0.5 plus its columns' weighted values, in order; clamped and truncated.
  func plainResize(_ image: GrayImage, width w: Int, height h: Int) -> [UInt8] {
    let rows = GrayImage.weights(from: image.height, to: h), columns = GrayImage.weights(from: image.width, to: w)
    var out = [UInt8](repeating: 0, count: w * h)
    var line = [Float](repeating: 0, count: image.width)
    for y in 0..<h {
      for x in 0..<image.width {
        var sum: Float = 0
        for (source, weight) in rows[y] { sum += weight * Float(image.pixels[source * image.width + x]) }
        line[x] = sum
      }
      for x in 0..<w {
        var acc: Float = 0.5
        for (source, weight) in columns[x] { acc += weight * line[source] }
        out[y * w + x] = acc >= 255 ? 255 : acc > 0 ? UInt8(acc) : 0
      }
    }
    return out
  }

  /// Where two images first differ (nil: nowhere), so that a failure names one pixel
  /// rather than printing millions.
  func firstDifference(_ a: GrayImage, _ b: [UInt8]) -> String? {
    guard a.pixels.count == b.count else { return "\(a.pixels.count) pixels, expected \(b.count)" }
    guard let i = a.pixels.indices.first(where: { a.pixels[$0] != b[$0] }) else { return nil }
    return "at (\(i % a.width), \(i / a.width)): \(a.pixels[i]), expected \(b[i])"
  }

  func noise(width: Int, height: Int, seed: UInt64) -> GrayImage {
    var n = Noise(state: seed)
    return GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { _ in UInt8(n.next() & 255) })
  }

  @Test func realPhotographsAtTheWorkingSize() throws {
    for name in ["undistort_form_photo.jpg", "undistort_contract_photo.jpg", "page_dewarp_thesis_half.jpg"] {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/real-documents/" + name))))
      let image = GrayImage(try JPEGCodec.decode(bytes, channels: 1, limits: roomy).image)
      let short = min(image.width, image.height)
      for target in [shippedPolicy.documents.workingShortSide, short * 5 / 6, short / 2, short / 3] where target < short {
        let scaled = image.scaled(shortSide: target)
        let difference = firstDifference(scaled, plainResize(image, width: scaled.width, height: scaled.height))
        #expect(difference == nil, "\(name) to \(scaled.width) × \(scaled.height)")
      }
    }
  }

  @Test func everyKindOfReduction() {
    let sizes: [(Int, Int, Int, Int)] = [
      (1500, 2000, 1240, 1653), (67, 45, 59, 40), (40, 40, 25, 25), (40, 40, 24, 24), (33, 17, 20, 9), (64, 3, 39, 1),
      (1, 50, 1, 31), (50, 1, 31, 1), (17, 17, 16, 16), (23, 29, 9, 11), (200, 100, 121, 61), (9, 9, 8, 8), (37, 23, 20, 11),
      (9, 9, 1, 1), (100, 7, 33, 7), (7, 100, 7, 41), (1500, 400, 1240, 331),
    ]
    for (index, (sw, sh, w, h)) in sizes.enumerated() {
      let image = noise(width: sw, height: sh, seed: UInt64(index + 1))
      let resized = image.resized(width: w, height: h)
      #expect(firstDifference(resized, plainResize(image, width: w, height: h)) == nil, "\(sw) × \(sh) to \(w) × \(h)")
    }
    // A page of one gray: the weights of each output sum to 1, so the gray stays.
    let flat = GrayImage(width: 301, height: 211, pixels: [UInt8](repeating: 137, count: 301 * 211))
    #expect(flat.resized(width: 250, height: 175).pixels.allSatisfy { $0 == 137 })
  }

  /// A colour image (a preview, the photo on a form, the fixed photo): each channel by
  /// the same resize, the long side of a preview as asked, and an image already small
  /// enough left as it is.
  @Test func colourImagesShrinkEachChannelByTheSameResize() {
    var n = Noise(state: 5)
    let width = 413, height = 579
    let image = DecodedImage(
      width: width, height: height, channels: 3, pixels: (0..<(width * height * 3)).map { _ in UInt8(n.next() & 255) })
    let small = Preview.shrink(image, to: Preview.longSide)
    #expect(small.width == 171 && small.height == 240 && small.channels == 3)
    for (w, h) in [(171, 240), (412, 578), (7, 3)] {
      let resized = image.resized(width: w, height: h)
      for k in 0..<3 {
        let plane = GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { image.pixels[$0 * 3 + k] })
        let expected = plainResize(plane, width: w, height: h)
        let got = (0..<(w * h)).map { resized.pixels[$0 * 3 + k] }
        #expect(got == expected, "\(w) × \(h), channel \(k)")
      }
    }
    #expect(small == image.resized(width: 171, height: 240))
    #expect(Preview.shrink(image, to: 600).pixels == image.pixels)
    let gray = DecodedImage(width: 40, height: 30, channels: 1, pixels: (0..<1200).map { UInt8($0 % 251) })
    #expect(gray.resized(width: 25, height: 19).pixels == plainResize(GrayImage(gray), width: 25, height: 19))
  }
}
