import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The real disk, through the system calls: files opened without blocking and checked
/// with `fstat` before they are read, so that no path can hang a command; writes through
/// `AtomicFile`; uploads through `DiskFolder`.
public struct DiskFiles: FileAccess {
  public init() {}

  public func readFile(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard fd >= 0 else {
      switch errno {
      case ENOENT: throw .missing
      case EACCES, EPERM: throw .denied
      case EISDIR: throw .folder
      default: throw .cannotOpen(errno)
      }
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .cannotStat }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw .folder
    default: throw .notRegularFile
    }
    var bytes = [UInt8](repeating: 0, count: min(limit, max(0, Int(info.st_size))) + 1)
    var filled = 0
    while filled < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .readFailed(errno)
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

  public func status(of path: String) -> PathStatus {
    var info = stat()
    guard stat(path, &info) == 0 else {
      switch errno {
      case ENOENT: return .missing
      case EACCES, EPERM: return .denied
      default: return .failed(errno)
      }
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return access(path, R_OK | X_OK) == 0 ? .folder : .unreadableFolder
    case S_IFREG: return .file
    default: return .other
    }
  }

  public func size(of path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
  }

  public func openFolder(_ path: String) throws(PathRefusal) -> any ConfinedFolder { try DiskFolder(path: path) }

  public func stream(to path: String, readers: Readers, _ body: (any FileSink) throws(WriteError) -> Void)
    throws(WriteError)
  {
    try AtomicFile.stream(to: path, readers: readers) { out throws(WriteError) in try body(copy out) }
  }

  public func createFolder(_ folder: String, readers: Readers) throws(WriteError) {
    try AtomicFile.createFolder(folder, readers: readers)
  }

  public func setMode(of path: String, readers: Readers) { AtomicFile.setMode(of: path, readers: readers) }

  public func removeLeftovers(in folder: String) { AtomicFile.removeLeftovers(in: folder) }

  public func resolved(_ path: String) -> String {
    guard let real = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
    defer { free(real) }
    return String(cString: real)
  }
}

/// The system's words for an `errno`.
public enum SystemError {
  public static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
