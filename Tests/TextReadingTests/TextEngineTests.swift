import Core
import Foundation
import ImageCodecs
import RegistrationRules
import SampleMaking
import Testing
import TextReading

/// Tesseract through the shim, on text drawn by pango (Noto CJK) the way our sample pages
/// are: lines come back with their text, their boxes where the text was drawn, and a
/// confidence; a blank page reads as nothing.
@Suite(.serialized) struct TextEngineTests {
  static let engine: TextEngine = try! TextEngine()

  /// A page strip with `lines` drawn 12 pt at 150 dpi (about 25 pixels a line).
  static func strip(_ lines: [String]) -> GrayImage {
    let c = Canvas(width: 1240, height: 60 + 44 * lines.count)
    c.color(0.1, 0.1, 0.1)
    c.font(25, serif: true)
    for (i, line) in lines.enumerated() { c.text(line, x: 120, y: 50 + 44 * Double(i)) }
    return GrayImage(c.image)
  }

  @Test func readsChineseLinesWithTheirBoxes() throws {
    let plane = Self.strip(["甲方（用人单位）：北京华安化工有限公司", "乙方（劳动者）：张伟", "居民身份证号码：110101198804120010"])
    let lines = try Self.engine.read(plane)
    let squeezed = lines.map { $0.text.filter { !$0.isWhitespace } }
    #expect(squeezed.contains { $0.contains("北京华安化工有限公司") }, "\(squeezed)")
    #expect(squeezed.contains { $0.contains("张伟") }, "\(squeezed)")
    #expect(squeezed.contains { $0.contains("110101198804120010") }, "\(squeezed)")
    // Each line where it was drawn: its box starts near x = 120, and they come top down.
    #expect(lines.count == 3)
    for (i, line) in lines.enumerated() {
      #expect(abs(line.x - 120) < 30, "\(line)")
      #expect(line.y < 50 + 44 * i && line.y + line.height > 40 + 44 * i, "\(line)")
      #expect(line.confidence > 60 && line.confidence <= 100)
    }
  }

  /// Word by word: the label 申请人签字 comes back as words that, left to right, spell it,
  /// each boxed inside the line, and the date after the blank as words of their own.
  @Test func readsWordsWithTheirBoxes() throws {
    let c = Canvas(width: 1240, height: 120)
    c.color(0.1, 0.1, 0.1)
    c.font(25, serif: true)
    c.text("申请人签字：", x: 120, y: 70)
    c.text("日期：2026年11月18日", x: 800, y: 70)
    let words = try Self.engine.read(GrayImage(c.image), layout: .sparse, words: true)
    let ordered = words.sorted { $0.x < $1.x }
    let text = ordered.map(\.text).joined().filter { !$0.isWhitespace }
    #expect(text.hasPrefix("申请人签字"), "\(text)")
    #expect(text.contains("2026"), "\(text)")
    #expect(words.count >= 4, "\(words)")
    for word in words {
      #expect(word.y > 20 && word.y + word.height < 100 && word.x >= 100, "\(word)")
    }
    // The date's words start where it was drawn, right of the blank.
    #expect(words.contains { $0.text.contains("日") && $0.x >= 780 }, "\(words)")
  }

  @Test func aBlankPageReadsAsNothing() throws {
    let blank = GrayImage(width: 800, height: 300, pixels: [UInt8](repeating: 245, count: 800 * 300))
    #expect(try Self.engine.read(blank).isEmpty)
  }

  @Test func aMissingLanguageIsAClearError() {
    #expect(throws: TextEngineError.self) { try TextEngine(languages: ["xx_not_a_language"]) }
  }
}
