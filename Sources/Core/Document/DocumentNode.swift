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
    case .null: LocalizedText(zh: "空值", en: "null")
    case .scalar: LocalizedText(zh: "文本", en: "a text")
    case .mapping: LocalizedText(zh: "字段表", en: "a mapping")
    case .sequence: LocalizedText(zh: "列表", en: "a list")
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

  public func message(_ language: Language) -> String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): \(problem(language))"
  }

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
  /// (opened without blocking, checked with `fstat`), so that no path can hang a command.
  public static func readFile(_ path: String, limit: Int) throws(DocumentSyntaxError) -> [UInt8] {
    func fail(_ zh: String, _ en: String) -> DocumentSyntaxError {
      DocumentSyntaxError(file: path, problem: LocalizedText(zh: zh, en: en))
    }
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard fd >= 0 else {
      switch errno {
      case ENOENT: throw fail("文件不存在", "no such file")
      case EACCES, EPERM: throw fail("没有读取权限", "permission denied")
      case EISDIR: throw fail("这是一个文件夹，不是文件", "this is a folder, not a file")
      default: throw fail("无法打开文件（系统错误 \(errno)）", "cannot open the file (\(String(cString: strerror(errno))))")
      }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw fail("无法读取文件信息", "cannot read the file's status") }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw fail("这是一个文件夹，不是文件", "this is a folder, not a file")
    default: throw fail("不是普通文件（管道、设备或套接字），不予读取", "not a regular file (a FIFO, a device or a socket), so it is not read")
    }
    var bytes = [UInt8](repeating: 0, count: min(limit, max(0, Int(info.st_size))) + 1)
    var filled = 0
    while filled < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 {
        if errno == EINTR { continue }
        throw fail("读取失败（系统错误 \(errno)）", "read failed (\(String(cString: strerror(errno))))")
      }
      if n == 0 { break }
      filled += n
      // The file grew while we read: keep reading up to the limit.
      if filled == bytes.count, bytes.count <= limit {
        bytes += [UInt8](repeating: 0, count: min(limit + 1 - bytes.count, 1 << 20))
      }
    }
    return Array(bytes.prefix(filled))
  }
}
