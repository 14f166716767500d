import ArgumentParser
import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import Service

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the reports of shard runs into one summary and page (合并分片审查结果).",
    discussion:
      """
      Every input must be the -o folder of a `safetyreg review --shard K/N` run with the same \
      policy, date and language. Every shard 1…N must be given exactly once, unless \
      --allow-partial. Exit code 0: merged; 2: could not merge. What it writes is for you \
      alone (files 0600, folders 0700) unless --group-readable.
      """
  )

  @Argument(help: ArgumentHelp("Report folders of the shard runs.", valueName: "REPORTS"))
  var inputs: [String]

  @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the merged reports.", valueName: "REPORTS"))
  var output: String

  @Flag(help: "Merge even when shards are missing (summary.json lists them as missingShards).")
  var allowPartial = false

  @OptionGroup var sharing: ReportSharing

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard !inputs.isEmpty else { throw ValidationError("Give at least one REPORTS folder.") }
  }

  func run() throws {
    let setup = try RuleSetup.load(global)
    let page = try ReviewSetup.page(setup, language: global.language)
    do {
      let merged = try ReviewMerge.merge(
        inputs, into: output, page: page, allowPartial: allowPartial, readers: sharing.readers)
      ReviewSetup.printSummary(merged.items, index: merged.index, language: global.language)
      if !merged.missingShards.isEmpty {
        let list = merged.missingShards.map(String.init).joined(separator: ", ")
        Console.error(LocalizedText("mergeCommand.partial", ["shards": list])(global.language))
      }
    } catch {
      throw Console.fail(Console.describe(error, global.language))
    }
  }
}
