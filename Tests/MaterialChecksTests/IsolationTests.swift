import Core
import Foundation
import ImageCodecs
import RegistrationRules
import Testing

@testable import MaterialChecks

/// Containment: whatever a file does to the decoder that checks it, the caller gets a
/// verdict for it and goes on. Real workers (this package's `safetyreg __check-worker`),
/// real signals, real limits.
@Suite(.serialized) struct IsolationTests {
  static let command = IsolatedChecker.Command(executable: safetyregExecutable, arguments: ["__check-worker"])

  func policy(seconds: Double = 30, cpu: Double = 25, memory: Int = 1024) -> Policy {
    var p = shippedPolicy
    p.limits.checkSeconds = seconds
    p.limits.checkCPUSeconds = cpu
    p.limits.checkMemoryMegabytes = memory
    return p
  }

  func checker(_ policy: Policy, workers: Int = 1) -> IsolatedChecker {
    IsolatedChecker(policy: policy, command: Self.command, workers: workers, testHooks: true)
  }

  /// A "PDF" that makes the worker misbehave (`TestHook`, on only for tests).
  func hook(_ name: String) -> [UInt8] { Array("%PDF-1.4\nSAFETYREG-TEST-HOOK:\(name)\n".utf8) }

  func failure(_ inspection: Inspection) -> CheckFailure? { inspection.measurement.checkFailure }

  /// The same file measured in a worker and in this process: the same numbers to the last
  /// bit (they cross the pipe as JSON), the same preview bytes, the same verdict.
  @Test func aWorkerMeasuresExactlyAsThisProcessDoes() throws {
    let files: [(String, MaterialType, [UInt8])] = [
      ("page.jpg", .form, jpeg(documentPage(width: 2480, height: 3508), quality: 88)),
      ("page.png", .contract, try PNGCodec.encode(documentPage(width: 1240, height: 1754))),
      ("plain.pdf", .statement, try fixture("plain.pdf")),
      ("photo.jpg", .photo, jpeg(portrait(), quality: 90)),
      ("corrupt.jpg", .form, Array(jpeg(documentPage(width: 1240, height: 1754)).prefix(30_000))),
    ]
    let isolated = checker(policy(), workers: 2), local = InProcessChecker(policy: shippedPolicy)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    for (name, material, bytes) in files {
      let a = isolated.inspect(bytes, size: bytes.count, file: name, as: material, preview: true)
      let b = local.inspect(bytes, size: bytes.count, file: name, as: material, preview: true)
      #expect(a.measurement.checkFailure == nil, "\(name)")
      #expect(try encoder.encode(a) == encoder.encode(b), "\(name): the measurements differ")
      #expect(a.preview == b.preview, "\(name): the previews differ")
      #expect(
        MaterialVerdict.judge(a.measurement, as: material, policy: shippedPolicy).reasons
          == MaterialVerdict.judge(b.measurement, as: material, policy: shippedPolicy).reasons)
    }
  }

  @Test(arguments: [("segv", SIGSEGV), ("kill", SIGKILL), ("abort", SIGABRT)])
  func aWorkerThatDiesGivesCheckFailedAndIsReplaced(_ name: String, _ signal: Int32) throws {
    let c = checker(policy())
    let dead = c.inspect(hook(name), size: 30, file: "evil.pdf", as: .form, preview: false)
    #expect(failure(dead) == .crashed(signal: signal))
    let result = MaterialVerdict.judge(dead.measurement, as: .form, policy: shippedPolicy)
    #expect(result.reasons.map(\.code) == [.checkFailed])
    #expect(result.reasons.first?.message.en.contains("was not checked") == true)
    #expect(result.reasons.first?.measured == .text(CheckFailure.signalName(signal)))
    // The next file goes to a new worker and is checked as usual.
    let page = jpeg(documentPage(width: 1240, height: 1754))
    let next = c.inspect(page, size: page.count, file: "page.jpg", as: .form, preview: false)
    #expect(next.measurement.checkFailure == nil && next.measurement.pages.count == 1)
  }

  @Test func aHangIsStoppedAtTheDeadline() throws {
    let c = checker(policy(seconds: 2, cpu: 25))
    let clock = ContinuousClock()
    var result: Inspection?
    let elapsed = clock.measure { result = c.inspect(hook("hang"), size: 30, file: "slow.pdf", as: .form, preview: false) }
    #expect(failure(try #require(result)) == .timeLimit(seconds: 2))
    #expect(elapsed >= .seconds(2), "not before the deadline")
  }

  @Test func aCPUHogIsStoppedByTheKernel() throws {
    let c = checker(policy(seconds: 60, cpu: 1))
    #expect(failure(c.inspect(hook("spin"), size: 30, file: "spin.pdf", as: .form, preview: false)) == .cpuLimit(seconds: 1))
  }

  /// Linux carries a process's peak memory across `exec`: a worker started by a large
  /// parent inherits the parent's peak as its own `ru_maxrss`. A crash of such a worker
  /// is still a crash (the worker says its own peak as it dies), and a memory hog still a
  /// memory hog.
  @Test func aLargeParentDoesNotMakeACrashLookLikeMemory() throws {
    let size = 700 << 20
    let ballast = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
    defer { ballast.deallocate() }
    memset(ballast, 1, size)  // resident, so this process's peak passes the workers' cap
    let c = checker(policy(memory: 512))
    #expect(failure(c.inspect(hook("segv"), size: 30, file: "segv.pdf", as: .form, preview: false)) == .crashed(signal: SIGSEGV))
    #expect(
      failure(c.inspect(hook("allocate"), size: 30, file: "big.pdf", as: .form, preview: false)) == .memoryLimit(megabytes: 512))
  }

  @Test func aMemoryHogHitsTheWorkersCap() throws {
    let c = checker(policy(memory: 256))
    #expect(
      failure(c.inspect(hook("allocate"), size: 30, file: "big.pdf", as: .form, preview: false)) == .memoryLimit(megabytes: 256))
  }

  /// Real hostile PDFs (Tests/Fixtures/hostile): a stack overflow in poppler, a million
  /// nested `q` that allocate without end, 10⁹ form-XObject draws (refused by count).
  @Test func hostilePDFsCostOneFileEach() throws {
    // The wall-clock limit is generous: on a loaded machine the nested `q` file gets too
    // little of the CPU to reach the memory cap within seconds, and would end on time
    // instead. Its CPU time still runs out long after the memory does.
    let c = checker(policy(seconds: 120, cpu: 20, memory: 512), workers: 2)
    let deep = try hostileFixture("ps-function-deep.pdf")
    #expect(failure(c.inspect(deep, size: deep.count, file: "deep.pdf", as: .form, preview: true)) == .crashed(signal: SIGSEGV))
    let nested = try hostileFixture("nested-q-4m.pdf")
    let grown = failure(c.inspect(nested, size: nested.count, file: "q.pdf", as: .form, preview: true))
    #expect(grown == .memoryLimit(megabytes: 512), "\(String(describing: grown))")
    // 10⁹ form-XObject draws ran to the time limit; now they are counted before poppler
    // draws anything, and refused.
    let fanout = try hostileFixture("xobject-fanout.pdf")
    let counted = c.inspect(fanout, size: fanout.count, file: "fan.pdf", as: .form, preview: true).measurement
    #expect(counted.checkFailure == nil)
    #expect(counted.decodeError == .pdfTooComplex(page: 1, cost: .formDraws, measured: 11_111, limit: 10_000))
    let plain = try fixture("plain.pdf")
    #expect(c.inspect(plain, size: plain.count, file: "plain.pdf", as: .form, preview: true).measurement.checkFailure == nil)
  }

  /// The photo fixer runs in a worker too.
  @Test func thePhotoFixerIsIsolated() throws {
    let c = checker(policy())
    let photo = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/portraits/derived-selfie-white.jpg"))))
    let fixed = try c.fixPhoto(photo).get()
    let local = try PhotoFixer.fix(photo, policy: shippedPolicy, faces: Faces.forPolicy(shippedPolicy))
    #expect(fixed.jpeg == local.jpeg && fixed.report == local.report)
    #expect(c.fixPhoto(hook("segv")) == .failure(.checkFailed(.crashed(signal: SIGSEGV))))
  }

  /// A worker belongs to the checker, not to the thread that started it. A review's
  /// threads come and go (the dispatch pool retires idle ones); a worker tied to the
  /// thread that spawned it (`PR_SET_PDEATHSIG` follows the thread, not the process) was
  /// killed with SIGKILL as that thread ended, and the next file given to it came back
  /// CHECK_FAILED, more often the busier the machine.
  @Test func aWorkerOutlivesTheThreadThatStartedIt() throws {
    let c = checker(policy())
    let page = jpeg(documentPage(width: 1240, height: 1754))
    nonisolated(unsafe) var first: Inspection?
    let thread = OneThread.run { first = c.inspect(page, size: page.count, file: "page.jpg", as: .contract, preview: false) }
    #expect(first?.measurement.checkFailure == nil)
    let workers = c.idle.withLock { $0.compactMap { $0?.pid } }
    let worker = try #require(workers.first)
    // The thread has ended once the kernel has let go of it: from then on, whatever its
    // end did to its children is done.
    let gone = ContinuousClock.now + .seconds(30)
    while access("/proc/self/task/\(thread)", F_OK) == 0 && ContinuousClock.now < gone { usleep(1000) }
    try #require(access("/proc/self/task/\(thread)", F_OK) != 0, "the thread is still there")
    let second = c.inspect(page, size: page.count, file: "page.jpg", as: .contract, preview: false)
    #expect(second.measurement.checkFailure == nil, "\(String(describing: second.measurement.checkFailure))")
    #expect(c.idle.withLock { $0.compactMap { $0?.pid } } == [worker], "the same worker checked both")
  }

  /// A worker that cannot start is a CHECK_FAILED reason, not a crash.
  @Test func aMissingWorkerIsAReason() {
    let c = IsolatedChecker(
      policy: shippedPolicy, command: .init(executable: "/nonexistent/safetyreg", arguments: []), workers: 1)
    guard case .workerUnavailable = failure(c.inspect([0xFF, 0xD8, 0xFF], size: 3, file: "x.jpg", as: .form, preview: false))
    else {
      Issue.record("expected workerUnavailable")
      return
    }
  }

  /// Workers spawned before the settings are known (`EarlyWorkers`, so that they load
  /// while `inspect` lays out the forms) are the ones the checker uses, told the settings
  /// on first use; those never handed over are stopped with their owner, and one that died
  /// while it waited costs its file nothing but a restart.
  @Test func earlyWorkersAreUsedAndNeverLeft() throws {
    let bytes = jpeg(documentPage(width: 1240, height: 1754), quality: 85)
    let early = EarlyWorkers(Self.command, count: 3)
    let pids = early.spawned.withLock { $0.map(\.pid) }
    try #require(pids.count == 3)
    let c = IsolatedChecker(policy: policy(), command: Self.command, workers: 2, testHooks: true, early: early)
    #expect(early.spawned.withLock { $0.map(\.pid) } == [pids[2]], "two handed over, one left")
    let inspection = c.inspect(bytes, size: bytes.count, file: "page.jpg", as: .contract, preview: false, read: nil)
    #expect(inspection.measurement.checkFailure == nil)
    let used = c.idle.withLock { $0.compactMap { $0 }.filter(\.greeted).map(\.pid) }
    #expect(used.count == 1 && pids.prefix(2).contains(used[0]), "an early worker checked the file")
    // The one not handed over: stopped (and reaped) with its owner.
    let leftover = pids[2]
    _ = consume early
    #expect(kill(leftover, 0) == -1 && errno == ESRCH, "the spare worker was stopped")
    // An early worker that died before its first file: the file still gets checked.
    let doomed = EarlyWorkers(Self.command, count: 1)
    let doomedPid = try #require(doomed.spawned.withLock { $0.first?.pid })
    kill(doomedPid, SIGKILL)
    let d = IsolatedChecker(policy: policy(), command: Self.command, workers: 1, testHooks: true, early: doomed)
    let checked = d.inspect(bytes, size: bytes.count, file: "page.jpg", as: .contract, preview: false, read: nil)
    #expect(checked.measurement.checkFailure == nil, "a fresh worker took over")
    let fresh = d.idle.withLock { $0.compactMap { $0 }.filter(\.greeted).map(\.pid) }
    #expect(fresh.count == 1 && !fresh.contains(doomedPid), "not the dead one")
  }
}

/// Runs `work` on a thread of its own, waits for the thread to end, and says which
/// thread (its kernel id) it was.
enum OneThread {
  final class Box: @unchecked Sendable {
    let work: () -> Void
    var thread: pid_t = 0
    init(_ work: @escaping () -> Void) { self.work = work }
  }

  static func run(_ work: @escaping () -> Void) -> pid_t {
    let box = Box(work)
    var thread = pthread_t()
    let started = pthread_create(
      &thread, nil,
      { raw in
        guard let raw else { return nil }
        let box = Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue()
        // "/proc/thread-self" links to "<pid>/task/<tid>".
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
        box.thread = pid_t(link.split(separator: "/").last ?? "") ?? 0
        box.work()
        return nil
      }, Unmanaged.passUnretained(box).toOpaque())
    precondition(started == 0, "pthread_create: \(started)")
    pthread_join(thread, nil)
    precondition(box.thread > 0, "no thread id")
    return box.thread
  }
}
