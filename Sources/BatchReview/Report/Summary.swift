import Core
import RegistrationRules

/// One line of the summary: what `summary.csv` and `summary.json` list per submission.
public struct SummaryItem: Sendable, Codable, Equatable {
  public var submission: String
  public var kind: RegistrationKind?
  public var decision: Decision
  public var codes: [ReasonCode]
  /// The report's file name without `.json`: the submission's name unless that name
  /// cannot be a file name as it is (`ReportName`); `summary.json` lists it only then.
  public var report: String
  /// The applicant's name, for people (`summary.csv`); not in `summary.json`.
  public var applicant: String?
  /// Each reason in the run's language, with what it is about; not in `summary.json`.
  public var reasonTexts: [String] = []

  public init(_ report: SubmissionReport, file: String) {
    submission = report.submission
    kind = report.kind
    decision = report.decision
    codes = report.codes
    self.report = file
    applicant = report.applicant
    reasonTexts = report.reasons.map { r in
      let about = r.material.map { $0.label(report.language) } ?? r.field.map { FieldLabels.label($0)?(report.language) ?? $0 }
      return about.map { LocalizedText("summary.aboutAndReason", ["about": $0, "reason": r.message])(report.language) }
        ?? r.message
    }
  }

  enum CodingKeys: String, CodingKey { case submission, kind, decision, codes, report }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    submission = try c.decode(String.self, forKey: .submission)
    kind = try c.decodeIfPresent(RegistrationKind.self, forKey: .kind)
    decision = try c.decode(Decision.self, forKey: .decision)
    codes = try c.decode([ReasonCode].self, forKey: .codes)
    report = try c.decodeIfPresent(String.self, forKey: .report) ?? submission
  }
}

/// The run's settings as recorded in `summary.json`, so that `merge` can check that
/// shards were reviewed alike.
public struct RunHeader: Sendable, Equatable {
  public var policy: String
  public var today: String
  public var language: Language
  /// The share of the submissions this run reviewed (`--shard K/N`); `nil` for all.
  public var shard: Shard?

  /// Whether two runs judged alike (their shards aside): only then can they be merged.
  public func sameSettings(as other: RunHeader) -> Bool {
    policy == other.policy && today == other.today && language == other.language
  }
}

/// `summary.csv` and `summary.json` (DESIGN.md), sorted by submission.
public enum Summary {
  /// The machine's four columns first (DESIGN.md), then the same in words for people in
  /// the run's language. UTF-8 with a byte-order mark: without it Excel reads the file in
  /// the system's code page and garbles every Chinese character.
  public static func csv(_ items: [SummaryItem], language: Language) -> String {
    let human = ["summary.columnName", "summary.columnKind", "summary.columnResult", "summary.columnReasons"].map {
      LocalizedText($0)(language)
    }
    var out = "\u{FEFF}" + (["submission", "kind", "decision", "codes"] + human).joined(separator: ",") + "\n"
    for item in items {
      let result =
        item.decision == .accept ? LocalizedText("summary.accepted")(language) : LocalizedText("summary.rejected")(language)
      out +=
        [
          csvField(item.submission), item.kind?.rawValue ?? "", item.decision.rawValue,
          item.codes.map(\.rawValue).joined(separator: ";"),
          csvField(item.applicant ?? ""), csvField(item.kind?.label(language) ?? ""), result,
          csvField(item.reasonTexts.joined(separator: LocalizedText("summary.reasonSeparator")(language))),
        ]
        .joined(separator: ",") + "\n"
    }
    return out
  }

  /// A cell of upload-controlled text, defused (a folder name may start with `=`).
  static func csvField(_ value: String) -> String { CSV.field(value, formulas: .defused) }

  public static func counts(_ items: [SummaryItem]) -> [(code: ReasonCode, submissions: Int)] {
    var counts: [ReasonCode: Int] = [:]
    for item in items { for code in item.codes { counts[code, default: 0] += 1 } }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  public static func json(_ items: [SummaryItem], header: RunHeader) -> JSONValue {
    .fields([
      ("tool", .string("safetyreg")),
      ("policy", .string(header.policy)),
      ("today", .string(header.today)),
      ("language", .string(header.language.rawValue)),
      ("shard", header.shard.map { .string($0.description) }),
      (
        "counts",
        .object([
          ("submissions", .number(Double(items.count))),
          ("accept", .number(Double(items.count { $0.decision == .accept }))),
          ("reject", .number(Double(items.count { $0.decision == .reject }))),
          ("reasons", .object(counts(items).map { ($0.code.rawValue, .number(Double($0.submissions))) })),
        ])
      ),
      (
        "submissions",
        .array(
          items.map {
            .fields([
              ("submission", .string($0.submission)),
              ("kind", $0.kind.map { .string($0.rawValue) }),
              ("decision", .string($0.decision.rawValue)),
              ("codes", .array($0.codes.map { .string($0.rawValue) })),
              ("report", $0.report == $0.submission ? nil : .string($0.report)),
            ])
          })
      ),
    ])
  }

  /// What `merge` reads back.
  public struct Stored: Decodable {
    public var policy: String
    public var today: String
    public var language: Language
    /// `K/N` of a shard run; absent for a whole run (and from runs before 0.2).
    public var shard: String?
    public var submissions: [SummaryItem]
  }
}
