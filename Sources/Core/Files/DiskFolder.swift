import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A folder on disk, held open, from which files are read only *inside* it: every path
/// is resolved one component at a time with `openat(O_NOFOLLOW)` relative to the folder,
/// so neither `..`, an absolute path nor a symbolic link (at any depth, even one swapped
/// in while the run goes on) can lead a read outside. Special files (FIFOs, devices) are
/// refused before they are read, so they cannot block the run.
public final class DiskFolder: ConfinedFolder {
  public let path: String
  private let descriptor: Int32

  /// The submissions folder the reviewer named: a link to it is followed (it is the
  /// reviewer's choice); nothing inside it ever is.
  public init(path: String) throws(PathRefusal) {
    self.path = path
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw Self.refusal(errno) }
    descriptor = fd
  }

  /// The folder `entry` inside `parent`, opened by its raw name (which need not be UTF-8)
  /// without following a link.
  public init(in parent: DiskFolder, entry: FolderEntry) throws(PathRefusal) {
    path = parent.path + "/" + entry.name
    let fd = openat(parent.descriptor, Self.cName(entry.raw), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else {
      let error = errno
      throw entry.kind == .link ? .link : entry.kind == .directory ? Self.refusal(error) : .notRegularFile
    }
    descriptor = fd
  }

  deinit { close(descriptor) }

  /// The entries of the folder (or of a folder inside it), sorted by name, without `.` and
  /// `..`; at most `limit` of them, so that a huge folder costs no more than the cap.
  public func entries(of relative: String, limit: Int) throws(PathRefusal) -> [FolderEntry] {
    let dirFD = try openComponents(relative.isEmpty ? [] : components(relative), final: .directory)
    guard let dir = fdopendir(dirFD) else {
      close(dirFD)
      throw .unreadable(String(cString: strerror(errno)))
    }
    defer { closedir(dir) }
    var list: [FolderEntry] = []
    while list.count < limit, let entry = readdir(dir) {
      let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
      var info = stat()
      let found = fstatat(dirfd(dir), Self.cName(raw), &info, AT_SYMLINK_NOFOLLOW)
      // Gone between readdir and stat: listed as unreadable rather than silently dropped.
      let type = found == 0 ? info.st_mode & S_IFMT : 0
      let kind: FolderEntry.Kind =
        type == S_IFREG ? .file : type == S_IFDIR ? .directory : type == S_IFLNK ? .link : .other
      list.append(
        FolderEntry(
          name: FolderEntry.display(raw), raw: raw, kind: kind, size: found == 0 ? Int(info.st_size) : 0,
          stamp: found == 0
            ? "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec) \(info.st_ino)"
            : "gone"))
    }
    return list.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
  }

  public func folder(_ entry: FolderEntry) throws(PathRefusal) -> any ConfinedFolder {
    try DiskFolder(in: self, entry: entry)
  }

  /// Reads at most `limit` bytes of a regular file inside the folder.
  /// - Throws: a refusal when the path leaves the folder, is or passes through a link,
  ///   is not a regular file, or is larger than `limit`.
  public func read(_ relative: String, limit: Int) throws(PathRefusal) -> [UInt8] {
    let fd = try openComponents(components(relative), final: .file)
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
    guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile }
    guard Int(info.st_size) <= limit else { throw .tooLarge(size: Int(info.st_size)) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var filled = 0
    while filled < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
      if n == 0 { break }  // shrank while we read: keep what is there
      filled += n
    }
    if filled < bytes.count { bytes.removeSubrange(filled...) }
    return bytes
  }

  enum Final { case file, directory }

  /// Opens `parts` under the folder without following any link; returns a descriptor.
  func openComponents(_ parts: [String], final: Final) throws(PathRefusal) -> Int32 {
    var current = dup(descriptor)
    guard current >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
    if parts.isEmpty {
      // Re-open the folder itself so that readdir starts at its beginning.
      let fd = openat(current, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      close(current)
      guard fd >= 0 else { throw Self.refusal(errno) }
      return fd
    }
    for (i, part) in parts.enumerated() {
      let last = i == parts.count - 1
      let flags =
        last && final == .file
        ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
      let next = openat(current, part, flags)
      let error = errno
      close(current)
      guard next >= 0 else {
        // O_NOFOLLOW on a link gives ELOOP; O_DIRECTORY on a link gives ENOTDIR.
        if error == ENOTDIR || error == ELOOP, isLink(parts[...i]) { throw .link }
        throw Self.refusal(error)
      }
      current = next
    }
    return current
  }

  /// Whether the last of `parts` is a symbolic link (for the message only).
  func isLink(_ parts: ArraySlice<String>) -> Bool {
    var info = stat()
    return fstatat(descriptor, parts.joined(separator: "/"), &info, AT_SYMLINK_NOFOLLOW) == 0
      && info.st_mode & S_IFMT == S_IFLNK
  }

  /// A raw name as a C string (names never hold a NUL byte).
  static func cName(_ raw: [UInt8]) -> [CChar] { raw.map { CChar(bitPattern: $0) } + [0] }

  static func refusal(_ error: Int32) -> PathRefusal {
    switch error {
    case ENOENT: .missing
    case ELOOP: .link
    case ENOTDIR: .notRegularFile
    default: .unreadable(String(cString: strerror(error)))
    }
  }
}
