import Core
import MaterialChecks
import RegistrationRules

/// `photo --fix --json`: DESIGN.md's verdict (of the fixed photo) plus the original's
/// verdict and what was done.
public enum FixJSON {
  public static func of(
    original: CheckResult, fixed: CheckResult?, failure: Finding?, output: String?, report: PhotoFixer.Report?, language: Language
  ) -> JSONValue {
    let verdict: [(String, JSONValue)]
    if let fixed, case .object(let pairs) = CheckJSON.of(fixed, language: language) {
      verdict = pairs.filter { ["decision", "reasons", "warnings", "metrics", "marks"].contains($0.0) }
    } else {
      verdict = [
        ("decision", .string("reject")),
        ("reasons", .array(failure.map { [ReasonRecord($0, language: language).json] } ?? [])),
        ("warnings", .array([])), ("metrics", .object([])),
      ]
    }
    var fix: JSONValue?
    if let output, let report {
      fix = .fields([
        ("output", .string(output)),
        ("crop", .array([report.crop.x, report.crop.y, report.crop.width, report.crop.height].map { .number(Double($0)) })),
        ("subjectFound", .bool(report.subjectFound)),
        ("faceFound", .bool(report.faceFound)),
        ("levelled", .number(report.levelled)),
        ("quarterTurns", .number(Double(report.quarterTurns))),
        ("quality", .number(Double(report.quality))),
      ])
    }
    return .fields(
      verdict.map { ($0.0, Optional($0.1)) } + [("original", CheckJSON.of(original, language: language)), ("fix", fix)])
  }
}
