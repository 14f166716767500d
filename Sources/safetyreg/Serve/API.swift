import Dispatch
import FormRendering
import Foundation
import Hummingbird
import MaterialChecks
import RegistrationRules
import Synchronization

/// The API for portals: `POST /api/v1/validate`, `/api/v1/photo`, `/api/v1/photo/fix`,
/// `/api/v1/inspect?as=MATERIAL`, `/api/v1/form`; `GET /openapi.yaml`. JSON answers are
/// the command line's `--json`, byte for byte; a verdict (accept or reject) is a 200 with
/// the verdict inside, as the command line's exit code 1 is not a failure to run.
final class API: Sendable {
  let policy: Policy
  let authorities: AuthorityDirectory
  let forms: FormGeometrySet?
  let checker: IsolatedChecker
  let language: Language
  let maxRequests: Int
  let openAPI: [UInt8]
  /// pango belongs to one thread at a time: one renderer behind a lock.
  let renderer: Mutex<FormRenderer>
  let inflight = Atomic<Int>(0)

  init(setup: RuleSetup, forms: FormGeometrySet?, checker: IsolatedChecker, maxRequests: Int, language: Language) throws {
    policy = setup.policy
    authorities = setup.authorities
    self.forms = forms
    self.checker = checker
    self.maxRequests = maxRequests
    self.language = language
    openAPI = [UInt8](FileManager.default.contents(atPath: setup.templates.path("openapi.yaml")) ?? Data())
    let templates = try FormTemplateSet.load(directory: setup.templates.path("forms"))
    renderer = Mutex(try FormRenderer(templates: templates))
  }

  func register(on router: Router<BasicRequestContext>) {
    router.get("openapi.yaml") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.openAPI)))
    }
    router.post("api/v1/validate") { request, _ in try await self.limited { try await self.validate(request) } }
    router.post("api/v1/photo") { request, _ in
      try await self.limited { try await self.check(request, as: .photo) }
    }
    router.post("api/v1/photo/fix") { request, _ in try await self.limited { try await self.fix(request) } }
    router.post("api/v1/inspect") { request, _ in
      try await self.limited {
        guard let name = request.uri.queryParameters.get("as"), let material = MaterialType(rawValue: name) else {
          return self.problem(
            .badRequest, self.language(request),
            zh: "请用 ?as= 指明材料类型：\(MaterialType.allCases.map(\.rawValue).joined(separator: "、"))",
            en: "say the material with ?as=: \(MaterialType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try await self.check(request, as: material)
      }
    }
    router.post("api/v1/form") { request, _ in try await self.limited { try await self.form(request) } }
  }

  // MARK: the endpoints

  func validate(_ request: Request) async throws -> Response {
    let lang = language(request)
    let (read, refusal) = try await assessed(request, lang)
    guard let (loaded, assessment) = read else { return refusal }
    return json(AssessmentJSON.of(assessment, file: loaded.file, language: lang))
  }

  /// The application in the body and its assessment, or the 400 saying why it cannot be
  /// read.
  func assessed(_ request: Request, _ lang: Language) async throws -> ((LoadedApplication, Assessment)?, Response) {
    switch try await application(request) {
    case .success(let loaded):
      let assessment = Assessor.assess(loaded, policy: policy, authorities: authorities, today: .today())
      return ((loaded, assessment), json(.null))
    case .failure(let error):
      return (nil, problem(.badRequest, lang, zh: error.message(.zh), en: error.message(.en)))
    }
  }

  func check(_ request: Request, as material: MaterialType) async throws -> Response {
    let lang = language(request)
    let bytes = try await body(request, limit: MaterialInspector.decodeLimit(policy))
    let checker = self.checker, policy = self.policy
    let result = await offloaded {
      checker.check(bytes, size: bytes.count, file: material == .photo ? "photo" : "upload", as: material, policy: policy)
    }
    return json(CheckJSON.of(result, language: lang))
  }

  /// The fixed photo as JPEG when the client asks for `image/jpeg` (`Accept`), else
  /// `photo --fix --json`'s answer with the JPEG in `jpegBase64`.
  func fix(_ request: Request) async throws -> Response {
    let lang = language(request)
    let bytes = try await body(request, limit: MaterialInspector.decodeLimit(policy))
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
  func form(_ request: Request) async throws -> Response {
    let lang = language(request)
    let (read, refusal) = try await assessed(request, lang)
    guard let (loaded, assessment) = read else { return refusal }
    guard assessment.isValid, let kind = loaded.application.kind else {
      return json(AssessmentJSON.of(assessment, file: loaded.file, language: lang), status: .unprocessableContent)
    }
    let values = FormValues(loaded.application, policy: policy)
    let date = pdfCreationDate()
    let rendered = await offloaded {
      self.renderer.withLock { renderer -> Result<[UInt8], FormError> in
        Result { () throws(FormError) in try renderer.pdf(kind: kind, values: values, creationDate: date) }
      }
    }
    switch rendered {
    case .success(let pdf):
      return Response(
        status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"form.pdf\""],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: pdf)))
    case .failure(let error):
      return problem(.unprocessableContent, lang, zh: error.message(.zh), en: error.message(.en))
    }
  }

  // MARK: helpers

  /// At most `maxRequests` at once: beyond that, 503 and when to try again.
  func limited(_ work: () async throws -> Response) async throws -> Response {
    let now = inflight.wrappingAdd(1, ordering: .relaxed).newValue
    defer { inflight.wrappingSubtract(1, ordering: .relaxed) }
    guard now <= maxRequests else {
      var response = problem(
        .serviceUnavailable, language, zh: "服务繁忙，请稍后重试", en: "busy: try again in a moment")
      response.headers[.retryAfter] = "1"
      return response
    }
    return try await work()
  }

  /// The request's body, refused (413) past `limit` bytes before more is read.
  func body(_ request: Request, limit: Int) async throws -> [UInt8] {
    let buffer = try await request.body.collect(upTo: limit)
    return Array(buffer.readableBytesView)
  }

  /// An application from the body: YAML, or JSON when the content type says so (or the
  /// body starts with `{`), under the policy's limits.
  func application(_ request: Request) async throws -> Result<LoadedApplication, DocumentSyntaxError> {
    let bytes = try await body(request, limit: policy.limits.maxApplicationBytes)
    let json =
      request.headers[.contentType]?.contains("json") == true
      || bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    return Result { () throws(DocumentSyntaxError) in
      try ApplicationLoader.parse(bytes, file: json ? "application.json" : "application.yaml", limits: policy.applicationLimits)
    }
  }

  /// `?lang=en` or `?lang=zh`, else the server's language.
  func language(_ request: Request) -> Language {
    request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) ?? language
  }

  func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: Console.json(value) + "\n")))
  }

  /// `{"error": {"status": 400, "message": "…"}}` in the request's language.
  func problem(_ status: HTTPResponse.Status, _ lang: Language, zh: String, en: String) -> Response {
    json(
      .fields([("error", .fields([("status", .number(Double(status.code))), ("message", .string(lang == .zh ? zh : en))]))]),
      status: status)
  }
}

/// Runs blocking work (a worker round trip, pango) on a thread of its own, not on the
/// server's event loops or the cooperative pool.
func offloaded<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(returning: work()) }
  }
}
