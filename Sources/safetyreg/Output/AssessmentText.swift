import RegistrationRules

/// The human-readable report of `validate`: every problem with its field, line and fix,
/// then the materials and the suggested authority.
enum AssessmentText {
  static func render(_ a: Assessment, file: String, language lang: Language) -> String {
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

  static func finding(_ f: Finding, number: String, _ lang: Language) -> [String] {
    var place: [String] = []
    if let field = f.field { place.append(FieldLabels.describe(field, lang)) }
    if let line = f.line { place.append(lang == .zh ? "第 \(line) 行" : "line \(line)") }
    let head = "  \(number) [\(f.code.rawValue)]" + (place.isEmpty ? "" : " " + place.joined(separator: lang == .zh ? "，" : ", "))
    return [head, "     " + f.message(lang)]
  }
}

/// The JSON form of an assessment (`validate --json`).
struct AssessmentJSON: Encodable {
  struct Timing: Encodable {
    var summary: String
    var referenceDate: String
    var firstDay: String?
    var lastDay: String?
    var overdueInitial: Bool
    var needsContinuingEducation: Bool
  }

  struct ContinuingEducation: Encodable {
    var periodStart: String
    var periodEnd: String
    var countedHours: Double
    var requiredHours: Double
    var met: Bool
  }

  struct Material: Encodable {
    var material: MaterialType
    var level: MaterialRequirement.Level
    var why: String
  }

  struct Authority: Encodable {
    var suggested: String
    var step: Int
    var basis: String
    var notes: [String]
    var chosen: String?
  }

  var file: String
  var decision: String
  var kind: RegistrationKind?
  var id: String?
  var reasons: [ReasonRecord]
  var warnings: [ReasonRecord]
  var timing: Timing?
  var continuingEducation: ContinuingEducation?
  var requiredMaterials: [Material]
  var authority: Authority?

  init(_ a: Assessment, file: String, language: Language) {
    self.file = file
    decision = a.isValid ? "accept" : "reject"
    kind = a.application.kind
    id = a.application.id
    reasons = a.findings.errors.map { ReasonRecord($0, language: language) }
    warnings = a.findings.warnings.map { ReasonRecord($0, language: language) }
    timing = a.timing.map {
      Timing(
        summary: $0.summary(language), referenceDate: $0.referenceDate.description, firstDay: $0.firstDay?.description,
        lastDay: $0.lastDay?.description, overdueInitial: $0.overdueInitial, needsContinuingEducation: $0.needsContinuingEducation
      )
    }
    continuingEducation = a.continuingEducation.map {
      ContinuingEducation(
        periodStart: $0.period.lowerBound.description, periodEnd: $0.period.upperBound.description,
        countedHours: $0.countedHours, requiredHours: $0.requiredHours, met: $0.isMet)
    }
    requiredMaterials = a.requiredMaterials.map { Material(material: $0.material, level: $0.level, why: $0.why(language)) }
    authority = a.authority.map {
      Authority(
        suggested: $0.authority, step: $0.step, basis: $0.basis(language), notes: $0.notes.map { $0(language) },
        chosen: a.application.authority)
    }
  }
}
