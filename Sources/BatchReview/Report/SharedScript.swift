import Core
import Foundation

/// The script every page shares (`templates/web/page-common.js`: `el`, `postTo`,
/// `pageLanguage`), written once and inlined where a page's own script holds the marker:
/// the reviewer's page is a file opened without a server, and the served pages fetch
/// nothing, so each page stays one self-contained file.
public enum SharedScript {
  public static let marker = "/*@common*/"

  /// The shared script, from `templates/web/page-common.js` under `templates`.
  public static func load(templates: String, files: any FileAccess = DiskFiles()) -> String? {
    text(templates + "/web/page-common.js", files: files)
  }

  /// A template file of ours as text: nil when it cannot be read or is not UTF-8.
  public static func text(_ path: String, files: any FileAccess) -> String? {
    let limit = 4 << 20
    guard let bytes = try? files.readFile(path, limit: limit), bytes.count <= limit else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  /// `page` with the marker replaced by `common`.
  public static func inline(_ common: String, into page: String) -> String {
    page.replacingOccurrences(of: marker, with: common)
  }
}
