import ArgumentParser
import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import Service

enum ReviewSetup {
  /// Where the form scan looks on each kind's form, from the form templates.
  static func formGeometry(_ setup: RuleSetup, language: Language) throws -> FormGeometrySet {
    do {
      return try setup.formGeometry(language: language)
    } catch {
      throw Console.fail(error.message)
    }
  }

  static func page(_ setup: RuleSetup, language: Language) throws -> IndexPage {
    do {
      return try IndexPage(templates: setup.templates.path("report"))
    } catch {
      throw Console.fail(LocalizedText("reviewSetup.pageTemplatesUnreadable", ["path": setup.templates.path("report")])(language))
    }
  }

  /// Identifies the rules' content: a changed policy or authority list re-reviews everything.
  static func digest(of files: [String]) -> String {
    var hash = FNV1a()
    for file in files {
      hash.add((try? DiskFiles().readFile(file, limit: 16 << 20)) ?? [])
      hash.add("")  // a separator, so that moving bytes between files changes the digest
    }
    return hash.hex
  }

  static func printSummary(_ items: [SummaryItem], index: String, language: Language) {
    let accepted = items.count { $0.decision == .accept }
    print(
      LocalizedText("reviewSetup.summary", ["count": items.count, "accepted": accepted, "rejected": items.count - accepted])(
        language))
    for (code, n) in Summary.counts(items) {
      print(
        "  \(code.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(n).leftPadded(5))  \(code.shortLabel(language))"
      )
    }
    print(LocalizedText("reviewSetup.reviewersPage", ["path": URL(fileURLWithPath: index).standardizedFileURL.path])(language))
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
