import Foundation
import TestSupport
import Testing

/// What the review reads over generated phone looks (`safetyreg-samples
/// --reading-variations`, the benchmark's set in small): the applicant's own contract and
/// card are never rejected, and on every contract legible enough to pass the quality
/// checks nothing is reported missing; another person's contract and another number on
/// the card are caught there. BENCHMARKS.md has the rates over all 74 looks.
@Suite struct ReadingVariationTests {
  @Test func noFalseRejectionAndLegibleDocumentsRead() throws {
    let (reports, manifest) = try reviewedVariations("--reading-variations", count: 5)
    #expect(manifest.count == 15)
    var legible = 0
    for (name, entry) in manifest {
      let report = try reportJSON(reports, name)
      let reasons = (report["reasons"] as? [[String: Any]]) ?? []
      let warnings = (report["warnings"] as? [[String: Any]]) ?? []
      func has(_ list: [[String: Any]], _ code: String, _ material: String) -> Bool {
        list.contains { $0["code"] as? String == code && $0["material"] as? String == material }
      }
      // A contract the quality checks pass (not blurred, dark or faint) must be read.
      let contractLegible = !reasons.contains {
        $0["material"] as? String == "contract"
          && ["BLURRY", "TOO_DARK", "LOW_CONTRAST", "RESOLUTION_TOO_LOW"].contains($0["code"] as? String ?? "")
      }
      switch entry["case"] as? String {
      case "own":
        #expect(!has(reasons, "CONTENT_MISMATCH", "contract") && !has(reasons, "CONTENT_MISMATCH", "id_handheld"), "\(name)")
        if contractLegible {
          legible += 1
          #expect(!has(warnings, "CONTENT_NOT_FOUND", "contract"), "\(name): \(warnings)")
        }
      case "other-contract":
        #expect(!has(reasons, "CONTENT_MISMATCH", "id_handheld"), "\(name)")
        if contractLegible { #expect(has(reasons, "CONTENT_MISMATCH", "contract"), "\(name): \(reasons)") }
      default:
        #expect(!has(reasons, "CONTENT_MISMATCH", "contract"), "\(name)")
      }
    }
    // Some of these looks are legible, so the rules above were put to the test.
    #expect(legible >= 2, "legible contracts: \(legible)")
  }
}
