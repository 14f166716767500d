import Foundation
import TestSupport
import Testing

/// Generated phone looks (`safetyreg-samples <flag> count`) reviewed into a temporary
/// folder: the reports folder and the manifest that says what each submission shows.
func reviewedVariations(_ flag: String, count: Int) throws -> (reports: String, manifest: [String: [String: Any]]) {
  let generator = URL(fileURLWithPath: safetyregExecutable).deletingLastPathComponent()
    .appendingPathComponent("safetyreg-samples").path
  try #require(FileManager.default.isExecutableFile(atPath: generator), "safetyreg-samples is built with the tests")
  let work = try temporaryDirectory().path
  let variations = work + "/variations"
  let made = try runProgram(
    generator, [variations, flag, String(count)], in: repositoryRoot.path,
    environment: ["SAFETYREG_ROOT": repositoryRoot.path])
  try #require(made.status == 0, "\(made.stderr)")
  let reports = work + "/reports"
  let reviewed = try run(["review", variations, "-o", reports, "--today", "2026-11-23", "--quiet"])
  try #require(reviewed.status == 0, "\(reviewed.stderr)")
  let manifest = try #require(
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: variations + "/manifest.json")))
      as? [String: [String: Any]])
  return (reports, manifest)
}

/// One submission's JSON report.
func reportJSON(_ reports: String, _ name: String) throws -> [String: Any] {
  try #require(
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reports + "/\(name).json")))
      as? [String: Any])
}
