internal import CProcessShim
import Core
import Dispatch
import FaceFinding
import Foundation
import ImageCodecs
import RegistrationRules
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Checks untrusted files in a small pool of long-lived worker processes of our own
/// binary (`CheckWorker`), fed over sockets. Each worker caps its own memory and CPU time;
/// the parent gives every file a wall-clock deadline. A worker that crashes, hangs or runs
/// out of memory is killed and replaced, and the file that did it gets `CHECK_FAILED`
/// saying what happened; the caller's process, and every other file, carry on.
public final class IsolatedChecker: MaterialChecking, Sendable {
  /// How to start a worker: the executable (usually `/proc/self/exe`) and its arguments.
  public struct Command: Sendable {
    public var executable: String
    public var arguments: [String]

    public init(executable: String, arguments: [String]) {
      self.executable = executable
      self.arguments = arguments
    }
  }

  let policy: Policy
  let forms: FormGeometrySet?
  /// The face model files every worker opens: prepared here, by the parent, when the first
  /// worker starts (a command that checks no file never pays for them).
  let faceFiles = Mutex<Result<FaceModelFiles, FaceModelError>??>(nil)
  let command: Command
  let testHooks: Bool
  /// One permit per worker: at most `workers` files are in flight.
  let permits: DispatchSemaphore
  /// Idle workers (nil: a slot whose worker must be started).
  let idle: Mutex<[WorkerProcess?]>

  /// - Parameters:
  ///   - workers: how many files may be checked at the same time.
  ///   - forms: the forms' layout, for the form scan (none: forms are checked as any document).
  ///   - testHooks: let test payloads make workers crash or hang (`TestHook`); tests only.
  ///   - early: workers spawned before the settings were known (`EarlyWorkers`), told
  ///     them when first used.
  public init(
    policy: Policy, forms: FormGeometrySet? = nil, command: Command, workers: Int, testHooks: Bool = false,
    early: EarlyWorkers? = nil
  ) {
    self.policy = policy
    self.forms = forms
    self.command = command
    self.testHooks = testHooks
    permits = DispatchSemaphore(value: max(1, workers))
    let spawned = early?.take(max(1, workers)) ?? []
    idle = Mutex(spawned + Array(repeating: nil, count: max(1, workers) - spawned.count))
  }

  deinit {
    for worker in idle.withLock({ $0 }) { worker?.stop() }
  }

  public func inspect(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, preview: Bool, read: ReadingRequest?
  ) -> Inspection {
    let request = WorkerWire.Request(
      operation: .inspect, material: material, file: file, size: size, preview: preview, read: read)
    switch exchange(request, payload: bytes) {
    case .success(let answer):
      guard var inspection = try? WorkerWire.decoder().decode(Inspection.self, from: answer.header) else {
        return failed(.crashed(signal: 0), file: file, size: size, bytes: bytes)
      }
      inspection.takePreviews(from: answer.payload)
      return inspection
    case .failure(let failure):
      return failed(failure, file: file, size: size, bytes: bytes)
    }
  }

  public func fixPhoto(_ bytes: [UInt8]) -> Result<PhotoFixer.Fixed, PhotoFixer.Problem> {
    let request = WorkerWire.Request(operation: .fix, material: .photo, file: "", size: bytes.count, preview: false)
    switch exchange(request, payload: bytes) {
    case .success(let answer):
      guard let decoded = try? WorkerWire.decoder().decode(WorkerWire.FixAnswer.self, from: answer.header) else {
        return .failure(.checkFailed(.crashed(signal: 0)))
      }
      if let report = decoded.report { return .success(PhotoFixer.Fixed(jpeg: answer.payload, report: report)) }
      return .failure(decoded.problem ?? .checkFailed(.crashed(signal: 0)))
    case .failure(let failure):
      return .failure(.checkFailed(failure))
    }
  }

  /// The face model files, made on first use in the parent: a worker may not write files,
  /// and every worker shares them. nil when the policy does not look for faces.
  func faces() -> Result<FaceModelFiles, FaceModelError>? {
    guard policy.photo.person.enabled else { return nil }
    return faceFiles.withLock { prepared in
      if let prepared { return prepared }
      let result = Result { () throws(FaceModelError) in try FaceModelFiles.prepare() }
      prepared = .some(result)
      return result
    }
  }

  /// A measurement that says only what the file is and why it was not checked.
  func failed(_ failure: CheckFailure, file: String, size: Int, bytes: [UInt8]) -> Inspection {
    Inspection(measurement: .notChecked(failure, file: file, size: size, bytes: bytes))
  }

  /// Sends one request to an idle worker (starting one if needed) and waits for the
  /// answer until the policy's deadline.
  func exchange(_ request: WorkerWire.Request, payload: [UInt8]) -> Result<WorkerMessage, CheckFailure> {
    permits.wait()
    defer { permits.signal() }
    var worker = idle.withLock { slots -> WorkerProcess? in
      let i = slots.firstIndex { $0 != nil } ?? 0
      return slots.isEmpty ? nil : slots.remove(at: i)
    }
    defer { idle.withLock { $0.append(worker) } }
    // An early worker (`EarlyWorkers`) is told its settings now; one that died while it
    // waited is replaced, as a missing one is started.
    if let spawned = worker, !spawned.greeted,
      (try? spawned.greet(policy: policy, forms: forms, faces: faces(), testHooks: testHooks)) == nil
    {
      worker = nil
    }
    if worker == nil {
      do {
        let started = try WorkerProcess.spawn(command)
        try started.greet(policy: policy, forms: forms, faces: faces(), testHooks: testHooks)
        worker = started
      } catch {
        return .failure(.workerUnavailable(error.description))
      }
    }
    guard let running = worker, let header = try? WorkerWire.encoder().encode(request) else {
      return .failure(.workerUnavailable("internal"))
    }
    let result = running.exchange(WorkerMessage(header: header, payload: payload), policy: policy)
    if case .failure = result { worker = nil }  // dead or killed: the next file starts a new one
    return result
  }
}

/// Workers spawned before their settings are known: loading the program takes a worker
/// tens of milliseconds, which then overlap whatever the caller still prepares (a form's
/// layout, laid out by pango, before `inspect` can check one). Hand them to an
/// `IsolatedChecker`, which tells them the settings when it first uses each; those never
/// handed over are stopped with this object.
public final class EarlyWorkers: Sendable {
  let spawned: Mutex<[WorkerProcess]>

  /// Spawns `count` workers now; any that cannot be spawned are left to the checker to
  /// start (and to report) when it needs them.
  public init(_ command: IsolatedChecker.Command, count: Int) {
    spawned = Mutex((0..<max(0, count)).compactMap { _ in try? WorkerProcess.spawn(command) })
  }

  /// Up to `count` of them, no longer this object's to stop.
  func take(_ count: Int) -> [WorkerProcess] {
    spawned.withLock { all in
      let taken = Array(all.prefix(count))
      all.removeFirst(taken.count)
      return taken
    }
  }

  deinit {
    for worker in spawned.withLock({ $0 }) { worker.stop() }
  }
}

/// Why a worker could not be started.
struct WorkerStartError: Error, CustomStringConvertible {
  var description: String
}

/// One running worker: its process, the socket to it and the pipe of its standard error.
/// `@unchecked Sendable`: it moves between threads only through the pool's lock, and one
/// thread at a time uses it (the one holding it out of the pool).
final class WorkerProcess: @unchecked Sendable {
  let pid: pid_t
  var channel: ParentSide
  /// The memory limit it was given (by `greet`).
  var memoryMegabytes = 0
  /// The peak memory (KB) the worker reported at start: inherited from this process
  /// across `exec`, so a final peak no higher says nothing about the worker's own use.
  var inheritedPeakKB = 0
  /// Whether it has its settings and said it is ready.
  var greeted = false

  init(pid: pid_t, socket: Int32, errors: Int32) {
    self.pid = pid
    channel = ParentSide(socket: socket, errors: errors)
  }

  static func problem(_ faces: Result<FaceModelFiles, FaceModelError>?) -> FaceModelError? {
    if case .failure(let problem) = faces { return problem }
    return nil
  }

  /// Starts a worker with `posix_spawn`: the socket as fd 3, its standard output and
  /// error into one pipe, nothing else inherited. It waits for `greet`.
  static func spawn(_ command: IsolatedChecker.Command) throws(WorkerStartError) -> WorkerProcess {
    var pair: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
      throw WorkerStartError(description: "socketpair: \(String(cString: strerror(errno)))")
    }
    var errorPipe: [Int32] = [-1, -1]
    guard cprocessshim_pipe(&errorPipe) == 0 else {
      close(pair[0])
      close(pair[1])
      throw WorkerStartError(description: "pipe: \(String(cString: strerror(errno)))")
    }
    // No backtrace printer in the worker: a crash is expected there, and must be quick.
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    // Tesseract's OpenMP would start a thread per core in every worker; the review
    // already runs one worker per core.
    environment["OMP_THREAD_LIMIT"] = "1"
    let env = environment.map { "\($0)=\($1)" }
    let argv = [command.executable] + command.arguments
    var pid: pid_t = 0
    let status = withCStrings(argv) { cArgs in
      withCStrings(env) { cEnv in
        cprocessshim_spawn(command.executable, cArgs, cEnv, errorPipe[1], pair[1], &pid)
      }
    }
    close(pair[1])
    close(errorPipe[1])
    guard status == 0 else {
      close(pair[0])
      close(errorPipe[0])
      throw WorkerStartError(description: "\(command.executable): \(String(cString: strerror(status)))")
    }
    _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
    _ = fcntl(errorPipe[0], F_SETFL, fcntl(errorPipe[0], F_GETFL) | O_NONBLOCK)
    return WorkerProcess(pid: pid, socket: pair[0], errors: errorPipe[0])
  }

  /// Sends a spawned worker the policy and the rest of its settings, and waits for it to
  /// say it is ready.
  func greet(
    policy: Policy, forms: FormGeometrySet?, faces: Result<FaceModelFiles, FaceModelError>?, testHooks: Bool
  ) throws(WorkerStartError) {
    memoryMegabytes = policy.limits.checkMemoryMegabytes
    let hello = WorkerWire.Hello(
      policy: policy, forms: forms, memoryMegabytes: policy.limits.checkMemoryMegabytes,
      cpuSeconds: policy.limits.checkCPUSeconds,
      testHooks: testHooks, faceFiles: try? faces?.get(), faceProblem: Self.problem(faces))
    guard let header = try? WorkerWire.encoder().encode(hello) else {
      stop()
      throw WorkerStartError(description: "policy")
    }
    let deadline = monotonicNanoseconds() + 30_000_000_000
    do {
      try channel.send(WorkerMessage(header: header, payload: []), until: deadline)
      let ready = try channel.receive(until: deadline)
      struct Ready: Decodable { var maxrss: Int? }
      inheritedPeakKB = (try? JSONDecoder().decode(Ready.self, from: ready.header))?.maxrss ?? 0
      greeted = true
    } catch {
      stop()
      let said = String(decoding: channel.errorTail.suffix(300), as: UTF8.self)
      throw WorkerStartError(description: "the worker did not start\(said.isEmpty ? "" : ": " + said)")
    }
  }

  /// One request and its answer; on any failure the worker is killed, reaped and the
  /// cause told apart: past the deadline, a signal, the CPU limit, the memory limit.
  func exchange(_ message: WorkerMessage, policy: Policy) -> Result<WorkerMessage, CheckFailure> {
    let seconds = policy.limits.checkSeconds
    let deadline = monotonicNanoseconds() + UInt64(seconds * 1e9)
    do {
      try channel.send(message, until: deadline)
      return .success(try channel.receive(until: deadline))
    } catch .timedOut {
      kill(pid, SIGKILL)
      _ = reap()
      return .failure(.timeLimit(seconds: seconds))
    } catch {
      // The worker closed the socket: it died (or is dying). Give it a moment, then make sure.
      let (status, usage) = reap(graceNanoseconds: 2_000_000_000)
      channel.drainErrors()
      return .failure(classify(status: status, usage: usage, cpuSeconds: policy.limits.checkCPUSeconds))
    }
  }

  func classify(status: Int32, usage: rusage, cpuSeconds: Double) -> CheckFailure {
    let said = String(decoding: channel.errorTail, as: UTF8.self).lowercased()
    let markers = ["could not allocate", "bad_alloc", "out of memory", "cannot allocate", "failed to allocate"]
    // The worker's own peak: what it said as it died (`cprocessshim_report_peak_on_crash`),
    // else the kernel's figure when the worker itself set it (past what it inherited).
    let reported = said.range(of: "safetyreg-worker-peak-kb: ").flatMap { r in
      Int(said[r.upperBound...].prefix { $0.isNumber })
    }
    let peakKB = reported ?? (Int(usage.ru_maxrss) > inheritedPeakKB + 1024 ? Int(usage.ru_maxrss) : 0)
    let signal = status & 0x7F
    if signal == SIGXCPU { return .cpuLimit(seconds: cpuSeconds) }
    if markers.contains(where: said.contains) || peakKB / 1024 >= memoryMegabytes * 9 / 10 {
      return .memoryLimit(megabytes: memoryMegabytes)
    }
    return .crashed(signal: signal == 0 ? 0 : signal)
  }

  /// Waits for the process; after `graceNanoseconds` it is killed first.
  @discardableResult
  func reap(graceNanoseconds: UInt64 = 0) -> (status: Int32, usage: rusage) {
    var status: Int32 = 0
    var usage = rusage()
    let until = monotonicNanoseconds() + graceNanoseconds
    while true {
      let r = wait4(pid, &status, WNOHANG, &usage)
      if r == pid || (r < 0 && errno != EINTR) { break }
      if monotonicNanoseconds() >= until { kill(pid, SIGKILL) }
      usleep(1000)
    }
    close(channel.socket)
    close(channel.errors)
    return (status, usage)
  }

  /// Closes the socket (the worker exits on end of input) and reaps it.
  func stop() {
    shutdown(channel.socket, Int32(SHUT_RDWR))
    reap(graceNanoseconds: 1_000_000_000)
  }
}

/// NUL-terminated C strings for `posix_spawn`'s argv and envp, alive during `body`.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { for p in pointers { free(p) } }
  return body(pointers)
}
