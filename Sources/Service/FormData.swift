import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578) by name, as a browser's `FormData`
/// sends them: the application page posts the application and the photo for the form this
/// way. Written for hostile bodies: the body must start with its boundary (no preamble),
/// the delimiters after it begin with the only CR of their pattern (so the search is
/// linear whatever the body holds), there are at most `maxParts` parts, headers are at
/// most 8 KB, and anything not well formed is nil.
public enum FormData {
  public static let maxParts = 8

  /// The boundary of a `multipart/form-data` content type, quoted or not (1–70 characters).
  public static func boundary(_ contentType: String) -> String? {
    let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
    for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
      var value = String(part.dropFirst("boundary=".count))
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
      guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
      return value
    }
    return nil
  }

  /// Each part's content by its `name`; the first part of a name wins.
  public static func parts(_ body: [UInt8], boundary: String) -> [String: [UInt8]]? {
    let delimiter = Array(("--" + boundary).utf8)
    let next = Array(("\r\n--" + boundary).utf8)
    guard body.starts(with: delimiter) else { return nil }
    var at = delimiter.count
    var result: [String: [UInt8]] = [:]
    for _ in 0..<maxParts {
      // `--` after a delimiter closes the body; otherwise a line break starts a part.
      guard at + 2 <= body.count else { return nil }
      if body[at] == UInt8(ascii: "-") && body[at + 1] == UInt8(ascii: "-") { return result }
      guard body[at] == 0x0D, body[at + 1] == 0x0A else { return nil }
      at += 2
      guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: at), headerEnd - at <= 8192,
        let end = find(next, in: body, from: headerEnd + 4)
      else { return nil }
      let headers = String(decoding: body[at..<headerEnd], as: UTF8.self)
      if let name = name(headers), result[name] == nil { result[name] = Array(body[(headerEnd + 4)..<end]) }
      at = end + next.count
    }
    return nil
  }

  /// The `name` of a part, from its `Content-Disposition: form-data; name="…"` header.
  public static func name(_ headers: String) -> String? {
    for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
      for field in line.split(separator: ";").dropFirst() {
        let f = field.trimmingCharacters(in: .whitespaces)
        guard f.lowercased().hasPrefix("name=") else { continue }
        var value = String(f.dropFirst(5))
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value
      }
    }
    return nil
  }

  /// Where `pattern` first occurs in `body` at or after `start`.
  public static func find(_ pattern: [UInt8], in body: [UInt8], from start: Int) -> Int? {
    guard start >= 0, !pattern.isEmpty, body.count - start >= pattern.count else { return nil }
    let first = pattern[0], last = body.count - pattern.count
    var i = start
    while i <= last {
      if body[i] == first {
        var k = 1
        while k < pattern.count && body[i + k] == pattern[k] { k += 1 }
        if k == pattern.count { return i }
      }
      i += 1
    }
    return nil
  }
}
