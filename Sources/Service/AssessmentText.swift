import Core
import RegistrationRules

/// The human-readable report of `validate`: every problem with its field, line and fix,
/// then the materials and the suggested authority.
public enum AssessmentText {
  public static func render(_ a: Assessment, file: String, language lang: Language) -> String {
    let zh = lang == .zh
    var out: [String] = []
    let app = a.application
    out.append((zh ? "申请文件：" : "Application: ") + file)
    var who = [app.applicant.name, app.id].compactMap { $0 }.joined(separator: zh ? "，" : ", ")
    if !who.isEmpty { who = zh ? "（\(who)）" : " (\(who))" }
    out.append(
      (zh ? "注册种类：" : "Kind: ")
        + (app.kind.map { zh || $0.label.en == $0.rawValue ? $0.label(lang) : "\($0.label.en) (\($0.rawValue))" } ?? "—") + who)
    if let timing = a.timing { out.append((zh ? "时限：" : "Timing: ") + timing.summary(lang)) }
    let errors = a.findings.errors, warnings = a.findings.warnings
    if errors.isEmpty {
      out.append(zh ? "结论：✓ 通过校验" : "Result: ✓ valid")
    } else {
      out.append(
        zh
          ? "结论：✗ 未通过，\(errors.count) 个问题须修改" : "Result: ✗ invalid, \(errors.count) problem\(errors.count == 1 ? "" : "s") to fix"
      )
    }

    if !errors.isEmpty {
      out.append("")
      out.append(zh ? "问题（须修改）：" : "Problems (must be fixed):")
      for (i, f) in errors.enumerated() { out.append(contentsOf: finding(f, number: "\(i + 1).", lang)) }
    }
    if !warnings.isEmpty {
      out.append("")
      out.append(zh ? "提示（不影响通过）：" : "Warnings (do not reject):")
      for f in warnings { out.append(contentsOf: finding(f, number: "•", lang)) }
    }
    if let ce = a.continuingEducation {
      out.append("")
      let mark = ce.isMet ? "✓" : "✗"
      out.append(
        zh
          ? "继续教育：\(ce.period.lowerBound) 至 \(ce.period.upperBound) 计入 \(Measure(ce.countedHours)) 学时，要求 \(Measure(ce.requiredHours)) 学时 \(mark)"
          : "Continuing education: \(Measure(ce.countedHours)) hours counted from \(ce.period.lowerBound) to \(ce.period.upperBound), \(Measure(ce.requiredHours)) required \(mark)"
      )
    }
    if !a.requiredMaterials.isEmpty {
      out.append("")
      out.append(zh ? "需上传的材料：" : "Materials to upload:")
      for m in a.requiredMaterials {
        let level = m.level == .required ? "" : (zh ? "（建议）" : " (recommended)")
        out.append("  \(m.level == .required ? "•" : "○") \(m.material.label(lang))\(level) [\(m.material.rawValue)]")
        out.append("    \(m.why(lang))")
      }
    }
    if !a.notes.isEmpty {
      out.append("")
      out.append(zh ? "请注意：" : "Please note:")
      for note in a.notes { out.append("  • " + note(lang)) }
    }
    out.append("")
    if let s = a.authority {
      out.append((zh ? "建议初审机构：" : "Suggested initial-review authority: ") + s.authority)
      out.append((zh ? "  依据：" : "  Because: ") + s.basis(lang))
      for note in s.notes { out.append((zh ? "  注意：" : "  Note: ") + note(lang)) }
    } else {
      out.append(
        zh
          ? "建议初审机构：无法确定（请填写 employer.province 或单位地址）"
          : "Suggested initial-review authority: cannot tell (fill in employer.province or the employer's address)")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `[CODE] label (path), line N: message` on one line, for lists of many applications.
  public static func oneLine(_ f: Finding, _ lang: Language) -> String {
    let place = places(f, lang)
    let head = "[\(f.code.rawValue)] " + place.joined(separator: lang == .zh ? "，" : ", ")
    return head + (place.isEmpty ? "" : (lang == .zh ? "：" : ": ")) + f.message(lang)
  }

  /// Where a finding stands: the field and its line in a data file; the row and the
  /// column as headed in a spreadsheet (`第 12 行「证件号码」（C 列）`).
  public static func places(_ f: Finding, _ lang: Language) -> [String] {
    if let column = f.column {
      guard let line = f.line else { return [column(lang)] }
      return [lang == .zh ? "第 \(line) 行\(column.zh)" : "row \(line), \(column.en)"]
    }
    var place: [String] = []
    if let line = f.line { place.append(lang == .zh ? "第 \(line) 行" : "line \(line)") }
    if let field = f.field { place.append(FieldLabels.describe(field, lang)) }
    return place
  }

  public static func finding(_ f: Finding, number: String, _ lang: Language) -> [String] {
    var place: [String] = []
    if f.column != nil {
      place = places(f, lang)
    } else {
      if let field = f.field { place.append(FieldLabels.describe(field, lang)) }
      if let line = f.line { place.append(lang == .zh ? "第 \(line) 行" : "line \(line)") }
    }
    let head = "  \(number) [\(f.code.rawValue)]" + (place.isEmpty ? "" : " " + place.joined(separator: lang == .zh ? "，" : ", "))
    return [head, "     " + f.message(lang)]
  }
}

/// The JSON form of an assessment (`validate --json`).
/// `validate --json`: DESIGN.md's verdict shape plus the timing, the continuing-education
/// count, the materials and the authority, in a fixed key order.
public enum AssessmentJSON {
  public static func of(_ a: Assessment, file: String, language: Language) -> JSONValue {
    .fields([
      ("file", .string(file)),
      ("decision", .string(a.isValid ? "accept" : "reject")),
      ("kind", a.application.kind.map { .string($0.rawValue) }),
      ("id", a.application.id.map { .string($0) }),
      ("reasons", .array(a.findings.errors.map { ReasonRecord($0, language: language).json })),
      ("warnings", .array(a.findings.warnings.map { ReasonRecord($0, language: language).json })),
      (
        "timing",
        a.timing.map { t in
          .fields([
            ("summary", .string(t.summary(language))),
            ("referenceDate", .string(t.referenceDate.description)),
            ("firstDay", t.firstDay.map { .string($0.description) }),
            ("lastDay", t.lastDay.map { .string($0.description) }),
            ("overdueInitial", .bool(t.overdueInitial)),
            ("needsContinuingEducation", .bool(t.needsContinuingEducation)),
          ])
        }
      ),
      (
        "continuingEducation",
        a.continuingEducation.map { ce in
          .fields([
            ("periodStart", .string(ce.period.lowerBound.description)),
            ("periodEnd", .string(ce.period.upperBound.description)),
            ("countedHours", .number(ce.countedHours)),
            ("requiredHours", .number(ce.requiredHours)),
            ("met", .bool(ce.isMet)),
          ])
        }
      ),
      (
        "requiredMaterials",
        .array(
          a.requiredMaterials.map {
            .fields([
              ("material", .string($0.material.rawValue)), ("level", .string($0.level.rawValue)),
              ("why", .string($0.why(language))),
            ])
          })
      ),
      ("notes", .array(a.notes.map { .string($0(language)) })),
      (
        "authority",
        a.authority.map { s in
          .fields([
            ("suggested", .string(s.authority)),
            ("step", .number(Double(s.step))),
            ("basis", .string(s.basis(language))),
            ("notes", .array(s.notes.map { .string($0(language)) })),
            ("chosen", a.application.authority.map { .string($0) }),
          ])
        }
      ),
    ])
  }
}
