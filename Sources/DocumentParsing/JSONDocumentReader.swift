import Core

/// A strict JSON (RFC 8259) reader that records the line and column of every value.
/// Written here rather than taken from Foundation because Foundation's reader loses
/// positions, and because a depth limit keeps hostile files from exhausting the stack.
struct JSONDocumentReader {
  private let s: [UInt8]
  private let file: String
  private let limits: DocumentLimits
  private var i = 0
  private var line = 1
  private var lineStart = 0
  private var nodes = 0

  static func read(_ text: String, file: String, limits: DocumentLimits) throws(DocumentSyntaxError) -> DocumentNode {
    var reader = JSONDocumentReader(s: Array(text.utf8), file: file, limits: limits)
    reader.skipSpace()
    let root = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.i == reader.s.count else {
      throw reader.fail(LocalizedText("jsonDocumentReader.unexpectedTextAfterTheJSON"))
    }
    return root
  }

  private init(s: [UInt8], file: String, limits: DocumentLimits) {
    self.s = s
    self.file = file
    self.limits = limits
  }

  private var column: Int {
    // Columns count characters, not bytes, so they match what an editor shows.
    String(decoding: s[lineStart..<min(i, s.count)], as: UTF8.self).count + 1
  }

  private func fail(_ problem: LocalizedText) -> DocumentSyntaxError {
    DocumentSyntaxError(
      file: file, line: line, column: column,
      problem: LocalizedText("jsonDocumentReader.syntaxError", ["problem": problem]))
  }

  private mutating func skipSpace() {
    while i < s.count {
      switch s[i] {
      case 0x20, 0x09, 0x0D: i += 1
      case 0x0A:
        i += 1
        line += 1
        lineStart = i
      default: return
      }
    }
  }

  private mutating func value(depth: Int) throws(DocumentSyntaxError) -> DocumentNode {
    guard depth <= limits.maxDepth else {
      throw fail(LocalizedText("jsonDocumentReader.nestingDeeperThan", ["maxDepth": limits.maxDepth]))
    }
    nodes += 1
    guard nodes <= limits.maxNodes else {
      throw fail(LocalizedText("jsonDocumentReader.moreThanValues", ["maxNodes": limits.maxNodes]))
    }
    let (l, c) = (line, column)
    guard i < s.count else { throw fail(LocalizedText("jsonDocumentReader.unexpectedEndOfFile")) }
    switch s[i] {
    case UInt8(ascii: "{"):
      i += 1
      var entries: [DocumentNode.Entry] = []
      var seen: [String: Int] = [:]
      skipSpace()
      if i < s.count, s[i] == UInt8(ascii: "}") {
        i += 1
        return DocumentNode(.mapping(entries), line: l, column: c)
      }
      while true {
        skipSpace()
        guard i < s.count, s[i] == UInt8(ascii: "\"") else {
          throw fail(LocalizedText("jsonDocumentReader.expectedAFieldNameIn"))
        }
        let keyLine = line
        let key = try string()
        if let earlier = seen[key] {
          throw fail(LocalizedText("jsonDocumentReader.duplicateKeyFirstOnLine", ["key": key, "earlier": earlier]))
        }
        seen[key] = keyLine
        skipSpace()
        guard i < s.count, s[i] == UInt8(ascii: ":") else { throw fail(LocalizedText("jsonDocumentReader.expectedAfterTheKey")) }
        i += 1
        skipSpace()
        let v = try value(depth: depth + 1)
        entries.append(DocumentNode.Entry(key: key, keyLine: keyLine, value: v))
        skipSpace()
        guard i < s.count else { throw fail(LocalizedText("jsonDocumentReader.unexpectedEndOfFileMissing")) }
        if s[i] == UInt8(ascii: ",") { i += 1; continue }
        if s[i] == UInt8(ascii: "}") { i += 1; break }
        throw fail(LocalizedText("jsonDocumentReader.expectedOr"))
      }
      return DocumentNode(.mapping(entries), line: l, column: c)
    case UInt8(ascii: "["):
      i += 1
      var items: [DocumentNode] = []
      skipSpace()
      if i < s.count, s[i] == UInt8(ascii: "]") {
        i += 1
        return DocumentNode(.sequence(items), line: l, column: c)
      }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard i < s.count else { throw fail(LocalizedText("jsonDocumentReader.unexpectedEndOfFileMissing2")) }
        if s[i] == UInt8(ascii: ",") { i += 1; continue }
        if s[i] == UInt8(ascii: "]") { i += 1; break }
        throw fail(LocalizedText("jsonDocumentReader.expectedOr2"))
      }
      return DocumentNode(.sequence(items), line: l, column: c)
    case UInt8(ascii: "\""):
      return DocumentNode(.scalar(try string()), line: l, column: c)
    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
      for (word, result) in [("true", DocumentNode.Value.scalar("true")), ("false", .scalar("false")), ("null", .null)]
      where s[i...].starts(with: word.utf8) {
        i += word.utf8.count
        return DocumentNode(result, line: l, column: c)
      }
      throw fail(LocalizedText("jsonDocumentReader.unrecognisedValue"))
    default:
      return DocumentNode(.scalar(try number()), line: l, column: c)
    }
  }

  private mutating func number() throws(DocumentSyntaxError) -> String {
    let start = i
    if i < s.count, s[i] == UInt8(ascii: "-") { i += 1 }
    let intStart = i
    guard skipDigits() > 0 else { throw fail(LocalizedText("jsonDocumentReader.unrecognisedValue")) }
    if s[intStart] == UInt8(ascii: "0"), i - intStart > 1 {
      throw fail(LocalizedText("jsonDocumentReader.numbersCannotStartWith0"))
    }
    if i < s.count, s[i] == UInt8(ascii: ".") {
      i += 1
      guard skipDigits() > 0 else { throw fail(LocalizedText("jsonDocumentReader.digitsExpectedAfter")) }
    }
    if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
      i += 1
      if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
      guard skipDigits() > 0 else { throw fail(LocalizedText("jsonDocumentReader.digitsExpectedInTheExponent")) }
    }
    return String(decoding: s[start..<i], as: UTF8.self)
  }

  /// Advances over ASCII digits and says how many there were.
  private mutating func skipDigits() -> Int {
    let b = i
    while i < s.count, (0x30...0x39).contains(s[i]) { i += 1 }
    return i - b
  }

  private mutating func string() throws(DocumentSyntaxError) -> String {
    i += 1  // the opening quote
    var out: [UInt8] = []
    while true {
      guard i < s.count else { throw fail(LocalizedText("jsonDocumentReader.unterminatedString")) }
      guard out.count <= limits.maxValueBytes else {
        throw fail(LocalizedText("jsonDocumentReader.aValueIsTooLong", ["maxValueBytes": limits.maxValueBytes]))
      }
      let b = s[i]
      switch b {
      case UInt8(ascii: "\""):
        i += 1
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        i += 1
        guard i < s.count else { throw fail(LocalizedText("jsonDocumentReader.unterminatedString")) }
        let e = s[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar) {
            guard s[i...].starts(with: Array("\\u".utf8)) else {
              throw fail(LocalizedText("jsonDocumentReader.loneUTF16Surrogate"))
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail(LocalizedText("jsonDocumentReader.loneUTF16Surrogate")) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let u = Unicode.Scalar(scalar) else { throw fail(LocalizedText("jsonDocumentReader.invalidUnicodeEscape")) }
          out.append(contentsOf: Array(String(Character(u)).utf8))
        default: throw fail(LocalizedText("jsonDocumentReader.invalidEscape"))
        }
      case 0x00..<0x20:
        throw fail(LocalizedText("jsonDocumentReader.unescapedControlCharacterSuchAs"))
      default:
        out.append(b)
        i += 1
      }
    }
  }

  private mutating func hex4() throws(DocumentSyntaxError) -> UInt32 {
    guard i + 4 <= s.count, let v = UInt32(String(decoding: s[i..<i + 4], as: UTF8.self), radix: 16) else {
      throw fail(LocalizedText("jsonDocumentReader.uMustBeFollowedBy"))
    }
    i += 4
    return v
  }
}
