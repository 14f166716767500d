import Core
import Foundation
import ImageCodecs
import RegistrationRules

/// What checking one file gives back: its measurements and, when asked for, a preview.
public struct Inspection: Sendable, Codable {
  public var measurement: MaterialMeasurement
  /// A small JPEG for the reviewer's page (`Preview`).
  public var preview: [UInt8]?
  /// The larger one a click opens.
  public var largePreview: [UInt8]?

  public init(measurement: MaterialMeasurement, preview: [UInt8]? = nil, largePreview: [UInt8]? = nil) {
    self.measurement = measurement
    self.preview = preview
    self.largePreview = largePreview
  }

  /// The previews travel as one payload after the JSON header; `previewLength` splits it.
  enum CodingKeys: String, CodingKey { case measurement, previewLength }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    measurement = try c.decode(MaterialMeasurement.self, forKey: .measurement)
    previewLength = try c.decodeIfPresent(Int.self, forKey: .previewLength)
  }

  /// Set while decoding from the wire: where the small preview ends in the payload.
  var previewLength: Int?

  /// The payload that carries both previews.
  var payload: [UInt8] { (preview ?? []) + (largePreview ?? []) }

  /// The previews, from a payload.
  mutating func takePreviews(from payload: [UInt8]) {
    guard let n = previewLength, n > 0, n <= payload.count else { return }
    preview = Array(payload[..<n])
    largePreview = n < payload.count ? Array(payload[n...]) : nil
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(measurement, forKey: .measurement)
    if let preview { try c.encode(preview.count, forKey: .previewLength) }
  }
}

extension MaterialMeasurement {
  /// A file that was not checked: only what it is (sniffed from `bytes`) and why not.
  public static func notChecked(_ failure: CheckFailure, file: String, size: Int, bytes: [UInt8]) -> MaterialMeasurement {
    var m = MaterialMeasurement(file: file, bytes: size, sniffed: .of(bytes))
    m.checkFailure = failure
    return m
  }
}

/// Why a file could not be checked: its worker crashed, or ran past its time or memory.
public enum CheckFailure: Error, Sendable, Equatable, Codable {
  /// The worker died of a signal (SIGSEGV, SIGABRT, …) while checking the file.
  case crashed(signal: Int32)
  /// The file took longer than the policy's seconds (wall clock).
  case timeLimit(seconds: Double)
  /// The file took more CPU time than the policy's seconds.
  case cpuLimit(seconds: Double)
  /// Checking the file needed more memory than the worker may have.
  case memoryLimit(megabytes: Int)
  /// No worker could be started (the executable is missing, the system refused).
  case workerUnavailable(String)
  /// The submission's files had already taken the policy's seconds together
  /// (`limits.submissionCheckSeconds`): this one was not started.
  case submissionBudget(seconds: Double)

  /// The `CHECK_FAILED` reason, saying what happened and that the file was not checked.
  public func finding(material: MaterialType, file: String) -> Finding {
    let what: LocalizedText
    var measured: Measure?
    var limit: Measure?
    switch self {
    case .crashed(let signal):
      let name = Self.signalName(signal)
      what = LocalizedText("materialChecking.theCheckingProcessCrashedSignal", ["name": name])
      measured = .text(name)
    case .timeLimit(let seconds):
      what = LocalizedText("materialChecking.checkingRanPastItsTime", ["seconds": Measure(seconds)])
      limit = .number(seconds)
    case .cpuLimit(let seconds):
      what = LocalizedText("materialChecking.checkingRanPastItsCPU", ["seconds": Measure(seconds)])
      limit = .number(seconds)
    case .memoryLimit(let megabytes):
      what = LocalizedText("materialChecking.checkingNeededMoreThanIts", ["megabytes": megabytes])
      limit = Measure(megabytes)
    case .workerUnavailable(let why):
      what = LocalizedText("materialChecking.noCheckingProcessCouldBe", ["why": why])
    case .submissionBudget(let seconds):
      what = LocalizedText("materialChecking.thisSubmissionSFilesHad", ["seconds": Measure(seconds)])
      limit = .number(seconds)
    }
    if case .submissionBudget = self {
      // Not this file's doing: an earlier one took the time.
      return Finding(
        .checkFailed, material: material, file: file,
        message: LocalizedText("materialChecking.soWasNotCheckedSee", ["what": what, "file": file]),
        limit: limit)
    }
    return Finding(
      .checkFailed, material: material, file: file,
      message: LocalizedText("materialChecking.soWasNotCheckedIts", ["what": what, "file": file]),
      measured: measured, limit: limit)
  }

  static func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    case SIGBUS: "SIGBUS"
    case SIGILL: "SIGILL"
    case SIGFPE: "SIGFPE"
    case SIGKILL: "SIGKILL"
    case SIGTERM: "SIGTERM"
    case SIGTRAP: "SIGTRAP"
    case SIGXCPU: "SIGXCPU"
    case SIGXFSZ: "SIGXFSZ"
    default: "\(signal)"
    }
  }
}

/// Decodes and measures untrusted files. `InProcessChecker` does it in the calling
/// process (a library caller's choice, and the worker's own engine); `IsolatedChecker`
/// does it in worker processes where a crash, a hang or a memory blow-up costs one file.
public protocol MaterialChecking: Sendable {
  /// Measures `bytes` as `material`; never throws: every failure is in the measurement.
  /// With `read`, the text the review matches is read too (when the policy reads).
  func inspect(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, preview: Bool, read: ReadingRequest?
  )
    -> Inspection
  /// `PhotoFixer.fix` on `bytes`.
  func fixPhoto(_ bytes: [UInt8]) -> Result<PhotoFixer.Fixed, PhotoFixer.Problem>
}

extension MaterialChecking {
  /// Measures `bytes` as `material`, reading nothing.
  public func inspect(_ bytes: [UInt8], size: Int, file: String, as material: MaterialType, preview: Bool) -> Inspection {
    inspect(bytes, size: size, file: file, as: material, preview: preview, read: nil)
  }

  /// Measures and judges a file: the verdict of `MaterialVerdict` on what `inspect` found.
  public func check(_ bytes: [UInt8], size: Int, file: String, as material: MaterialType, policy: Policy) -> CheckResult {
    MaterialVerdict.judge(
      inspect(bytes, size: size, file: file, as: material, preview: false).measurement, as: material, policy: policy)
  }
}

/// Checks in the calling process: fastest, and trusted with nothing that could crash it.
public struct InProcessChecker: MaterialChecking {
  public let policy: Policy
  /// The forms' layout, for the form scan (none: forms are checked as any document).
  public let forms: FormGeometrySet?
  /// The face engine (none: no one is looked for).
  public let faces: Faces?
  /// The text engine (none: nothing is read).
  public let reading: Reading?

  /// - Parameter faces: the face engine; by default prepared from the installed model when
  ///   the policy looks for faces.
  public init(policy: Policy, forms: FormGeometrySet? = nil, faces: Faces?? = .none) {
    self.policy = policy
    self.forms = forms
    self.faces = faces ?? Faces.forPolicy(policy)
    reading = Reading.forPolicy(policy)
  }

  public func inspect(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, preview: Bool, read: ReadingRequest?
  ) -> Inspection {
    MaterialInspector.inspect(
      bytes, size: size, file: file, as: material, policy: policy, preview: preview, forms: forms, faces: faces,
      reading: read == nil ? nil : reading, band: read ?? ReadingRequest())
  }

  public func fixPhoto(_ bytes: [UInt8]) -> Result<PhotoFixer.Fixed, PhotoFixer.Problem> {
    Result { () throws(PhotoFixer.Problem) in try PhotoFixer.fix(bytes, policy: policy, faces: faces) }
  }
}
