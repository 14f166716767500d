import Synchronization

/// A file tree held in memory, with the disk's rules: a review run over it reads and
/// writes nothing on disk. Paths are absolute (a relative one is taken from `/`), `.` and
/// `..` are resolved as written, and a link is followed only where the disk would follow
/// one (a path of the user's own), never inside a `ConfinedFolder`.
public final class MemoryFiles: FileAccess {
  enum Node: Sendable {
    case folder
    case file([UInt8], generation: Int)
    case link(String)
    /// What a FIFO or a device is on disk: neither a file nor a folder.
    case special
  }

  struct Tree: Sendable {
    var nodes: [String: Node] = ["/": .folder]
    var generation = 0
  }

  let tree = Mutex(Tree())

  public init() {}

  // MARK: Setting up and looking

  /// Adds (or replaces) a file, creating the folders above it.
  public func add(_ path: String, _ bytes: some Collection<UInt8>) {
    let key = Self.normalized(path)
    tree.withLock { t in
      Self.makeParents(of: key, in: &t)
      t.generation += 1
      t.nodes[key] = .file(Array(bytes), generation: t.generation)
    }
  }

  public func addFolder(_ path: String) {
    let key = Self.normalized(path)
    tree.withLock { t in
      Self.makeParents(of: key, in: &t)
      t.nodes[key] = .folder
    }
  }

  /// Adds a symbolic link to `target` (which need not exist).
  public func addLink(_ path: String, to target: String) {
    let key = Self.normalized(path)
    tree.withLock { t in
      Self.makeParents(of: key, in: &t)
      t.nodes[key] = .link(target)
    }
  }

  /// Adds what stands for a FIFO or a device.
  public func addSpecial(_ path: String) {
    let key = Self.normalized(path)
    tree.withLock { t in
      Self.makeParents(of: key, in: &t)
      t.nodes[key] = .special
    }
  }

  /// The bytes of the file at `path`, if there is one (links are not followed).
  public func contents(_ path: String) -> [UInt8]? {
    guard case .file(let bytes, _) = tree.withLock({ $0.nodes[Self.normalized(path)] }) else { return nil }
    return bytes
  }

  /// Every file at or under `folder`, by path, sorted.
  public func files(under folder: String) -> [String] {
    let root = Self.normalized(folder)
    let prefix = root == "/" ? "/" : root + "/"
    return tree.withLock { t in
      t.nodes.compactMap { key, node in
        guard case .file = node, key == root || key.hasPrefix(prefix) else { return nil }
        return key
      }
    }
    .sorted()
  }

  // MARK: FileAccess

  public func readFile(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    switch followed(path) {
    case .file(let bytes, _)?: return Array(bytes.prefix(max(0, limit) + 1))
    case .folder?: throw .folder
    case .special?, .link?: throw .notRegularFile
    case nil: throw .missing
    }
  }

  public func status(of path: String) -> PathStatus {
    switch followed(path) {
    case .file?: .file
    case .folder?: .folder
    case .special?: .other
    case .link?: .failed(40)  // ELOOP: a cycle of links
    case nil: .missing
    }
  }

  public func size(of path: String) -> Int? {
    guard case .file(let bytes, _)? = followed(path) else { return nil }
    return bytes.count
  }

  public func openFolder(_ path: String) throws(PathRefusal) -> any ConfinedFolder {
    // A link to a folder is followed, as on disk: the folder is the reviewer's own choice.
    let (key, node) = target(of: path)
    switch node {
    case .folder?: return MemoryFolder(files: self, root: key, path: path)
    case nil: throw .missing
    default: throw .notRegularFile
    }
  }

  public func stream(to path: String, readers: Readers, _ body: (any FileSink) throws(WriteError) -> Void)
    throws(WriteError)
  {
    let key = Self.normalized(path)
    let parent = Self.parent(of: key)
    switch tree.withLock({ $0.nodes[parent] }) {
    case .folder?: break
    case nil: throw WriteError(path: path, code: 2)  // ENOENT
    default: throw WriteError(path: path, code: 20)  // ENOTDIR
    }
    if case .folder? = tree.withLock({ $0.nodes[key] }) { throw WriteError(path: path, code: 21) }  // EISDIR
    let sink = BufferSink()
    try body(sink)
    let bytes = sink.bytes.withLock { $0 }
    tree.withLock { t in
      t.generation += 1
      t.nodes[key] = .file(bytes, generation: t.generation)
    }
  }

  public func createFolder(_ folder: String, readers: Readers) throws(WriteError) {
    let key = Self.normalized(folder)
    var path = ""
    for part in key.split(separator: "/") {
      path += "/" + part
      let node = tree.withLock { $0.nodes[path] }
      switch node {
      case nil: tree.withLock { $0.nodes[path] = .folder }
      case .folder?: continue
      default: throw WriteError(path: folder, code: 20)  // ENOTDIR
      }
    }
  }

  /// Memory has no owners or modes: what `readers` asks is the disk's concern.
  public func setMode(of path: String, readers: Readers) {}

  /// Memory writes are whole at once and leave no temporaries.
  public func removeLeftovers(in folder: String) {}

  public func resolved(_ path: String) -> String { target(of: path).key }

  // MARK: Inside

  /// The node at `path`, following links (at most 8 in a row, as a bound on cycles).
  func followed(_ path: String) -> Node? { target(of: path).node }

  /// Where `path` leads after its links (at most 8 in a row), and what is there.
  func target(of path: String) -> (key: String, node: Node?) {
    var key = Self.normalized(path)
    for _ in 0..<8 {
      let node = tree.withLock { $0.nodes[key] }
      guard case .link(let target)? = node else { return (key, node) }
      key = Self.normalized(target.hasPrefix("/") ? target : Self.parent(of: key) + "/" + target)
    }
    return (key, .link(key))
  }

  func node(_ key: String) -> Node? { tree.withLock { $0.nodes[key] } }

  /// The names directly inside the folder `key`, with their nodes.
  func children(of key: String) -> [(name: String, node: Node)] {
    let prefix = key == "/" ? "/" : key + "/"
    return tree.withLock { t in
      t.nodes.compactMap { path, node in
        guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
        let name = String(path.dropFirst(prefix.count))
        return name.contains("/") ? nil : (name, node)
      }
    }
  }

  static func makeParents(of key: String, in t: inout Tree) {
    var path = ""
    for part in key.split(separator: "/").dropLast() {
      path += "/" + part
      if t.nodes[path] == nil { t.nodes[path] = .folder }
    }
  }

  /// An absolute path with `.`, `..` and repeated slashes resolved as written.
  static func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." { _ = parts.popLast() } else { parts.append(part) }
    }
    return "/" + parts.joined(separator: "/")
  }

  static func parent(of key: String) -> String {
    guard let slash = key.lastIndex(of: "/"), slash != key.startIndex else { return "/" }
    return String(key[..<slash])
  }
}

/// A streamed file's bytes, collected before they are stored whole.
final class BufferSink: FileSink, Sendable {
  let bytes = Mutex<[UInt8]>([])
  func write(_ bytes: [UInt8]) throws(WriteError) { self.bytes.withLock { $0 += bytes } }
}

/// A folder of `MemoryFiles` with `DiskFolder`'s rules: no absolute path, no `..`, no link
/// at any depth, nothing but a regular file read.
struct MemoryFolder: ConfinedFolder {
  let files: MemoryFiles
  /// The folder's key in the tree.
  let root: String
  let path: String

  func entries(of relative: String, limit: Int) throws(PathRefusal) -> [FolderEntry] {
    let key = try walk(relative.isEmpty ? [] : components(relative), finalIsFolder: true)
    var list: [FolderEntry] = []
    for (name, node) in files.children(of: key) {
      let entry: FolderEntry
      switch node {
      case .folder: entry = FolderEntry(name: name, raw: Array(name.utf8), kind: .directory, size: 0, stamp: "folder")
      case .file(let bytes, let generation):
        entry = FolderEntry(
          name: name, raw: Array(name.utf8), kind: .file, size: bytes.count, stamp: "\(bytes.count) \(generation)")
      case .link: entry = FolderEntry(name: name, raw: Array(name.utf8), kind: .link, size: 0, stamp: "link")
      case .special: entry = FolderEntry(name: name, raw: Array(name.utf8), kind: .other, size: 0, stamp: "special")
      }
      list.append(entry)
    }
    // Like readdir, which returns what it finds in no order, the cap keeps the first found.
    return list.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }.prefix(limit).map { $0 }
  }

  func read(_ relative: String, limit: Int) throws(PathRefusal) -> [UInt8] {
    let key = try walk(components(relative), finalIsFolder: false)
    guard case .file(let bytes, _)? = files.node(key) else { throw .notRegularFile }
    guard bytes.count <= limit else { throw .tooLarge(size: bytes.count) }
    return bytes
  }

  func folder(_ entry: FolderEntry) throws(PathRefusal) -> any ConfinedFolder {
    let key = root == "/" ? "/" + entry.name : root + "/" + entry.name
    switch files.node(key) {
    case .folder?: return MemoryFolder(files: files, root: key, path: path + "/" + entry.name)
    case .link?: throw .link
    case nil: throw .missing
    default: throw .notRegularFile
    }
  }

  /// The key of `parts` under the folder, refusing a link anywhere on the way.
  func walk(_ parts: [String], finalIsFolder: Bool) throws(PathRefusal) -> String {
    var key = root
    for (i, part) in parts.enumerated() {
      key = key == "/" ? "/" + part : key + "/" + part
      let last = i == parts.count - 1
      switch files.node(key) {
      case nil: throw .missing
      case .link?: throw .link
      case .folder?: continue
      case .file?, .special?:
        if last && !finalIsFolder { continue }
        throw .notRegularFile
      }
    }
    if case .folder? = files.node(key) { return key }
    if finalIsFolder { throw .notRegularFile }
    return key
  }
}
