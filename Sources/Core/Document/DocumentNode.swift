import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A parsed YAML or JSON document as a tree whose nodes remember where they stood, so that
/// every message about a field can name its line. Scalars keep their source text: a phone
/// number or `0012345` is never turned into a number and back.
public struct DocumentNode: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    case null
    case scalar(String)
    case mapping([Entry])
    case sequence([DocumentNode])
  }

  public struct Entry: Sendable, Equatable {
    public var key: String
    public var keyLine: Int
    public var value: DocumentNode

    public init(key: String, keyLine: Int, value: DocumentNode) {
      self.key = key
      self.keyLine = keyLine
      self.value = value
    }
  }

  public var value: Value
  /// 1-based line and column of the node's first character.
  public var line: Int
  public var column: Int

  public init(_ value: Value, line: Int, column: Int) {
    self.value = value
    self.line = line
    self.column = column
  }

  /// The text of a scalar; `nil` for null, mappings and sequences.
  public var text: String? {
    if case .scalar(let s) = value { return s }
    return nil
  }

  public var isNull: Bool { value == .null }

  /// What the node is, in words, for messages like "expected a list, found a text".
  public var kindName: LocalizedText {
    switch value {
    case .null: LocalizedText("documentNode.null")
    case .scalar: LocalizedText("documentNode.aText")
    case .mapping: LocalizedText("documentNode.aMapping")
    case .sequence: LocalizedText("documentNode.aList")
    }
  }
}

/// Why a file could not be read as a document at all (as opposed to a field being wrong).
public struct DocumentSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?
  public var problem: LocalizedText

  public init(file: String, line: Int? = nil, column: Int? = nil, problem: LocalizedText) {
    self.file = file
    self.line = line
    self.column = column
    self.problem = problem
  }

  /// `file:line:column: problem`.
  public var text: LocalizedText {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return LocalizedText("core.placeAndProblem", ["place": place, "problem": problem])
  }

  public func message(_ language: Language) -> String { text(language) }

  public var description: String { message(.en) }
}

/// Limits for reading untrusted data files: a submission may hold anything.
public struct DocumentLimits: Sendable, Equatable {
  /// Largest file accepted, in bytes.
  public var maxBytes: Int
  /// Deepest nesting of mappings and lists.
  public var maxDepth: Int
  /// Most nodes, counting each use of a YAML alias again (the "billion laughs" guard).
  public var maxNodes: Int
  /// Most YAML aliases (`*name`) in the text.
  public var maxAliases: Int
  /// Longest single value (a key or a scalar), in bytes.
  public var maxValueBytes: Int

  public init(
    maxBytes: Int = 1 << 20, maxDepth: Int = 32, maxNodes: Int = 50_000, maxAliases: Int = 64, maxValueBytes: Int = 4096
  ) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
    self.maxNodes = maxNodes
    self.maxAliases = maxAliases
    self.maxValueBytes = maxValueBytes
  }
}

/// Reading data files: `readFile` here (bytes, with limits), `read` in DocumentParsing
/// (bytes to a `DocumentNode`, YAML or JSON).
public enum DocumentReader {
  /// Reads at most `limit` + 1 bytes, so that a huge file is refused without loading it.
  /// Only a regular file is read: a FIFO, a device or a folder is refused at once
  /// (`FileAccess.readFile`), so that no path can hang a command.
  public static func readFile(_ path: String, limit: Int, files: any FileAccess = DiskFiles())
    throws(DocumentSyntaxError) -> [UInt8]
  {
    do {
      return try files.readFile(path, limit: limit)
    } catch {
      throw DocumentSyntaxError(file: path, problem: error.problem)
    }
  }
}
