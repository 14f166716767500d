import Core
import Foundation
import Mustache
import RegistrationRules

/// The reviewer's page, `index.html`: one file that works opened from disk, with no
/// network, at any number of submissions. The first page of submissions is HTML from the
/// Mustache templates in `templates/report/` (which HTML-escape every value); every
/// submission is also data (JSON inside a non-executable script element, with `<`, `>`
/// and `&` escaped) from which the page's script draws one page at a time, filtered —
/// so 10,000 submissions open and filter in about a second. Both are streamed a report
/// at a time, so a run of any size needs memory for one report.
public struct IndexPage: Sendable {
  let start: MustacheTemplate
  let submission: MustacheTemplate
  let end: MustacheTemplate
  let script: MustacheTemplate
  /// Submissions per page.
  public var pageSize = 50

  public struct TemplateError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Loads `page-start`, `submission`, `page-end` and `page-script` (`.mustache`), with
  /// the pages' shared script (`../web/page-common.js`) inlined into the last.
  public init(templates folder: String, files: any FileAccess = DiskFiles()) throws {
    let templates = (folder as NSString).deletingLastPathComponent
    guard let common = SharedScript.load(templates: templates, files: files) else {
      throw TemplateError(description: "cannot read the pages' shared script \(templates)/web/page-common.js")
    }
    func load(_ name: String) throws -> MustacheTemplate {
      let path = folder + "/" + name + ".mustache"
      guard let text = SharedScript.text(path, files: files) else {
        throw TemplateError(description: "cannot read the page template \(path)")
      }
      do {
        return try MustacheTemplate(string: SharedScript.inline(common, into: text))
      } catch {
        throw TemplateError(description: "the page template \(path) is not valid Mustache: \(error)")
      }
    }
    start = try load("page-start")
    submission = try load("submission")
    end = try load("page-end")
    script = try load("page-script")
  }

  /// Writes the page: the header with counts, chart and filters from `items`, then each
  /// report as `report(id)` returns it, in the order of `items`.
  public func write(
    to path: String, items: [SummaryItem], header: RunHeader, readers: Readers = .owner,
    files: any FileAccess = DiskFiles(), report: (SummaryItem) -> SubmissionReport?
  ) throws {
    let language = header.language
    let counts = Summary.counts(items)
    let most = max(1, counts.first?.submissions ?? 1)
    let accepted = items.count { $0.decision == .accept }
    var page: [String: Any] = [
      "lang": LocalizedText("indexPage.htmlLanguage")(language),
      "title": LocalizedText("indexPage.safetyEngineerRegistrationReviewResults")(language),
      "policy": header.policy, "today": header.today,
      "dateAndPolicy": LocalizedText("indexPage.dateAndPolicy", ["today": header.today, "policy": header.policy])(language),
      "total": items.count, "accepted": accepted, "rejected": items.count - accepted,
      "chart": counts.map { entry -> [String: Any] in
        [
          "code": entry.code.rawValue, "label": entry.code.shortLabel(header.language), "count": entry.submissions,
          "width": String(format: "%.1f", 100 * Double(entry.submissions) / Double(most)),
        ]
      },
      "noReasons": counts.isEmpty,
      "t": labels(header.language),
    ]
    page["pageSize"] = pageSize
    let t = labels(header.language)
    try files.stream(to: path, readers: readers) { out throws(WriteError) in
      try out.write(start.render(page))
      // The first page as HTML: what shows without scripts, and at once.
      for item in items.prefix(pageSize) {
        guard let r = report(item) else { continue }
        try out.write(submission.render(context(r, file: item.report, language: header.language, labels: t)))
      }
      try out.write(end.render(page))
      try out.write("<script type=\"application/json\" id=\"labels\">")
      try out.write(Self.scriptSafe(JSONValue.object(t.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compact()))
      try out.write("</script>\n<script type=\"application/json\" id=\"data\">[")
      var first = true
      for item in items {
        guard let r = report(item) else { continue }
        try out.write((first ? "\n" : ",\n") + Self.scriptSafe(data(r, file: item.report, language: header.language).compact()))
        first = false
      }
      try out.write("\n]</script>\n")
      try out.write(script.render(page))
    }
  }

  /// One submission as the page's script reads it (short keys: 10,000 of them).
  func data(_ r: SubmissionReport, file: String, language: Language) -> JSONValue {
    let c = context(r, file: file, language: language, labels: [:])
    func text(_ any: Any?) -> JSONValue { (any as? String).map { .string($0) } ?? .null }
    func reasons(_ key: String, _ records: [ReasonRecord]) -> JSONValue {
      .array(
        records.map { f in
          .array([
            .string(f.code.rawValue), text(f.material?.label(language)), text(f.file), text(f.field), .string(f.message),
            text(f.measured?.description), text(f.limit?.description),
          ])
        })
    }
    let materials = (c["materials"] as? [[String: Any]]) ?? []
    return .object([
      ("s", .string(r.submission)), ("a", text(c["anchor"])), ("j", text(c["json"])), ("d", .string(r.decision.rawValue)),
      ("l", text(c["decisionLabel"])), ("k", text(c["kind"])), ("p", text(c["applicant"])), ("c", text(c["codes"])),
      ("r", reasons("r", r.reasons)), ("w", reasons("w", r.warnings)),
      (
        "m",
        .array(
          materials.map { m in
            .array([
              text(m["file"]), text(m["material"]), .bool((m["ok"] as? Bool) ?? false), text(m["thumbnail"]), text(m["preview"]),
              text(m["size"]), .array(((m["marks"] as? [[String: Any]]) ?? []).compactMap { $0["data"] as? JSONValue }),
              text(m["note"]),
            ])
          })
      ),
    ])
  }

  /// JSON that can sit inside `<script>`: no `</script>`, no `<!--`, no line separators a
  /// JavaScript parser would trip on; `&` too, for the XHTML-minded.
  public static func scriptSafe(_ json: String) -> String {
    var out = ""
    out.reserveCapacity(json.utf8.count)
    for scalar in json.unicodeScalars {
      switch scalar {
      case "<": out += "\\u003c"
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  func context(_ r: SubmissionReport, file: String, language: Language, labels: [String: String]) -> [String: Any] {
    func reason(_ f: ReasonRecord) -> [String: Any] {
      var c: [String: Any] = ["code": f.code.rawValue, "message": f.message]
      if let m = f.material { c["material"] = m.label(language) }
      if let file = f.file { c["file"] = file }
      if let field = f.field { c["field"] = field }
      if let measured = f.measured { c["measured"] = measured.description }
      if let limit = f.limit { c["limit"] = limit.description }
      return c
    }
    var ctx: [String: Any] = [
      "submission": r.submission,
      "anchor": "s-" + FNV1a.of(r.submission).hex,
      "json": Self.href(file + ".json"),
      "decision": r.decision.rawValue,
      "decisionLabel": r.decision == .accept
        ? LocalizedText("indexPage.accept")(language) : LocalizedText("indexPage.reject")(language),
      "codes": " " + r.codes.map(\.rawValue).joined(separator: " ") + " ",
      "reasons": r.reasons.map(reason),
      "warnings": r.warnings.map(reason),
      "hasReasons": !r.reasons.isEmpty, "hasWarnings": !r.warnings.isEmpty,
      "materials": r.materials.map { m -> [String: Any] in
        var c: [String: Any] = ["file": m.file, "material": m.material.label(language), "ok": m.ok]
        if let t = m.thumbnail { c["thumbnail"] = Self.href(t) }
        if let p = m.preview { c["preview"] = Self.href(p) }
        if let marks = m.marks, !marks.isEmpty {
          c["marks"] = marks.map { k -> [String: Any] in
            let label = labels["mark" + k.kind.rawValue] ?? k.kind.rawValue
            return [
              "cls": "\(k.kind.rawValue) \(k.found ? "found" : "missing")",
              "label": label + (k.found ? " ✓" : " ✗") + (k.note.map { " · " + $0 } ?? ""),
              "style":
                "left:\(Self.percent(k.x))%;top:\(Self.percent(k.y))%;width:\(Self.percent(k.width))%;height:\(Self.percent(k.height))%",
              "data": JSONValue.array(
                [
                  .string(k.kind.rawValue), .bool(k.found), .number(Self.percent(k.x)), .number(Self.percent(k.y)),
                  .number(Self.percent(k.width)), .number(Self.percent(k.height)),
                ] + (k.note.map { [.string($0)] } ?? [])),
            ]
          }
        }
        // What was read on the page (the seal's words), under its preview.
        // (The JSON data of the page is built without the labels: the words are named here.)
        let notes = (m.marks ?? []).compactMap { k in k.note.map { LocalizedText("indexPage.reads")(language) + $0 } }
        if !notes.isEmpty { c["note"] = notes.joined(separator: "；") }
        if let w = m.width, let h = m.height {
          c["size"] =
            m.pages.map { LocalizedText("indexPage.sizeAndPages", ["width": w, "height": h, "pages": $0])(language) }
            ?? "\(w)×\(h)"
        }
        return c
      },
      "hasMaterials": !r.materials.isEmpty,
      "t": labels,
    ]
    if let kind = r.kind { ctx["kind"] = kind.label(language) }
    if let name = r.applicant { ctx["applicant"] = name }
    return ctx
  }

  /// A relative URL for a file name: percent-encoded, so that `#`, `?` or `%` in a
  /// folder name cannot change what the link points at.
  /// A share as a percentage with one decimal (CSS and the page's data).
  static func percent(_ share: Double) -> Double { (max(0, min(1, share)) * 1000).rounded() / 10 }

  static func href(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%;:")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  func labels(_ language: Language) -> [String: String] {
    return [
      "policy": LocalizedText("indexPage.policy")(language), "today": LocalizedText("indexPage.reviewDate")(language),
      "total": LocalizedText("indexPage.submissions")(language), "accepted": LocalizedText("indexPage.accepted")(language),
      "rejected": LocalizedText("indexPage.rejected")(language),
      "chart": LocalizedText("indexPage.reasonsSubmissions")(language), "none": LocalizedText("indexPage.noReasons")(language),
      "filter": LocalizedText("indexPage.filter")(language), "decision": LocalizedText("indexPage.decision")(language),
      "reason": LocalizedText("indexPage.reason")(language),
      "all": LocalizedText("indexPage.all")(language), "accept": LocalizedText("indexPage.accepted")(language),
      "reject": LocalizedText("indexPage.rejected")(language),
      "shown": LocalizedText("indexPage.shown")(language), "reasons": LocalizedText("indexPage.reasons")(language),
      "warnings": LocalizedText("indexPage.warnings")(language),
      "materials": LocalizedText("indexPage.materials")(language), "measured": LocalizedText("indexPage.measured")(language),
      "limit": LocalizedText("indexPage.limit")(language),
      "report": LocalizedText("indexPage.jsonReport")(language), "noPreview": LocalizedText("indexPage.noPreview")(language),
      "noMaterials": LocalizedText("indexPage.noMaterialWasChecked")(language), "kind": LocalizedText("indexPage.kind")(language),
      "search": LocalizedText("indexPage.find")(language), "searchHint": LocalizedText("indexPage.submissionOrName")(language),
      "previous": LocalizedText("indexPage.previous")(language), "next": LocalizedText("indexPage.next")(language),
      "page": LocalizedText("indexPage.page")(language),
      "enlarge": LocalizedText("indexPage.clickToEnlargeAPreview")(language),
      "markqr": LocalizedText("indexPage.qrCode")(language),
      "marksignature": LocalizedText("indexPage.applicantSSignature")(language),
      "markseal": LocalizedText("indexPage.employerSSeal")(language),
      "markphoto": LocalizedText("indexPage.theFormSPhoto")(language),
      "markface": LocalizedText("indexPage.face")(language), "markcard": LocalizedText("indexPage.idCard")(language),
      "marktext": LocalizedText("indexPage.theNameIDNumberOr")(language),
      "markcrown": LocalizedText("indexPage.whereTheCrownMayBe")(language),
      "markeyes": LocalizedText("indexPage.whereTheEyesMayBe")(language),
      "markchin": LocalizedText("indexPage.whereTheChinMayBe")(language),
      "noScript": LocalizedText("indexPage.scriptsAreOff")(language),
    ]
  }
}
