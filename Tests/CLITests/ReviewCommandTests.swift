import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ReviewCommandTests {

  func copyOfSamples() throws -> String {
    let input = try temporaryDirectory().appendingPathComponent("in").path
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions"), toPath: input)
    return input
  }

  @Test func reviewPrintsTheSummaryAndThePage() throws {
    let input = try copyOfSamples(), output = try temporaryDirectory().path
    let r = try run(["review", input, "-o", output, "--today", "2026-11-23", "--jobs", "2"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("共 29 份提交：通过 5 份，退回 24 份。"))
    #expect(r.stdout.contains(output + "/index.html"))
    #expect(r.stderr.contains("进度 29/29"))
    let en = try run(["review", input, "-o", output, "--today", "2026-11-23", "--lang", "en", "--quiet"])
    #expect(en.stdout.contains("29 submissions: 5 accepted, 24 rejected."))
    #expect(en.stderr.isEmpty)
    #expect(try run(["review", input, "-o", output, "--shard", "4/3"]).status == 2)
    #expect(try run(["review", input + "/missing", "-o", output]).status == 2)
  }

  /// A run killed with SIGKILL at 20 random moments (each after a random number of new
  /// files has appeared, so the kill lands mid-run: between writes, or during one), each
  /// time resumed, ends with exactly the bytes of a run that was never interrupted.
  @Test func killedRunsResumeToTheSameReports() throws {
    let input = try copyOfSamples()
    let reference = try temporaryDirectory().path
    #expect(
      try run([
        "review", input, "-o", reference, "--today", "2026-11-23", "--jobs", "2", "--quiet", "--policy", unhurriedPolicyFile,
      ])
      .status == 0)
    let resumed = try temporaryDirectory().path
    var generator = SystemRandomNumberGenerator()
    var landed = 0
    for _ in 0..<20 {
      let before = fileCount(resumed)
      let target = before + Int.random(in: 0...3, using: &generator)
      let process = try startedReview(input, into: resumed)
      while process.isRunning && fileCount(resumed) < target { usleep(500) }
      // Only a run still going: the pid of one that ended may already be another process's.
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { landed += 1 }
    }
    let last = try run(["review", input, "-o", resumed, "--today", "2026-11-23", "--jobs", "2", "--policy", unhurriedPolicyFile])
    #expect(last.status == 0)
    let a = tree(reference), b = tree(resumed)
    #expect(a.keys.sorted() == b.keys.sorted(), "no file lost, no temporary left")
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs\(firstLinesThatDiffer(a[key], b[key]))") }
    #expect(landed >= 15, "\(landed) of 20 kills landed while the run was going")
  }

  /// A run killed with SIGKILL takes its check workers with it: none is left behind,
  /// busy or idle, however the run ended (the workers watch their channel to it).
  @Test func aKilledRunLeavesNoWorkerBehind() throws {
    let input = try copyOfSamples(), output = try temporaryDirectory().path
    let process = try startedReview(input, into: output)
    // Its workers: the processes whose parent it is, once both have started.
    var workers: [ProcessEntry] = []
    let started = ContinuousClock.now + .seconds(120)
    while process.isRunning && workers.count < 2 && ContinuousClock.now < started {
      usleep(10_000)
      workers = ProcessEntry.all().filter { $0.parent == process.processIdentifier }
    }
    try #require(process.isRunning && workers.count == 2, "the run started \(workers.count) workers")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let gone = ContinuousClock.now + .seconds(30)
    var left = workers
    while !left.isEmpty && ContinuousClock.now < gone {
      usleep(10_000)
      left = left.filter(\.isAlive)
    }
    #expect(left.isEmpty, "workers left behind: \(left.map(\.pid))")
  }

  /// A quiet review of `input` into `output` with two workers, started and left running.
  func startedReview(_ input: String, into output: String) throws -> Process {
    let process = Process()
    process.executableURL = safetyregBinary
    process.arguments = [
      "review", input, "-o", output, "--today", "2026-11-23", "--jobs", "2", "--quiet", "--policy", unhurriedPolicyFile,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Files (reports, previews, temporaries) in a reports folder.
  func fileCount(_ folder: String) -> Int {
    (FileManager.default.enumerator(atPath: folder)?.allObjects.count) ?? 0
  }

  /// A write that fails (here: past a file-size limit, as a full disk would) stops the run
  /// with a message naming the path and the reason, and leaves no half-written file; a
  /// run with room completes with the bytes of an undisturbed run.
  @Test func aWriteErrorStopsTheRunCleanlyAndARerunCompletes() throws {
    let input = try copyOfSamples()
    let reference = try temporaryDirectory().path
    #expect(
      try run([
        "review", input, "-o", reference, "--today", "2026-11-23", "--lang", "en", "--quiet", "--policy", unhurriedPolicyFile,
      ])
      .status == 0)
    let output = try temporaryDirectory().path
    // 16 blocks of 512 bytes: the reports and previews fit, the page does not.
    let limited = Process()
    limited.executableURL = URL(fileURLWithPath: "/bin/sh")
    limited.arguments = [
      "-c", "ulimit -f 16 && exec \"$0\" review \"$1\" -o \"$2\" --today 2026-11-23 --lang en --quiet --policy \"$3\"",
      safetyregBinary.path, input, output, unhurriedPolicyFile,
    ]
    let err = Pipe()
    limited.standardError = err
    limited.standardOutput = FileHandle.nullDevice
    try limited.run()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    limited.waitUntilExit()
    #expect(limited.terminationStatus == 2, "\(message)")
    #expect(message.contains("cannot write \(output)/") && message.contains("larger than allowed"), "\(message)")
    #expect(!message.contains("Error Domain") && !message.contains("NSCocoa"))
    let left = tree(output).keys
    #expect(!left.contains { $0.hasSuffix(".tmp") }, "no temporary left: \(left)")
    for name in left where name.hasSuffix(".json") {
      #expect(tree(output)[name] == tree(reference)[name], "\(name) is whole")
    }
    #expect(
      try run([
        "review", input, "-o", output, "--today", "2026-11-23", "--lang", "en", "--quiet", "--policy", unhurriedPolicyFile,
      ])
      .status == 0)
    let a = tree(reference), b = tree(output)
    #expect(a.keys.sorted() == b.keys.sorted())
    for key in a.keys { #expect(a[key] == b[key], "\(key) differs\(firstLinesThatDiffer(a[key], b[key]))") }
  }

  @Test func mergeCombinesShards() throws {
    let input = try copyOfSamples(), work = try temporaryDirectory().path
    for k in 1...2 {
      #expect(
        try run(["review", input, "-o", "\(work)/s\(k)", "--today", "2026-11-23", "--shard", "\(k)/2", "--quiet"]).status == 0)
    }
    let merged = try run(["merge", "\(work)/s1", "\(work)/s2", "-o", "\(work)/all"])
    #expect(merged.status == 0)
    #expect(merged.stdout.contains("共 29 份提交"))
    #expect(try run(["merge", "\(work)/s1", "\(work)/s1", "-o", "\(work)/dup"]).status == 2)
  }
}

/// A process as /proc tells it: its pid, its parent, and when it started (so that a pid
/// taken over by a later process is not mistaken for it).
struct ProcessEntry: Equatable {
  var pid: pid_t
  var parent: pid_t
  var started: String

  init?(pid: pid_t) {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    // After the command's name (which may hold spaces): state, ppid, …, starttime (field 22).
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let parent = pid_t(fields[1]), fields[0] != "Z" else { return nil }
    self.pid = pid
    self.parent = parent
    self.started = String(fields[19])
  }

  static func all() -> [ProcessEntry] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }.compactMap {
      ProcessEntry(pid: $0)
    }
  }

  /// Still running (a zombie waiting to be reaped has ended).
  var isAlive: Bool { ProcessEntry(pid: pid).map { $0.started == started } ?? false }
}
