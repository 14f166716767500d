internal import CProcessShim
import Core
import FaceFinding
import Foundation
import ImageCodecs
import RegistrationRules

#if canImport(Glibc)
  import Glibc
#endif

/// The messages of the worker protocol (JSON headers; file bytes and previews travel as
/// payloads).
enum WorkerWire {
  struct Hello: Codable {
    var policy: Policy
    var forms: FormGeometrySet?
    var memoryMegabytes: Int
    var cpuSeconds: Double
    var testHooks: Bool
    /// The face model files the parent prepared, or why there are none; both nil when
    /// the policy does not look for faces.
    var faceFiles: FaceModelFiles?
    var faceProblem: FaceModelError?
  }

  struct Request: Codable {
    enum Operation: String, Codable { case inspect, fix }
    var operation: Operation
    var material: MaterialType
    var file: String
    var size: Int
    var preview: Bool
    /// The band of the document's first page to read (absent: nothing is read).
    var read: ReadingRequest? = nil
  }

  struct FixAnswer: Codable {
    var report: PhotoFixer.Report?
    var problem: PhotoFixer.Problem?
  }

  static func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }
}

/// The other side of `IsolatedChecker`: a process of our own binary that reads files from
/// its parent over a socket, decodes and measures them in-process (`InProcessChecker`),
/// and answers. It puts its own limits on before it decodes anything: its memory (the
/// data segment and private mappings), no core dumps, no file writes, and before every
/// file a CPU-time budget; its parent adds a wall-clock deadline and kills it past that.
public enum CheckWorker {
  /// The file descriptor of the socket to the parent.
  public static let channel: Int32 = 3

  /// Serves requests until the parent closes the socket; returns the exit status.
  public static func serve(fd: Int32 = channel) -> Int32 {
    guard cprocessshim_follow_parent(fd) == 0, cprocessshim_report_peak_on_crash() == 0 else { return 2 }
    guard let hello = try? WorkerSide.read(fd),
      let settings = try? WorkerWire.decoder().decode(WorkerWire.Hello.self, from: hello.header)
    else { return 2 }
    limitSelf(memoryMegabytes: settings.memoryMegabytes)
    let faces: Faces? =
      if let files = settings.faceFiles {
        Faces(files: .success(files))
      } else if let problem = settings.faceProblem {
        Faces(files: .failure(problem))
      } else {
        nil
      }
    let checker = InProcessChecker(policy: settings.policy, forms: settings.forms, faces: .some(faces))
    let encoder = WorkerWire.encoder(), decoder = WorkerWire.decoder()
    do {
      // The peak memory this process already has on the books: Linux carries the
      // high-water mark of the parent's memory across `exec`, so the parent must know it
      // to tell a worker that grew from one that merely inherited a large figure.
      var usage = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage)
      try WorkerSide.write(
        fd, WorkerMessage(header: Data("{\"ready\":true,\"maxrss\":\(usage.ru_maxrss)}".utf8), payload: []))
      while true {
        let message: WorkerMessage
        do {
          message = try WorkerSide.read(fd)
        } catch .closed {
          return 0
        }
        let request = try decoder.decode(WorkerWire.Request.self, from: message.header)
        budgetCPU(seconds: settings.cpuSeconds)
        if settings.testHooks { TestHook.run(message.payload) }
        switch request.operation {
        case .inspect:
          let inspection = checker.inspect(
            message.payload, size: request.size, file: request.file, as: request.material, preview: request.preview,
            read: request.read)
          try WorkerSide.write(
            fd, WorkerMessage(header: try encoder.encode(inspection), payload: inspection.payload))
        case .fix:
          switch checker.fixPhoto(message.payload) {
          case .success(let fixed):
            try WorkerSide.write(
              fd, WorkerMessage(header: try encoder.encode(WorkerWire.FixAnswer(report: fixed.report)), payload: fixed.jpeg))
          case .failure(let problem):
            try WorkerSide.write(
              fd, WorkerMessage(header: try encoder.encode(WorkerWire.FixAnswer(problem: problem)), payload: []))
          }
        }
      }
    } catch {
      return 2
    }
  }

  static func limitSelf(memoryMegabytes: Int) {
    var memory = rlimit(rlim_cur: rlim_t(memoryMegabytes) << 20, rlim_max: rlim_t(memoryMegabytes) << 20)
    setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &memory)
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    // A decoder has no business writing files (fontconfig might try a cache): a write
    // fails with EFBIG instead of killing the worker with SIGXFSZ.
    signal(SIGXFSZ, SIG_IGN)
    setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &none)
  }

  /// Lets the next file use `seconds` more of CPU time: past that the kernel sends
  /// SIGXCPU, which ends the worker. Only the soft limit moves, so it can move again.
  static func budgetCPU(seconds: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let used =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    var limit = rlimit(rlim_cur: rlim_t((used + seconds).rounded(.up)), rlim_max: rlim_t.max)  // RLIM_INFINITY
    setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
  }
}

/// Test hooks, on only when the parent asks (`IsolatedChecker(testHooks:)`): a payload
/// that starts with `SAFETYREG-TEST-HOOK:` makes the worker misbehave as a hostile file
/// could, so that the tests can prove the parent survives each way of dying.
enum TestHook {
  static let prefix = Array("SAFETYREG-TEST-HOOK:".utf8)

  static func run(_ payload: [UInt8]) {
    // Anywhere in the first line or two, so that a test file can also look like a PDF.
    let head = Array(payload.prefix(64))
    guard let at = (0...max(0, head.count - prefix.count)).first(where: { head[$0...].starts(with: prefix) }) else { return }
    let command = String(decoding: payload.dropFirst(at + prefix.count).prefix { $0 != 0x0A }, as: UTF8.self)
    switch command {
    case "segv": raise(SIGSEGV)
    case "kill": raise(SIGKILL)
    case "abort": abort()
    case "hang":
      while true { sleep(1) }
    case "spin":
      var x: UInt64 = 1
      while true {
        x = x &* 6_364_136_223_846_793_005 &+ 1
        if x == 0 { _ = write(2, "", 0) }  // a side effect, so the loop is not optimised away
      }
    case "allocate":
      var blocks: [UnsafeMutableRawPointer] = []
      while true {
        guard let block = malloc(16 << 20) else {
          // What a decoder that ignores a failed allocation does next.
          let text = Array("Could not allocate memory.\n".utf8)
          _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
          abort()
        }
        memset(block, 1, 16 << 20)
        blocks.append(block)
      }
    default: return
    }
  }
}
