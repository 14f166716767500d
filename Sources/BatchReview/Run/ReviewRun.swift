import Core
import Foundation
import RegistrationRules
import SafeIO
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

  public init(
    submissions: String, output: String, settings: ReviewSettings, workers: Int, shard: Shard?, page: IndexPage,
    readers: Readers = .owner
  ) {
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
  public static func list(_ submissions: String) throws(PathRefusal) -> (root: SubmissionFolder, entries: [Entry]) {
    let root = try SubmissionFolder(path: submissions)
    return (root, try root.entries().filter { $0.raw.first != 0x2E }.map { Entry(folder: $0) })
  }

  public func run(progress: @Sendable (ReviewProgress) -> Void) throws -> ReviewRunResult {
    try Self.requireFolder(submissions, language: settings.language)
    let inputPath = Self.resolved(submissions)
    // Reports inside the submissions would be reviewed as submissions on the next run.
    if Self.resolved(output) == inputPath {
      throw ReviewRunError(
        zh: "报告文件夹不能就是提交文件夹 \(submissions)：请用 -o 指定另一个文件夹",
        en: "the reports folder cannot be the submissions folder \(submissions): give -o another folder")
    }
    try Self.prepareOutput(output, readers: readers)
    var listed: [Entry]
    let root: SubmissionFolder
    do {
      (root, listed) = try Self.list(submissions)
    } catch {
      throw ReviewRunError(
        zh: "\(submissions)：\(SubmissionLoader.describe(error, .zh))",
        en: "\(submissions): \(SubmissionLoader.describe(error, .en))")
    }
    // The reports folder may lie inside the submissions: it is ours, not a submission.
    let outputURL = URL(fileURLWithPath: Self.resolved(output))
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
        let (report, reused) = try Self.reviewOne(entry, root: root, output: output, settings: settings, readers: readers)
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
    let indexPath = try Self.writeSummaries(items, header: header, output: output, page: page, readers: readers)
    return ReviewRunResult(items: items, reviewed: final.done - final.reused, reused: final.reused, indexPath: indexPath)
  }

  /// Reviews one submission, or reuses its report when the fingerprint still matches.
  /// - Throws: only when the report cannot be written (`WriteError`); whatever the
  ///   submission holds becomes reasons in its report.
  static func reviewOne(
    _ entry: Entry, root: SubmissionFolder, output: String, settings: ReviewSettings, readers: Readers = .owner
  ) throws -> (SubmissionReport, reused: Bool) {
    let reportPath = output + "/" + entry.report + ".json"
    let outcome: ReviewOutcome
    do {
      let folder = try SubmissionFolder(in: root, entry: entry.folder)
      let loaded = SubmissionLoader.load(folder, id: entry.id, policy: settings.policy)
      let fingerprint = SubmissionReviewer.fingerprint(loaded, settings: settings)
      if let existing = readReport(reportPath), existing.fingerprint == fingerprint {
        reused(existing, at: reportPath, output: output, readers: readers)
        return (existing, true)
      }
      outcome = SubmissionReviewer.review(loaded, in: folder, settings: settings, thumbnails: true)
    } catch {
      outcome = SubmissionReviewer.notAFolder(entry.id, stamp: entry.folder.stamp, refusal: error, settings: settings)
      if let existing = readReport(reportPath), existing.fingerprint == outcome.report.fingerprint {
        reused(existing, at: reportPath, output: output, readers: readers)
        return (existing, true)
      }
    }
    try write(outcome, to: reportPath, output: output, readers: readers)
    return (outcome.report, false)
  }

  /// A reused report and its previews get the mode this run writes with (an earlier run
  /// may have written them with another).
  static func reused(_ report: SubmissionReport, at reportPath: String, output: String, readers: Readers) {
    AtomicFile.setMode(of: reportPath, readers: readers)
    for image in report.materials.flatMap({ [$0.thumbnail, $0.preview].compactMap { $0 } })
    where image.hasPrefix("thumbs/") && !image.contains("..") {
      AtomicFile.setMode(of: output + "/" + image, readers: readers)
    }
  }

  /// Previews first, the report last: a report on disk means its previews are there too.
  static func write(_ outcome: ReviewOutcome, to reportPath: String, output: String, readers: Readers) throws {
    for thumb in outcome.thumbnails {
      try AtomicFile.write(thumb.bytes, to: output + "/" + thumb.path, readers: readers)
    }
    try AtomicFile.write(outcome.report.json.rendered() + "\n", to: reportPath, readers: readers)
  }

  public static func readReport(_ path: String) -> SubmissionReport? {
    guard let data = FileManager.default.contents(atPath: path), data.count < 16 << 20 else { return nil }
    return try? JSONDecoder().decode(SubmissionReport.self, from: data)
  }

  /// `summary.csv`, `summary.json` and `index.html` from the items, reading each report
  /// back from disk one at a time.
  /// - Parameter missingShards: for a partial merge, the shards left out (said in
  ///   `summary.json`, so that nobody takes it for the whole).
  public static func writeSummaries(
    _ items: [SummaryItem], header: RunHeader, output: String, page: IndexPage, missingShards: [Int] = [],
    readers: Readers = .owner
  ) throws -> String {
    try AtomicFile.write(Summary.csv(items, language: header.language), to: output + "/summary.csv", readers: readers)
    var json = Summary.json(items, header: header)
    if !missingShards.isEmpty, case .object(var pairs) = json {
      pairs.insert(("missingShards", .array(missingShards.map { .number(Double($0)) })), at: 4)
      json = .object(pairs)
    }
    try AtomicFile.write(json.rendered() + "\n", to: output + "/summary.json", readers: readers)
    let indexPath = output + "/index.html"
    try page.write(to: indexPath, items: items, header: header, readers: readers) { item in
      readReport(output + "/" + item.report + ".json")
    }
    return indexPath
  }
}

extension ReviewRun {
  /// Refuses, with the reason in words, a submissions path that is not a readable folder.
  static func requireFolder(_ path: String, language: Language) throws(ReviewRunError) {
    var info = stat()
    guard stat(path, &info) == 0 else {
      switch errno {
      case ENOENT: throw ReviewRunError(zh: "\(path)：文件夹不存在", en: "\(path): no such folder")
      case EACCES, EPERM: throw ReviewRunError(zh: "\(path)：没有读取权限", en: "\(path): permission denied")
      default:
        throw ReviewRunError(
          zh: "\(path)：无法访问（系统错误 \(errno)）", en: "\(path): cannot be opened (\(String(cString: strerror(errno))))")
      }
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      throw ReviewRunError(
        zh: "\(path)：不是文件夹（应为每份提交一个子文件夹的文件夹）",
        en: "\(path): not a folder (give the folder that holds one folder per submission)")
    }
    guard access(path, R_OK | X_OK) == 0 else {
      throw ReviewRunError(zh: "\(path)：没有读取权限", en: "\(path): permission denied")
    }
  }

  /// Creates the reports folder (and `thumbs/`) and clears what a killed run left there.
  /// Folders it creates, `thumbs/`, and a reports folder of an earlier run (it holds a
  /// `summary.json`) get the mode `readers` says; any other folder that was there already
  /// (`-o .`, say) keeps its own.
  static func prepareOutput(_ output: String, readers: Readers) throws(ReviewRunError) {
    do {
      let earlierRun = access(output + "/summary.json", F_OK) == 0
      try AtomicFile.createFolder(output + "/thumbs", readers: readers)
      AtomicFile.setMode(of: output + "/thumbs", readers: readers)
      if earlierRun { AtomicFile.setMode(of: output, readers: readers) }
    } catch {
      throw ReviewRunError(zh: error.message(chinese: true), en: error.message(chinese: false))
    }
    AtomicFile.removeLeftovers(in: output)
    AtomicFile.removeLeftovers(in: output + "/thumbs")
  }

  /// The path with links and `..` resolved, for telling whether two paths are one folder.
  static func resolved(_ path: String) -> String {
    guard let real = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
    defer { free(real) }
    return String(cString: real)
  }
}

/// Why a run could not go on, in both languages.
public struct ReviewRunError: Error, CustomStringConvertible {
  public var text: LocalizedText
  public init(zh: String, en: String) { text = LocalizedText(zh: zh, en: en) }
  public func message(_ language: Language) -> String { text(language) }
  public var description: String { text.en }
}
