import Core
import Foundation
import ImageCodecs
import RegistrationRules
import Testing

@testable import MaterialChecks

@Suite struct SharpnessTests {
  struct Photo: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var shortSideAt2000: Int
    var testDescription: String { file }
  }

  static let photos: [Photo] = {
    let url = repositoryRoot.appendingPathComponent("Tests/MaterialChecksTests/Photos/manifest.json")
    return try! JSONDecoder().decode([Photo].self, from: Data(contentsOf: url))
  }()

  /// Real photographs: the sharp original scores above the policy's document threshold,
  /// the same blurred with σ = 3 px at 2000 px wide scores below it, and clearly so.
  /// Each crop is measured at the scale the whole 2000-px photo would be measured at.
  @Test(arguments: photos)
  func realPhotosSeparateFromTheirBlurredCopies(_ photo: Photo) throws {
    let bytes = [UInt8](
      try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/MaterialChecksTests/Photos/\(photo.file)")))
    let crop = try JPEGCodec.decode(bytes, channels: 1, limits: DecodeLimits(maxPixels: 1 << 24, maxBytes: 1 << 24, timeout: 10))
      .image
    let factor = Double(photo.shortSideAt2000) / Double(shippedPolicy.documents.workingShortSide)
    func working(_ image: DecodedImage) -> GrayImage {
      let g = GrayImage(image)
      guard factor > 1 else { return g }
      return g.resized(width: Int(Double(g.width) / factor), height: Int(Double(g.height) / factor))
    }
    let sharp = Sharpness.measure(working(crop)).score
    let blurry = Sharpness.measure(working(blurred(crop, sigma: 3))).score
    let threshold = shippedPolicy.documents.minSharpness[.form]!
    #expect(sharp >= threshold, "\(photo.file): sharp scores \(sharp)")
    #expect(blurry < threshold, "\(photo.file): blurred scores \(blurry)")
    #expect(sharp / blurry >= 1.4, "\(photo.file): \(sharp) vs \(blurry)")
  }

  /// The same page photographed at three resolutions scores alike: the score is measured
  /// at the working resolution.
  /// The detail measure blurs only the columns near contrasted pixels, and steepness takes
  /// Sobel magnitudes only there: each result must be bit for bit that of the whole image, on real photographs, phone photos of pages
  /// and synthetic images whose contrast sits at the odd edges (a last chunk of 1–7
  /// columns, a single contrasted column, nothing at all).
  @Test func skippingFlatColumnsChangesNoDetailValue() throws {
    var images: [GrayImage] = []
    for photo in Self.photos.prefix(6) {
      let bytes = [UInt8](
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/MaterialChecksTests/Photos/\(photo.file)")))
      images.append(GrayImage(try JPEGCodec.decode(bytes, channels: 1, limits: roomy).image))
    }
    for file in ["2026-0001-initial-ok/form-1.jpg", "2026-0001-initial-ok/contract-2.jpg"] {
      let bytes = [UInt8](try Data(contentsOf: repositoryRoot.appendingPathComponent("samples/submissions/" + file)))
      let gray = GrayImage(try JPEGCodec.decode(bytes, channels: 1, minimumShortSide: 1240, limits: roomy).image)
      images.append(gray.scaled(shortSide: shippedPolicy.documents.workingShortSide))
    }
    for (w, h) in [(1001, 37), (61, 250), (16, 16), (203, 97)] {
      var state = UInt64(w * 7919 + h)
      func noise() -> UInt8 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
      }
      let flat = [UInt8](repeating: 200, count: w * h)
      var lastColumn = flat, islands = flat
      for y in 0..<h { lastColumn[y * w + w - 1] = 20 }
      for i in islands.indices where noise() < 3 { islands[i] = noise() }
      images += [flat, lastColumn, islands, (0..<(w * h)).map { _ in noise() }].map { GrayImage(width: w, height: h, pixels: $0) }
    }
    for image in images {
      let (low, high) = EdgeMetrics.extremes(image.pixels, image.width, image.height)
      let skipped = EdgeMetrics.fineOctave(image.pixels, image.width, image.height, low: low, high: high)
      let whole = EdgeMetrics.fineOctave(
        image.pixels, image.width, image.height, low: low, high: high, skipFlatColumns: false)
      #expect(skipped.bitPattern == whole.bitPattern, "\(image.width) × \(image.height): \(skipped) vs \(whole)")
      // Steepness too: the same edge pixels, so the same count and the same percentile.
      let banded = EdgeMetrics.steepness(image.pixels, image.width, image.height, low: low, high: high)
      let everywhere = EdgeMetrics.steepness(
        image.pixels, image.width, image.height, low: low, high: high, skipFlatColumns: false)
      #expect(banded.edgePixels == everywhere.edgePixels, "\(image.width) × \(image.height)")
      #expect(banded.score.bitPattern == everywhere.score.bitPattern, "\(image.width) × \(image.height)")
    }
    #expect(images.count == min(6, Self.photos.count) + 2 + 16)
  }

  /// Steepness as defined, written plainly (whole-image Sobel, non-maximum suppression,
  /// a sorted percentile): the banded kernel gives the same edge pixels and the same bits.
  @Test func steepnessIsItsDefinition() throws {
    func reference(_ image: GrayImage) -> Sharpness.Result {
      let w = image.width, h = image.height, p = image.pixels.map(Int32.init)
      let (low, high) = EdgeMetrics.extremes(image.pixels, w, h)
      func sobel(_ i: Int) -> (Int32, Int32) {
        let sx = (p[i - w + 1] + 2 * p[i + 1] + p[i + w + 1]) - (p[i - w - 1] + 2 * p[i - 1] + p[i + w - 1])
        let sy = (p[i + w - 1] + 2 * p[i + w] + p[i + w + 1]) - (p[i - w - 1] + 2 * p[i - w] + p[i - w + 1])
        return (sx, sy)
      }
      func m(_ i: Int) -> Int32 {
        let (sx, sy) = sobel(i)
        return sx * sx + sy * sy
      }
      var ratios: [Float] = []
      var along: [[Float]] = [[], [], [], []]
      for y in 2..<(h - 2) {
        for x in 2..<(w - 2) {
          let i = y * w + x, range = Int32(high[i]) - Int32(low[i])
          guard range >= Int32(Sharpness.minimumRange), m(i) > 0 else { continue }
          let (sx, sy) = sobel(i)
          let step = abs(sx) > 2 * abs(sy) ? 1 : abs(sy) > 2 * abs(sx) ? w : (sx > 0) == (sy > 0) ? w + 1 : w - 1
          guard m(i) >= m(i - step), m(i) > m(i + step) else { continue }
          let per = 8 * Float(range)
          ratios.append(Float(m(i)).squareRoot() / per)
          // The gradient's size along the rows, the columns and both diagonals.
          along[0].append(Float(abs(sx)) / per)
          along[1].append(Float(abs(sy)) / per)
          along[2].append(Float(abs(sx + sy)) * 0.70710678 / per)
          along[3].append(Float(abs(sx - sy)) * 0.70710678 / per)
        }
      }
      guard !ratios.isEmpty else { return Sharpness.Result(score: 0, edgePixels: 0) }
      func score(_ group: [Float]) -> Double {
        min(100, Double(group.sorted()[min(group.count - 1, Int(Double(group.count) * Sharpness.percentile))]) * 200)
      }
      // Each direction's values in 1,000 bins of 1/2000, the bin's middle for the value at
      // the same rank as above; the lowest direction.
      let weakest = along.map { values -> Double in
        let bins = values.map { min(999, Int($0 * 2000)) }.sorted()
        return min(100, (Double(bins[min(bins.count - 1, Int(Double(bins.count) * Sharpness.percentile))]) + 0.5) * 100 / 1000)
      }.min()
      return Sharpness.Result(score: score(ratios), edgePixels: ratios.count, weakestDirection: weakest)
    }
    var images: [GrayImage] = []
    for photo in Self.photos.prefix(3) {
      let bytes = [UInt8](
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/MaterialChecksTests/Photos/\(photo.file)")))
      images.append(GrayImage(try JPEGCodec.decode(bytes, channels: 1, minimumShortSide: 400, limits: roomy).image))
    }
    images.append(GrayImage(documentPage(width: 620, height: 877)))
    images.append(GrayImage(width: 203, height: 97, pixels: (0..<(203 * 97)).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }))
    for image in images {
      let (low, high) = EdgeMetrics.extremes(image.pixels, image.width, image.height)
      let ours = EdgeMetrics.steepness(image.pixels, image.width, image.height, low: low, high: high)
      let plain = reference(image)
      #expect(ours.edgePixels == plain.edgePixels && ours.edgePixels > 0, "\(image.width) × \(image.height)")
      #expect(ours.score.bitPattern == plain.score.bitPattern, "\(image.width) × \(image.height): \(ours) vs \(plain)")
      #expect(ours.weakestDirection?.bitPattern == plain.weakestDirection?.bitPattern, "\(ours) vs \(plain)")
    }
  }

  /// The 7 × 7 extremes, clamped at the borders, against the definition on every size
  /// that has borders meeting or overlapping (widths and heights under 7) and larger ones.
  @Test(arguments: [(1, 1), (2, 9), (5, 5), (6, 7), (7, 3), (8, 8), (37, 23), (100, 64)])
  func extremesAreTheWindowsMinimaAndMaxima(_ w: Int, _ h: Int) {
    var state = UInt64(w * 131 + h)
    let pixels = (0..<(w * h)).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    let (low, high) = EdgeMetrics.extremes(pixels, w, h)
    for y in 0..<h {
      for x in 0..<w {
        var lo = UInt8.max, hi = UInt8.min
        for yy in max(0, y - 3)...min(h - 1, y + 3) {
          for xx in max(0, x - 3)...min(w - 1, x + 3) {
            lo = min(lo, pixels[yy * w + xx])
            hi = max(hi, pixels[yy * w + xx])
          }
        }
        #expect(low[y * w + x] == lo && high[y * w + x] == hi, "\(w) × \(h) at \(x), \(y)")
      }
    }
  }

  @Test func theScoreDoesNotDependOnThePixelCount() {
    let scores = [(1240, 1754), (2480, 3508), (3000, 4000)].map { (w, h) in
      check(jpeg(documentPage(width: w, height: h)), as: .form).metrics.first { $0.name == "sharpness" }!.value
    }
    let values = scores.compactMap { if case .number(let n) = $0 { n } else { nil } }
    #expect(values.count == 3)
    #expect(values.max()! - values.min()! < 6, "\(values)")
  }

  @Test func blurLowersTheScoreMonotonically() {
    let page = documentPage(width: 1240, height: 1754)
    let scores = [0.0, 1, 2, 3, 4].map { sigma in
      Sharpness.measure(GrayImage(sigma == 0 ? page : blurred(page, sigma: sigma))).score
    }
    for (a, b) in zip(scores, scores.dropFirst()) { #expect(a > b, "\(scores)") }
  }

  @Test func aBlankPageHasNoEdgesToJudge() {
    let blank = GrayImage(width: 200, height: 200, pixels: Array(repeating: 240, count: 40_000))
    #expect(Sharpness.measure(blank) == Sharpness.Result(score: 0, edgePixels: 0))
  }
}

/// Percentiles by selection instead of sorting: the same value, and never quadratic on
/// the patterns that defeat a naive pivot (the values come from uploads).
@Suite struct SelectionTests {
  /// Counts the comparisons a selection makes.
  final class Counter: @unchecked Sendable { var count = 0 }
  struct Counted: Comparable {
    let value: Int
    let counter: Counter
    static func < (a: Counted, b: Counted) -> Bool {
      a.counter.count += 1
      return a.value < b.value
    }
    static func == (a: Counted, b: Counted) -> Bool { a.value == b.value }
  }

  @Test func everyRankIsTheSortedArraysValue() {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    for count in [1, 2, 3, 7, 64, 1000] {
      for range in [2, 10, 1_000_000] {
        let values = (0..<count).map { _ in Double(next(range)) }
        let sorted = values.sorted()
        for k in Set([0, count / 2, count - 1, next(count)]) {
          var copy = values
          #expect(Selection.value(ofRank: k, in: &copy) == sorted[k], "rank \(k) of \(count) values under \(range)")
          #expect(copy.sorted() == sorted, "only reordered")
        }
      }
    }
  }

  /// Sorted, reversed, organ-pipe, all equal, and a sawtooth: each at 100,000 values within
  /// a budget of comparisons that a quadratic selection would pass a thousandfold.
  @Test(arguments: ["sorted", "reversed", "organ pipe", "equal", "sawtooth"])
  func adversarialOrdersStayNearLinear(_ pattern: String) {
    let n = 100_000
    let counter = Counter()
    let ints: [Int]
    switch pattern {
    case "sorted": ints = Array(0..<n)
    case "reversed": ints = Array((0..<n).reversed())
    case "organ pipe": ints = (0..<n).map { min($0, n - 1 - $0) }
    case "equal": ints = Array(repeating: 7, count: n)
    default: ints = (0..<n).map { $0 % 1000 }
    }
    let sorted = ints.sorted()
    for k in [0, n / 2, n * 95 / 100, n - 1] {
      var values = ints.map { Counted(value: $0, counter: counter) }
      counter.count = 0
      #expect(Selection.value(ofRank: k, in: &values).value == sorted[k], "\(pattern), rank \(k)")
      #expect(counter.count < 60 * n, "\(pattern), rank \(k): \(counter.count) comparisons")
    }
  }
}

/// Exposure's histogram (four partial counts in C) against a plain count, for the whole
/// image and for rectangles, including ones that run past the edges.
@Suite struct HistogramTests {
  @Test(arguments: [(0, 0, nil, nil), (3, 5, 17, 9), (0, 0, 1, 1), (30, 20, 50, 50), (36, 22, 1, 1)] as [(Int, Int, Int?, Int?)])
  func exposureCountsEveryPixelOfItsRectangle(_ x: Int, _ y: Int, _ width: Int?, _ height: Int?) {
    let w = 37, h = 23
    var state: UInt64 = 0x1234_5678
    let pixels = (0..<(w * h)).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 58) &* 4  // few values: long runs of equal counts
    }
    let image = GrayImage(width: w, height: h, pixels: pixels)
    var histogram = [Int](repeating: 0, count: 256)
    for row in y..<min(h, y + (height ?? h)) {
      for column in x..<min(w, x + (width ?? w)) { histogram[Int(pixels[row * w + column])] += 1 }
    }
    #expect(Exposure.measure(image, x: x, y: y, width: width, height: height) == Exposure(histogram: histogram))
  }
}
