internal import CTextShim
import Foundation
import ImageCodecs
import Synchronization

/// A line of text read from an image: its box there, in pixels, and how sure the engine is.
public struct TextLine: Sendable, Equatable, Codable {
  public var text: String
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int
  /// Tesseract's confidence, 0–100.
  public var confidence: Double

  public init(text: String, x: Int, y: Int, width: Int, height: Int, confidence: Double) {
    self.text = text
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    self.confidence = confidence
  }
}

/// Why text could not be read at all: the installation lacks Tesseract or a language.
public enum TextEngineError: Error, Sendable, Equatable, Codable {
  case unavailable(String)
  case failed(String)

  public var detail: String {
    switch self {
    case .unavailable(let why), .failed(let why): why
    }
  }
}

/// How the text in an image is laid out, as Tesseract's page segmentation modes say.
public enum TextLayout: Int32, Sendable {
  /// One block of lines (a region of a page).
  case block = 6
  /// One line.
  case line = 7
  /// Text anywhere, in no order (a whole page, a card).
  case sparse = 11
}

/// Tesseract with the simplified Chinese and English models, opened once per process (in
/// a review, once per isolated check worker) and used by one thread at a time.
public final class TextEngine: Sendable {
  final class Handle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { ctextshim_close(pointer) }
  }
  let handle: Mutex<Handle>

  /// Where Debian's `tesseract-ocr-*` packages install the models.
  public static let dataPaths = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"]

  /// Opens Tesseract with `languages` (their model files must be installed). Simplified
  /// Chinese alone by default: its model reads the digits and Latin letters of a Chinese
  /// document too, and with English beside it Tesseract took a line of a contract
  /// (乙方（劳动者）：张伟) for English and misread it, at nearly twice the time.
  public init(languages: [String] = ["chi_sim"]) throws(TextEngineError) {
    guard
      let path = Self.dataPaths.first(where: { dir in
        languages.allSatisfy { FileManager.default.fileExists(atPath: "\(dir)/\($0).traineddata") }
      })
    else {
      throw .unavailable(
        "the Tesseract models \(languages.joined(separator: ", ")) are not installed (tesseract-ocr-chi-sim, tesseract-ocr-eng)")
    }
    var message = [CChar](repeating: 0, count: Int(CTEXTSHIM_MESSAGE_LENGTH))
    let opened = message.withUnsafeMutableBufferPointer { buffer in
      ctextshim_open(path, languages.joined(separator: "+"), buffer.baseAddress!)
    }
    guard let opened else { throw .unavailable(Self.text(message)) }
    handle = Mutex(Handle(opened))
  }

  /// The lines read in `plane`, laid out as `layout` says, at `ppi` pixels per inch (it
  /// tells Tesseract how large the text is expected to be). Empty when nothing is read.
  /// With `words`, each word (in Chinese often one character) is its own `TextLine`.
  public func read(_ plane: GrayImage, layout: TextLayout = .block, ppi: Int = 300, words: Bool = false)
    throws(TextEngineError) -> [TextLine]
  {
    let capacity = words ? 4096 : 256, textCapacity = 64 * 1024
    var lines = [ctextshim_line](repeating: ctextshim_line(), count: capacity)
    var text = [UInt8](repeating: 0, count: textCapacity)
    var message = [CChar](repeating: 0, count: Int(CTEXTSHIM_MESSAGE_LENGTH))
    let count = handle.withLock { engine in
      plane.pixels.withUnsafeBufferPointer { px in
        lines.withUnsafeMutableBufferPointer { out in
          text.withUnsafeMutableBufferPointer { chars in
            message.withUnsafeMutableBufferPointer { why in
              chars.baseAddress!.withMemoryRebound(to: CChar.self, capacity: textCapacity) { chars in
                ctextshim_read(
                  engine.pointer, px.baseAddress, Int32(plane.width), Int32(plane.height), Int32(plane.width),
                  layout.rawValue, Int32(max(1, min(ppi, 2400))), words ? 1 : 0, out.baseAddress, Int32(capacity), chars,
                  Int32(textCapacity), why.baseAddress!)
              }
            }
          }
        }
      }
    }
    guard count >= 0 else { throw .failed(Self.text(message)) }
    return lines.prefix(Int(count)).compactMap { line in
      let start = Int(line.text_offset), length = Int(line.text_length)
      guard start >= 0, length > 0, start + length <= textCapacity else { return nil }
      return TextLine(
        text: String(decoding: text[start..<(start + length)], as: UTF8.self), x: Int(line.left), y: Int(line.top),
        width: Int(line.right - line.left), height: Int(line.bottom - line.top), confidence: Double(line.confidence))
    }
  }

  static func text(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
