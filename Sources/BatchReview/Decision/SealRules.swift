import Core
import MaterialChecks
import RegistrationRules

/// Whether the form's seal is the employer's own legal-entity or HR seal: the name along
/// its ring against the application's employer, the words across it against the seals
/// that do not count. Pure: the worker read the seal; this judges what it read.
public enum SealRules {
  public struct Outcome: Sendable {
    public var findings: [Finding] = []
    /// What was read on each page's seal, to show in the report: the file, the page's
    /// index in it, and the text with its confidence.
    public var notes: [(file: String, index: Int, note: String)] = []
  }

  /// What one seal's reading comes to.
  public enum Verdict: Equatable, Sendable {
    /// The ring names the employer.
    case matches(SealText.Read)
    /// A seal that does not count (合同专用章 …): the kind, as the policy spells it.
    case refusedKind(String, SealText.Read)
    /// The ring names another organisation, confidently.
    case otherOrganisation(SealText.Read)
    /// Nothing certain either way.
    case unreadable(SealText.Read?)
  }

  /// Endings of an organisation's name: a confident reading that ends in one of these and
  /// does not agree with the employer names another organisation.
  static let organisationEndings = [
    "公司", "集团", "局", "院", "厂", "中心", "学校", "大学", "委员会", "协会", "事务所", "研究所", "银行", "部", "处", "站", "社",
  ]

  /// - Parameters:
  ///   - pages: the form's scanned pages.
  ///   - employer: the employer's name in the application.
  public static func judge(_ pages: [FormScanRules.ScannedPage], employer: String?, policy: Policy) -> Outcome {
    var outcome = Outcome()
    guard policy.reading.enabled else { return outcome }
    for page in pages {
      // Only a seal the scan found whole is read: a missing, faint or cut-off seal has
      // its own reason already.
      guard let seal = page.scan.seal, SealVerdict.problems(seal, policy.forms).isEmpty else { continue }
      let verdict = judge(page.scan.sealText, employer: employer, policy: policy.reading)
      if let finding = finding(verdict, page: page) { outcome.findings.append(finding) }
      if let read = verdict.read {
        outcome.notes.append((page.file, page.index, "\(read.text) (\(read.confidence.wholePercent) %)"))
      }
    }
    return outcome
  }

  public static func judge(_ text: SealText?, employer: String?, policy: ReadingPolicy) -> Verdict {
    guard let text else { return .unreadable(nil) }
    let reads = text.ring + (text.label.map { [$0] } ?? [])
    // A seal of a kind that does not count, read in its words across or along its ring.
    for read in reads where read.confidence >= policy.minConfidence {
      let accepted = policy.sealKindsAccepted.map { DocumentText.similarity(of: $0, in: read.text) }.max() ?? 0
      for kind in policy.sealKindsRefused {
        let like = DocumentText.similarity(of: kind, in: read.text)
        if like >= 0.8, like > accepted { return .refusedKind(kind, read) }
      }
    }
    let employerPart = employer.map(DocumentText.distinctivePart) ?? ""
    func agreement(_ read: SealText.Read) -> Double {
      employerPart.isEmpty ? 0 : DocumentText.similarity(of: employerPart, in: read.text)
    }
    if let best = text.ring.max(by: { agreement($0) < agreement($1) }), agreement(best) >= policy.employerMatch {
      return .matches(best)
    }
    // Another organisation: the surest reading, long enough and ending as names do.
    let sure = text.ring.filter { $0.confidence >= policy.sealMinConfidence }.max { $0.confidence < $1.confidence }
    if let sure, !employerPart.isEmpty {
      let letters = String(DocumentText.normalized(sure.text).filter { $0.isLetter })
      if letters.count >= 6, organisationEndings.contains(where: { letters.hasSuffix($0) }),
        agreement(sure) < policy.otherEmployerBelow
      {
        return .otherOrganisation(sure)
      }
    }
    return .unreadable(text.ring.max { $0.confidence < $1.confidence } ?? text.label)
  }

  static func finding(_ verdict: Verdict, page: FormScanRules.ScannedPage) -> Finding? {
    let n = page.nameText
    func confidence(_ read: SealText.Read) -> String { "\(read.confidence.wholePercent) %" }
    switch verdict {
    case .matches: return nil
    case .refusedKind(let kind, let read):
      return Finding(
        .sealNameMismatch, material: .form, file: page.file,
        message: LocalizedText(
          "sealRules.refusedKind", ["page": n, "kind": kind, "text": read.text, "confidence": confidence(read)]),
        measured: .text(read.text), limit: .text(kind))
    case .otherOrganisation(let read):
      return Finding(
        .sealNameMismatch, material: .form, file: page.file,
        message: LocalizedText(
          "sealRules.otherOrganisation", ["page": n, "text": read.text, "confidence": confidence(read)]),
        measured: .text(read.text))
    case .unreadable(let read):
      let seen = read.map {
        (LocalizedText("sealRules.readConfidence", ["text": $0.text, "confidence": confidence($0)]))
      }
      return Finding(
        .sealUnreadable, .warning, material: .form, file: page.file,
        message: seen.map { LocalizedText("sealRules.unreadableWithGuess", ["page": n, "seen": $0]) }
          ?? LocalizedText("sealRules.unreadable", ["page": n]),
        measured: read.map { .text($0.text) })
    }
  }
}

extension SealRules.Verdict {
  /// The reading the verdict rests on.
  public var read: SealText.Read? {
    switch self {
    case .matches(let r), .refusedKind(_, let r), .otherOrganisation(let r): r
    case .unreadable(let r): r
    }
  }
}
