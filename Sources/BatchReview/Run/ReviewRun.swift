import Dispatch
import Foundation
import RegistrationRules
import Synchronization

/// Progress of a run, as it goes.
public struct ReviewProgress: Sendable {
  public var done: Int
  public var total: Int
  /// Submissions whose report was up to date and reused.
  public var reused: Int
  public var rejected: Int
  public var last: String
}

/// What a finished run did.
public struct ReviewRunResult: Sendable {
  public var items: [SummaryItem]
  public var reviewed: Int
  public var reused: Int
  public var indexPath: String
}

/// `safetyreg review`: every submission folder (or the shard's share of them) into a
/// report, `workers` at a time, each worker holding one submission — one file — at a time,
/// so memory does not grow with the number of submissions. Each report is written
/// atomically after its previews; a report whose fingerprint matches the inputs is reused,
/// so a run killed at any point resumes where it stopped and ends with the same bytes.
public struct ReviewRun: Sendable {
  public var submissions: String
  public var output: String
  public var settings: ReviewSettings
  public var workers: Int
  public var shard: Shard?
  public var page: IndexPage

  public init(submissions: String, output: String, settings: ReviewSettings, workers: Int, shard: Shard?, page: IndexPage) {
    self.submissions = submissions
    self.output = output
    self.settings = settings
    self.workers = workers
    self.shard = shard
    self.page = page
  }

  /// Names in the submissions folder are submissions; a file or link there is one too
  /// (`BAD_SUBMISSION`), so that nothing uploaded goes unreported. Hidden names are skipped.
  public static func list(_ submissions: String) throws(PathRefusal) -> [String] {
    let root = try SubmissionFolder(path: submissions)
    return try root.entries().map(\.name).filter { !$0.hasPrefix(".") }
  }

  /// Names a submission may not have: its report would overwrite a summary file.
  static let reserved: Set<String> = ["summary"]

  public func run(progress: @Sendable (ReviewProgress) -> Void) throws -> ReviewRunResult {
    var listed: [String]
    do {
      listed = try Self.list(submissions)
    } catch {
      throw ReviewRunError("\(submissions): \(SubmissionLoader.describe(error, settings.language))")
    }
    if let shard { listed = listed.filter(shard.contains) }
    let ids = listed
    try FileManager.default.createDirectory(atPath: output + "/thumbs", withIntermediateDirectories: true)
    AtomicFile.removeLeftovers(in: output)
    AtomicFile.removeLeftovers(in: output + "/thumbs")

    let next = Atomic<Int>(0)
    let state = Mutex<(items: [SummaryItem?], done: Int, reused: Int, rejected: Int, failure: String?)>(
      (Array(repeating: nil, count: ids.count), 0, 0, 0, nil))
    let settings = self.settings, output = self.output, submissions = self.submissions
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, ids.count))) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < ids.count else { return }
        let id = ids[index]
        do {
          let (report, reused) = try Self.reviewOne(id, submissions: submissions, output: output, settings: settings)
          let snapshot = state.withLock { s -> ReviewProgress in
            s.items[index] = SummaryItem(report)
            s.done += 1
            if reused { s.reused += 1 }
            if report.decision == .reject { s.rejected += 1 }
            return ReviewProgress(done: s.done, total: ids.count, reused: s.reused, rejected: s.rejected, last: id)
          }
          progress(snapshot)
        } catch {
          state.withLock { $0.failure = $0.failure ?? "\(id): \(error)" }
          return
        }
      }
    }
    let final = state.withLock { $0 }
    if let failure = final.failure { throw ReviewRunError(failure) }
    let items = final.items.compactMap { $0 }.sorted { $0.submission.utf8.lexicographicallyPrecedes($1.submission.utf8) }
    let header = RunHeader(policy: settings.policy.name, today: settings.today.description, language: settings.language)
    let indexPath = try Self.writeSummaries(items, header: header, output: output, page: page)
    return ReviewRunResult(items: items, reviewed: final.done - final.reused, reused: final.reused, indexPath: indexPath)
  }

  /// Reviews one submission, or reuses its report when the fingerprint still matches.
  static func reviewOne(_ id: String, submissions: String, output: String, settings: ReviewSettings) throws
    -> (SubmissionReport, reused: Bool)
  {
    let reportPath = output + "/" + id + ".json"
    let header = RunHeader(policy: settings.policy.name, today: settings.today.description, language: settings.language)
    if let clash = reservedReport(id, header: header) { return (clash, false) }
    let path = submissions + "/" + id
    let folder = try? SubmissionFolder(path: path)
    if let folder {
      let loaded = SubmissionLoader.load(folder, id: id, policy: settings.policy)
      let fingerprint = SubmissionReviewer.fingerprint(loaded, settings: settings)
      if let existing = readReport(reportPath), existing.fingerprint == fingerprint {
        return (existing, true)
      }
      let outcome = SubmissionReviewer.review(loaded, in: folder, settings: settings, thumbnails: true)
      try write(outcome, to: reportPath, output: output)
      return (outcome.report, false)
    }
    let outcome = SubmissionReviewer.review(folderAt: path, id: id, settings: settings)
    if let existing = readReport(reportPath), existing.fingerprint == outcome.report.fingerprint { return (existing, true) }
    try write(outcome, to: reportPath, output: output)
    return (outcome.report, false)
  }

  /// Previews first, the report last: a report on disk means its previews are there too.
  static func write(_ outcome: ReviewOutcome, to reportPath: String, output: String) throws {
    for thumb in outcome.thumbnails { try AtomicFile.write(thumb.bytes, to: output + "/" + thumb.path) }
    try AtomicFile.write(outcome.report.json.rendered() + "\n", to: reportPath)
  }

  public static func readReport(_ path: String) -> SubmissionReport? {
    guard let data = FileManager.default.contents(atPath: path), data.count < 16 << 20 else { return nil }
    return try? JSONDecoder().decode(SubmissionReport.self, from: data)
  }

  /// `summary.csv`, `summary.json` and `index.html` from the items, reading each report
  /// back from disk one at a time.
  public static func writeSummaries(_ items: [SummaryItem], header: RunHeader, output: String, page: IndexPage) throws -> String {
    try AtomicFile.write(Summary.csv(items), to: output + "/summary.csv")
    try AtomicFile.write(Summary.json(items, header: header).rendered() + "\n", to: output + "/summary.json")
    let indexPath = output + "/index.html"
    try page.write(to: indexPath, items: items, header: header) { id in
      readReport(output + "/" + id + ".json") ?? reservedReport(id, header: header)
    }
    return indexPath
  }

  /// A submission with a reserved name has no report file; the page still shows it.
  static func reservedReport(_ id: String, header: RunHeader) -> SubmissionReport? {
    guard reserved.contains(id) else { return nil }
    let message = LocalizedText(
      zh: "提交目录名“\(id)”与报告文件冲突：请改名", en: "the folder name \"\(id)\" clashes with a report file; rename it")
    return SubmissionReport(
      submission: id, kind: nil, applicant: nil, decision: .reject,
      reasons: [ReasonRecord(Finding(.badSubmission, message: message), language: header.language)], warnings: [], materials: [],
      requiredMaterials: [], policy: header.policy, today: header.today, language: header.language, fingerprint: "")
  }
}

public struct ReviewRunError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
