import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MaterialChecks
import RegistrationRules

/// `safetyreg serve`: the upload-check API for portals (and, later, the applicant's pages),
/// over the same library and isolated workers as the command line.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the upload-check API on this machine (检查服务).",
    discussion: """
      Binds to 127.0.0.1 unless --host says otherwise: put TLS and authentication in front \
      of it (a reverse proxy) before opening it to others. The API answers as the command \
      line's --json does; /openapi.yaml describes it. Nothing sent is written to disk or \
      logged: the request log has the method, the path, the status and the time.
      """
  )

  @Option(help: "Address to listen on (default: this machine only).")
  var host = "127.0.0.1"

  @Option(help: "Port to listen on; 0 picks a free one (printed at start).")
  var port = 8080

  @Option(help: ArgumentHelp("A `review` output folder to browse at /reports/ (read-only).", valueName: "DIR"))
  var reports: String?

  @Option(help: "Files checked at the same time, each in an isolated worker (default: all cores).")
  var jobs = ProcessInfo.processInfo.activeProcessorCount

  @Option(
    name: .customLong("max-requests"),
    help: "Requests handled at the same time; beyond that the answer is 503 with Retry-After.")
  var maxRequests = 16

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535.") }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
    guard maxRequests >= 1 else { throw ValidationError("--max-requests must be at least 1.") }
    if let reports {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: reports, isDirectory: &isFolder), isFolder.boolValue else {
        throw ValidationError("--reports \(reports) is not a folder (give a `safetyreg review` output folder).")
      }
    }
  }

  func run() async throws {
    let setup = try RuleSetup.load(global)
    let forms = setup.policy.forms.verify ? try ReviewSetup.formGeometry(setup, language: global.language) : nil
    let api = try API(
      setup: setup, checker: Checking.isolated(setup.policy, forms: forms, workers: jobs),
      maxRequests: maxRequests, language: global.language)
    let router = Router()
    router.add(middleware: RequestLog())
    router.add(middleware: MethodCheck())
    api.register(on: router)
    WebPages(templates: setup.templates.path(""), reports: reports.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
      .register(on: router)
    var logger = Logger(label: "safetyreg.serve")
    logger.logLevel = .info
    let host = self.host, port = self.port
    let app = Application(
      router: router,
      // A connection that sends nothing for a file's check time is closed: a client that
      // stalls mid-body cannot hold a slot for ever.
      server: .http1(configuration: .init(idleTimeout: .seconds(Int64(max(1, setup.policy.limits.checkSeconds))))),
      configuration: .init(address: .hostname(host, port: port), serverName: "safetyreg"),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port ?? port
        // Unbuffered: a script (or a test) waits for this line to learn the port.
        FileHandle.standardOutput.write(
          Data(
            "safetyreg serve: http://\(host):\(bound)/  (application: /apply, photo check: /photo, API: /api/v1/…, description: /openapi.yaml)\n"
              .utf8)
        )
      }, logger: logger)
    try await app.runService()
  }
}

/// One line per request on standard error: method, path (without the query), status,
/// milliseconds. Never a body, a header value or a query string: they may hold an ID
/// number or a photo.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    var status = 500
    defer {
      let ms = (ContinuousClock.now - start).components
      let elapsed = Double(ms.seconds) * 1000 + Double(ms.attoseconds) / 1e15
      FileHandle.standardError.write(
        Data("\(request.method) \(request.uri.path) \(status) \(Int(elapsed)) ms\n".utf8))
    }
    do {
      let response = try await next(request, context)
      status = Int(response.status.code)
      return response
    } catch let error as HTTPError {
      status = Int(error.status.code)
      throw error
    }
  }
}
