import Foundation
import ImageCodecs
import Testing

/// Corrupt data is corrupt, and a valid variant we cannot decode is unsupported: the
/// applicant is told the truth either way (DESIGN.md's CORRUPT_FILE and UNSUPPORTED_FORMAT).
@Suite struct CorruptDataTests {
  /// A real JPEG (our encoder, libjpeg) whose entropy-coded data after the first scan
  /// header is replaced by `fill`, keeping the end-of-image marker.
  func jpegWithScan(_ fill: (Int) -> UInt8) throws -> [UInt8] {
    var jpeg = try JPEGCodec.encode(testCard(width: 320, height: 240), quality: 90)
    let sos = try #require((2..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA })
    let start = sos + 2 + (Int(jpeg[sos + 2]) << 8 | Int(jpeg[sos + 3]))
    for i in start..<(jpeg.count - 2) { jpeg[i] = fill(i) }
    return jpeg
  }

  func corruptMessage(_ bytes: [UInt8]) -> String? {
    if case .corrupt(let message) = BadInputTests.decodeAny(bytes) { return message }
    return nil
  }

  @Test func randomEntropyCodedDataIsCorrupt() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random() -> UInt8 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    // With 0xFF bytes (markers in the middle) and without (pure Huffman noise that a
    // lenient decoder turns into a picture of noise).
    let withMarkers = try jpegWithScan { _ in random() }
    let noMarkers = try jpegWithScan { _ in min(random(), 0xFE) }
    #expect(corruptMessage(withMarkers) != nil)
    let message = try #require(corruptMessage(noMarkers), "\(String(describing: BadInputTests.decodeAny(noMarkers)))")
    #expect(message.contains("Corrupt JPEG data"), "\(message)")
    #expect(DecoderMessage.text(message)(.zh).hasPrefix("JPEG 数据损坏"), "libjpeg's words in Chinese")
  }

  @Test func extraneousBytesBeforeAMarkerAreCorrupt() throws {
    var jpeg = try JPEGCodec.encode(testCard(width: 64, height: 64), quality: 90)
    let sof = try #require((2..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    jpeg.insert(contentsOf: [0x12, 0x34, 0x56], at: sof)  // between two markers
    let message = try #require(corruptMessage(jpeg))
    #expect(message.contains("extraneous bytes"), "\(message)")
  }

  /// A 12-bit JPEG and a lossless one are valid files this libjpeg was not built for.
  @Test(arguments: [("12-bit precision", 0xC0, 12), ("lossless process", 0xC3, 8), ("hierarchical process", 0xC5, 8)])
  func variantsWeCannotDecodeAreUnsupported(_ what: String, _ marker: UInt8, _ precision: UInt8) throws {
    var jpeg = try JPEGCodec.encode(testCard(width: 64, height: 64), quality: 90)
    let sof = try #require((2..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    jpeg[sof + 1] = marker
    jpeg[sof + 4] = precision
    guard case .unsupportedFormat(let detail) = BadInputTests.decodeAny(jpeg) else {
      Issue.record("\(what): \(String(describing: BadInputTests.decodeAny(jpeg)))")
      return
    }
    #expect(detail.hasPrefix("JPEG"), "\(detail)")
  }

  @Test func aPNGCutBeforeIENDIsCorrupt() throws {
    let png = try fixture("scene.png")
    // Whole chunks removed from the end: what libpng's reader alone would accept.
    for cut in [12, 20] {
      let message = try #require(corruptMessage(Array(png.dropLast(cut))), "cut \(cut)")
      #expect(message.contains("before IEND"), "\(message)")
    }
    #expect(BadInputTests.decodeAny(png) == nil, "the whole file decodes")
  }

  @Test func aCRCErrorInAnyChunkIsCorrupt() throws {
    let png = try fixture("scene.png")
    // An ancillary text chunk with a wrong CRC after IHDR: libpng only warns about it.
    let text = Array("tEXtComment".utf8) + [0] + Array("hello".utf8)
    var chunk = [UInt8]([0, 0, 0, UInt8(text.count - 4)]) + text
    chunk += [0xDE, 0xAD, 0xBE, 0xEF]
    var damaged = png
    damaged.insert(contentsOf: chunk, at: 33)
    let message = try #require(corruptMessage(damaged))
    #expect(message.contains("tEXt") && message.contains("CRC"), "\(message)")
  }
}
