import Foundation

/// The messages of one language, from its catalog file `templates/messages/<code>.txt`.
///
/// The format is meant for translators: one message per line, `key = text`, where `{name}`
/// is a placeholder the program fills in (a number, a file name, another message). Lines
/// starting with `#` and blank lines are comments. In the text, `\n` is a line break,
/// `\{` a brace that is not a placeholder and `\\` a backslash; a text that must end or
/// begin with a space is written between double quotes.
public struct MessageCatalog: Sendable, Equatable {
  /// The language's code, as `--lang` takes it: the file's name without `.txt`.
  public let code: String
  /// The language's own name (`language.name` in the catalog), for the help.
  public var name: String { texts["language.name"].map { Self.plain($0) } ?? code }
  let texts: [String: [Segment]]

  enum Segment: Sendable, Equatable {
    case text(String)
    case placeholder(String)
  }

  public var keys: Set<String> { Set(texts.keys) }

  /// The placeholders `key`'s text names (nil: no such key).
  public func placeholders(_ key: String) -> Set<String>? {
    texts[key].map { Set($0.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }) }
  }

  /// `key`'s text with its placeholders filled in by `fill` (nil: no such key).
  func render(_ key: String, _ fill: (String) -> String) -> String? {
    guard let segments = texts[key] else { return nil }
    var out = ""
    for segment in segments {
      switch segment {
      case .text(let text): out += text
      case .placeholder(let name): out += fill(name)
      }
    }
    return out
  }

  /// Why a catalog file cannot be used: the line and what is wrong with it.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var problem: String
    public var description: String { "line \(line): \(problem)" }
  }

  /// Parses a catalog; every problem is found, not only the first.
  public static func parse(_ source: String, code: String) throws(CatalogProblems) -> MessageCatalog {
    var texts: [String: [Segment]] = [:]
    var problems: [Problem] = []
    for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      guard let equals = line.range(of: " = ") else {
        problems.append(Problem(line: index + 1, problem: "not `key = text`"))
        continue
      }
      let key = String(line[..<equals.lowerBound]).trimmingSpaces
      guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
        problems.append(Problem(line: index + 1, problem: "the key \"\(key)\" is not letters, digits, `.`, `_` or `-`"))
        continue
      }
      guard texts[key] == nil else {
        problems.append(Problem(line: index + 1, problem: "the key \(key) is given twice"))
        continue
      }
      var text = Substring(line[equals.upperBound...])
      if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
      do {
        texts[key] = try segments(text)
      } catch {
        problems.append(Problem(line: index + 1, problem: error.problem))
      }
    }
    guard problems.isEmpty else { throw CatalogProblems(code: code, problems: problems) }
    return MessageCatalog(code: code, texts: texts)
  }

  struct SegmentError: Error { var problem: String }

  static func segments(_ text: Substring) throws(SegmentError) -> [Segment] {
    var segments: [Segment] = []
    var current = ""
    var iterator = text.makeIterator()
    while let c = iterator.next() {
      switch c {
      case "\\":
        switch iterator.next() {
        case "n"?: current.append("\n")
        case "{"?: current.append("{")
        case "}"?: current.append("}")
        case "\\"?: current.append("\\")
        case "\""?: current.append("\"")
        case let other?: throw SegmentError(problem: "unknown escape \\\(other)")
        case nil: throw SegmentError(problem: "a lone \\ at the end")
        }
      case "{":
        var name = ""
        var closed = false
        while let n = iterator.next() {
          if n == "}" {
            closed = true
            break
          }
          name.append(n)
        }
        guard closed, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
          throw SegmentError(problem: "a placeholder is `{name}` (letters, digits, `_`); write \\{ for a brace")
        }
        if !current.isEmpty { segments.append(.text(current)) }
        current = ""
        segments.append(.placeholder(name))
      case "}": throw SegmentError(problem: "a } without its {; write \\} for a brace")
      default: current.append(c)
      }
    }
    if !current.isEmpty { segments.append(.text(current)) }
    return segments
  }

  static func plain(_ segments: [Segment]) -> String {
    segments.map { if case .text(let t) = $0 { t } else { "" } }.joined()
  }
}

/// Every problem of one catalog file.
public struct CatalogProblems: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: String
  public var problems: [MessageCatalog.Problem]
  public var description: String {
    "messages/\(code).txt: " + problems.map(\.description).joined(separator: "; ")
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
