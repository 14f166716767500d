import Core
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
  /// Who may read the reports and previews: their owner alone unless a team asks for the
  /// group (`--group-readable`).
  public var readers: Readers
  /// Where the submissions are read and the reports written: the disk, or memory.
  public var files: any FileAccess

  public init(
    submissions: String, output: String, settings: ReviewSettings, workers: Int, shard: Shard?, page: IndexPage,
    readers: Readers = .owner, files: any FileAccess = DiskFiles()
  ) {
    self.files = files
    self.submissions = submissions
    self.output = output
    self.settings = settings
    self.workers = workers
    self.shard = shard
    self.page = page
    self.readers = readers
  }

  /// One submission to review: a name in the submissions folder.
  public struct Entry: Sendable {
    public var folder: FolderEntry
    /// The submission id in reports (the folder's name as people read it).
    public var id: String { folder.name }
    /// The report's file name, without `.json` (`ReportName`).
    public var report: String { ReportName.of(id: folder.name, raw: folder.raw) }
  }

  /// Names in the submissions folder are submissions; a file or link there is one too
  /// (`BAD_SUBMISSION`), so that nothing uploaded goes unreported. Hidden names are skipped.
  public static func list(_ submissions: String, files: any FileAccess = DiskFiles()) throws(PathRefusal) -> (
    root: any ConfinedFolder, entries: [Entry]
  ) {
    let root = try files.openFolder(submissions)
    return (root, try root.entries().filter { $0.raw.first != 0x2E }.map { Entry(folder: $0) })
  }

  public func run(progress: @Sendable (ReviewProgress) -> Void) throws -> ReviewRunResult {
    let files = self.files
    try Self.requireFolder(submissions, language: settings.language, files: files)
    let inputPath = files.resolved(submissions)
    // Reports inside the submissions would be reviewed as submissions on the next run.
    if files.resolved(output) == inputPath {
      throw ReviewRunError(
        LocalizedText("reviewRun.theReportsFolderCannotBe", ["submissions": submissions]))
    }
    try Self.prepareOutput(output, readers: readers, files: files)
    var listed: [Entry]
    let root: any ConfinedFolder
    do {
      (root, listed) = try Self.list(submissions, files: files)
    } catch {
      throw ReviewRunError(
        LocalizedText("reviewRun.folderAndWhy", ["folder": submissions, "why": SubmissionLoader.text(error)]))
    }
    // The reports folder may lie inside the submissions: it is ours, not a submission.
    let outputURL = URL(fileURLWithPath: files.resolved(output))
    if outputURL.deletingLastPathComponent().path == inputPath {
      listed.removeAll { $0.folder.name == outputURL.lastPathComponent }
    }
    if let shard { listed = listed.filter { shard.contains($0.id) } }
    let entries = listed

    let state = Mutex<(items: [SummaryItem?], done: Int, reused: Int, rejected: Int, failure: (any Error)?)>(
      (Array(repeating: nil, count: entries.count), 0, 0, 0, nil))
    let settings = self.settings, output = self.output, readers = self.readers
    WorkQueue.forEach(entries.count, workers: workers) { index in
      // After a write failure (a full disk) the run stops: nothing more can be saved.
      guard state.withLock({ $0.failure == nil }) else { return }
      let entry = entries[index]
      do {
        let (report, reused) = try Self.reviewOne(
          entry, root: root, output: output, settings: settings, readers: readers, files: files)
        let snapshot = state.withLock { s -> ReviewProgress in
          s.items[index] = SummaryItem(report, file: entry.report)
          s.done += 1
          if reused { s.reused += 1 }
          if report.decision == .reject { s.rejected += 1 }
          return ReviewProgress(done: s.done, total: entries.count, reused: s.reused, rejected: s.rejected, last: entry.id)
        }
        progress(snapshot)
      } catch {
        state.withLock { $0.failure = $0.failure ?? error }
      }
    }
    let final = state.withLock { $0 }
    if let failure = final.failure { throw failure }
    let items = final.items.compactMap { $0 }.sorted { $0.submission.utf8.lexicographicallyPrecedes($1.submission.utf8) }
    let header = RunHeader(
      policy: settings.policy.name, today: settings.today.description, language: settings.language, shard: shard)
    let indexPath = try Self.writeSummaries(
      items, header: header, output: output, page: page, readers: readers, files: files)
    return ReviewRunResult(items: items, reviewed: final.done - final.reused, reused: final.reused, indexPath: indexPath)
  }

  /// Reviews one submission, or reuses its report when the fingerprint still matches.
  /// - Throws: only when the report cannot be written (`WriteError`); whatever the
  ///   submission holds becomes reasons in its report.
  static func reviewOne(
    _ entry: Entry, root: any ConfinedFolder, output: String, settings: ReviewSettings, readers: Readers = .owner,
    files: any FileAccess = DiskFiles()
  ) throws -> (SubmissionReport, reused: Bool) {
    let reportPath = output + "/" + entry.report + ".json"
    let outcome: ReviewOutcome
    do {
      let folder = try root.folder(entry.folder)
      let loaded = SubmissionLoader.load(folder, id: entry.id, policy: settings.policy)
      let fingerprint = SubmissionReviewer.fingerprint(loaded, settings: settings)
      if let existing = readReport(reportPath, files: files), existing.fingerprint == fingerprint {
        reused(existing, at: reportPath, output: output, readers: readers, files: files)
        return (existing, true)
      }
      outcome = SubmissionReviewer.review(loaded, in: folder, settings: settings, thumbnails: true)
    } catch {
      outcome = SubmissionReviewer.notAFolder(entry.id, stamp: entry.folder.stamp, refusal: error, settings: settings)
      if let existing = readReport(reportPath, files: files), existing.fingerprint == outcome.report.fingerprint {
        reused(existing, at: reportPath, output: output, readers: readers, files: files)
        return (existing, true)
      }
    }
    try write(outcome, to: reportPath, output: output, readers: readers, files: files)
    return (outcome.report, false)
  }

  /// A reused report and its previews get the mode this run writes with (an earlier run
  /// may have written them with another).
  static func reused(
    _ report: SubmissionReport, at reportPath: String, output: String, readers: Readers, files: any FileAccess
  ) {
    files.setMode(of: reportPath, readers: readers)
    for image in report.materials.flatMap({ [$0.thumbnail, $0.preview].compactMap { $0 } })
    where image.hasPrefix("thumbs/") && !image.contains("..") {
      files.setMode(of: output + "/" + image, readers: readers)
    }
  }

  /// Previews first, the report last: a report on disk means its previews are there too.
  static func write(
    _ outcome: ReviewOutcome, to reportPath: String, output: String, readers: Readers, files: any FileAccess
  ) throws {
    for thumb in outcome.thumbnails {
      try files.write(thumb.bytes, to: output + "/" + thumb.path, readers: readers)
    }
    try files.write(outcome.report.json.rendered() + "\n", to: reportPath, readers: readers)
  }

  /// The largest report read back: a report of ours is far smaller.
  static let maxReportBytes = 16 << 20

  public static func readReport(_ path: String, files: any FileAccess = DiskFiles()) -> SubmissionReport? {
    guard let bytes = try? files.readFile(path, limit: maxReportBytes), bytes.count < maxReportBytes else { return nil }
    return try? JSONDecoder().decode(SubmissionReport.self, from: Data(bytes))
  }

  /// `summary.csv`, `summary.json` and `index.html` from the items, reading each report
  /// back from disk one at a time.
  /// - Parameter missingShards: for a partial merge, the shards left out (said in
  ///   `summary.json`, so that nobody takes it for the whole).
  public static func writeSummaries(
    _ items: [SummaryItem], header: RunHeader, output: String, page: IndexPage, missingShards: [Int] = [],
    readers: Readers = .owner, files: any FileAccess = DiskFiles()
  ) throws -> String {
    try files.write(Summary.csv(items, language: header.language), to: output + "/summary.csv", readers: readers)
    var json = Summary.json(items, header: header)
    if !missingShards.isEmpty, case .object(var pairs) = json {
      pairs.insert(("missingShards", .array(missingShards.map { .number(Double($0)) })), at: 4)
      json = .object(pairs)
    }
    try files.write(json.rendered() + "\n", to: output + "/summary.json", readers: readers)
    let indexPath = output + "/index.html"
    try page.write(to: indexPath, items: items, header: header, readers: readers, files: files) { item in
      readReport(output + "/" + item.report + ".json", files: files)
    }
    return indexPath
  }
}

extension ReviewRun {
  /// Refuses, with the reason in words, a submissions path that is not a readable folder.
  static func requireFolder(_ path: String, language: Language, files: any FileAccess) throws(ReviewRunError) {
    switch files.status(of: path) {
    case .folder: return
    case .missing: throw ReviewRunError(LocalizedText("reviewRun.noSuchFolder", ["path": path]))
    case .denied, .unreadableFolder: throw ReviewRunError(LocalizedText("reviewRun.permissionDenied", ["path": path]))
    case .failed(let code):
      throw ReviewRunError(
        LocalizedText("reviewRun.cannotBeOpened", ["path": path, "code": code, "reason": SystemError.text(code)]))
    case .file, .other:
      throw ReviewRunError(
        LocalizedText("reviewRun.notAFolderGiveThe", ["path": path]))
    }
  }

  /// Creates the reports folder (and `thumbs/`) and clears what a killed run left there.
  /// Folders it creates, `thumbs/`, and a reports folder of an earlier run (it holds a
  /// `summary.json`) get the mode `readers` says; any other folder that was there already
  /// (`-o .`, say) keeps its own.
  static func prepareOutput(_ output: String, readers: Readers, files: any FileAccess) throws(ReviewRunError) {
    do {
      let earlierRun: Bool
      switch files.status(of: output + "/summary.json") {
      case .missing, .denied, .failed: earlierRun = false
      default: earlierRun = true
      }
      try files.createFolder(output + "/thumbs", readers: readers)
      files.setMode(of: output + "/thumbs", readers: readers)
      if earlierRun { files.setMode(of: output, readers: readers) }
    } catch {
      throw ReviewRunError(error.text)
    }
    files.removeLeftovers(in: output)
    files.removeLeftovers(in: output + "/thumbs")
  }
}

/// Why a run could not go on, in both languages.
public struct ReviewRunError: Error, CustomStringConvertible {
  public var text: LocalizedText
  public init(_ text: LocalizedText) { self.text = text }
  public func message(_ language: Language) -> String { text(language) }
  public var description: String { text.en }
}
