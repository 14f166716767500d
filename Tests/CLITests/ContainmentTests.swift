import Foundation
import TestSupport
import Testing

/// `review`, `inspect` and `photo` finish whatever the uploads do to the decoders: a
/// report for every submission, the summary and the page, and a re-run that resumes.
@Suite(.serialized) struct ContainmentTests {
  /// A policy whose per-file deadline is short, so that a hang costs the test 3 s.
  func quickPolicy() throws -> String {
    let path = try temporaryDirectory().appendingPathComponent("policy.yaml").path
    let text = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "  checkSeconds: 30", with: "  checkSeconds: 3")
      .replacingOccurrences(of: "  checkCPUSeconds: 25", with: "  checkCPUSeconds: 3")
      .replacingOccurrences(of: "  checkMemoryMegabytes: 1024", with: "  checkMemoryMegabytes: 512")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// A sample submission with one file replaced by `bytes`.
  func submission(in root: String, _ id: String, replacing file: String, with bytes: [UInt8]) throws {
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions/2026-0001-initial-ok"), toPath: root + "/" + id)
    try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + id + "/" + file))
  }

  func hook(_ name: String) -> [UInt8] { Array("%PDF-1.4\nSAFETYREG-TEST-HOOK:\(name)\n".utf8) }

  @Test func aBatchOfHostileUploadsFinishesWithAReasonForEachFile() throws {
    let input = try temporaryDirectory().path, output = try temporaryDirectory().path
    try submission(in: input, "a-segv", replacing: "contract-1.jpg", with: hook("segv"))
    try submission(in: input, "b-hang", replacing: "contract-2.jpg", with: hook("hang"))
    try submission(in: input, "c-memory", replacing: "contract-1.jpg", with: hook("allocate"))
    try submission(in: input, "d-poppler-stack", replacing: "contract-1.jpg", with: try hostileFixture("ps-function-deep.pdf"))
    try submission(in: input, "e-mediabox", replacing: "contract-1.jpg", with: try hostileFixture("mediabox-huge.pdf"))
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions/2026-0001-initial-ok"), toPath: input + "/f-fine")
    let arguments = [
      "review", input, "-o", output, "--today", "2026-11-23", "--jobs", "2", "--policy", try quickPolicy(), "--lang", "en",
    ]
    let r = try run(arguments, environment: ["SAFETYREG_TEST_HOOKS": "1"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("6 submissions: 1 accepted, 5 rejected."), "\(r.stdout)")
    for name in ["summary.csv", "summary.json", "index.html"] {
      #expect(FileManager.default.fileExists(atPath: output + "/" + name), "\(name)")
    }
    func report(_ id: String) throws -> [String: Any] {
      let data = try Data(contentsOf: URL(fileURLWithPath: output + "/" + id + ".json"))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    let expected: [(String, String, String)] = [
      ("a-segv", "contract-1.jpg", "SIGSEGV"), ("b-hang", "contract-2.jpg", "time limit"),
      ("c-memory", "contract-1.jpg", "memory limit"), ("d-poppler-stack", "contract-1.jpg", "SIGSEGV"),
    ]
    for (id, file, words) in expected {
      let r = try report(id)
      let reasons = r["reasons"] as? [[String: Any]] ?? []
      let failed = reasons.filter { $0["code"] as? String == "CHECK_FAILED" }
      #expect(failed.count == 1 && failed.first?["file"] as? String == file, "\(id): \(reasons)")
      #expect((failed.first?["message"] as? String)?.contains(words) == true, "\(id): \(failed)")
      // The submission's other files were still checked.
      let materials = r["materials"] as? [[String: Any]] ?? []
      #expect(materials.filter { $0["ok"] as? Bool == true }.count == materials.count - 1, "\(id): \(materials)")
    }
    let e = try report("e-mediabox")
    #expect((e["reasons"] as? [[String: Any]])?.contains { $0["code"] as? String == "CORRUPT_FILE" } == true)
    #expect(try report("f-fine")["decision"] as? String == "accept")
    let page = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
    #expect(page.contains("CHECK_FAILED"))
    // A re-run meets the same files and does not meet them again: every report is reused.
    let again = try run(arguments, environment: ["SAFETYREG_TEST_HOOKS": "1"])
    #expect(again.status == 0)
    #expect(again.stderr.contains("0 reviewed now, 6 unchanged reports reused"), "\(again.stderr)")
  }

  /// A submission's files share the policy's seconds: past them its other files are
  /// CHECK_FAILED (not started), the submission is rejected, and the run goes on to the
  /// next submission, which gets its own seconds.
  @Test func aSubmissionsFilesShareOneBudget() throws {
    let input = try temporaryDirectory().path, output = try temporaryDirectory().path
    // mesh-shading-render.pdf draws a million patches: about 2 s, within checkSeconds.
    // Both contracts are such files: whatever the order, the second starts past 1 s.
    let slow = try hostileFixture("mesh-shading-render.pdf")
    try submission(in: input, "a-slow", replacing: "contract-1.jpg", with: slow)
    try Data(slow).write(to: URL(fileURLWithPath: input + "/a-slow/contract-2.jpg"))
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions/2026-0001-initial-ok"), toPath: input + "/b-fine")
    let policy = try quickPolicy()
    let text = try String(contentsOfFile: policy, encoding: .utf8)
      .replacingOccurrences(of: "  submissionCheckSeconds: 120", with: "  submissionCheckSeconds: 1")
    try text.write(toFile: policy, atomically: true, encoding: .utf8)
    let r = try run(["review", input, "-o", output, "--today", "2026-11-23", "--jobs", "1", "--policy", policy, "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    func unchecked(_ id: String) throws -> (files: Int, unchecked: [[String: Any]]) {
      let data = try Data(contentsOf: URL(fileURLWithPath: output + "/" + id + ".json"))
      let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let reasons = report["reasons"] as? [[String: Any]] ?? []
      let materials = report["materials"] as? [[String: Any]] ?? []
      return (
        materials.count,
        reasons.filter {
          $0["code"] as? String == "CHECK_FAILED" && ($0["message"] as? String)?.contains("used up their 1 s") == true
        }
      )
    }
    let a = try unchecked("a-slow")
    #expect(!a.unchecked.isEmpty && a.unchecked.count < a.files, "\(a)")
    #expect(a.unchecked.allSatisfy { ($0["limit"] as? Double) == 1 }, "\(a.unchecked)")
    // The next submission has seconds of its own: its first file at least was checked.
    let b = try unchecked("b-fine")
    #expect(b.unchecked.count < b.files, "\(b)")
  }

  /// A FIFO given to the single-file commands is refused at once instead of waiting for
  /// a writer that never comes.
  @Test(arguments: [["inspect", "--as", "form"], ["photo"], ["validate"]])
  func aFIFOIsRefusedNotWaitedFor(_ command: [String]) throws {
    let fifo = try temporaryDirectory().appendingPathComponent("upload.jpg").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let r = try run([command[0], fifo] + command.dropFirst() + ["--lang", "en"])
    #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
    #expect(r.stderr.contains("not a regular file"), "\(r.stderr)")
  }

  @Test func inspectAndPhotoReportAWorkerCrashAsAReason() throws {
    let file = try temporaryDirectory().appendingPathComponent("evil.pdf").path
    try Data(hook("segv")).write(to: URL(fileURLWithPath: file))
    let r = try run(["inspect", file, "--as", "form", "--json"], environment: ["SAFETYREG_TEST_HOOKS": "1"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("\"CHECK_FAILED\""), "\(r.stdout)")
    let photo = try temporaryDirectory().appendingPathComponent("evil.jpg").path
    try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array("SAFETYREG-TEST-HOOK:segv\n".utf8)).write(to: URL(fileURLWithPath: photo))
    let p = try run(["photo", photo, "--fix", photo + ".fixed.jpg", "--lang", "en"], environment: ["SAFETYREG_TEST_HOOKS": "1"])
    #expect(p.status == 1)
    #expect(p.stdout.contains("[CHECK_FAILED]"), "\(p.stdout)")
  }
}
