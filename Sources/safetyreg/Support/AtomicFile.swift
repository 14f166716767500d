import Foundation

/// Writes a file so that a reader (or a crash) never sees it half-written: the bytes go to
/// a temporary file in the same folder, which is then renamed over the target.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try Data(bytes).write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        throw CocoaError(
          .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}
