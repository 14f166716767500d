import Core

/// Everything the rules say about one application: the problems, the kind's timing, the
/// continuing-education count, the materials to upload and the suggested authority.
public struct Assessment: Sendable {
  public var application: Application
  /// Errors and warnings, each with its field and line where known.
  public var findings: [Finding]
  public var timing: KindTiming?
  public var continuingEducation: CESummary?
  public var requiredMaterials: [MaterialRequirement]
  public var authority: AuthoritySuggestion?
  /// What the stated rules ask of this applicant that no field shows (bring the old
  /// certificate, one choice of the new category): told, never judged.
  public var notes: [LocalizedText] = []

  public var isValid: Bool { findings.errors.isEmpty }
}

/// Applies every rule to an application. Pure over (application, policy, directory, today).
public enum Assessor {
  public static func assess(
    _ loaded: LoadedApplication, policy: Policy, authorities: AuthorityDirectory, today: CalendarDate
  ) -> Assessment {
    assess(
      loaded.application, readingFindings: loaded.findings, misspellings: loaded.misspellings, policy: policy,
      authorities: authorities, today: today)
  }

  public static func assess(
    _ app: Application, readingFindings: [Finding] = [], misspellings: [Misspelling] = [], policy: Policy,
    authorities: AuthorityDirectory, today: CalendarDate
  ) -> Assessment {
    let rules = policy.registration
    // A field that could not be read is reported once, by the reader, not again as missing.
    let unreadable = Set(readingFindings.errors.compactMap(\.field))
    var findings = readingFindings
    // An implausible date or number is refused once; every rule then sees it as absent.
    let implausible = Plausibility.findings(app, policy: rules)
    let app = Plausibility.usable(app, refused: implausible)
    findings += implausible
    findings += ApplicationValidator.validate(app, policy: rules, today: today).filter {
      !($0.field.map(unreadable.contains) ?? false) && !($0.field.map(implausible.map(\.field).contains) ?? false)
    }

    let timing = TimingRules.evaluate(app, policy: rules, today: today)
    findings += timing?.findings ?? []
    var ce: CESummary?
    if let timing, timing.needsContinuingEducation, let period = timing.cePeriod {
      let summary = ContinuingEducationRule.evaluate(
        app.continuingEducation, period: period, referenceDate: timing.referenceDate, policy: rules)
      findings += summary.findings
      ce = summary
    }

    let authority = AuthorityRules.suggest(app, directory: authorities)
    if let chosen = app.authority, let authority, !AuthorityRules.matches(chosen, authority.authority, []) {
      findings.append(
        .warning(
          .authorityMismatch, field: "authority",
          LocalizedText(
            "assessment.theChosenAuthorityDiffersFrom",
            ["chosen": chosen, "authority": authority.authority, "basis": authority.basis])
        ))
    }

    findings = attribute(findings, to: misspellings)
    for i in findings.indices where findings[i].line == nil {
      findings[i].line = line(of: findings[i].field, in: app.sourceLines)
    }
    for i in findings.indices where findings[i].column == nil {
      findings[i].column = findings[i].field.flatMap { app.sourceColumns[$0] }
    }
    return Assessment(
      application: app, findings: findings, timing: timing, continuingEducation: ce,
      requiredMaterials: MaterialRules.required(for: app, timing: timing, ce: ce), authority: authority,
      notes: MaterialRules.notes(for: app, policy: rules))
  }

  /// A misspelt key (`employeer:`) leaves its real key absent, and every required field
  /// under it missing: one error names the cause instead of six that name the effects.
  /// A misspelt optional key causes no error, but leaves a box on the form empty: a warning.
  ///
  /// Each finding is filed under its field and each enclosing field (`a[1].b` under
  /// `a[1].b`, `a[1]` and `a`), so that a misspelt key finds what it caused without
  /// scanning every finding: thousands of misspelt keys and findings stay linear.
  static func attribute(_ findings: [Finding], to misspellings: [Misspelling]) -> [Finding] {
    var under: [String: [Int]] = [:]
    for (i, f) in findings.enumerated() {
      guard let field = f.field else { continue }
      under[field, default: []].append(i)
      for cut in field.indices where field[cut] == "." || field[cut] == "[" {
        under[String(field[..<cut]), default: []].append(i)
      }
    }
    var removed = [Bool](repeating: false, count: findings.count)
    var causes: [Finding] = []
    for m in misspellings {
      let caused = (under[m.intended] ?? []).filter { !removed[$0] }
      let effects = caused.filter { findings[$0].severity == .error }
      for i in caused { removed[i] = true }
      let label = FieldLabels.label(m.intended) ?? LocalizedText(verbatim: m.intended)
      let intended = m.intended.split(separator: ".").last ?? ""
      var finding: Finding
      if effects.isEmpty {
        finding = .warning(
          .unknownField, field: m.intended,
          LocalizedText("assessment.misspeltFieldIgnored", ["given": m.given, "intended": intended, "label": label]))
      } else {
        let n = effects.count
        finding = .error(
          .invalidField, field: m.intended,
          n > 1
            ? LocalizedText("assessment.misspeltFieldMissesRequired", ["given": m.given, "intended": intended, "count": n])
            : LocalizedText("assessment.misspeltFieldMissesOneRequired", ["given": m.given, "intended": intended]))
      }
      finding.line = m.line
      causes.append(finding)
    }
    return causes + findings.indices.filter { !removed[$0] }.map { findings[$0] }
  }

  /// The line of a field, or of the nearest enclosing field that has one.
  static func line(of field: String?, in lines: [String: Int]) -> Int? {
    guard var path = field else { return nil }
    while !path.isEmpty {
      if let line = lines[path] { return line }
      if let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
        path = String(path[..<cut])
      } else {
        return nil
      }
    }
    return nil
  }
}
