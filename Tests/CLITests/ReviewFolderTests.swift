import Foundation
import TestSupport
import Testing

/// `review` and `merge` are careful with folders and with interruptions.
@Suite(.serialized) struct ReviewFolderTests {
  func samples(copies: Int = 1) throws -> String {
    let input = try temporaryDirectory().appendingPathComponent("in").path
    if copies == 1 {
      try FileManager.default.copyItem(atPath: repoPath("samples/submissions"), toPath: input)
      return input
    }
    try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: repoPath("samples/submissions")) {
      for k in 1...copies {
        try FileManager.default.copyItem(atPath: repoPath("samples/submissions/" + name), toPath: "\(input)/\(name)-\(k)")
      }
    }
    return input
  }

  @Test func reviewSkipsItsOwnOutputFolderInsideTheSubmissions() throws {
    let input = try samples()
    for _ in 1...2 {
      let r = try run(["review", input, "-o", input + "/_reports", "--today", "2026-11-23", "--quiet"])
      #expect(r.status == 0)
      #expect(r.stdout.contains("共 29 份提交"), "\(r.stdout)")
    }
    // Spelt another way, it is still the same folder.
    let again = try run(["review", input, "-o", input + "/./_reports/", "--today", "2026-11-23", "--quiet"])
    #expect(again.stdout.contains("共 29 份提交"), "\(again.stdout)")
    #expect(!FileManager.default.fileExists(atPath: input + "/_reports/_reports.json"))
  }

  /// Ctrl-C says how to resume; resuming ends with the bytes of an undisturbed run.
  @Test func ctrlCSaysHowToResume() throws {
    let input = try samples(copies: 6)
    let reference = try temporaryDirectory().path
    #expect(
      try run([
        "review", input, "-o", reference, "--today", "2026-11-23", "--quiet", "--jobs", "2", "--policy", unhurriedPolicyFile,
      ]).status == 0)
    let output = try temporaryDirectory().path
    let process = Process()
    process.executableURL = safetyregBinary
    process.arguments = ["review", input, "-o", output, "--today", "2026-11-23", "--jobs", "1", "--policy", unhurriedPolicyFile]
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    process.environment = environment
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Interrupt once a few reports are written, well before the 78 are done.
    func reports() -> Int { tree(output).keys.count { $0.hasSuffix(".json") && $0 != "summary.json" } }
    let deadline = Date().addingTimeInterval(60)
    while reports() < 3 && Date() < deadline { usleep(20_000) }
    // Only a run still going: the pid of one that ended may already be another process's.
    if process.isRunning { kill(process.processIdentifier, SIGINT) }
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130, "\(message)")
    #expect(message.contains("已中断（Ctrl-C）") && message.contains("再次运行同一命令即从中断处继续"), "\(message)")
    #expect(message.contains("review \(input) -o \(output) --today 2026-11-23 --jobs 1"), "\(message)")
    // Reports written before the interruption, and not all of them: else there is nothing
    // to resume, and the message below would be tested by luck.
    let partial = reports()
    try #require(partial >= 3 && partial < 78, "interrupted after \(partial) reports of 78")
    let resumed = try run([
      "review", input, "-o", output, "--today", "2026-11-23", "--jobs", "2", "--policy", unhurriedPolicyFile,
    ])
    #expect(resumed.status == 0)
    #expect(resumed.stderr.contains("沿用未变化的报告 \(partial) 份"), "\(resumed.stderr)")
    let a = tree(reference), b = tree(output)
    #expect(a.keys.sorted() == b.keys.sorted())
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs\(firstLinesThatDiffer(a[key], b[key]))") }
  }

  @Test func mergeChecksTheShards() throws {
    let input = try samples(), work = try temporaryDirectory().path
    for k in 1...3 {
      #expect(
        try run([
          "review", input, "-o", "\(work)/s\(k)", "--today", "2026-11-23", "--shard", "\(k)/3", "--quiet", "--policy",
          unhurriedPolicyFile,
        ]).status == 0)
    }
    let summary = try String(contentsOfFile: "\(work)/s2/summary.json", encoding: .utf8)
    #expect(summary.contains("\"shard\": \"2/3\""))

    let missing = try run(["merge", "\(work)/s1", "\(work)/s3", "-o", "\(work)/m"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("缺少分片 2/3"), "\(missing.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(work)/m"))
    let twice = try run(["merge", "\(work)/s1", "\(work)/s2", "\(work)/s2", "\(work)/s3", "-o", "\(work)/m", "--lang", "en"])
    #expect(twice.status == 2 && twice.stderr.contains("shard 2/3 is given twice"), "\(twice.stderr)")

    let partial = try run(["merge", "\(work)/s1", "\(work)/s3", "-o", "\(work)/p", "--allow-partial"])
    #expect(partial.status == 0)
    #expect(partial.stderr.contains("缺少分片 2"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(work)/p/summary.json")))
    #expect((json as? [String: Any])?["missingShards"] as? [Int] == [2])

    // Whole, the merge is the unsharded run, byte for byte.
    #expect(try run(["merge", "\(work)/s3", "\(work)/s1", "\(work)/s2", "-o", "\(work)/all"]).status == 0)
    #expect(
      try run(["review", input, "-o", "\(work)/whole", "--today", "2026-11-23", "--quiet", "--policy", unhurriedPolicyFile])
        .status == 0)
    let a = tree("\(work)/whole"), b = tree("\(work)/all")
    #expect(a.keys.sorted() == b.keys.sorted())
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs\(firstLinesThatDiffer(a[key], b[key]))") }
  }
}
