import Foundation
import Testing

@testable import ImageCodecs

@Suite struct SniffTests {
  @Test(arguments: [
    ([0xFF, 0xD8, 0xFF, 0xE0] as [UInt8], SniffedFormat.supported(.jpeg)),
    ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], .supported(.png)),
    (Array("%PDF-1.7\n".utf8), .supported(.pdf)),
    (Array("\n\n%PDF-1.4".utf8), .supported(.pdf)),
    (Array("GIF89a".utf8), .other("GIF")),
    (Array("RIFF\0\0\0\0WEBPVP8 ".utf8), .other("WebP")),
    ([0, 0, 0, 0x18] + Array("ftypheic".utf8), .other("HEIC")),
    ([0x50, 0x4B, 0x03, 0x04, 0x14], .other("ZIP (e.g. DOCX)")),
    (Array("<!DOCTYPE html><html>".utf8), .other("HTML")),
    (Array("just some text".utf8), .other("text")),
    ([0x00, 0x01, 0x02, 0xFE, 0x00], .unknown),
    ([], .empty),
  ])
  func identifiesByContent(_ bytes: [UInt8], _ expected: SniffedFormat) {
    #expect(SniffedFormat.of(bytes) == expected)
  }
}

@Suite struct JPEGTests {
  /// The previews' colour: the decoded planes, encoded as they are (chroma halved to
  /// 4:2:0), decode to the RGB libjpeg itself decodes from the original at that scale,
  /// but for JPEG's loss at quality 95.
  @Test func planesEncodedAsTheyAreKeepTheColourLibjpegDecodes() throws {
    let phone = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0001-initial-ok/form-1.jpg"))))
    for bytes in [try JPEGCodec.encode(testCard(width: 640, height: 480), quality: 90), phone] {
      let header = try JPEGCodec.readHeader(bytes)
      let half = min(header.width, header.height) / 2
      let planes = try #require(try JPEGCodec.decodePlanes(bytes, minimumShortSide: half, limits: roomy))
      #expect(planes.cb.width == planes.y.width && planes.cr.height == planes.y.height, "chroma at full size at 1/2")
      let cb = planes.cb.boxShrunk(by: 2), cr = planes.cr.boxShrunk(by: 2)
      guard cb.width == (planes.y.width + 1) / 2, cb.height == (planes.y.height + 1) / 2 else {
        Issue.record("planes of \(planes.y.width) × \(planes.y.height): pick a source with even sides")
        continue
      }
      let ours = try JPEGCodec.decode(
        try JPEGCodec.encode(y: planes.y, cb: cb, cr: cr, quality: 95), channels: 3, limits: roomy
      ).image
      let libjpeg = try JPEGCodec.decode(bytes, channels: 3, minimumShortSide: half, limits: roomy).image
      try #require((ours.width, ours.height) == (libjpeg.width, libjpeg.height))
      #expect(meanDifference(ours, libjpeg) < 2, "\(meanDifference(ours, libjpeg))")
    }
  }

  /// Halving and quartering take SIMD paths, and power-of-two blocks divide by a shift;
  /// each must give every block's rounded mean, as other factors do.
  @Test(arguments: [
    (2, 37, 9), (2, 100, 7), (2, 16, 2), (3, 50, 11), (5, 23, 23), (4, 16, 4), (4, 70, 9), (4, 35, 17), (8, 40, 17),
  ])
  func boxShrinkingGivesEachBlocksRoundedMean(_ factor: Int, _ width: Int, _ height: Int) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let pixels = (0..<(width * height)).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    let shrunk = DecodedImage(width: width, height: height, channels: 1, pixels: pixels).boxShrunk(by: factor)
    #expect((shrunk.width, shrunk.height) == (width / factor, height / factor))
    for oy in 0..<shrunk.height {
      for ox in 0..<shrunk.width {
        var sum = 0
        for y in (oy * factor)..<(oy * factor + factor) {
          for x in (ox * factor)..<(ox * factor + factor) { sum += Int(pixels[y * width + x]) }
        }
        let area = factor * factor
        #expect(Int(shrunk.pixels[oy * shrunk.width + ox]) == (sum + area / 2) / area, "at \(ox), \(oy)")
      }
    }
  }

  @Test func roundTripThroughLibjpeg() throws {
    let card = testCard(width: 160, height: 120)
    let jpeg = try JPEGCodec.encode(card, quality: 95)
    #expect(SniffedFormat.of(jpeg) == .supported(.jpeg))
    let header = try JPEGCodec.readHeader(jpeg)
    #expect((header.width, header.height, header.components, header.progressive, header.isCMYK) == (160, 120, 3, false, false))
    let decoded = try JPEGCodec.decode(jpeg, limits: roomy).image
    #expect(meanDifference(decoded, card) < 6)
  }

  @Test(arguments: [(0, 1), (800, 1), (400, 2), (200, 4), (100, 8), (50, 8)])
  func dctScalingPicksTheCoarsestScaleThatStillCovers(_ minimum: Int, _ expected: Int) throws {
    let jpeg = try JPEGCodec.encode(testCard(width: 1000, height: 800), quality: 80)
    let (image, _, scale) = try JPEGCodec.decode(jpeg, channels: 1, minimumShortSide: minimum, limits: roomy)
    #expect(scale == expected)
    #expect(image.width == 1000 / expected && image.height == 800 / expected && image.channels == 1)
  }

  /// Every variant of the committed corpus decodes to (nearly) the picture it was made from.
  @Test(arguments: [("progressive.jpg", 8.0), ("restart.jpg", 8.0), ("cmyk.jpg", 12.0)])
  func variantsDecodeToTheirPicture(_ name: String, _ tolerance: Double) throws {
    let reference = try PNGCodec.decode(try fixture("scene.png"), limits: roomy).image
    let bytes = try fixture(name)
    let decoded = try JPEGCodec.decode(bytes, channels: 3, limits: roomy)
    #expect(meanDifference(decoded.image, reference) < tolerance, "\(name): \(meanDifference(decoded.image, reference))")
    if name == "cmyk.jpg" { #expect(decoded.header.isCMYK && decoded.header.components == 4) }
    if name == "progressive.jpg" { #expect(decoded.header.progressive) }
  }

  @Test func grayscaleJPEGHasOneComponent() throws {
    let header = try JPEGCodec.readHeader(try fixture("gray.jpg"))
    #expect(header.components == 1)
    let rgb = try JPEGCodec.decode(try fixture("gray.jpg"), channels: 3, limits: roomy).image
    #expect(rgb.channels == 3)
  }

  /// Stored 3×2 with distinct pixels; each EXIF orientation must show the stored pixel
  /// that the TIFF specification puts at each displayed position.
  @Test(arguments: 1...8)
  func orientationMapsPixelsAsTIFFSays(_ orientation: Int) {
    let stored = DecodedImage(width: 3, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6])
    let shown = stored.applyingOrientation(orientation)
    let expected: [Int: (Int, Int, [UInt8])] = [
      1: (3, 2, [1, 2, 3, 4, 5, 6]), 2: (3, 2, [3, 2, 1, 6, 5, 4]), 3: (3, 2, [6, 5, 4, 3, 2, 1]),
      4: (3, 2, [4, 5, 6, 1, 2, 3]), 5: (2, 3, [1, 4, 2, 5, 3, 6]), 6: (2, 3, [4, 1, 5, 2, 6, 3]),
      7: (2, 3, [6, 3, 5, 2, 4, 1]), 8: (2, 3, [3, 6, 2, 5, 1, 4]),
    ]
    let (w, h, pixels) = expected[orientation]!
    #expect(shown.width == w && shown.height == h && shown.pixels == pixels)
  }

  @Test func exifOrientationIsReadFromTheFile() throws {
    let jpeg = try JPEGCodec.encode(testCard(width: 40, height: 30), quality: 80)
    #expect(ExifOrientation.of(jpeg: jpeg) == 1)
    for o in 1...8 { #expect(ExifOrientation.of(jpeg: withOrientation(jpeg, o)) == o) }
    // A damaged EXIF segment is orientation 1, never a crash.
    var broken = withOrientation(jpeg, 6)
    broken[20] = 0xFF
    broken[21] = 0xFF
    #expect((1...8).contains(ExifOrientation.of(jpeg: broken)))
  }
}

@Suite struct PNGTests {
  @Test(arguments: [("interlaced.png", 1.0), ("rgb16.png", 1.0), ("palette.png", 40.0)])
  func everyVariantDecodes(_ name: String, _ tolerance: Double) throws {
    let reference = try PNGCodec.decode(try fixture("scene.png"), limits: roomy).image
    let (image, header) = try PNGCodec.decode(try fixture(name), limits: roomy)
    #expect(meanDifference(image, reference) < tolerance, "\(name)")
    if name == "rgb16.png" { #expect(header.bitDepth16) }
    if name == "palette.png" { #expect(header.usesPalette) }
  }
}

/// Hostile and broken input: every file gets a precise error, none crashes or hangs.
@Suite struct BadInputTests {
  static func decodeAny(_ bytes: [UInt8], limits: DecodeLimits = roomy) -> ImageDecodeError? {
    do {
      switch SniffedFormat.of(bytes) {
      case .supported(.jpeg): _ = try JPEGCodec.decode(bytes, limits: limits)
      case .supported(.png): _ = try PNGCodec.decode(bytes, limits: limits)
      default: return .unsupportedFormat("\(SniffedFormat.of(bytes))")
      }
      return nil
    } catch {
      return error
    }
  }

  func isCorrupt(_ e: ImageDecodeError?) -> Bool {
    if case .corrupt = e { return true }
    return false
  }

  @Test func truncatedJPEGsAtManyOffsetsAreCorrupt() throws {
    let jpeg = try JPEGCodec.encode(testCard(width: 320, height: 240), quality: 90)
    for fraction in [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
      let cut = Array(jpeg.prefix(Int(Double(jpeg.count) * fraction)))
      let error = Self.decodeAny(cut)
      #expect(isCorrupt(error), "cut at \(Int(fraction * 100)) %: \(String(describing: error))")
    }
    for name in ["progressive.jpg", "restart.jpg", "cmyk.jpg"] {
      let bytes = try fixture(name)
      #expect(isCorrupt(Self.decodeAny(Array(bytes.prefix(bytes.count / 2)))), "\(name) cut in half")
    }
  }

  @Test func garbageAfterAJPEGHeaderIsCorrupt() throws {
    var jpeg = try JPEGCodec.encode(testCard(width: 64, height: 64), quality: 90)
    for i in (jpeg.count / 2)..<(jpeg.count - 2) { jpeg[i] = UInt8(truncatingIfNeeded: i &* 7919) }
    #expect(isCorrupt(Self.decodeAny(jpeg)))
  }

  @Test func wrongMagicAndRenamedFilesAreNotImages() {
    for bytes in [
      [0xFF], Array("<html><body>photo</body></html>".utf8), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], Array("JFIF but not".utf8),
    ] {
      if case .unsupportedFormat = Self.decodeAny(bytes) {} else { Issue.record("accepted \(bytes.prefix(8))") }
    }
    // JPEG magic followed by nothing useful.
    #expect(isCorrupt(Self.decodeAny([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10])))
  }

  @Test func aPNGWithABadChecksumIsCorrupt() throws {
    var png = try fixture("interlaced.png")
    // The IDAT chunk's CRC is the four bytes before IEND's length.
    let iend = png.count - 12
    png[iend - 1] ^= 0xFF
    let error = Self.decodeAny(png)
    #expect(isCorrupt(error))
    if case .corrupt(let message) = error { #expect(message.lowercased().contains("crc"), "\(message)") }
    #expect(isCorrupt(Self.decodeAny(Array(try fixture("rgb16.png").prefix(60)))), "a truncated PNG")
  }

  /// Headers that claim gigapixels are refused from the header, without allocating.
  @Test func giantHeadersAreRefusedBeforeDecoding() throws {
    // PNG: IHDR claims 100000 × 100000, with a valid CRC.
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    let ihdr: [UInt8] = Array("IHDR".utf8) + [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0]
    png += [0, 0, 0, 13] + ihdr + crc32(ihdr)
    let idat: [UInt8] = Array("IDAT".utf8) + [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
    png += [0, 0, 0, 8] + idat + crc32(idat)
    png += [0, 0, 0, 0] + Array("IEND".utf8) + crc32(Array("IEND".utf8))
    #expect(Self.decodeAny(png) == .tooManyPixels(width: 100_000, height: 100_000, limit: roomy.maxPixels))
    // JPEG: SOF0 claims 65000 × 65000 (the format's largest is 65535).
    var jpeg = try JPEGCodec.encode(testCard(width: 16, height: 16), quality: 80)
    let sof = try #require((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    jpeg[sof + 5] = 0xFD
    jpeg[sof + 6] = 0xE8
    jpeg[sof + 7] = 0xFD
    jpeg[sof + 8] = 0xE8
    #expect(Self.decodeAny(jpeg) == .tooManyPixels(width: 65000, height: 65000, limit: roomy.maxPixels))
  }

  @Test func theDecodeLimitsHold() throws {
    let jpeg = try fixture("progressive.jpg")
    #expect(
      Self.decodeAny(jpeg, limits: DecodeLimits(maxPixels: 1000, maxBytes: 1 << 20, timeout: 5))
        == .tooManyPixels(width: 96, height: 72, limit: 1000))
    #expect(
      Self.decodeAny(jpeg, limits: DecodeLimits(maxPixels: 1 << 20, maxBytes: 100, timeout: 5))
        == .tooManyBytes(bytes: jpeg.count, limit: 100))
    if case .tooSlow = Self.decodeAny(jpeg, limits: DecodeLimits(maxPixels: 1 << 20, maxBytes: 1 << 20, timeout: 5, maxScans: 2))
    {
    } else {
      Issue.record("a progressive JPEG with more scans than allowed was decoded")
    }
  }

  func crc32(_ bytes: [UInt8]) -> [UInt8] {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
      crc ^= UInt32(b)
      for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
    }
    crc ^= 0xFFFF_FFFF
    return [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
  }
}

/// Previews are encoded from Y, Cb and Cr planes as they are (no colour conversion).
@Suite struct PlaneEncodingTests {
  /// Planes of odd sizes, so that libjpeg's blocks run past every edge.
  func planes(_ width: Int, _ height: Int) -> (DecodedImage, DecodedImage, DecodedImage) {
    let cw = (width + 1) / 2, ch = (height + 1) / 2
    func plane(_ w: Int, _ h: Int, _ f: (Int, Int) -> Int) -> DecodedImage {
      DecodedImage(width: w, height: h, channels: 1, pixels: (0..<(w * h)).map { UInt8(clamping: f($0 % w, $0 / w)) })
    }
    return (
      plane(width, height) { x, y in 40 + (x * 170 / width) + (y % 16 < 8 ? 20 : 0) },
      plane(cw, ch) { x, _ in 128 + (x * 100 / cw) - 50 }, plane(cw, ch) { _, y in 90 + y * 120 / ch }
    )
  }

  @Test(arguments: [(37, 23), (16, 16), (1, 1), (750, 1000), (301, 17)])
  func planesDecodeBackAsEncoded(_ width: Int, _ height: Int) throws {
    let (y, cb, cr) = planes(width, height)
    let bytes = try JPEGCodec.encode(y: y, cb: cb, cr: cr, quality: 95)
    let header = try JPEGCodec.readHeader(bytes)
    #expect((header.width, header.height) == (width, height))
    // Back at full scale as planes: each within JPEG's error at quality 95.
    let back = try #require(try JPEGCodec.decodePlanes(bytes, minimumShortSide: min(width, height), limits: roomy))
    for (original, decoded) in [(y, back.y), (cb, back.cb), (cr, back.cr)] {
      guard (decoded.width, decoded.height) == (original.width, original.height) else {
        Issue.record("\(width) × \(height): a plane came back \(decoded.width) × \(decoded.height)")
        continue
      }
      #expect(meanDifference(original, decoded) < 2, "\(width) × \(height): \(meanDifference(original, decoded))")
    }
  }

  /// Huffman tables change the bytes, never the pixels: without optimized tables the file
  /// is larger and decodes to exactly the same image.
  @Test func unoptimizedTablesCostBytesNotPixels() throws {
    let (y, cb, cr) = planes(750, 1000)
    let optimized = try JPEGCodec.encode(y: y, cb: cb, cr: cr, quality: 70)
    let plain = try JPEGCodec.encode(y: y, cb: cb, cr: cr, quality: 70, optimize: false)
    #expect(plain.count > optimized.count)
    let a = try JPEGCodec.decode(optimized, channels: 3, limits: roomy).image
    let b = try JPEGCodec.decode(plain, channels: 3, limits: roomy).image
    #expect(a.pixels == b.pixels)
  }

  @Test func chromaOfTheWrongSizeIsAnErrorNotATrap() throws {
    let (y, cb, _) = planes(37, 23)
    let short = DecodedImage(width: 18, height: 12, channels: 1, pixels: [UInt8](repeating: 128, count: 18 * 12))
    #expect(throws: ImageDecodeError.self) { try JPEGCodec.encode(y: y, cb: cb, cr: short, quality: 80) }
    let color = DecodedImage(width: 19, height: 12, channels: 3, pixels: [UInt8](repeating: 128, count: 19 * 12 * 3))
    #expect(throws: ImageDecodeError.self) { try JPEGCodec.encode(y: y, cb: color, cr: cb, quality: 80) }
  }
}
