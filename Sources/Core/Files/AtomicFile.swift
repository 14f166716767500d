import Glibc

/// Why a file could not be written, with the path and the system's reason, in words a
/// user can act on (never Foundation's error dump).
public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  /// The `errno` of the failing call.
  public var code: Int32

  public init(path: String, code: Int32) {
    self.path = path
    self.code = code
  }

  /// What happened, naming the path.
  public var text: LocalizedText {
    let why: LocalizedText
    switch code {
    case ENOSPC, EDQUOT: why = LocalizedText("writeError.diskFull")
    case EFBIG: why = LocalizedText("writeError.fileTooLarge")
    case EACCES, EPERM: why = LocalizedText("writeError.permissionDenied")
    case EROFS: why = LocalizedText("writeError.readOnly")
    case ENOENT: why = LocalizedText("writeError.noFolder")
    case ENOTDIR: why = LocalizedText("writeError.notAFolder")
    case EISDIR: why = LocalizedText("writeError.folderExists")
    case ENAMETOOLONG: why = LocalizedText("writeError.nameTooLong")
    case EIO: why = LocalizedText("writeError.inputOutput")
    default: why = LocalizedText("writeError.system", ["code": code, "reason": String(cString: strerror(code))])
    }
    return LocalizedText("writeError.cannotWrite", ["path": path, "why": why])
  }

  public func message(_ language: Language) -> String { text(language) }

  public var description: String { text(.en) }
}

/// Who may read what a command writes. Reports and previews hold applicants' personal
/// data, so `review` and `merge` write them for their owner alone, whatever the umask;
/// what applicants write for themselves (`form`, `photo --fix`) follows the umask.
public enum Readers: Sendable, Equatable {
  /// Files 0600, folders 0700.
  case owner
  /// Files 0640, folders 0750: a team on one server, through the group.
  case group
  /// 0666 and 0777 less the umask, as any program writes.
  case umask

  /// The mode set on a file after it is created (nil: leave what `open` made).
  var fileMode: mode_t? {
    switch self {
    case .owner: 0o600
    case .group: 0o640
    case .umask: nil
    }
  }

  var folderMode: mode_t? {
    switch self {
    case .owner: 0o700
    case .group: 0o750
    case .umask: nil
    }
  }
}

/// Writes files so that a reader, or a run killed at any moment, never sees one half
/// written: the bytes go to a temporary file in the same folder, which is then renamed
/// over the target. Leftover temporaries (a run killed mid-write) start with `.` and end
/// with `.tmp`; `removeLeftovers` clears them. Every failure (a full disk, a file-size
/// limit, no permission) removes the temporary and throws `WriteError` naming the path.
public enum AtomicFile {
  public static func write(_ bytes: some Collection<UInt8>, to path: String, readers: Readers = .umask) throws(WriteError) {
    try stream(to: path, readers: readers) { out throws(WriteError) in try out.write(bytes) }
  }

  public static func write(_ text: String, to path: String, readers: Readers = .umask) throws(WriteError) {
    try write(Array(text.utf8), to: path, readers: readers)
  }

  /// An open temporary file; `write` appends.
  public struct Writer: FileSink {
    let descriptor: Int32
    /// The final path, for messages.
    let path: String

    public func write(_ bytes: some Collection<UInt8>) throws(WriteError) {
      let array = Array(bytes)
      var written = 0
      while written < array.count {
        let n = array.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
        if n < 0 {
          if errno == EINTR { continue }
          throw WriteError(path: path, code: errno)
        }
        written += n
      }
    }

    public func write(_ bytes: [UInt8]) throws(WriteError) { try write(bytes[...]) }
  }

  /// Streams a file through `body`, then renames it into place.
  public static func stream(
    to path: String, readers: Readers = .umask, _ body: (borrowing Writer) throws(WriteError) -> Void
  ) throws(WriteError) {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var random = SystemRandomNumberGenerator()
    let temporary = folder + "/." + name + "." + String(random.next() as UInt64, radix: 36) + ".tmp"
    // Created private and widened by fchmod (which ignores the umask): a private file is
    // never readable by others, not even for the moment before its mode is set.
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, readers.fileMode == nil ? 0o666 : 0o600)
    guard fd >= 0 else { throw WriteError(path: path, code: errno) }
    do throws(WriteError) {
      if let mode = readers.fileMode, fchmod(fd, mode) != 0 { throw WriteError(path: path, code: errno) }
      try body(Writer(descriptor: fd, path: path))
      // close can report a deferred write error (NFS, a full disk on some file systems).
      guard close(fd) == 0 else { throw WriteError(path: path, code: errno) }
    } catch {
      _ = close(fd)
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw WriteError(path: path, code: code)
    }
  }

  /// Removes temporaries that a killed run left in `folder`.
  public static func removeLeftovers(in folder: String) {
    guard let dir = opendir(folder) else { return }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name.hasPrefix("."), name.hasSuffix(".tmp") { names.append(name) }
    }
    for name in names { unlink(folder + "/" + name) }
  }

  /// Creates `folder` and its parents (like `mkdir -p`). The folders it creates get the
  /// mode `readers` says, whatever the umask; folders that were there are left as they are.
  public static func createFolder(_ folder: String, readers: Readers = .umask) throws(WriteError) {
    var path = folder.hasPrefix("/") ? "" : "."
    for part in folder.split(separator: "/") {
      path += "/" + part
      if mkdir(path, readers.folderMode == nil ? 0o777 : 0o700) == 0 {
        if let mode = readers.folderMode, chmod(path, mode) != 0 { throw WriteError(path: folder, code: errno) }
      } else if errno != EEXIST {
        throw WriteError(path: folder, code: errno)
      }
    }
    var info = stat()
    guard stat(folder, &info) == 0 else { throw WriteError(path: folder, code: errno) }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw WriteError(path: folder, code: ENOTDIR) }
  }

  /// Gives a file or folder of ours the mode `readers` says: one an earlier run wrote
  /// with another mode, and reused now. Only what this user owns, never through a link.
  public static func setMode(of path: String, readers: Readers) {
    var info = stat()
    guard lstat(path, &info) == 0, info.st_uid == geteuid() else { return }
    let mode: mode_t?
    switch info.st_mode & S_IFMT {
    case S_IFDIR: mode = readers.folderMode
    case S_IFREG: mode = readers.fileMode
    default: mode = nil
    }
    guard let mode, info.st_mode & 0o777 != mode else { return }
    _ = chmod(path, mode)
  }
}
