import Core
import Foundation

/// A problem in a configuration file (the policy, the authority list): where and what.
public struct ConfigProblem: Sendable, Equatable {
  public init(path: String, line: Int?, message: LocalizedText) {
    self.path = path
    self.line = line
    self.message = message
  }

  public var path: String
  public var line: Int?
  public var message: LocalizedText
}

/// A configuration file that cannot be used. Lists every problem, not only the first.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var problems: [ConfigProblem]

  public init(file: String, problems: [ConfigProblem]) {
    self.file = file
    self.problems = problems
  }

  public func message(_ language: Language) -> String {
    let head = LocalizedText("configReader.fileNotUsable", ["file": file])(language)
    return
      ([head]
      + problems.map { p in
        let place = p.line.map { "\(file):\($0)" } ?? file
        return "  \(place): \(p.path): \(p.message(language))"
      }).joined(separator: "\n")
  }

  public var description: String { message(.en) }
}

/// Reads required, range-checked values from a configuration tree. Unlike application
/// data, a configuration has no optional keys and no unknown ones: a typo in a key that
/// governs acceptance must stop the program, not fall back to a default.
public struct ConfigReader {
  public let file: String
  public private(set) var problems: [ConfigProblem] = []

  public init(file: String) { self.file = file }

  public mutating func problem(_ path: String, _ line: Int?, _ message: LocalizedText) {
    problems.append(ConfigProblem(path: path, line: line, message: message))
  }

  /// The entries of the mapping at `path`; reports missing required keys and unknown keys.
  public mutating func mapping(_ node: DocumentNode?, _ path: String, keys: [String], optional: [String] = []) -> [String:
    DocumentNode]
  {
    guard let node, !node.isNull else {
      problem(path, nil, LocalizedText("configReader.missing"))
      return [:]
    }
    guard case .mapping(let entries) = node.value else {
      problem(path, node.line, LocalizedText("configReader.expectedAMapping"))
      return [:]
    }
    var result: [String: DocumentNode] = [:]
    for entry in entries {
      if keys.contains(entry.key) || optional.contains(entry.key) {
        result[entry.key] = entry.value
      } else {
        let guess = Suggestion.closest(to: entry.key, among: keys + optional)
        problem(
          join(path, entry.key), entry.keyLine,
          LocalizedText("configReader.unknownSetting").suggesting(guess))
      }
    }
    for key in keys where result[key] == nil {
      problem(join(path, key), node.line, LocalizedText("configReader.missing"))
    }
    return result
  }

  public mutating func list(_ node: DocumentNode?, _ path: String) -> [DocumentNode] {
    guard let node else { return [] }
    if node.isNull { return [] }
    guard case .sequence(let items) = node.value else {
      problem(path, node.line, LocalizedText("configReader.expectedAList"))
      return []
    }
    return items
  }

  public mutating func text(_ node: DocumentNode?, _ path: String) -> String? {
    guard let node else { return nil }
    guard let t = node.text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else {
      problem(path, node.line, LocalizedText("configReader.expectedANonEmptyText"))
      return nil
    }
    return t
  }

  public mutating func optionalText(_ node: DocumentNode?, _ path: String) -> String? {
    guard let node, !node.isNull else { return nil }
    return text(node, path)
  }

  public mutating func int(_ node: DocumentNode?, _ path: String, _ range: ClosedRange<Int>) -> Int {
    guard let node else { return range.lowerBound }
    guard let t = node.text, let v = Int(t.replacingOccurrences(of: "_", with: "")) else {
      problem(path, node.line, LocalizedText("configReader.expectedAWholeNumber"))
      return range.lowerBound
    }
    guard range.contains(v) else {
      problem(
        path, node.line,
        LocalizedText(
          "configReader.isOutsideTheSensibleRange", ["v": v, "lowerBound": range.lowerBound, "upperBound": range.upperBound]))
      return range.lowerBound
    }
    return v
  }

  public mutating func double(_ node: DocumentNode?, _ path: String, _ range: ClosedRange<Double>) -> Double {
    guard let node else { return range.lowerBound }
    guard let t = node.text, let v = Double(t), v.isFinite else {
      problem(path, node.line, LocalizedText("configReader.expectedANumber"))
      return range.lowerBound
    }
    guard range.contains(v) else {
      problem(
        path, node.line,
        LocalizedText(
          "configReader.isOutsideTheSensibleRange2",
          ["Measure": Measure(v), "lowerBound": Measure(range.lowerBound), "upperBound": Measure(range.upperBound)]))
      return range.lowerBound
    }
    return v
  }

  public mutating func bool(_ node: DocumentNode?, _ path: String) -> Bool {
    guard let node else { return false }
    switch node.text?.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      problem(path, node.line, LocalizedText("configReader.expectedTrueOrFalse"))
      return false
    }
  }

  public mutating func date(_ node: DocumentNode?, _ path: String) -> CalendarDate {
    let fallback = CalendarDate(year: 2000, month: 1, day: 1)!
    guard let node else { return fallback }
    guard let t = node.text, let d = CalendarDate.parse(t) else {
      problem(path, node.line, LocalizedText("configReader.expectedADateYYYYMM"))
      return fallback
    }
    return d
  }

  public mutating func vocabulary<V: Vocabulary>(_ node: DocumentNode?, _ path: String, as: V.Type = V.self) -> V? {
    guard let node, let t = text(node, path) else { return nil }
    guard let v = V.named(t) else {
      problem(path, node.line, LocalizedText("configReader.isNotOneOf", ["t": t, "codeList": V.codeList]))
      return nil
    }
    return v
  }

  /// Records a problem unless `condition` holds; for relations between values.
  public mutating func require(_ condition: Bool, _ path: String, _ node: DocumentNode?, _ message: LocalizedText) {
    if !condition { problem(path, node?.line, message) }
  }

  public func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : "\(a).\(b)" }
}
