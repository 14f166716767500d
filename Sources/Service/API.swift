import Core
import Dispatch
import DocumentParsing
import FormRendering
import Foundation
import Hummingbird
import MaterialChecks
import RegistrationRules
import Synchronization

/// The API for portals: `POST /api/v1/validate`, `/api/v1/photo`, `/api/v1/photo/fix`,
/// `/api/v1/inspect?as=MATERIAL`, `/api/v1/form`; for the application page,
/// `GET /api/v1/fields` and `POST /api/v1/parse`; `GET /openapi.yaml`. JSON answers are
/// the command line's `--json`, byte for byte; a verdict (accept or reject) is a 200 with
/// the verdict inside, as the command line's exit code 1 is not a failure to run.
public final class API: Sendable {
  public let policy: Policy
  public let authorities: AuthorityDirectory
  public let checker: IsolatedChecker
  public let language: Language
  public let maxRequests: Int
  public let openAPI: [UInt8]
  /// pango belongs to one thread at a time: one renderer behind a lock.
  public let renderer: Mutex<FormRenderer>
  public let inflight = Atomic<Int>(0)
  /// The deadline of every request in flight, watched by one task.
  public let deadlines = Deadlines()
  /// `GET /api/v1/fields`: rendered once, it never changes.
  public let fields: [UInt8]

  /// Each route and the methods it answers, for the 405 on any other method.
  public static let routes: [String: String] = [
    "/api/v1/validate": "POST", "/api/v1/photo": "POST", "/api/v1/photo/fix": "POST", "/api/v1/inspect": "POST",
    "/api/v1/form": "POST", "/api/v1/parse": "POST", "/api/v1/fields": "GET", "/openapi.yaml": "GET",
  ]

  public init(setup: RuleSetup, checker: IsolatedChecker, maxRequests: Int, language: Language) throws {
    policy = setup.policy
    authorities = setup.authorities
    self.checker = checker
    self.maxRequests = maxRequests
    self.language = language
    openAPI = (try? DiskFiles().readFile(setup.templates.path("openapi.yaml"), limit: 4 << 20)) ?? []
    let templates = try FormTemplateSet.load(directory: setup.templates.path("forms"))
    renderer = Mutex(try FormRenderer(templates: templates))
    fields = Array((ApplicationFields.json().rendered() + "\n").utf8)
  }

  public func register(on router: Router<BasicRequestContext>) {
    router.get("openapi.yaml") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.openAPI)))
    }
    router.get("api/v1/fields") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.fields)))
    }
    let applications = policy.limits.maxApplicationBytes, files = MaterialInspector.decodeLimit(policy)
    router.post("api/v1/parse") { request, _ in
      try await self.limited(request, body: applications) { try await self.parse(request, $0) }
    }
    router.post("api/v1/validate") { request, _ in
      try await self.limited(request, body: applications) { try await self.validate(request, $0) }
    }
    router.post("api/v1/photo") { request, _ in
      try await self.limited(request, body: files, upload: true) { try await self.check(request, $0, as: .photo) }
    }
    router.post("api/v1/photo/fix") { request, _ in
      try await self.limited(request, body: files, upload: true) { try await self.fix(request, $0) }
    }
    router.post("api/v1/inspect") { request, _ in
      try await self.limited(request, body: files, upload: true) { bytes in
        guard let name = request.uri.queryParameters.get("as"), let material = MaterialType(rawValue: name) else {
          return self.problem(
            .badRequest, self.language(request),
            LocalizedText("api.sayTheMaterial", ["materials": LocalizedText.list(MaterialType.allCases.map(\.rawValue))]))
        }
        return try await self.check(request, bytes, as: material)
      }
    }
    router.post("api/v1/form") { request, _ in
      // With a photo (multipart/form-data), the body may hold a file as well.
      let multipart = request.headers[.contentType]?.lowercased().hasPrefix("multipart/") == true
      return try await self.limited(request, body: multipart ? applications + files : applications) {
        try await self.form(request, $0)
      }
    }
  }

  // MARK: the endpoints

  public func validate(_ request: Request, _ bytes: [UInt8]) async throws -> Response {
    let lang = language(request)
    let (read, refusal) = assessed(request, bytes, lang)
    guard let (loaded, assessment) = read else { return refusal }
    return json(AssessmentJSON.of(assessment, file: loaded.file, language: lang))
  }

  /// The application in the body and its assessment, or the 400 saying why it cannot be
  /// read.
  public func assessed(_ request: Request, _ bytes: [UInt8], _ lang: Language) -> ((LoadedApplication, Assessment)?, Response) {
    switch application(request, bytes) {
    case .success(let loaded):
      let assessment = Assessor.assess(loaded, policy: policy, authorities: authorities, today: .today())
      return ((loaded, assessment), json(.null))
    case .failure(let error):
      return (nil, problem(.badRequest, lang, error.text))
    }
  }

  /// An application file (YAML or JSON) as JSON, every value as written (a text stays a
  /// text: `0012345` keeps its zeros), for a page to fill its fields with. Unreadable
  /// files get the same 400 as `validate`.
  public func parse(_ request: Request, _ bytes: [UInt8]) async throws -> Response {
    let lang = language(request)
    do throws(DocumentSyntaxError) {
      let root = try DocumentReader.read(bytes, file: "application.yaml", limits: policy.applicationLimits)
      guard case .mapping = root.value else { throw ApplicationLoader.notAMapping(root, file: "application.yaml") }
      return json(Self.tree(root))
    } catch {
      return problem(.badRequest, lang, error.text)
    }
  }

  /// A document as JSON: scalars as texts, in the order written.
  public static func tree(_ node: DocumentNode) -> JSONValue {
    switch node.value {
    case .null: .null
    case .scalar(let text): .string(text)
    case .sequence(let items): .array(items.map(tree))
    case .mapping(let entries): .object(entries.map { ($0.key, tree($0.value)) })
    }
  }

  public func check(_ request: Request, _ bytes: [UInt8], as material: MaterialType) async throws -> Response {
    let lang = language(request)
    let checker = self.checker, policy = self.policy
    let result = await offloaded {
      checker.check(bytes, size: bytes.count, file: material == .photo ? "photo" : "upload", as: material, policy: policy)
    }
    return json(CheckJSON.of(result, language: lang))
  }

  /// The fixed photo as JPEG when the client asks for `image/jpeg` (`Accept`), else
  /// `photo --fix --json`'s answer with the JPEG in `jpegBase64`.
  public func fix(_ request: Request, _ bytes: [UInt8]) async throws -> Response {
    let lang = language(request)
    let checker = self.checker, policy = self.policy
    let (original, fixed) = await offloaded {
      (checker.check(bytes, size: bytes.count, file: "photo", as: .photo, policy: policy), checker.fixPhoto(bytes))
    }
    switch fixed {
    case .failure(let error):
      var finding = error.finding
      finding.file = "photo"
      return json(FixJSON.of(original: original, fixed: nil, failure: finding, output: nil, report: nil, language: lang))
    case .success(let result):
      if request.headers[.accept]?.contains("image/jpeg") == true {
        return Response(
          status: .ok, headers: [.contentType: "image/jpeg", .contentDisposition: "attachment; filename=\"photo-fixed.jpg\""],
          body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.jpeg)))
      }
      let after = await offloaded {
        checker.check(result.jpeg, size: result.jpeg.count, file: "photo-fixed.jpg", as: .photo, policy: policy)
      }
      var answer = FixJSON.of(
        original: original, fixed: after, failure: nil, output: "photo-fixed.jpg", report: result.report, language: lang)
      if case .object(var pairs) = answer {
        pairs.append(("jpegBase64", .string(Data(result.jpeg).base64EncodedString())))
        answer = .object(pairs)
      }
      return json(answer)
    }
  }

  /// The two-page PDF of a valid application (its `photo:` path is not followed: a
  /// server reads no file a request names). An invalid one gets validate's answer, 422.
  ///
  /// As `multipart/form-data` (a browser's `FormData`), the `application` part is the
  /// application and an optional `photo` part the photo for the form's photo box: it is
  /// made compliant by an isolated worker (as `/api/v1/photo/fix`), and only that JPEG of
  /// our own is decoded here. A photo that cannot be fixed is a 422 saying why.
  public func form(_ request: Request, _ body: [UInt8]) async throws -> Response {
    let lang = language(request)
    var bytes = body
    var upload: [UInt8]?
    if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/") {
      guard let boundary = FormData.boundary(type), let parts = FormData.parts(body, boundary: boundary),
        let application = parts["application"], application.count <= policy.limits.maxApplicationBytes
      else {
        return problem(
          .badRequest, lang, LocalizedText("api.aMultipartFormDataRequest"))
      }
      bytes = application
      upload = parts["photo"].flatMap { $0.isEmpty ? nil : $0 }
    }
    let (read, refusal) = assessed(request, bytes, lang)
    guard let (loaded, assessment) = read else { return refusal }
    guard assessment.isValid, let kind = loaded.application.kind else {
      return json(AssessmentJSON.of(assessment, file: loaded.file, language: lang), status: .unprocessableContent)
    }
    let photo: FormPhoto?
    if let upload {
      let checker = self.checker
      switch await offloaded({ checker.fixPhoto(upload) }) {
      case .success(let fixed):
        do {
          photo = try FormPhoto.from(fixed.jpeg, limits: FormBatch.decodeLimits(policy))
        } catch {
          return problem(.unprocessableContent, lang, error.message)
        }
      case .failure(let failure):
        return problem(
          .unprocessableContent, lang, LocalizedText("api.photoCannotBePrinted", ["problem": failure.finding.message]))
      }
    } else {
      photo = nil
    }
    let values = FormValues(loaded.application, policy: policy)
    let date = pdfCreationDate()
    let rendered = await offloaded {
      self.renderer.withLock { renderer -> Result<[UInt8], FormError> in
        Result { () throws(FormError) in try renderer.pdf(kind: kind, values: values, photo: photo, creationDate: date) }
      }
    }
    switch rendered {
    case .success(let pdf):
      return Response(
        status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"form.pdf\""],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: pdf)))
    case .failure(let error):
      return problem(.unprocessableContent, lang, error.message)
    }
  }

  // MARK: helpers

  /// At most `maxRequests` at once: beyond that, 503 and when to try again. The body is
  /// read first, whole, under its cap (a client that stalls is cut off by the server's
  /// idle timeout); then the work has a deadline: three times a file's check time (a fix
  /// checks, fixes and checks again), then 503 — the work itself is stopped by the
  /// workers' own limits. (Never race the body's reading: an answer sent while a task
  /// still reads the body would make the server read it twice.)
  ///
  /// An `upload` with no body is a request without its file: 400, not a verdict on an
  /// empty file.
  public func limited(
    _ request: Request, body limit: Int, upload: Bool = false,
    _ work: @escaping @Sendable ([UInt8]) async throws -> Response
  ) async throws -> Response {
    let now = inflight.wrappingAdd(1, ordering: .relaxed).newValue
    defer { inflight.wrappingSubtract(1, ordering: .relaxed) }
    guard now <= maxRequests else {
      var response = problem(
        .serviceUnavailable, language, LocalizedText("api.busyTryAgainInA"))
      response.headers[.retryAfter] = "1"
      return response
    }
    if let asked = request.uri.queryParameters.get("lang"), Language(rawValue: String(asked)) == nil {
      return problem(.badRequest, language, LocalizedText("api.langMustBeZhOr"))
    }
    let bytes = try await body(request, limit: limit)
    if upload && bytes.isEmpty {
      return problem(
        .badRequest, language(request), LocalizedText("api.theRequestHoldsNoFile"))
    }
    let late = problem(
      .serviceUnavailable, language(request), LocalizedText("api.thisTookTooLongTry"))
    return try await deadlines.firstOf({ try await work(bytes) }, orAfter: deadline, late).get()
  }

  /// The deadline of one request, seconds.
  public var deadline: Double { policy.limits.checkSeconds * 3 + 5 }

  /// The request's body, refused (413) past `limit` bytes before more is read.
  public func body(_ request: Request, limit: Int) async throws -> [UInt8] {
    let buffer = try await request.body.collect(upTo: limit)
    return Array(buffer.readableBytesView)
  }

  /// An application from the body: YAML, or JSON when the content type says so (or the
  /// body starts with `{`), under the policy's limits.
  public func application(_ request: Request, _ bytes: [UInt8]) -> Result<LoadedApplication, DocumentSyntaxError> {
    let json =
      request.headers[.contentType]?.contains("json") == true
      || bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    return Result { () throws(DocumentSyntaxError) in
      try ApplicationLoader.parse(bytes, file: json ? "application.json" : "application.yaml", limits: policy.applicationLimits)
    }
  }

  /// `?lang=en` or `?lang=zh`, else the server's language.
  public func language(_ request: Request) -> Language {
    request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) ?? language
  }

  public func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: value.rendered() + "\n")))
  }

  /// `{"error": {"status": 400, "message": "…"}}` in the request's language.
  public func problem(_ status: HTTPResponse.Status, _ lang: Language, _ message: LocalizedText) -> Response {
    json(
      .fields([("error", .fields([("status", .number(Double(status.code))), ("message", .string(message(lang)))]))]),
      status: status)
  }
}

/// Runs blocking work (a worker round trip, pango) on a thread of its own, not on the
/// server's event loops or the cooperative pool.
public func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(returning: work()) }
  }
}

/// The deadlines of the requests in flight, watched by one task that wakes four times a
/// second, rather than a timer per request: a cancelled `Task.sleep` keeps its timer until
/// it would have fired, so a timer per request made the server's memory grow with
/// requests × deadline under load (found by the soak benchmark, `bench/run.py soak`).
/// What it holds is bounded by the requests in flight.
public final class Deadlines: Sendable {
  public typealias Answer = Result<Response, any Error>

  private struct Waiting {
    var deadline: ContinuousClock.Instant
    var fallback: Response
    var continuation: CheckedContinuation<Answer, Never>
  }

  private let waiting = Mutex<[UInt64: Waiting]>([:])
  private let counter = Atomic<UInt64>(0)
  private let watcher = Mutex<Task<Void, Never>?>(nil)

  deinit { watcher.withLock { $0?.cancel() } }

  /// Requests whose work has neither answered nor passed its deadline.
  public var pending: Int { waiting.withLock { $0.count } }

  /// `work`'s result, or `fallback` once `seconds` have passed (the work goes on, unseen).
  public func firstOf(_ work: @escaping @Sendable () async throws -> Response, orAfter seconds: Double, _ fallback: Response)
    async
    -> Answer
  {
    startWatching()
    let id = counter.wrappingAdd(1, ordering: .relaxed).newValue
    return await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
      waiting.withLock {
        $0[id] = Waiting(deadline: .now + .seconds(seconds), fallback: fallback, continuation: continuation)
      }
      Task {
        let answer: Answer
        do {
          answer = .success(try await work())
        } catch {
          answer = .failure(error)
        }
        // Whoever takes the entry out answers: the work, or the watcher at the deadline.
        waiting.withLock { $0.removeValue(forKey: id) }?.continuation.resume(returning: answer)
      }
    }
  }

  private func startWatching() {
    watcher.withLock { task in
      guard task == nil else { return }
      task = Task { [weak self] in
        while !Task.isCancelled {
          try? await Task.sleep(for: .milliseconds(250))
          guard let self else { return }
          let now = ContinuousClock.now
          let late = self.waiting.withLock { waiting -> [Waiting] in
            let ids = waiting.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { waiting.removeValue(forKey: $0) }
          }
          for entry in late { entry.continuation.resume(returning: .success(entry.fallback)) }
        }
      }
    }
  }
}

/// A known route asked with a method it does not answer gets 405 and the methods it does
/// (`Allow`), not the router's 404: the route exists.
public struct MethodCheck<Context: RequestContext>: RouterMiddleware {
  public init() {}

  public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    if let allowed = API.routes[request.uri.path],
      !allowed.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == request.method.rawValue })
    {
      return Response(status: .methodNotAllowed, headers: [.allow: allowed])
    }
    return try await next(request, context)
  }
}
