import Core
import RegistrationRules

/// The file name of a submission's report, `<name>.json` in the reports folder.
///
/// A submission folder's own name is used when it is plain: valid UTF-8, at most 160
/// bytes, no control characters, no `/`, `~` or leading `.` or `-`, and not a name the
/// run uses itself (`summary`). Anything else (a 255-byte name that leaves no room for
/// `.json`, bytes that are not UTF-8, `summary`) keeps a readable prefix and gets a hash
/// of its raw bytes: `summary~3f1c…`. A plain name never contains `~`, so the two kinds
/// of names cannot collide, and two different folders never share a report.
public enum ReportName {
  static let reserved: Set<String> = ["summary"]
  static let maxPlainBytes = 160

  public static func of(id: String, raw: [UInt8]) -> String {
    if isPlain(id, raw: raw) { return id }
    var prefix = ""
    for scalar in id.unicodeScalars {
      guard prefix.utf8.count < 60 else { break }
      let c = Character(scalar)
      prefix.append(c.isLetter || c.isNumber || "-_.".contains(c) ? c : "_")
    }
    while prefix.hasPrefix(".") || prefix.hasPrefix("-") { prefix.removeFirst() }
    var hash = FNV1a()
    hash.add(raw)
    return prefix + "~" + hash.hex
  }

  static func isPlain(_ id: String, raw: [UInt8]) -> Bool {
    Array(id.utf8) == raw && raw.count <= maxPlainBytes && !reserved.contains(id.lowercased()) && !id.hasPrefix(".")
      && !id.hasPrefix("-") && !id.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" || $0 == "~" }
  }

  /// A name as people can read it (`FolderEntry.display`).
  public static func display(_ raw: [UInt8]) -> String { FolderEntry.display(raw) }
}
