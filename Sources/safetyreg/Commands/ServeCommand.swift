import ArgumentParser
import Core
import Foundation
import Hummingbird
import Logging
import MaterialChecks
import RegistrationRules
import Service

/// `safetyreg serve`: the upload-check API for portals (and, later, the applicant's pages),
/// over the same library and isolated workers as the command line.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the upload-check API on this machine (检查服务).",
    discussion: """
      Binds to 127.0.0.1 unless --host says otherwise: put TLS in front of it (a reverse \
      proxy) before opening it to others. The API answers as the command line's --json \
      does; /openapi.yaml describes it. Nothing sent is written to disk or logged: the \
      request log has the method, the path, the status and the time.

      With --reports, the reports and previews (applicants' personal data) open only with \
      a token: a random one is made at start and printed once as an address to open \
      (its cookie then lasts until the browser closes or the server restarts), or \
      --token-file gives one. Scripts may send it as "Authorization: Bearer TOKEN". Each \
      report or preview served is logged by submission folder and time (--audit-log).
      """
  )

  @Option(help: "Address to listen on (default: this machine only).")
  var host = "127.0.0.1"

  @Option(help: "Port to listen on; 0 picks a free one (printed at start).")
  var port = 8080

  @Option(help: ArgumentHelp("A `review` output folder to browse at /reports/ (read-only).", valueName: "DIR"))
  var reports: String?

  @Option(
    name: .customLong("token-file"),
    help: ArgumentHelp("Read the reports' token from FILE (one line, at least 16 of A-Z a-z 0-9 - . _ ~).", valueName: "FILE"))
  var tokenFile: String?

  @Flag(
    name: .customLong("no-token"),
    help: "Serve the reports without a token; only on a loopback address (every account on this machine can read them).")
  var noToken = false

  @Flag(
    name: .customLong("insecure-no-token"),
    help: "Serve the reports without a token on any address (only behind a proxy that authenticates); prints a warning.")
  var insecureNoToken = false

  @Option(
    name: .customLong("audit-log"),
    help: ArgumentHelp("Append the audit of viewed reports to FILE (mode 0600) instead of standard error.", valueName: "FILE"))
  var auditLog: String?

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
    } else if tokenFile != nil || noToken || insecureNoToken || auditLog != nil {
      throw ValidationError("--token-file, --no-token, --insecure-no-token and --audit-log go with --reports.")
    }
    guard [tokenFile != nil, noToken, insecureNoToken].filter({ $0 }).count <= 1 else {
      throw ValidationError("choose one of --token-file, --no-token and --insecure-no-token.")
    }
  }

  /// Whether `host` can be reached only from this machine.
  static func isLoopback(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare.lowercased() == "localhost" || bare == "::1" { return true }
    let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
  }

  /// The reports' credential, as the options ask; refuses, with the reason and the safe
  /// command, to serve them to the network without one.
  func reportAccess(language: Language) throws -> (access: ReportAccess, token: String?, warning: String?) {
    if noToken {
      guard Self.isLoopback(host) else {
        throw Console.fail(
          LocalizedText("serveCommand.refusedWithoutToken", ["host": host, "reports": reports ?? "DIR"])(language))
      }
      return (
        ReportAccess(token: nil), nil,
        LocalizedText("serveCommand.noTokenNote")(language)
      )
    }
    if insecureNoToken {
      return (
        ReportAccess(token: nil), nil,
        LocalizedText("serveCommand.insecureNoTokenWarning", ["host": host])(language)
      )
    }
    if let tokenFile {
      do {
        let read = try TokenFile.read(tokenFile)
        let warning =
          read.othersCanRead
          ? LocalizedText("serveCommand.tokenFileReadable", ["file": tokenFile])(language) : nil
        return (ReportAccess(token: read.token), nil, warning)
      } catch {
        throw Console.fail(error.message(language))
      }
    }
    let token = ReportAccess.randomToken()
    return (ReportAccess(token: token), token, nil)
  }

  func run() async throws {
    let language = global.language
    let reportsFolder = reports.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    let access = try reports.map { _ in try reportAccess(language: language) }
    let audit: ReportAudit?
    do {
      audit = try reportsFolder.map { try ReportAudit(reports: $0, file: auditLog) }
    } catch let error as ServeSetupError {
      throw Console.fail(error.message(language))
    }
    let setup = try RuleSetup.load(global)
    let forms = setup.policy.forms.verify ? try ReviewSetup.formGeometry(setup, language: global.language) : nil
    let api = try API(
      setup: setup, checker: Checking.isolated(setup.policy, forms: forms, workers: jobs),
      maxRequests: maxRequests, language: global.language)
    let router = Router()
    router.add(middleware: RequestLog())
    router.add(middleware: MethodCheck())
    if let access { router.add(middleware: ReportGate(access: access.access)) }
    api.register(on: router)
    WebPages(templates: setup.templates.path(""), reports: reportsFolder, audit: audit).register(on: router)
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
        let shown = Self.shownHost(host)
        var text =
          "safetyreg serve: http://\(shown):\(bound)/  (application: /apply, photo check: /photo, API: /api/v1/…, description: /openapi.yaml)\n"
        if let access {
          let address = "http://\(shown):\(bound)/reports/"
          if let token = access.token {
            // Printed once, here: the token is in no log.
            text += LocalizedText("serveCommand.reportsWithToken", ["address": address, "token": token])(language) + "\n"
          } else if tokenFile != nil {
            text +=
              LocalizedText("serveCommand.reportsTokenInFile", ["address": address, "file": tokenFile ?? ""])(language) + "\n"
          } else {
            text += LocalizedText("serveCommand.reports", ["address": address])(language) + "\n"
          }
          if let warning = access.warning { Console.error(warning) }
        }
        // Unbuffered: a script (or a test) waits for these lines to learn the port.
        FileHandle.standardOutput.write(Data(text.utf8))
      }, logger: logger)
    try await app.runService()
  }
}

extension ServeCommand {
  /// The host to print in an address: a wildcard bind is reached by this machine's name.
  static func shownHost(_ host: String) -> String {
    switch host {
    case "0.0.0.0", "::", "[::]": return ProcessInfo.processInfo.hostName
    default: return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
  }
}
