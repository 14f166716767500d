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
          zh:
            "\(input) 的审查设置（政策 \(b.policy)，日期 \(b.today)，语言 \(b.language.rawValue)）与 \(first.input)（\(a.policy)，\(a.today)，\(a.language.rawValue)）不同，不能合并",
          en:
            "\(input) was reviewed with other settings (policy \(b.policy), date \(b.today), language \(b.language.rawValue)) than \(first.input) (\(a.policy), \(a.today), \(a.language.rawValue)); they cannot be merged"
        )
      }
      runs.append((input, stored, header))
    }
    guard let first = runs.first else { throw ReviewRunError(zh: "没有可合并的结果", en: "nothing to merge") }
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
            zh: "提交 \(listed.submission) 同时出现在 \(other) 和 \(input) 中：分片是否重叠？",
            en: "the submission \(listed.submission) is in both \(other) and \(input): were the shards overlapping?")
        }
        seen[listed.submission] = input
        // A report name never holds a path: anything else in a summary is not ours.
        guard !listed.report.contains("/"), !listed.report.hasPrefix(".") else {
          throw ReviewRunError(
            zh: "\(input)/summary.json 指向其文件夹之外的报告“\(listed.report)”",
            en: "\(input)/summary.json names a report \"\(listed.report)\" outside its folder")
        }
        let path = input + "/" + listed.report + ".json"
        guard let data = try? files.readFile(path, limit: ReviewRun.maxReportBytes),
          data.count < ReviewRun.maxReportBytes,
          let report = try? JSONDecoder().decode(SubmissionReport.self, from: Data(data))
        else {
          throw ReviewRunError(
            zh: "\(path)：报告缺失或无法读取（请重新运行该分片的审查）",
            en: "\(path): the report is missing or unreadable (run that shard's review again)")
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
    case .missing, .denied, .failed: throw ReviewRunError(zh: "\(input)：文件夹不存在", en: "\(input): no such folder")
    case .folder, .unreadableFolder: break
    case .file, .other:
      throw ReviewRunError(
        zh: "\(input)：不是文件夹（应为 safetyreg review -o 的输出文件夹）",
        en: "\(input): not a folder (give the -o folder of a safetyreg review run)")
    }
    guard let data = try? files.readFile(input + "/summary.json", limit: maxSummaryBytes),
      data.count <= maxSummaryBytes,
      let stored = try? JSONDecoder().decode(Summary.Stored.self, from: Data(data))
    else {
      throw ReviewRunError(
        zh: "\(input)：没有可读的 summary.json（是 safetyreg review 的输出文件夹吗？该分片是否已运行完毕？）",
        en: "\(input): no readable summary.json (is it the output of safetyreg review, and did that run finish?)")
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
          zh: "\(unrecorded.joined(separator: "、")) 不是分片审查的结果（未记录 --shard K/N），无法确认是否齐全；确认无误可加 --allow-partial",
          en:
            "\(unrecorded.joined(separator: ", ")) \(unrecorded.count == 1 ? "is" : "are") not the output of a --shard K/N run, so completeness cannot be checked; add --allow-partial if you are sure"
        )
      }
    }
    let shards = runs.compactMap { run in run.shard.map { (run.input, $0) } }
    guard let n = shards.first?.1.count else { return [] }
    if let odd = shards.first(where: { $0.1.count != n }) {
      throw ReviewRunError(
        zh: "\(odd.0) 是 \(odd.1) 分片，其他为 …/\(n)：分片数不一致，不能合并",
        en: "\(odd.0) is shard \(odd.1) but others are …/\(n): different shard counts cannot be merged")
    }
    var byIndex: [Int: String] = [:]
    for (input, shard) in shards {
      if let other = byIndex[shard.index] {
        throw ReviewRunError(
          zh: "分片 \(shard) 出现了两次：\(other) 和 \(input)", en: "shard \(shard) is given twice: \(other) and \(input)")
      }
      byIndex[shard.index] = input
    }
    let missing = (1...n).filter { byIndex[$0] == nil }
    if !missing.isEmpty && !allowPartial {
      let list = missing.map { "\($0)/\(n)" }
      throw ReviewRunError(
        zh: "缺少分片 \(list.joined(separator: "、"))：合并结果将不完整。请补齐这些分片，或加 --allow-partial 合并已有的分片",
        en:
          "missing shard\(missing.count == 1 ? "" : "s") \(list.joined(separator: ", ")): the merged summary would be incomplete. Run them, or add --allow-partial to merge what is there"
      )
    }
    return missing
  }
}
