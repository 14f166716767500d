import Foundation
import TestSupport
import Testing

@testable import Service
@testable import safetyreg

/// `serve --reports` over real HTTP: the reports and previews open only with the token
/// (exchanged for a cookie, or sent as a bearer), however a path is spelt; the applicant's
/// pages and the API stay open; nothing personal or secret reaches the log; binding the
/// network without a token is refused.
@Suite(.serialized) struct ReportAccessTests {
  /// One review of the samples, shared by the tests (they only read it).
  static let reports: String = {
    let out = try! temporaryDirectory().path
    let review = try! run(["review", repoPath("samples/submissions"), "-o", out, "--today", "2026-11-23", "--quiet"])
    precondition(review.status == 0 && FileManager.default.fileExists(atPath: out + "/index.html"), review.stderr)
    return out
  }()

  /// Every kind of path under /reports: the page, the summaries, a report, a small and a
  /// large preview, the folder itself.
  static func reportPaths() throws -> [String] {
    let thumbs = try FileManager.default.contentsOfDirectory(atPath: reports + "/thumbs").sorted()
    let small = try #require(thumbs.first { !$0.contains("-large") })
    let large = try #require(thumbs.first { $0.contains("-large") })
    return [
      "/reports/index.html", "/reports/summary.json", "/reports/summary.csv", "/reports/2026-0015-form-unsigned.json",
      "/reports/thumbs/" + small, "/reports/thumbs/" + large, "/reports", "/reports/",
    ]
  }

  /// The same paths spelt otherwise: percent-encoded letters, dots, doubled slashes.
  static let encodedPaths = [
    "/%72eports/index.html", "/reports/%69ndex.html", "/%72%65%70%6f%72%74%73/summary.json", "/reports/./index.html",
    "//reports/index.html", "/apply/../reports/index.html", "/reports/thumbs/../index.html", "/REPORTS/../reports/summary.csv",
  ]

  @Test func withoutTheCredentialEveryReportPathIs401() throws {
    let server = try ServeTests.Server(["--reports", Self.reports])
    defer { _ = server.stop() }
    let port = server.base.port!
    for path in try Self.reportPaths() + Self.encodedPaths {
      let answer = try HTTP.get(port: port, path)
      #expect(answer.status == 401, "\(path): \(answer.head)")
      #expect(answer.body.contains("需要访问令牌") && answer.body.contains("token"), "\(path)")
      #expect(answer.header("cache-control") == "no-store" && answer.header("referrer-policy") == "no-referrer", "\(path)")
      #expect(answer.header("content-security-policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
    }
    // A wrong token, bearer or cookie opens nothing either.
    let token = try ServeTests.token(server)
    let wrong = String(token.reversed())
    #expect(try HTTP.get(port: port, "/reports/index.html?token=" + wrong).status == 401)
    #expect(try HTTP.get(port: port, "/reports/index.html", headers: ["Authorization": "Bearer " + wrong]).status == 401)
    #expect(try HTTP.get(port: port, "/reports/index.html", headers: ["Cookie": "safetyreg_reports=" + token]).status == 401)
    #expect(try HTTP.get(port: port, "/reports/index.html?token=" + token.dropLast()).status == 401)
    // The applicant's pages and the API stay open.
    for open in ["/apply", "/photo", "/api/v1/fields", "/openapi.yaml"] {
      #expect(try HTTP.get(port: port, open).status == 200, "\(open)")
    }
  }

  @Test func theTokenAddressSetsTheCookieAndTheCookieOpensEverything() throws {
    let server = try ServeTests.Server(["--reports", Self.reports])
    defer { _ = server.stop() }
    let port = server.base.port!
    let token = try ServeTests.token(server)
    #expect(token.count == 48, "192 random bits: \(server.banner)")
    #expect(server.banner.contains("http://127.0.0.1:\(port)/reports/?token=\(token)"))
    // The printed address: the cookie, and the same page without the token in it.
    let exchange = try HTTP.get(port: port, "/reports/?token=" + token)
    #expect(exchange.status == 303)
    #expect(exchange.header("location") == "/reports/index.html")
    let cookie = try #require(exchange.header("set-cookie"))
    for attribute in ["Path=/reports", "HttpOnly", "SameSite=Strict"] { #expect(cookie.contains(attribute), "\(cookie)") }
    #expect(!cookie.contains("Secure"), "plain HTTP: \(cookie)")
    #expect(!cookie.contains(token), "the cookie is not the token")
    let pair = String(cookie.prefix { $0 != ";" })
    // Deeper pages go back to themselves.
    #expect(try HTTP.get(port: port, "/reports/summary.json?token=" + token).header("location") == "/reports/summary.json")
    // Behind a proxy that says the request came over HTTPS, the cookie is Secure.
    let proxied = try HTTP.get(port: port, "/reports/?token=" + token, headers: ["X-Forwarded-Proto": "https"])
    #expect(proxied.header("set-cookie")?.contains("; Secure") == true)
    // With the cookie every path opens, with the private headers.
    for path in try Self.reportPaths() where !path.hasSuffix("reports") && !path.hasSuffix("/") {
      let answer = try HTTP.get(port: port, path, headers: ["Cookie": "other=1; " + pair])
      #expect(answer.status == 200, "\(path): \(answer.head)")
      #expect(answer.header("cache-control") == "no-store", "\(path)")
      #expect(answer.header("referrer-policy") == "no-referrer", "\(path)")
      #expect(answer.header("x-content-type-options") == "nosniff", "\(path)")
      #expect(answer.header("content-security-policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
    }
    // So does the bearer, for scripts.
    let json = try HTTP.get(port: port, "/reports/2026-0015-form-unsigned.json", headers: ["Authorization": "Bearer " + token])
    #expect(json.status == 200 && json.body.contains("SIGNATURE_MISSING"))
    // The log: each report viewed, by submission and time; never the token or the cookie.
    Thread.sleep(forTimeInterval: 0.2)
    let log = server.stop()
    #expect(!log.contains(token) && !log.contains(pair.dropFirst("safetyreg_reports=".count)), "\(log)")
    #expect(!log.contains("?token"), "\(log)")
    let audit = log.split(separator: "\n").filter { $0.contains("audit: viewed") }
    #expect(
      audit.contains {
        $0.contains("report of 2026-0015-form-unsigned")
          && $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "#, options: .regularExpression) != nil
      },
      "\(log)")
    #expect(audit.contains { $0.contains("previews of 2026-") }, "a preview is logged by its submission: \(log)")
    #expect(audit.count(where: { $0.contains("report of 2026-0015-form-unsigned") }) == 1, "folded within a minute: \(audit)")
  }

  @Test func aTokenFromAFileAndAnAuditFile() throws {
    let work = try temporaryDirectory().path
    let token = "team-token-\(UUID().uuidString)"
    try (token + "\n").write(toFile: work + "/token", atomically: true, encoding: .utf8)
    chmod(work + "/token", 0o600)
    let server = try ServeTests.Server([
      "--reports", Self.reports, "--token-file", work + "/token", "--audit-log", work + "/audit.log",
    ])
    defer { _ = server.stop() }
    #expect(!server.banner.contains(token), "a token from a file is not printed: \(server.banner)")
    let port = server.base.port!
    #expect(try HTTP.get(port: port, "/reports/index.html").status == 401)
    #expect(try HTTP.get(port: port, "/reports/index.html", headers: ["Authorization": "Bearer " + token]).status == 200)
    _ = server.stop()
    let audit = try String(contentsOfFile: work + "/audit.log", encoding: .utf8)
    #expect(audit.contains("audit: viewed index page"), "\(audit)")
    var info = stat()
    #expect(stat(work + "/audit.log", &info) == 0 && info.st_mode & 0o777 == 0o600)
    // Refused at start, with the reason: a short token, a missing file.
    try "short\n".write(toFile: work + "/short", atomically: true, encoding: .utf8)
    let short = try run(["serve", "--reports", Self.reports, "--token-file", work + "/short", "--port", "0"])
    #expect(short.status == 2 && short.stderr.contains("太短"), "\(short.stderr)")
    let missing = try run(["serve", "--reports", Self.reports, "--token-file", work + "/nope", "--port", "0", "--lang", "en"])
    #expect(
      missing.status == 2 && missing.stderr.contains("cannot read the token file") && missing.stderr.contains("no such file"))
  }

  @Test func theNetworkWithoutATokenIsRefusedAndTheWayOutWarns() throws {
    for host in ["0.0.0.0", "::", "192.0.2.7"] {
      let r = try run(["serve", "--host", host, "--port", "0", "--reports", Self.reports, "--no-token"])
      #expect(r.status == 2, "\(host): \(r.stderr)")
      #expect(r.stderr.contains("拒绝在 \(host) 上无令牌地提供审查报告"), "\(r.stderr)")
      #expect(r.stderr.contains("safetyreg serve --host \(host) --reports \(Self.reports)"), "the safe command: \(r.stderr)")
      #expect(r.stderr.contains("--insecure-no-token"), "\(r.stderr)")
      ErrorPathTests.expectPlain(r, host)
    }
    #expect(ServeCommand.isLoopback("127.0.0.1") && ServeCommand.isLoopback("localhost") && ServeCommand.isLoopback("::1"))
    #expect(ServeCommand.isLoopback("127.1.2.3") && ServeCommand.isLoopback("[::1]"))
    #expect(!ServeCommand.isLoopback("0.0.0.0") && !ServeCommand.isLoopback("127.0.0.1.example.com"))
    #expect(!ServeCommand.isLoopback("10.0.0.1") && !ServeCommand.isLoopback("::"))
    // The explicit way out: served without a credential, with a warning.
    let server = try ServeTests.Server(["--reports", Self.reports, "--insecure-no-token", "--lang", "en"])
    defer { _ = server.stop() }
    #expect(try HTTP.get(port: server.base.port!, "/reports/index.html").status == 200)
    Thread.sleep(forTimeInterval: 0.2)
    #expect(server.logText.contains("WARNING: the reports open without a token"), "\(server.logText)")
    // Token options belong with --reports.
    #expect(try run(["serve", "--token-file", "x"]).status == 2)
  }

  @Test func tokensAreComparedWholly() {
    let token = Array("0123456789abcdef0123".utf8)
    #expect(ReportAccess.sameBytes(token, token))
    #expect(!ReportAccess.sameBytes(Array(token.dropLast()), token))
    #expect(!ReportAccess.sameBytes(token + [0x30], token))
    #expect(!ReportAccess.sameBytes([], token))
    #expect(!ReportAccess.sameBytes([], []), "an empty token opens nothing")
    var other = token
    other[0] ^= 1
    #expect(!ReportAccess.sameBytes(other, token))
    #expect(ReportAccess.cookie("a", in: "b=1; a=2;a=3") == ["2", "3"])
    #expect(ReportAccess.isReportPath("/%72eports/x") && ReportAccess.isReportPath("/a/../reports"))
    #expect(!ReportAccess.isReportPath("/reportsx/a") && !ReportAccess.isReportPath("/reports/../apply"))
  }

  /// In a real browser: the address `serve` printed opens the reviewer's page, its
  /// previews load, the token leaves the address bar and no script can read the cookie;
  /// a browser without the cookie gets the page that says how to get in.
  @Test(.enabled(if: ServeTests.browser, "needs chromium, chromium-driver and python3-selenium (make test installs them)"))
  func aBrowserOpensThePrintedAddress() throws {
    let server = try ServeTests.Server(["--reports", Self.reports])
    defer { _ = server.stop() }
    let start = try #require(server.banner.range(of: "http://127.0.0.1:\(server.base.port!)/reports/?token="))
    let address = String(server.banner[start.lowerBound...].prefix { !$0.isWhitespace })
    let out = try temporaryDirectory().path
    let r = try runProgram("/usr/bin/python3", [repoPath("Tests/browser/reports_page.py"), address, out], in: out)
    try #require(r.status != 77, "Chromium could not start: \(r.stderr)")
    try #require(r.status == 0, "\(r.stderr.suffix(3000))")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(result["url"] as? String == "http://127.0.0.1:\(server.base.port!)/reports/index.html")
    #expect((result["title"] as? String)?.contains("审查结果") == true, "\(result)")
    #expect(result["sections"] as? Int == 29, "\(result)")
    #expect((result["previewsLoaded"] as? Int ?? 0) >= 10, "\(result)")
    #expect(result["scriptSeesCookie"] as? Bool == false)
    #expect((result["strangerTitle"] as? String)?.contains("需要访问令牌") == true, "\(result)")
    #expect(FileManager.default.fileExists(atPath: out + "/reports-page.png"))
    Accessibility.expectNoSeriousViolations(result["axe"], states: ["reviewer", "refused"])
  }
}

/// HTTP/1.1 by hand, so that a path goes to the server exactly as written (no client
/// normalises it) and a redirect is seen rather than followed.
enum HTTP {
  struct Answer {
    var status: Int
    var head: String
    var body: String

    func header(_ name: String) -> String? {
      head.split(separator: "\r\n").dropFirst().first { $0.lowercased().hasPrefix(name + ":") }
        .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }
  }

  static func get(port: Int, _ path: String, headers: [String: String] = [:]) throws -> Answer {
    let client = try SlowClient(port: port)
    defer { client.close() }
    var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (k, v) in headers { request += "\(k): \(v)\r\n" }
    client.send(request + "\r\n")
    var text = ""
    while true {
      let chunk = client.receive()
      if chunk.isEmpty { break }
      text += chunk
    }
    let split = text.range(of: "\r\n\r\n")
    let head = split.map { String(text[..<$0.lowerBound]) } ?? text
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    return Answer(status: status, head: head, body: split.map { String(text[$0.upperBound...]) } ?? "")
  }
}
