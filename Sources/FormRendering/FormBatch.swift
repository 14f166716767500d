import Core
import Foundation
import ImageCodecs
import RegistrationRules

/// One application to render.
public struct FormJob: Sendable {
  /// The application: a data file or a spreadsheet row.
  public var input: ApplicationInput
  /// Where the PDF goes; `nil` when only a combined file is wanted.
  public var output: String?

  public init(input: ApplicationInput, output: String?) {
    self.input = input
    self.output = output
  }
}

/// What happened to one application.
public struct FormJobResult: Sendable {
  public enum Outcome: Sendable {
    case rendered
    /// The data breaks the rules and `force` was not given: nothing rendered.
    case invalid
    /// The file is not readable YAML/JSON.
    case unreadable(DocumentSyntaxError)
    case failed(FormError)
    /// Rendered, but the PDF could not be written (a full disk, no permission).
    case notWritten(WriteError)
  }

  public var job: FormJob
  public var outcome: Outcome
  /// Problems found by validation (errors when rendering anyway with `force`, warnings).
  public var findings: [Finding]
  /// The form ready for a combined file (when asked for).
  public var prepared: PreparedForm?
}

/// Renders many applications, `workers` at a time, each worker with its own renderer
/// (pango state must not be shared between threads). Results come back in input order.
public enum FormBatch {
  public struct Options: Sendable {
    public var policy: Policy
    public var authorities: AuthorityDirectory
    public var today: CalendarDate
    public var force: Bool
    public var workers: Int
    /// Keep the prepared forms (for a combined print file).
    public var keepPrepared: Bool
    public var creationDate: String

    public init(
      policy: Policy, authorities: AuthorityDirectory, today: CalendarDate, force: Bool, workers: Int,
      keepPrepared: Bool, creationDate: String
    ) {
      self.policy = policy
      self.authorities = authorities
      self.today = today
      self.force = force
      self.workers = workers
      self.keepPrepared = keepPrepared
      self.creationDate = creationDate
    }
  }

  /// - Parameter write: stores one PDF (the file-system seam; tests may collect instead).
  /// - Throws: `FormError` only when no worker can start (fonts, templates).
  public static func run(
    _ jobs: [FormJob], templates: FormTemplateSet, options: Options,
    write: @Sendable (FormJob, [UInt8]) throws(WriteError) -> Void, progress: @Sendable (FormJobResult) -> Void = { _ in }
  ) throws(FormError) -> [FormJobResult] {
    // Fail early and once if the renderer cannot start at all.
    _ = try FormRenderer(templates: templates)
    return WorkQueue.map(
      jobs.count, workers: options.workers,
      setUp: { Result { () throws(FormError) -> FormRenderer in try FormRenderer(templates: templates) } }
    ) { renderer, index in
      let result: FormJobResult
      switch renderer {
      case .success(let renderer): result = render(jobs[index], renderer: renderer, options: options, write: write)
      case .failure(let error): result = FormJobResult(job: jobs[index], outcome: .failed(error), findings: [], prepared: nil)
      }
      progress(result)
      return result
    }
  }

  static func render(
    _ job: FormJob, renderer: FormRenderer, options: Options,
    write: @Sendable (FormJob, [UInt8]) throws(WriteError) -> Void
  ) -> FormJobResult {
    let loaded: LoadedApplication
    do {
      loaded = try job.input.load(limits: options.policy.applicationLimits)
    } catch {
      return FormJobResult(job: job, outcome: .unreadable(error), findings: [], prepared: nil)
    }
    let assessment = Assessor.assess(loaded, policy: options.policy, authorities: options.authorities, today: options.today)
    var result = FormJobResult(job: job, outcome: .rendered, findings: assessment.findings, prepared: nil)
    guard assessment.isValid || options.force else {
      result.outcome = .invalid
      return result
    }
    guard let kind = loaded.application.kind else {
      result.outcome = .invalid
      return result
    }
    do {
      var photo: FormPhoto?
      if let path = loaded.application.photo {
        let resolved = path.hasPrefix("/") ? path : (job.input.folder as NSString).appendingPathComponent(path)
        photo = try FormPhoto.load(path: resolved, limits: decodeLimits(options.policy))
      }
      let form = try renderer.prepare(kind: kind, values: FormValues(loaded.application, policy: options.policy), photo: photo)
      if job.output != nil {
        let bytes = try renderer.pdf([form], title: form.title, creationDate: options.creationDate)
        do throws(WriteError) {
          try write(job, bytes)
        } catch {
          result.outcome = .notWritten(error)
          return result
        }
      }
      if options.keepPrepared { result.prepared = form }
    } catch {
      result.outcome = .failed(error)
    }
    return result
  }

  /// The limits for reading a photo to print: the policy's pixel guard and document size.
  public static func decodeLimits(_ policy: Policy) -> DecodeLimits {
    DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: policy.documents.maxBytes, timeout: policy.limits.decodeTimeoutSeconds)
  }
}
