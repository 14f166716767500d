import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import TestSupport

let samples = repoPath("samples/submissions")

/// The shipped templates' form geometry, for the form scan (as `review` computes it).
let shippedForms: FormGeometrySet = try! FormRenderer(
  templates: try FormTemplateSet.load(directory: repoPath("templates/forms"))
).geometry()

func settings(policy: Policy = shippedPolicy, language: Language = .zh, forms: FormGeometrySet? = shippedForms)
  -> ReviewSettings
{
  ReviewSettings(
    policy: policy, authorities: shippedAuthorities, today: CalendarDate.parse("2026-11-23")!, language: language,
    policyDigest: "test", forms: forms)
}

func indexPage() throws -> IndexPage { try IndexPage(templates: repoPath("templates/report")) }

func temporaryDirectory() throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("safetyreg-batch-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// A copy of sample submissions (links copied as links), so a test may change them.
func copySamples(_ names: [String]? = nil, to folder: String) throws {
  let all = try FileManager.default.contentsOfDirectory(atPath: samples).filter { !$0.hasPrefix(".") }.sorted()
  for name in names ?? all {
    try FileManager.default.copyItem(atPath: samples + "/" + name, toPath: folder + "/" + name)
  }
}

/// A submission folder with a valid initial application and the given files.
func makeSubmission(in root: String, id: String, files: [String: [UInt8]], from sample: String = "2026-0001-initial-ok") throws
  -> String
{
  let dir = root + "/" + id
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  for (name, bytes) in files {
    let path = dir + "/" + name
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }
  return dir
}

func sampleFile(_ submission: String, _ name: String) -> [UInt8] {
  [UInt8](FileManager.default.contents(atPath: samples + "/" + submission + "/" + name)!)
}

/// Every regular file under a folder, relative path → bytes.
func tree(_ folder: String) -> [String: [UInt8]] {
  var out: [String: [UInt8]] = [:]
  let enumerator = FileManager.default.enumerator(atPath: folder)
  while let name = enumerator?.nextObject() as? String {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue {
      out[name] = [UInt8](FileManager.default.contents(atPath: folder + "/" + name) ?? Data())
    }
  }
  return out
}
