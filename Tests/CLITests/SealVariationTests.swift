import Foundation
import TestSupport
import Testing

/// The form's seal and labels over generated phone looks (`safetyreg-samples
/// --seal-variations`, the benchmark's set in small): the employer's own seal and the
/// official form signed and stamped are never rejected; on every form legible enough to
/// pass the quality checks, the official form's missing signature and seal are caught;
/// a contract seal and another company's seal are refused or left to the reviewer, never
/// passed silently. BENCHMARKS.md has the rates over all 74 looks.
@Suite struct SealVariationTests {
  @Test func noFalseRejectionAndTheOfficialFormIsChecked() throws {
    let (reports, manifest) = try reviewedVariations("--seal-variations", count: 3)
    #expect(manifest.count == 18)
    var legible = 0
    for (name, entry) in manifest {
      let report = try reportJSON(reports, name)
      let reasons = Set(((report["reasons"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
      let warnings = Set(((report["warnings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
      let isLegible = reasons.isDisjoint(with: ["BLURRY", "TOO_DARK", "LOW_CONTRAST", "RESOLUTION_TOO_LOW"])
      switch entry["case"] as? String {
      case "own-seal", "official-ok":
        #expect(!reasons.contains("SEAL_NAME_MISMATCH") && !reasons.contains("SIGNATURE_MISSING"), "\(name): \(reasons)")
        if isLegible {
          legible += 1
          #expect(!reasons.contains("SEAL_MISSING"), "\(name): \(reasons)")
        }
      case "official-unsigned":
        #expect(!reasons.contains("SEAL_NAME_MISMATCH"), "\(name)")
        if isLegible { #expect(reasons.contains("SIGNATURE_MISSING"), "\(name): \(reasons)") }
      case "official-unstamped":
        if isLegible { #expect(reasons.contains("SEAL_MISSING"), "\(name): \(reasons)") }
      default:
        // Another kind or another company's seal: refused, or the reviewer is told.
        if isLegible {
          #expect(
            reasons.contains("SEAL_NAME_MISMATCH") || warnings.contains("SEAL_UNREADABLE"), "\(name): \(reasons) \(warnings)")
        }
      }
    }
    #expect(legible >= 2, "legible forms: \(legible)")
  }
}
