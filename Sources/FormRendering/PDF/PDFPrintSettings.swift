/// Tells print dialogs to print a PDF double-sided, flipping on the long edge, at 100 %
/// (`/ViewerPreferences << /Duplex /DuplexFlipLongEdge /PrintScaling /None >>`).
///
/// cairo cannot write viewer preferences, so they are added the way PDF intends changes
/// to be made: an incremental update (ISO 32000-1, 7.5.6). A new revision of the
/// document catalog, a cross-reference section for it and a trailer whose `/Prev` points
/// at cairo's own cross-reference table are appended; cairo's bytes stay untouched.
public enum PDFPrintSettings {
  public static let viewerPreferences = "<< /Duplex /DuplexFlipLongEdge /PrintScaling /None >>"

  public enum Problem: Error, Equatable {
    case malformed(String)
  }

  public static func apply(to pdf: [UInt8]) throws(Problem) -> [UInt8] {
    let bytes = pdf
    guard let startxrefAt = lastIndex(of: "startxref", in: bytes) else { throw .malformed("no startxref") }
    guard let previousXref = integer(after: startxrefAt + 9, in: bytes) else { throw .malformed("no xref offset") }
    guard let trailerAt = lastIndex(of: "trailer", in: bytes, before: startxrefAt) else {
      throw .malformed("no trailer (cross-reference streams are not supported)")
    }
    guard let trailer = dictionary(at: trailerAt + 7, in: bytes) else { throw .malformed("unreadable trailer") }
    guard let size = Int(value(of: "/Size", in: trailer) ?? ""),
      let root = reference(value(of: "/Root", in: trailer))
    else { throw .malformed("trailer without /Size or /Root") }
    let info = reference(value(of: "/Info", in: trailer))

    guard let rootOffset = xrefOffset(of: root.number, table: previousXref, in: bytes) else {
      throw .malformed("object \(root.number) is not in the cross-reference table")
    }
    guard let objAt = index(of: "obj", in: bytes, from: rootOffset), let catalog = dictionary(at: objAt + 3, in: bytes),
      catalog.contains("/Catalog")
    else { throw .malformed("the document catalog is unreadable") }
    guard !catalog.contains("/ViewerPreferences") else { throw .malformed("the catalog already has viewer preferences") }

    // The catalog's last ">>" closes it; the new entries go just before.
    let body = catalog.dropLast(2).trimmingTrailingWhitespace()
    let newCatalog = body + "\n   /Version /1.7\n   /ViewerPreferences \(viewerPreferences)\n>>"
    var update = bytes
    if update.last != 0x0A { update.append(0x0A) }
    let objectOffset = update.count
    update += Array("\(root.number) \(root.generation) obj\n\(newCatalog)\nendobj\n".utf8)
    let xrefOffset = update.count
    var trailerText = "<< /Size \(size) /Root \(root.number) \(root.generation) R"
    if let info { trailerText += " /Info \(info.number) \(info.generation) R" }
    trailerText += " /Prev \(previousXref) >>"
    // Each cross-reference entry is exactly 20 bytes, "nnnnnnnnnn ggggg n" and a two-byte end of line.
    update += Array(
      ("xref\n0 1\n0000000000 65535 f \n\(root.number) 1\n" + pad(objectOffset, 10) + " " + pad(root.generation, 5) + " n \n"
        + "trailer\n\(trailerText)\nstartxref\n\(xrefOffset)\n%%EOF\n").utf8)
    return update
  }

  // MARK: - Reading the PDF's ASCII structure

  static func lastIndex(of word: String, in bytes: [UInt8], before end: Int? = nil) -> Int? {
    let w = Array(word.utf8)
    var i = min(end ?? bytes.count, bytes.count) - w.count
    while i >= 0 {
      if bytes[i] == w[0], bytes[i..<i + w.count].elementsEqual(w) { return i }
      i -= 1
    }
    return nil
  }

  static func index(of word: String, in bytes: [UInt8], from start: Int) -> Int? {
    let w = Array(word.utf8)
    var i = start
    while i + w.count <= bytes.count, i < start + 64 {
      if bytes[i..<i + w.count].elementsEqual(w) { return i }
      i += 1
    }
    return nil
  }

  static func integer(after start: Int, in bytes: [UInt8]) -> Int? {
    var i = start
    while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    var n = 0, digits = 0
    while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
      n = n * 10 + Int(bytes[i] - 0x30)
      i += 1
      digits += 1
    }
    return digits > 0 ? n : nil
  }

  /// The `<< … >>` dictionary starting at the first "<<" after `start`, nested
  /// dictionaries and (…) strings included.
  static func dictionary(at start: Int, in bytes: [UInt8]) -> String? {
    var i = start
    while i + 1 < bytes.count, !(bytes[i] == 0x3C && bytes[i + 1] == 0x3C) {
      guard [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) else { return nil }
      i += 1
    }
    let begin = i
    var depth = 0, inString = 0
    while i + 1 < bytes.count {
      let b = bytes[i]
      if inString > 0 {
        if b == 0x5C { i += 2; continue }  // backslash escape
        if b == 0x28 { inString += 1 } else if b == 0x29 { inString -= 1 }
      } else if b == 0x28 {
        inString = 1
      } else if b == 0x3C && bytes[i + 1] == 0x3C {
        depth += 1
        i += 2
        continue
      } else if b == 0x3E && bytes[i + 1] == 0x3E {
        depth -= 1
        i += 2
        if depth == 0 { return String(decoding: bytes[begin..<i], as: UTF8.self) }
        continue
      }
      i += 1
    }
    return nil
  }

  /// The token(s) after `key` in a flat dictionary: `/Root 10 0 R` → "10 0 R".
  static func value(of key: String, in dictionary: String) -> String? {
    guard let range = dictionary.range(of: key + " ") ?? dictionary.range(of: key + "\n") else { return nil }
    let rest = dictionary[range.upperBound...].drop { $0 == " " || $0 == "\n" }
    let tokens = rest.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "/" || $0 == ">" })
    guard let first = tokens.first else { return nil }
    if tokens.count >= 3, tokens[2] == "R" { return "\(first) \(tokens[1]) R" }
    return String(first)
  }

  static func reference(_ value: String?) -> (number: Int, generation: Int)? {
    guard let parts = value?.split(separator: " "), parts.count == 3, parts[2] == "R",
      let n = Int(parts[0]), let g = Int(parts[1])
    else { return nil }
    return (n, g)
  }

  /// The offset of object `number` in the classic cross-reference table at `table`.
  static func xrefOffset(of number: Int, table: Int, in bytes: [UInt8]) -> Int? {
    guard table + 4 <= bytes.count, Array(bytes[table..<table + 4]) == Array("xref".utf8) else { return nil }
    var lines = String(decoding: bytes[(table + 4)...].prefix(64 * 1024), as: UTF8.self)
      .split(whereSeparator: { $0 == "\n" || $0 == "\r" })[...]
    while let header = lines.first {
      let parts = header.split(separator: " ")
      guard parts.count == 2, let first = Int(parts[0]), let count = Int(parts[1]) else { return nil }
      lines = lines.dropFirst()
      if (first..<first + count).contains(number) {
        let entry = lines.dropFirst(number - first).first?.split(separator: " ")
        guard let entry, entry.count >= 3, entry[2] == "n" else { return nil }
        return Int(entry[0])
      }
      lines = lines.dropFirst(count)
    }
    return nil
  }

  static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}

extension StringProtocol {
  func trimmingTrailingWhitespace() -> String {
    var s = String(self)
    while let last = s.last, last.isWhitespace { s.removeLast() }
    return s
  }
}
