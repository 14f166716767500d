/// A JSON value whose objects keep their keys in the order they were built, so that the
/// same data always prints as the same bytes (Foundation's encoder orders keys by hash,
/// which differs from one process to the next). Reports depend on this: a resumed run
/// must write exactly what an uninterrupted one writes.
public indirect enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(Double)
  case bool(Bool)
  case null

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

  public init(_ measure: Measure) {
    switch measure {
    case .number(let n): self = .number(n)
    case .text(let s): self = .string(s)
    }
  }

  /// An object from pairs, leaving out the ones whose value is nil.
  public static func fields(_ pairs: [(String, JSONValue?)]) -> JSONValue {
    .object(pairs.compactMap { key, value in value.map { (key, $0) } })
  }

  /// On one line, without spaces: for data a program reads (the reviewer's page).
  public func compact() -> String {
    var out = ""
    writeCompact(to: &out)
    return out
  }

  func writeCompact(to out: inout String) {
    switch self {
    case .array(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.writeCompact(to: &out)
      }
      out += "]"
    case .object(let pairs):
      out += "{"
      for (i, pair) in pairs.enumerated() {
        if i > 0 { out += "," }
        JSONValue.quote(pair.0, into: &out)
        out += ":"
        pair.1.writeCompact(to: &out)
      }
      out += "}"
    default:
      write(to: &out, indent: 0)
    }
  }

  /// Two-space indented, one value per line; `"key": value`, as people read it.
  public func rendered() -> String {
    var out = ""
    write(to: &out, indent: 0)
    return out
  }

  func write(to out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent + 1)
    switch self {
    case .object(let pairs) where pairs.isEmpty: out += "{}"
    case .array(let items) where items.isEmpty: out += "[]"
    case .object(let pairs):
      out += "{\n"
      for (i, (key, value)) in pairs.enumerated() {
        out += pad
        JSONValue.quote(key, into: &out)
        out += ": "
        value.write(to: &out, indent: indent + 1)
        out += i == pairs.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    case .array(let items):
      out += "[\n"
      for (i, value) in items.enumerated() {
        out += pad
        value.write(to: &out, indent: indent + 1)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "]"
    case .string(let s): JSONValue.quote(s, into: &out)
    case .number(let n): out += JSONValue.format(n)
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// Integers without a fraction; other numbers in Swift's shortest round-trip form.
  static func format(_ n: Double) -> String {
    guard n.isFinite else { return "null" }
    if n.rounded() == n, abs(n) < 1e15 { return String(Int(n)) }
    return "\(n)"
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
