/// Where the tool reads and writes files: the one seam between the review and the disk.
///
/// `DiskFiles` is the real disk; `MemoryFiles` holds a whole tree in memory, so that a
/// review can run with no disk at all (tests, or a service that keeps uploads in memory).
/// Two kinds of reading go through it:
/// - *our own files* (a policy, an application named on the command line, a report read
///   back) by path, with `readFile`;
/// - *uploads*, only ever inside a submission folder opened with `openFolder`, whose
///   `ConfinedFolder` never lets a path lead outside it.
public protocol FileAccess: Sendable {
  /// Reads at most `limit` + 1 bytes of a regular file: one byte more than `limit` says
  /// the file is larger, without reading a huge file whole. A folder, a FIFO or a device
  /// is refused before it is read.
  func readFile(_ path: String, limit: Int) throws(FileReadError) -> [UInt8]

  /// What `path` is (a link is followed: the paths are the user's own).
  func status(of path: String) -> PathStatus

  /// The size of the file at `path` in bytes, if it can be told without reading it.
  func size(of path: String) -> Int?

  /// The submissions folder the reviewer named, held open; nothing inside it is followed.
  func openFolder(_ path: String) throws(PathRefusal) -> any ConfinedFolder

  /// Writes a file so that no reader ever sees it half written.
  func stream(to path: String, readers: Readers, _ body: (any FileSink) throws(WriteError) -> Void) throws(WriteError)

  /// Creates `folder` and its parents; those it creates get the mode `readers` says.
  func createFolder(_ folder: String, readers: Readers) throws(WriteError)

  /// Gives a file or folder of ours the mode `readers` says.
  func setMode(of path: String, readers: Readers)

  /// Removes the temporaries a killed run left in `folder`.
  func removeLeftovers(in folder: String)

  /// `path` with links and `..` resolved, to tell whether two paths are one folder.
  func resolved(_ path: String) -> String
}

extension FileAccess {
  public func write(_ bytes: some Collection<UInt8>, to path: String, readers: Readers = .umask) throws(WriteError) {
    try stream(to: path, readers: readers) { out throws(WriteError) in try out.write(Array(bytes)) }
  }

  public func write(_ text: String, to path: String, readers: Readers = .umask) throws(WriteError) {
    try write(Array(text.utf8), to: path, readers: readers)
  }
}

/// Where a streamed file's bytes go, in order.
public protocol FileSink {
  func write(_ bytes: [UInt8]) throws(WriteError)
}

extension FileSink {
  public func write(_ text: String) throws(WriteError) { try write(Array(text.utf8)) }
}

/// A folder from which files are read only *inside* it: neither `..`, an absolute path
/// nor a link (at any depth) can lead a read outside, and special files are refused
/// before they are read.
public protocol ConfinedFolder: Sendable {
  /// The folder's path, for messages.
  var path: String { get }

  /// The entries of the folder (or of a folder inside it), sorted by name, without `.`
  /// and `..`; at most `limit` of them.
  func entries(of relative: String, limit: Int) throws(PathRefusal) -> [FolderEntry]

  /// Reads a regular file inside the folder, refusing one larger than `limit`.
  func read(_ relative: String, limit: Int) throws(PathRefusal) -> [UInt8]

  /// The folder `entry` inside this one, opened without following a link.
  func folder(_ entry: FolderEntry) throws(PathRefusal) -> any ConfinedFolder
}

extension ConfinedFolder {
  public func entries() throws(PathRefusal) -> [FolderEntry] { try entries(of: "", limit: .max) }

  /// The components of a path relative to the folder, refusing absolute paths and `..`.
  func components(_ relative: String) throws(PathRefusal) -> [String] {
    guard !relative.hasPrefix("/") else { throw .absolute }
    let parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    guard !parts.contains("..") else { throw .leavesFolder }
    guard !parts.isEmpty, !relative.utf8.contains(0) else { throw .missing }
    return parts
  }
}

/// Why a path inside a submission was not read.
public enum PathRefusal: Error, Sendable, Equatable {
  case absolute
  case leavesFolder
  case link
  case notRegularFile
  case missing
  case tooLarge(size: Int)
  case unreadable(String)
}

/// One entry of a folder, as stored (links are not followed).
public struct FolderEntry: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case file, directory, link, other }
  /// The name as people read it (`FolderEntry.display`: bytes that are not UTF-8 as `\xNN`).
  public var name: String
  /// The name's bytes as the file system holds them: what the entry is opened by.
  public var raw: [UInt8]
  public var kind: Kind
  public var size: Int
  /// What tells a changed file without reading it. On disk, what git's index compares:
  /// size, modification and status-change times in nanoseconds, and the inode (a file
  /// replaced by another of the same size and modification time still changes its ctime
  /// and inode). In memory, the size and a counter of writes.
  public var stamp: String

  public init(name: String, raw: [UInt8], kind: Kind, size: Int, stamp: String) {
    self.name = name
    self.raw = raw
    self.kind = kind
    self.size = size
    self.stamp = stamp
  }

  /// A name as people can read it: valid UTF-8 as is; every byte that is not part of a
  /// valid sequence as `\xNN`.
  public static func display(_ raw: [UInt8]) -> String {
    if let text = String(validating: raw, as: UTF8.self) { return text }
    var out = ""
    var i = 0
    while i < raw.count {
      var matched = false
      for length in 1...4 where i + length <= raw.count {
        if let piece = String(validating: raw[i..<(i + length)], as: UTF8.self) {
          out += piece
          i += length
          matched = true
          break
        }
      }
      if !matched {
        let hex = String(raw[i], radix: 16, uppercase: true)
        out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        i += 1
      }
    }
    return out
  }
}

/// What a path is.
public enum PathStatus: Sendable, Equatable {
  /// A folder this user may list and enter.
  case folder
  /// A folder this user may not read.
  case unreadableFolder
  case file
  /// Something else: a FIFO, a device, a socket.
  case other
  case missing
  case denied
  /// Any other failure, with its `errno`.
  case failed(Int32)
}

/// Why one of our own files could not be read, in words a user can act on.
public enum FileReadError: Error, Sendable, Equatable {
  case missing
  case denied
  case folder
  case notRegularFile
  case cannotOpen(Int32)
  case cannotStat
  case readFailed(Int32)

  /// What went wrong, without the path (the caller names the file).
  public var problem: LocalizedText {
    switch self {
    case .missing: LocalizedText("fileAccess.noSuchFile")
    case .denied: LocalizedText("fileAccess.permissionDenied")
    case .folder: LocalizedText("fileAccess.thisIsAFolderNot")
    case .notRegularFile:
      LocalizedText("fileAccess.notARegularFileA")
    case .cannotOpen(let code):
      LocalizedText("fileAccess.cannotOpenTheFile", ["code": code, "reason": SystemError.text(code)])
    case .cannotStat: LocalizedText("fileAccess.cannotReadTheFileS")
    case .readFailed(let code):
      LocalizedText("fileAccess.readFailed", ["code": code, "reason": SystemError.text(code)])
    }
  }
}
