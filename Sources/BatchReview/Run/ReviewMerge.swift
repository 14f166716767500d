import Foundation
import RegistrationRules
import SafeIO

/// `safetyreg merge`: the reports of several shard runs into one folder with one summary
/// and one page — the same bytes an unsharded run writes.
public enum ReviewMerge {
  public static func merge(_ inputs: [String], into output: String, page: IndexPage) throws -> (
    items: [SummaryItem], index: String
  ) {
    var header: RunHeader?
    var items: [SummaryItem] = []
    var seen: [String: String] = [:]
    try FileManager.default.createDirectory(atPath: output + "/thumbs", withIntermediateDirectories: true)
    AtomicFile.removeLeftovers(in: output)
    AtomicFile.removeLeftovers(in: output + "/thumbs")
    let outputPath = URL(fileURLWithPath: output).standardizedFileURL.path
    for input in inputs {
      guard let data = FileManager.default.contents(atPath: input + "/summary.json"),
        let stored = try? JSONDecoder().decode(Summary.Stored.self, from: data)
      else {
        throw ReviewRunError("\(input): no readable summary.json (is it the output of safetyreg review?)")
      }
      let h = RunHeader(policy: stored.policy, today: stored.today, language: stored.language)
      if let header, header != h {
        throw ReviewRunError(
          "\(input) was reviewed with other settings (policy \(h.policy), date \(h.today), language \(h.language.rawValue)) than \(inputs[0]) (\(header.policy), \(header.today), \(header.language.rawValue))"
        )
      }
      header = h
      let samePlace = URL(fileURLWithPath: input).standardizedFileURL.path == outputPath
      for item in stored.submissions {
        if let other = seen[item.submission] {
          throw ReviewRunError("the submission \(item.submission) is in both \(other) and \(input): were the shards overlapping?")
        }
        seen[item.submission] = input
        items.append(item)
        // A report name never holds a path: anything else in a summary is not ours.
        guard !item.report.contains("/"), !item.report.hasPrefix(".") else {
          throw ReviewRunError("\(input)/summary.json names a report \"\(item.report)\" outside its folder")
        }
        guard !samePlace, let report = FileManager.default.contents(atPath: input + "/" + item.report + ".json") else {
          continue
        }
        if let decoded = try? JSONDecoder().decode(SubmissionReport.self, from: report) {
          for thumb in decoded.materials.compactMap(\.thumbnail) where !thumb.contains("..") && thumb.hasPrefix("thumbs/") {
            if let bytes = FileManager.default.contents(atPath: input + "/" + thumb) {
              try AtomicFile.write(bytes, to: output + "/" + thumb)
            }
          }
        }
        try AtomicFile.write(report, to: output + "/" + item.report + ".json")
      }
    }
    guard let header else { throw ReviewRunError("nothing to merge") }
    items.sort { $0.submission.utf8.lexicographicallyPrecedes($1.submission.utf8) }
    let index = try ReviewRun.writeSummaries(items, header: header, output: output, page: page)
    return (items, index)
  }
}
