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

  /// What happened, in Chinese (`zh`) or English.
  public func message(chinese: Bool) -> String {
    let why: (zh: String, en: String)
    switch code {
    case ENOSPC, EDQUOT: why = ("磁盘空间不足", "the disk is full")
    case EFBIG: why = ("文件超过允许的大小", "the file is larger than allowed")
    case EACCES, EPERM: why = ("没有写入权限", "permission denied")
    case EROFS: why = ("文件系统为只读", "the file system is read-only")
    case ENOENT: why = ("所在目录不存在", "the folder does not exist")
    case ENOTDIR: why = ("路径中有一部分不是目录", "part of the path is not a folder")
    case EISDIR: why = ("同名目录已存在", "a folder of that name exists")
    case ENAMETOOLONG: why = ("文件名过长", "the file name is too long")
    case EIO: why = ("读写错误（磁盘故障？）", "input/output error (a failing disk?)")
    default: why = ("系统错误 \(code)", String(cString: strerror(code)))
    }
    return chinese ? "无法写入 \(path)：\(why.zh)" : "cannot write \(path): \(why.en)"
  }

  public var description: String { message(chinese: false) }
}

/// Writes files so that a reader, or a run killed at any moment, never sees one half
/// written: the bytes go to a temporary file in the same folder, which is then renamed
/// over the target. Leftover temporaries (a run killed mid-write) start with `.` and end
/// with `.tmp`; `removeLeftovers` clears them. Every failure (a full disk, a file-size
/// limit, no permission) removes the temporary and throws `WriteError` naming the path.
public enum AtomicFile {
  public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(WriteError) {
    try stream(to: path) { out throws(WriteError) in try out.write(bytes) }
  }

  public static func write(_ text: String, to path: String) throws(WriteError) { try write(Array(text.utf8), to: path) }

  /// An open temporary file; `write` appends.
  public struct Writer: ~Copyable {
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

    public func write(_ text: String) throws(WriteError) { try write(Array(text.utf8)) }
  }

  /// Streams a file through `body`, then renames it into place.
  public static func stream(to path: String, _ body: (borrowing Writer) throws(WriteError) -> Void) throws(WriteError) {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var random = SystemRandomNumberGenerator()
    let temporary = folder + "/." + name + "." + String(random.next() as UInt64, radix: 36) + ".tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw WriteError(path: path, code: errno) }
    do throws(WriteError) {
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

  /// Creates `folder` and its parents (like `mkdir -p`).
  public static func createFolder(_ folder: String) throws(WriteError) {
    var path = folder.hasPrefix("/") ? "" : "."
    for part in folder.split(separator: "/") {
      path += "/" + part
      if mkdir(path, 0o755) != 0 && errno != EEXIST { throw WriteError(path: folder, code: errno) }
    }
    var info = stat()
    guard stat(folder, &info) == 0 else { throw WriteError(path: folder, code: errno) }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw WriteError(path: folder, code: ENOTDIR) }
  }
}
