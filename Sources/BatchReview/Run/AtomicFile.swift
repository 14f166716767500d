import Foundation

/// Writes files so that a reader, or a run killed at any moment, never sees one half
/// written: the bytes go to a temporary file in the same folder, which is then renamed
/// over the target. Leftover temporaries (a run killed mid-write) start with `.` and end
/// with `.tmp`; `removeLeftovers` clears them.
public enum AtomicFile {
  public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try Data(bytes).write(to: temporary)
      try moveIntoPlace(temporary, path)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  public static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

  /// Streams a large file through `body`, then renames it into place.
  public static func stream(to path: String, _ body: (FileHandle) throws -> Void) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      defer { try? handle.close() }
      try body(handle)
      try handle.synchronize()
      try moveIntoPlace(temporary, path)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  static func moveIntoPlace(_ temporary: URL, _ path: String) throws {
    if rename(temporary.path, path) != 0 {
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
  }

  /// Removes temporaries that a killed run left in `folder`.
  public static func removeLeftovers(in folder: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
      try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }
  }
}
