import Foundation
import Mustache
import RegistrationRules
import SafeIO

/// The reviewer's page, `index.html`: one file that works opened from disk, with no
/// network. It is written from three Mustache templates in `templates/report/` (which
/// HTML-escape every value), streamed a submission at a time so that a run of any size
/// needs memory for one report, not all of them.
public struct IndexPage: Sendable {
  let start: MustacheTemplate
  let submission: MustacheTemplate
  let end: MustacheTemplate

  public struct TemplateError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Loads `page-start.mustache`, `submission.mustache` and `page-end.mustache`.
  public init(templates folder: String) throws {
    func load(_ name: String) throws -> MustacheTemplate {
      let path = folder + "/" + name + ".mustache"
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw TemplateError(description: "cannot read the page template \(path)")
      }
      do {
        return try MustacheTemplate(string: text)
      } catch {
        throw TemplateError(description: "the page template \(path) is not valid Mustache: \(error)")
      }
    }
    start = try load("page-start")
    submission = try load("submission")
    end = try load("page-end")
  }

  /// Writes the page: the header with counts, chart and filters from `items`, then each
  /// report as `report(id)` returns it, in the order of `items`.
  public func write(
    to path: String, items: [SummaryItem], header: RunHeader, report: (SummaryItem) -> SubmissionReport?
  ) throws {
    let zh = header.language == .zh
    let counts = Summary.counts(items)
    let most = max(1, counts.first?.submissions ?? 1)
    let accepted = items.count { $0.decision == .accept }
    let page: [String: Any] = [
      "lang": zh ? "zh-CN" : "en",
      "title": zh ? "注册安全工程师注册材料审查结果" : "Safety engineer registration: review results",
      "policy": header.policy, "today": header.today,
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
    try AtomicFile.stream(to: path) { out throws(WriteError) in
      try out.write(start.render(page))
      let t = labels(header.language)
      for item in items {
        guard let r = report(item) else { continue }
        try out.write(submission.render(context(r, file: item.report, language: header.language, labels: t)))
      }
      try out.write(end.render(page))
    }
  }

  func context(_ r: SubmissionReport, file: String, language: Language, labels: [String: String]) -> [String: Any] {
    let zh = language == .zh
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
      "decisionLabel": r.decision == .accept ? (zh ? "通过" : "accept") : (zh ? "退回" : "reject"),
      "codes": " " + r.codes.map(\.rawValue).joined(separator: " ") + " ",
      "reasons": r.reasons.map(reason),
      "warnings": r.warnings.map(reason),
      "hasReasons": !r.reasons.isEmpty, "hasWarnings": !r.warnings.isEmpty,
      "materials": r.materials.map { m -> [String: Any] in
        var c: [String: Any] = ["file": m.file, "material": m.material.label(language), "ok": m.ok]
        if let t = m.thumbnail { c["thumbnail"] = Self.href(t) }
        if let w = m.width, let h = m.height {
          c["size"] = "\(w)×\(h)" + (m.pages.map { zh ? " · \($0) 页" : " · \($0) pages" } ?? "")
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
  static func href(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%;:")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  func labels(_ language: Language) -> [String: String] {
    let zh = language == .zh
    return [
      "policy": zh ? "政策" : "Policy", "today": zh ? "审查日期" : "Review date",
      "total": zh ? "提交总数" : "Submissions", "accepted": zh ? "通过" : "Accepted", "rejected": zh ? "退回" : "Rejected",
      "chart": zh ? "退回原因统计（按提交数）" : "Reasons (submissions)", "none": zh ? "没有退回原因" : "No reasons",
      "filter": zh ? "筛选" : "Filter", "decision": zh ? "结论" : "Decision", "reason": zh ? "原因" : "Reason",
      "all": zh ? "全部" : "All", "accept": zh ? "通过" : "Accepted", "reject": zh ? "退回" : "Rejected",
      "shown": zh ? "显示" : "Shown", "reasons": zh ? "退回原因" : "Reasons", "warnings": zh ? "提示" : "Warnings",
      "materials": zh ? "材料" : "Materials", "measured": zh ? "测得" : "measured", "limit": zh ? "要求" : "limit",
      "report": zh ? "JSON 报告" : "JSON report", "noPreview": zh ? "无预览" : "no preview",
      "noMaterials": zh ? "未检查任何材料" : "no material was checked", "kind": zh ? "类别" : "Kind",
    ]
  }
}
