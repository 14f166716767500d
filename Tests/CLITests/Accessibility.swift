import Foundation
import TestSupport
import Testing

/// The accessibility audits the page scripts return (Tests/browser/axe.py): axe-core 4.12.1,
/// pinned, injected into the real page in headless Chromium.
enum Accessibility {
  static let axeVersion = "4.12.1"

  /// Requires an audit of each of `states` (the page as the script left it at each point),
  /// each one a real run of the pinned axe-core that checked the page (rules passed) and
  /// found nothing serious or critical. Minor and moderate findings are not refused.
  static func expectNoSeriousViolations(
    _ audits: Any?, states: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let audits = audits as? [String: Any] ?? [:]
    #expect(Set(audits.keys) == Set(states), "audits: \(audits.keys.sorted())", sourceLocation: sourceLocation)
    for state in states {
      let audit = audits[state] as? [String: Any] ?? [:]
      #expect(audit["version"] as? String == axeVersion, "\(state): \(audit)", sourceLocation: sourceLocation)
      #expect(
        (audit["passes"] as? Int ?? 0) >= 10, "\(state): axe passed too few rules to have seen a page",
        sourceLocation: sourceLocation)
      let serious = (audit["violations"] as? [[String: Any]] ?? []).filter {
        ["serious", "critical"].contains($0["impact"] as? String ?? "")
      }
      #expect(serious.isEmpty, "\(state): \(serious)", sourceLocation: sourceLocation)
    }
  }
}

@Suite struct AccessibilityTests {
  /// The audit itself, on a page with four planted faults: each is named, serious or
  /// critical. Without this, "no violations" on our pages could mean axe never looked.
  @Test(.enabled(if: ServeTests.browser, "needs chromium, chromium-driver and python3-selenium (make test installs them)"))
  func theAuditFindsPlantedFaults() throws {
    let out = try temporaryDirectory().path
    let r = try runProgram("/usr/bin/python3", [repoPath("Tests/browser/axe_planted.py"), out], in: out)
    try #require(r.status != 77, "Chromium could not start: \(r.stderr)")
    try #require(r.status == 0, "\(r.stderr.suffix(2000))")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(result["serious"] as? [String] == ["button-name", "html-has-lang", "image-alt", "label"], "\(result)")
    #expect((result["audit"] as? [String: Any])?["version"] as? String == Accessibility.axeVersion)
  }
}
