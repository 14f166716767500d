import Core
import RegistrationRules

/// The human-readable report of `validate`: every problem with its field, line and fix,
/// then the materials and the suggested authority.
public enum AssessmentText {
  public static func render(_ a: Assessment, file: String, language lang: Language) -> String {
    var out: [String] = []
    func say(_ key: String, _ arguments: KeyValuePairs<String, Any> = [:]) { out.append(LocalizedText(key, arguments)(lang)) }
    let app = a.application
    say("assessmentText.application", ["file": file])
    let named = [app.applicant.name, app.id].compactMap { $0 }
    let who =
      named.isEmpty
      ? LocalizedText(verbatim: "")
      : LocalizedText(
        "assessmentText.who", ["who": LocalizedText.list(named.map(LocalizedText.init(verbatim:)), separator: clauses)])
    let kind: LocalizedText =
      app.kind.map { kind in
        // A kind whose name is its code is not named twice.
        kind.label(lang) == kind.rawValue
          ? kind.label : LocalizedText("assessmentText.kindAndCode", ["label": kind.label, "code": kind.rawValue])
      } ?? LocalizedText(verbatim: "—")
    say("assessmentText.kind", ["kind": kind, "who": who])
    if let timing = a.timing { say("assessmentText.timing", ["summary": timing.summary(lang)]) }
    let errors = a.findings.errors, warnings = a.findings.warnings
    if errors.isEmpty {
      say("assessmentText.resultValid")
    } else {
      say(errors.count == 1 ? "assessmentText.resultInvalidOne" : "assessmentText.resultInvalid", ["count": errors.count])
    }

    if !errors.isEmpty {
      out.append("")
      say("assessmentText.problemsMustBeFixed")
      for (i, f) in errors.enumerated() { out.append(contentsOf: finding(f, number: "\(i + 1).", lang)) }
    }
    if !warnings.isEmpty {
      out.append("")
      say("assessmentText.warningsDoNotReject")
      for f in warnings { out.append(contentsOf: finding(f, number: "•", lang)) }
    }
    if let ce = a.continuingEducation {
      out.append("")
      say(
        "assessmentText.continuingEducation",
        [
          "start": ce.period.lowerBound.description, "end": ce.period.upperBound.description, "counted": Measure(ce.countedHours),
          "required": Measure(ce.requiredHours), "mark": ce.isMet ? "✓" : "✗",
        ])
    }
    if !a.requiredMaterials.isEmpty {
      out.append("")
      say("assessmentText.materialsToUpload")
      for m in a.requiredMaterials {
        let level = m.level == .required ? "" : LocalizedText("assessmentText.recommended")(lang)
        out.append("  \(m.level == .required ? "•" : "○") \(m.material.label(lang))\(level) [\(m.material.rawValue)]")
        out.append("    \(m.why(lang))")
      }
    }
    if !a.notes.isEmpty {
      out.append("")
      say("assessmentText.pleaseNote")
      for note in a.notes { out.append("  • " + note(lang)) }
    }
    out.append("")
    if let s = a.authority {
      say("assessmentText.suggestedAuthority", ["authority": s.authority])
      say("assessmentText.because", ["basis": s.basis(lang)])
      for note in s.notes { say("assessmentText.note", ["note": note(lang)]) }
    } else {
      say("assessmentText.authorityUnknown")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The separator between clauses of one sentence.
  static let clauses = LocalizedText("core.clauseSeparator")

  /// `[CODE] label (path), line N: message` on one line, for lists of many applications.
  public static func oneLine(_ f: Finding, _ lang: Language) -> String {
    let place = places(f, lang)
    let head = "[\(f.code.rawValue)] " + place.joined(separator: clauses(lang))
    return place.isEmpty
      ? head + f.message(lang) : LocalizedText("assessmentText.placeAndMessage", ["place": head, "message": f.message])(lang)
  }

  /// Where a finding stands: the field and its line in a data file; the row and the
  /// column as headed in a spreadsheet (`第 12 行「证件号码」（C 列）`).
  public static func places(_ f: Finding, _ lang: Language) -> [String] {
    if let column = f.column {
      guard let line = f.line else { return [column(lang)] }
      return [LocalizedText("assessmentText.rowAndColumn", ["line": line, "column": column])(lang)]
    }
    var place: [String] = []
    if let line = f.line { place.append(LocalizedText("assessmentText.line", ["line": line])(lang)) }
    if let field = f.field { place.append(FieldLabels.describe(field, lang)) }
    return place
  }

  public static func finding(_ f: Finding, number: String, _ lang: Language) -> [String] {
    var place: [String] = []
    if f.column != nil {
      place = places(f, lang)
    } else {
      if let field = f.field { place.append(FieldLabels.describe(field, lang)) }
      if let line = f.line { place.append(LocalizedText("assessmentText.line", ["line": line])(lang)) }
    }
    let head = "  \(number) [\(f.code.rawValue)]" + (place.isEmpty ? "" : " " + place.joined(separator: clauses(lang)))
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
