import Core

/// What a file is, judged by its first bytes, never by its name.
public enum SniffedFormat: Sendable, Equatable, Codable {
  case supported(FileFormat)
  /// Recognised, but not a format we accept (GIF, WebP, HEIC, a ZIP, an HTML page, …).
  case other(String)
  case empty
  case unknown

  public static func of(_ bytes: some Collection<UInt8>) -> SniffedFormat {
    let head = Array(bytes.prefix(1024))
    if head.isEmpty { return .empty }
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
    }
    if starts([0xFF, 0xD8, 0xFF]) { return .supported(.jpeg) }
    if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .supported(.png) }
    // PDF readers accept "%PDF-" anywhere in the first kilobyte.
    let pdf = Array("%PDF-".utf8)
    if head.count >= pdf.count, (0...(head.count - pdf.count)).contains(where: { Array(head[$0..<$0 + pdf.count]) == pdf }) {
      return .supported(.pdf)
    }
    if starts(Array("GIF8".utf8)) { return .other("GIF") }
    if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .other("WebP") }
    if starts([0x42, 0x4D]) { return .other("BMP") }
    if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .other("TIFF") }
    if starts(Array("ftyp".utf8), at: 4) {
      let brand = String(decoding: head.dropFirst(8).prefix(4), as: UTF8.self)
      let heif = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"]
      return .other(heif.contains(brand) ? "HEIC" : "MP4/ISO (\(brand))")
    }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return .other("ZIP (e.g. DOCX)") }
    if starts([0xD0, 0xCF, 0x11, 0xE0]) { return .other("Microsoft Office (DOC/XLS)") }
    if starts([0x1F, 0x8B]) { return .other("gzip") }
    if starts([0x52, 0x61, 0x72, 0x21]) { return .other("RAR") }
    let text = String(decoding: head.prefix(256), as: UTF8.self).lowercased()
    if text.contains("<html") || text.contains("<!doctype html") { return .other("HTML") }
    if head.prefix(512).allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20...0x7E).contains($0) || $0 >= 0x80 }) {
      return .other("text")
    }
    return .unknown
  }
}
