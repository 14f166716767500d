import Core
import Foundation
import RegistrationRules

/// `safetyreg merge`: the reports of several shard runs into one folder with one summary
/// and one page — the same bytes an unsharded run writes.
public enum ReviewMerge {
  /// What a merge found about its shards.
  public struct Result: Sendable {
    public var items: [SummaryItem]
    public var index: String
    /// Shards of `1…N` that were not given (only with `allowPartial`).
    public var missingShards: [Int]
  }

  /// - Parameter allowPartial: merge even when shards are missing or unrecorded; the
  ///   summary then says which are missing.
  /// - Parameter readers: who may read what the merge writes (the owner alone by default).
  /// - Parameter files: where the shards are read and the merge written: the disk, or memory.
  public static func merge(
    _ inputs: [String], into output: String, page: IndexPage, allowPartial: Bool = false, readers: Readers = .owner,
    files: any FileAccess = DiskFiles()
  ) throws -> Result {
    // Every input is read and checked before anything is written.
    var runs: [(input: String, stored: Summary.Stored, header: RunHeader)] = []
    for input in inputs {
      let stored = try read(input, files: files)
      let header = RunHeader(
        policy: stored.policy, today: stored.today, language: stored.language, shard: stored.shard.flatMap(Shard.init))
      if let first = runs.first, !first.header.sameSettings(as: header) {
        let a = first.header, b = header
        throw ReviewRunError(
          LocalizedText(
            "reviewMerge.wasReviewedWithOtherSettings",
            [
              "input": input, "policy": b.policy, "today": b.today, "rawValue": b.language.rawValue, "input2": first.input,
              "policy2": a.policy, "today2": a.today, "rawValue2": a.language.rawValue,
            ])
        )
      }
      runs.append((input, stored, header))
    }
    guard let first = runs.first else { throw ReviewRunError(LocalizedText("reviewMerge.nothingToMerge")) }
    let missing = try checkShards(runs.map { ($0.input, $0.header.shard) }, allowPartial: allowPartial)

    try ReviewRun.prepareOutput(output, readers: readers, files: files)
    let outputPath = files.resolved(output)
    var items: [SummaryItem] = []
    var seen: [String: String] = [:]
    for (input, stored, _) in runs {
      let samePlace = files.resolved(input) == outputPath
      for listed in stored.submissions {
        if let other = seen[listed.submission] {
          throw ReviewRunError(
            LocalizedText("reviewMerge.theSubmissionIsInBoth", ["submission": listed.submission, "other": other, "input": input]))
        }
        seen[listed.submission] = input
        // A report name never holds a path: anything else in a summary is not ours.
        guard !listed.report.contains("/"), !listed.report.hasPrefix(".") else {
          throw ReviewRunError(
            LocalizedText("reviewMerge.summaryJsonNamesAReport", ["input": input, "report": listed.report]))
        }
        let path = input + "/" + listed.report + ".json"
        guard let data = try? files.readFile(path, limit: ReviewRun.maxReportBytes),
          data.count < ReviewRun.maxReportBytes,
          let report = try? JSONDecoder().decode(SubmissionReport.self, from: Data(data))
        else {
          throw ReviewRunError(
            LocalizedText("reviewMerge.theReportIsMissingOr", ["path": path]))
        }
        items.append(SummaryItem(report, file: listed.report))
        guard !samePlace else { continue }
        let images = report.materials.flatMap { [$0.thumbnail, $0.preview].compactMap { $0 } }
        for thumb in images where !thumb.contains("..") && thumb.hasPrefix("thumbs/") {
          if let bytes = try? files.readFile(input + "/" + thumb, limit: maxPreviewBytes), bytes.count <= maxPreviewBytes {
            try files.write(bytes, to: output + "/" + thumb, readers: readers)
          }
        }
        try files.write(data, to: output + "/" + listed.report + ".json", readers: readers)
      }
    }
    items.sort { $0.submission.utf8.lexicographicallyPrecedes($1.submission.utf8) }
    var header = first.header
    header.shard = nil
    let index = try ReviewRun.writeSummaries(
      items, header: header, output: output, page: page, missingShards: missing, readers: readers, files: files)
    return Result(items: items, index: index, missingShards: missing)
  }

  /// The largest preview copied from a shard: ours are far smaller.
  static let maxPreviewBytes = 64 << 20

  /// The largest `summary.json` read: 10,000 submissions take a few megabytes.
  static let maxSummaryBytes = 256 << 20

  static func read(_ input: String, files: any FileAccess) throws -> Summary.Stored {
    switch files.status(of: input) {
    case .missing, .denied, .failed: throw ReviewRunError(LocalizedText("reviewMerge.noSuchFolder", ["input": input]))
    case .folder, .unreadableFolder: break
    case .file, .other:
      throw ReviewRunError(
        LocalizedText("reviewMerge.notAFolderGiveThe", ["input": input]))
    }
    guard let data = try? files.readFile(input + "/summary.json", limit: maxSummaryBytes),
      data.count <= maxSummaryBytes,
      let stored = try? JSONDecoder().decode(Summary.Stored.self, from: Data(data))
    else {
      throw ReviewRunError(
        LocalizedText("reviewMerge.noReadableSummaryJsonIs", ["input": input]))
    }
    return stored
  }

  /// The shards must be K/N runs of one N, each K once and every K there; returns the
  /// missing K when `allowPartial` lets them be missing.
  static func checkShards(_ runs: [(input: String, shard: Shard?)], allowPartial: Bool) throws(ReviewRunError) -> [Int] {
    let unrecorded = runs.filter { $0.shard == nil }.map(\.input)
    if runs.count > 1 {
      if !unrecorded.isEmpty && !allowPartial {
        throw ReviewRunError(
          LocalizedText(
            unrecorded.count == 1 ? "reviewMerge.oneNotAShardRun" : "reviewMerge.notShardRuns",
            ["folders": LocalizedText.list(unrecorded)]))
      }
    }
    let shards = runs.compactMap { run in run.shard.map { (run.input, $0) } }
    guard let n = shards.first?.1.count else { return [] }
    if let odd = shards.first(where: { $0.1.count != n }) {
      throw ReviewRunError(
        LocalizedText("reviewMerge.isShardButOthersAre", ["odd": odd.0, "odd2": odd.1, "n": n]))
    }
    var byIndex: [Int: String] = [:]
    for (input, shard) in shards {
      if let other = byIndex[shard.index] {
        throw ReviewRunError(
          LocalizedText("reviewMerge.shardIsGivenTwiceAnd", ["shard": shard, "other": other, "input": input]))
      }
      byIndex[shard.index] = input
    }
    let missing = (1...n).filter { byIndex[$0] == nil }
    if !missing.isEmpty && !allowPartial {
      let list = missing.map { "\($0)/\(n)" }
      throw ReviewRunError(
        LocalizedText(
          missing.count == 1 ? "reviewMerge.missingShard" : "reviewMerge.missingShards", ["shards": LocalizedText.list(list)]))
    }
    return missing
  }
}
