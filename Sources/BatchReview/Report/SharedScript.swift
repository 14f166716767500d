import Foundation

/// The script every page shares (`templates/web/page-common.js`: `el`, `postTo`,
/// `pageLanguage`), written once and inlined where a page's own script holds the marker:
/// the reviewer's page is a file opened without a server, and the served pages fetch
/// nothing, so each page stays one self-contained file.
public enum SharedScript {
  public static let marker = "/*@common*/"

  /// The shared script, from `templates/web/page-common.js` under `templates`.
  public static func load(templates: String) -> String? {
    try? String(contentsOfFile: templates + "/web/page-common.js", encoding: .utf8)
  }

  /// `page` with the marker replaced by `common`.
  public static func inline(_ common: String, into page: String) -> String {
    page.replacingOccurrences(of: marker, with: common)
  }
}
