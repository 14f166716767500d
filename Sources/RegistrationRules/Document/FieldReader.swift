import Core
import Foundation

/// Reads typed values out of a `DocumentNode` tree and records, instead of throwing, every
/// field that is malformed (an `INVALID_FIELD` error) or unknown (an `UNKNOWN_FIELD`
/// warning), each with its dotted path and line. One bad field never hides the next.
struct FieldReader {
  private(set) var findings: [Finding] = []
  private(set) var lines: [String: Int] = [:]
  /// Unknown keys that are a known key misspelt, where the known key is absent.
  private(set) var misspellings: [Misspelling] = []
  /// The longest text value accepted in any field; longer is a typo or an attack.
  let maxTextLength = 500

  /// The entries of a mapping node, after reporting keys not in `known`.
  mutating func mapping(_ node: DocumentNode?, path: String, known: [String]) -> [String: DocumentNode] {
    guard let node, !node.isNull else { return [:] }
    record(path, node.line)
    guard case .mapping(let entries) = node.value else {
      invalid(
        path, node, LocalizedText("fieldReader.expectedAMappingKeyValue", ["kindName": node.kindName]))
      return [:]
    }
    var result: [String: DocumentNode] = [:]
    for entry in entries {
      let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
      if known.contains(entry.key) {
        result[entry.key] = entry.value
        record(childPath, entry.keyLine)
      } else {
        let guess = Suggestion.closest(to: entry.key, among: known)
        if let guess, !entries.contains(where: { $0.key == guess }) {
          // Reported by the assessor, once, in place of what the absent key causes.
          let intended = path.isEmpty ? guess : "\(path).\(guess)"
          misspellings.append(Misspelling(given: entry.key, intended: intended, line: entry.keyLine))
          continue
        }
        let text =
          guess.map { LocalizedText("fieldReader.unknownFieldIgnoredDidYouMean", ["field": entry.key, "guess": $0]) }
          ?? LocalizedText("fieldReader.unknownFieldIgnored", ["field": entry.key])
        var finding = Finding.warning(.unknownField, field: childPath, text)
        finding.line = entry.keyLine
        findings.append(finding)
      }
    }
    return result
  }

  /// The items of a list node (a single value is not silently promoted to a list).
  mutating func list(_ node: DocumentNode?, path: String) -> [DocumentNode] {
    guard let node, !node.isNull else { return [] }
    record(path, node.line)
    guard case .sequence(let items) = node.value else {
      invalid(
        path, node, LocalizedText("fieldReader.expectedAListItemsStarting", ["kindName": node.kindName]))
      return []
    }
    for (index, item) in items.enumerated() { record("\(path)[\(index)]", item.line) }
    return items
  }

  /// A number people type into a form field (an ID number, a credit code, a phone):
  /// full-width digits and letters become ASCII (NFKC) and spaces go, with a note saying
  /// what was read, so that `１１０１ ０１…` is checked as `110101…` instead of refused
  /// for a character it does not really hold.
  /// - Parameter spacesAreUsual: phone numbers are often written in groups
  ///   (`139 1234 5678`): their spaces go without a note; full-width digits still get one.
  mutating func typedNumber(_ node: DocumentNode?, path: String, spacesAreUsual: Bool = false) -> String? {
    guard let raw = text(node, path: path) else { return nil }
    let normal = String(raw.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace })
    guard normal != raw, !normal.isEmpty else { return raw }
    if spacesAreUsual, raw.unicodeScalars.filter({ !$0.properties.isWhitespace }).elementsEqual(normal.unicodeScalars) {
      return normal
    }
    var finding = Finding.warning(
      .invalidField, field: path,
      LocalizedText("fieldReader.readAsFullWidthCharacters", ["raw": raw, "normal": normal]))
    finding.line = node?.line
    findings.append(finding)
    return normal
  }

  /// A text value, trimmed; `nil` when absent or empty. Numbers are taken as written.
  mutating func text(_ node: DocumentNode?, path: String) -> String? {
    guard let node, !node.isNull else { return nil }
    record(path, node.line)
    guard let raw = node.text else {
      invalid(path, node, LocalizedText("fieldReader.expectedATextFound", ["kindName": node.kindName]))
      return nil
    }
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.count > maxTextLength {
      invalid(
        path, node,
        LocalizedText("fieldReader.tooLongCharactersAtMost", ["textCount": text.count, "maxTextLength": maxTextLength]))
      return nil
    }
    if let bad = text.unicodeScalars.first(where: { Self.isInvisibleControl($0) }) {
      let code = "U+" + String(bad.value, radix: 16, uppercase: true)
      invalid(path, node, LocalizedText("fieldReader.containsTheInvisibleControlCharacter", ["code": code]))
      return nil
    }
    return text.isEmpty ? nil : text
  }

  /// Control and format characters, except the zero-width joiner that some names need.
  static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control: return true
    case .format: return scalar.value != 0x200D
    default: return false
    }
  }

  mutating func date(_ node: DocumentNode?, path: String) -> CalendarDate? {
    guard let text = text(node, path: path), let node else { return nil }
    if let date = CalendarDate.parse(text) { return date }
    invalid(
      path, node, LocalizedText("fieldReader.isNotAValidDate", ["text": text]))
    return nil
  }

  /// A month (`2015-07`); `ongoing` is what `nil` means for an ending month.
  mutating func month(_ node: DocumentNode?, path: String, ongoing: inout Bool) -> YearMonth? {
    ongoing = false
    guard let text = text(node, path: path), let node else {
      ongoing = true
      return nil
    }
    if ["至今", "今", "现在", "present", "now", "ongoing"].contains(text.lowercased()) {
      ongoing = true
      return nil
    }
    if let month = YearMonth.parse(text) { return month }
    invalid(
      path, node, LocalizedText("fieldReader.isNotAValidMonth", ["text": text]))
    return nil
  }

  mutating func number(_ node: DocumentNode?, path: String) -> Double? {
    guard let text = text(node, path: path), let node else { return nil }
    if let n = Double(text), n.isFinite { return n }
    invalid(path, node, LocalizedText("fieldReader.isNotANumber", ["text": text]))
    return nil
  }

  mutating func vocabulary<V: Vocabulary>(_ node: DocumentNode?, path: String, as type: V.Type = V.self) -> V? {
    guard let text = text(node, path: path), let node else { return nil }
    if let value = V.named(text) { return value }
    let choices = LocalizedText.list(
      V.allCases.map { LocalizedText("fieldReader.choice", ["code": $0.rawValue, "label": $0.label]) },
      separator: LocalizedText("fieldReader.choiceSeparator"))
    invalid(path, node, LocalizedText("fieldReader.notOneOf", ["text": text, "choices": choices]))
    return nil
  }

  mutating func record(_ path: String, _ line: Int) {
    if line > 0, lines[path] == nil { lines[path] = line }
  }

  mutating func invalid(_ path: String, _ node: DocumentNode, _ text: LocalizedText) {
    var finding = Finding.error(.invalidField, field: path, text)
    finding.line = node.line
    findings.append(finding)
  }
}
