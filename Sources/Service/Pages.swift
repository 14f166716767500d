import BatchReview
import Core
import Foundation
import Hummingbird

/// The pages people open: `/apply` (the applicant's application: fill in, check field by
/// field, download the data and the form), `/photo` (the applicant's photo check) and,
/// with `--reports`, `/reports/` (a `review` output, read-only, behind `ReportGate`). Every page, script and style is ours and
/// served from here: no external request.
public struct WebPages: Sendable {
  public let apply: [UInt8]
  public let photo: [UInt8]
  /// The reports folder, when the server was given one.
  public let reports: String?
  /// Where each report or preview served is recorded.
  public let audit: ReportAudit?
  /// Where the pages and reports are read from.
  let files: any FileAccess

  public init(templates: String, reports: String?, audit: ReportAudit?, files: any FileAccess = DiskFiles()) {
    self.files = files
    let common = SharedScript.load(templates: templates, files: files) ?? ""
    func page(_ name: String) -> [UInt8] {
      let text = SharedScript.text(templates + "/web/" + name + ".html", files: files) ?? ""
      let words = Self.words(page: name, catalogs: MessageCatalogs.shipped)
      return Array(SharedScript.inline(common, into: text).replacingOccurrences(of: Self.wordsMarker, with: words).utf8)
    }
    apply = page("apply")
    photo = page("photo")
    self.reports = reports
    self.audit = audit
  }

  /// Where a page's script takes its words.
  public static let wordsMarker = "/*@words*/"

  /// The words of a page (`page.<name>.…` in the catalogs) in every language, as the
  /// object its script reads: `{"zh": {"title": …, "addRow": {"workExperience": …}}, "en": …}`,
  /// Chinese first, each language with its own name and HTML code. `{n}` placeholders are
  /// left for the page to fill; a key a catalog lacks is shown in Chinese, as anywhere.
  public static func words(page: String, catalogs: MessageCatalogs) -> String {
    let prefix = "page.\(page)."
    let keys = (catalogs.catalogs["zh"]?.keys ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    func object(_ code: String) -> JSONValue {
      var root = Tree()
      for key in keys { root.insert(key.dropFirst(prefix.count).split(separator: "."), catalogs.template(key, code: code)) }
      root.insert(["languageName"], catalogs.template("language.name", code: code))
      root.insert(["htmlLanguage"], catalogs.template("indexPage.htmlLanguage", code: code))
      return root.json
    }
    // Inside a <script>: nothing in a text may end it early.
    return IndexPage.scriptSafe(JSONValue.fields(catalogs.languages.map { ($0, object($0)) }).compact())
  }

  /// Dotted keys as nested objects, in the order they were inserted.
  struct Tree {
    var entries: [(String, Node)] = []
    indirect enum Node {
      case text(String)
      case tree(Tree)
    }

    mutating func insert(_ path: [Substring], _ text: String) {
      guard let first = path.first.map(String.init) else { return }
      let index = entries.firstIndex { $0.0 == first }
      if path.count == 1 {
        if index == nil { entries.append((first, .text(text))) }
        return
      }
      var inner = Tree()
      if let index, case .tree(let existing) = entries[index].1 { inner = existing }
      inner.insert(Array(path.dropFirst()), text)
      if let index { entries[index].1 = .tree(inner) } else { entries.append((first, .tree(inner))) }
    }

    var json: JSONValue {
      .fields(
        entries.map { name, node in
          switch node {
          case .text(let text): (name, .string(text))
          case .tree(let tree): (name, tree.json)
          }
        })
    }
  }

  public func register(on router: Router<BasicRequestContext>) {
    router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/apply"]) }
    router.get("apply") { _, _ in Self.bytes(self.apply, type: "text/html; charset=utf-8") }
    router.get("photo") { _, _ in Self.bytes(self.photo, type: "text/html; charset=utf-8") }
    guard reports != nil else { return }
    router.get("reports") { _, _ in Response(status: .seeOther, headers: [.location: "/reports/index.html"]) }
    router.get("reports/**") { request, _ in self.report(request.uri.path) }
  }

  /// A file of the reports folder: `index.html`, a report, `summary.*`, or `thumbs/…`.
  /// Each name is checked (no `..`, no hidden file, no control character), links are not
  /// followed, only regular files are served.
  public func report(_ rawPath: String) -> Response {
    guard let root = reports, let decoded = rawPath.removingPercentEncoding,
      decoded.hasPrefix("/reports/")
    else { return Self.notFound }
    let parts = decoded.dropFirst("/reports/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(parts.count), parts.count == 1 || parts[0] == "thumbs",
      parts.allSatisfy({
        !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") && !$0.unicodeScalars.contains { $0.value < 0x20 }
      })
    else { return Self.notFound }
    // Read inside the reports folder with no link followed at any depth (`ConfinedFolder`):
    // neither a linked `thumbs` nor a linked report leads out of it.
    let path = parts.joined(separator: "/")
    guard let folder = try? files.openFolder(root), let data = try? folder.read(path, limit: 256 << 20) else {
      return Self.notFound
    }
    audit?.viewed(decoded)
    let type: String
    switch (path as NSString).pathExtension.lowercased() {
    case "html": type = "text/html; charset=utf-8"
    case "json": type = "application/json; charset=utf-8"
    case "csv": type = "text/csv; charset=utf-8"
    case "jpg", "jpeg": type = "image/jpeg"
    default: type = "application/octet-stream"
    }
    return Self.bytes(data, type: type)
  }

  public static func bytes(_ bytes: [UInt8], type: String) -> Response {
    Response(
      status: .ok,
      headers: [
        .contentType: type, .contentSecurityPolicy: "default-src 'self' data: blob: 'unsafe-inline'",
        .xContentTypeOptions: "nosniff",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  public static var notFound: Response { Response(status: .notFound) }
}
