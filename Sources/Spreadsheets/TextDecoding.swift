import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The text of a CSV file, whatever Excel or WPS saved it as: UTF-8 with or without a
/// byte-order mark, UTF-16 ("Unicode text"), or GB18030 — what "CSV" means on a Chinese
/// Windows, whose GBK is a subset of it.
public enum TextDecoding {
  public enum Encoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
  }

  /// The text and the encoding it was read in; `nil` when it is none of them.
  public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, .utf8BOM) }
    }
    if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes.dropFirst(2), bigEndian: false).map { ($0, .utf16LE) } }
    if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes.dropFirst(2), bigEndian: true).map { ($0, .utf16BE) } }
    if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
    return convert(bytes, from: "GB18030").map { ($0, .gb18030) }
  }

  static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String? {
    guard bytes.count % 2 == 0 else { return nil }
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var i = bytes.startIndex
    while i < bytes.endIndex {
      let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
      units.append(bigEndian ? a << 8 | b : b << 8 | a)
      i += 2
    }
    return String(validating: units, as: UTF16.self)
  }

  /// glibc's iconv, strict: any byte sequence that is not valid in `encoding` fails.
  static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
    let cd = iconv_open("UTF-8", encoding)
    guard let cd, Int(bitPattern: UnsafeRawPointer(cd)) != -1 else { return nil }
    defer { iconv_close(cd) }
    var input = bytes.map { CChar(bitPattern: $0) }
    // GB18030 takes at most 4 bytes per character, UTF-8 at most 4.
    var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
    let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        var inPointer = inBuffer.baseAddress
        var inLeft = inBuffer.count
        var outPointer = outBuffer.baseAddress
        var outLeft = outBuffer.count
        let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
        guard result != -1, inLeft == 0 else { return nil }
        return outBuffer.count - outLeft
      }
    }
    guard let written else { return nil }
    return String(validating: output.prefix(written).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
