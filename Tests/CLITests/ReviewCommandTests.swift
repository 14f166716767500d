import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ReviewCommandTests {
  /// Every regular file under a folder, relative path → bytes.
  func tree(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let name = enumerator?.nextObject() as? String {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue {
        out[name] = FileManager.default.contents(atPath: folder + "/" + name)
      }
    }
    return out
  }

  func copyOfSamples() throws -> String {
    let input = try temporaryDirectory().appendingPathComponent("in").path
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions"), toPath: input)
    return input
  }

  @Test func reviewPrintsTheSummaryAndThePage() throws {
    let input = try copyOfSamples(), output = try temporaryDirectory().path
    let r = try run(["review", input, "-o", output, "--today", "2026-11-23", "--jobs", "2"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("共 13 份提交：通过 4 份，退回 9 份。"))
    #expect(r.stdout.contains(output + "/index.html"))
    #expect(r.stderr.contains("进度 13/13"))
    let en = try run(["review", input, "-o", output, "--today", "2026-11-23", "--lang", "en", "--quiet"])
    #expect(en.stdout.contains("13 submissions: 4 accepted, 9 rejected."))
    #expect(en.stderr.isEmpty)
    #expect(try run(["review", input, "-o", output, "--shard", "4/3"]).status == 2)
    #expect(try run(["review", input + "/missing", "-o", output]).status == 2)
  }

  /// A run killed with SIGKILL at random moments, then resumed, ends with exactly the
  /// bytes of a run that was never interrupted.
  @Test func killedRunsResumeToTheSameReports() throws {
    let input = try copyOfSamples()
    let reference = try temporaryDirectory().path
    #expect(try run(["review", input, "-o", reference, "--today", "2026-11-23", "--jobs", "2", "--quiet"]).status == 0)
    let resumed = try temporaryDirectory().path
    var generator = SystemRandomNumberGenerator()
    var killed = 0
    for _ in 0..<5 {
      let process = Process()
      process.executableURL = safetyregBinary
      process.arguments = ["review", input, "-o", resumed, "--today", "2026-11-23", "--jobs", "2", "--quiet"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &generator))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
    }
    let last = try run(["review", input, "-o", resumed, "--today", "2026-11-23", "--jobs", "2"])
    #expect(last.status == 0)
    let a = tree(reference), b = tree(resumed)
    #expect(a.keys.sorted() == b.keys.sorted(), "no file lost, no temporary left")
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs") }
    #expect(killed > 0, "at least one run was killed mid-way")
  }

  @Test func mergeCombinesShards() throws {
    let input = try copyOfSamples(), work = try temporaryDirectory().path
    for k in 1...2 {
      #expect(
        try run(["review", input, "-o", "\(work)/s\(k)", "--today", "2026-11-23", "--shard", "\(k)/2", "--quiet"]).status == 0)
    }
    let merged = try run(["merge", "\(work)/s1", "\(work)/s2", "-o", "\(work)/all"])
    #expect(merged.status == 0)
    #expect(merged.stdout.contains("共 13 份提交"))
    #expect(try run(["merge", "\(work)/s1", "\(work)/s1", "-o", "\(work)/dup"]).status == 2)
  }
}
