import Core
import Foundation
import Hummingbird
import MaterialChecks
import RegistrationRules
import Synchronization
import TestSupport
import Testing

@testable import Service

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `safetyreg serve`, started as a user would (a free port, on localhost), asked over
/// real HTTP: its answers are the command line's `--json`, byte for byte.
@Suite(.serialized) struct ServeTests {
  /// A running server and its base URL; stopped with `stop()`.
  final class Server: @unchecked Sendable {
    let process = Process()
    let base: URL
    let errors = Pipe()
    /// What the server has said on standard error so far (read as it comes, so that a
    /// full pipe never blocks it, and a failure can show it).
    let said = NSLock()
    var log = Data()
    /// What the server printed at start: the address line, and the reports' line when
    /// it serves reports.
    let banner: String

    init(_ extra: [String] = [], environment: [String: String] = [:]) throws {
      process.executableURL = safetyregBinary
      if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
      process.arguments = ["serve", "--port", "0", "--jobs", "2"] + extra
      process.currentDirectoryURL = repositoryRoot
      let output = Pipe()
      process.standardOutput = output
      process.standardError = errors
      try process.run()
      // The first line says where it listens; with --reports a second says how to open them.
      let lines = extra.contains("--reports") ? 2 : 1
      var line = Data()
      while line.count(where: { $0 == UInt8(ascii: "\n") }) < lines {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line += chunk
      }
      let text = String(decoding: line, as: UTF8.self)
      banner = text
      guard let start = text.range(of: "http://127.0.0.1:"), let end = text[start.upperBound...].firstIndex(of: "/"),
        let port = Int(text[start.upperBound..<end])
      else { throw ServerError(description: "no address in: \(text)") }
      base = URL(string: "http://127.0.0.1:\(port)/")!
      errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
        let chunk = handle.availableData
        guard let self, !chunk.isEmpty else { return }
        self.said.lock()
        self.log += chunk
        self.said.unlock()
      }
    }

    func stop() -> String {
      if process.isRunning { process.terminate() }
      process.waitUntilExit()
      Thread.sleep(forTimeInterval: 0.1)
      errors.fileHandleForReading.readabilityHandler = nil
      return logText
    }

    var logText: String {
      said.lock()
      defer { said.unlock() }
      return String(decoding: log, as: UTF8.self)
    }

    func post(_ path: String, _ body: Data, headers: [String: String] = [:]) async throws -> (Int, [String: String], Data) {
      var request = URLRequest(url: URL(string: path, relativeTo: base)!)
      request.httpMethod = "POST"
      request.httpBody = body
      for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
      let (data, response): (Data, URLResponse)
      do {
        (data, response) = try await URLSession.shared.data(for: request)
      } catch {
        throw ServerError(
          description: "\(path): \(error); server running: \(process.isRunning); its log:\n\(logText.suffix(3000))")
      }
      let http = response as! HTTPURLResponse
      var fields: [String: String] = [:]
      for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
      return (http.statusCode, fields, data)
    }
  }

  struct ServerError: Error, CustomStringConvertible { var description: String }

  /// What the command line prints for `arguments` run in a folder holding `file`.
  func cli(_ arguments: [String], file name: String, bytes: Data) throws -> String {
    let dir = try temporaryDirectory()
    try bytes.write(to: dir.appendingPathComponent(name))
    return try run(arguments, in: dir.path).stdout
  }

  @Test func answersAreTheCommandLinesJSON() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let app = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/applications/initial.yaml")))
    let (status, headers, body) = try await server.post("api/v1/validate?lang=en", app)
    #expect(status == 200)
    #expect(headers["content-type"]?.hasPrefix("application/json") == true)
    let expected = try cli(["validate", "application.yaml", "--json", "--lang", "en"], file: "application.yaml", bytes: app)
    #expect(String(decoding: body, as: UTF8.self) == expected)
    // A form page: the verdict and the form scan, as `inspect --as form --json`, except
    // the scan's own timing.
    let page = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0015-form-unsigned/form-2.jpg")))
    let (s2, _, b2) = try await server.post("api/v1/inspect?as=form", page)
    #expect(s2 == 200)
    let answer = try JSONSerialization.jsonObject(with: b2) as? [String: Any]
    let local =
      try JSONSerialization.jsonObject(
        with: Data(try cli(["inspect", "upload", "--as", "form", "--json"], file: "upload", bytes: page).utf8)) as? [String: Any]
    #expect(answer?["decision"] as? String == "reject")
    #expect((answer?["reasons"] as? [[String: Any]])?.map { $0["code"] as? String } == ["SIGNATURE_MISSING"])
    let same = NSDictionary(dictionary: answer?["metrics"] as? [String: Any] ?? [:])
      .isEqual(to: local?["metrics"] as? [String: Any] ?? [:])
    #expect(same, "the same measurements as the command line")
    // The PDF form of a valid application: two pages, the applicant's name as text.
    let (s3, h3, pdf) = try await server.post("api/v1/form", app)
    #expect(s3 == 200 && h3["content-type"] == "application/pdf")
    let dir = try temporaryDirectory()
    try pdf.write(to: dir.appendingPathComponent("form.pdf"))
    let info = String(decoding: try runInstalled("pdfinfo", [dir.appendingPathComponent("form.pdf").path]), as: UTF8.self)
    #expect(info.contains("Pages:           2"))
    let text = String(decoding: try runInstalled("pdftotext", [dir.appendingPathComponent("form.pdf").path, "-"]), as: UTF8.self)
    #expect(text.contains("张伟"))
    // The fixed photo, as JPEG when asked for.
    let photo = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg")))
    let (s4, h4, jpeg) = try await server.post("api/v1/photo/fix", photo, headers: ["Accept": "image/jpeg"])
    #expect(s4 == 200 && h4["content-type"] == "image/jpeg")
    #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
    // The log has the request line and status, never the body.
    let log = server.stop()
    #expect(log.contains("POST /api/v1/validate 200"))
    #expect(!log.contains("110101198804120010") && !log.contains("张伟"), "\(log)")
  }

  @Test func badRequestsAreRefusedWithReasons() async throws {
    let server = try Server(["--lang", "en"])
    defer { _ = server.stop() }
    let (s1, _, b1) = try await server.post("api/v1/validate", Data("a: [".utf8))
    #expect(s1 == 400)
    #expect(String(decoding: b1, as: UTF8.self).contains("YAML syntax error"))
    let (s2, _, b2) = try await server.post("api/v1/inspect", Data("x".utf8))
    #expect(s2 == 400 && String(decoding: b2, as: UTF8.self).contains("?as="))
    // Past the policy's cap (1 MiB for an application): 413, the rest never read.
    let (s3, _, _) = try await server.post("api/v1/validate", Data(count: 2 << 20))
    #expect(s3 == 413)
    // An invalid application gets no PDF, but validate's reasons.
    let bad = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/applications/invalid-data.yaml")))
    let (s4, _, b4) = try await server.post("api/v1/form", bad)
    #expect(s4 == 422)
    #expect(String(decoding: b4, as: UTF8.self).contains("\"decision\": \"reject\""))
  }

  /// Beyond `--max-requests`, 503 with Retry-After: one request holds the only slot by
  /// sending its body slowly, the next is turned away.
  @Test func beyondTheLimitTheAnswerIs503() async throws {
    let server = try Server(["--max-requests", "1"])
    defer { _ = server.stop() }
    let port = server.base.port!
    // The slow request comes from a process of its own (bash's /dev/tcp, descriptor 3), a
    // byte a second, so that the server's idle timeout never frees the slot however long
    // one of the requests below waits, and nothing in this busy test process can close
    // its connection.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/bin/bash")
    // Should its request come while another holds the slot, it is answered (503) at once:
    // then it asks again on a new connection, as it does if the server closes this one.
    holder.arguments = [
      "-c",
      "ask() { exec 3<>/dev/tcp/127.0.0.1/\(port) || exit 3; "
        + "printf 'POST /api/v1/validate HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\nid: ' >&3; }; ask; "
        + "for i in $(seq 90); do sleep 1; if read -t 0 -u 3; then exec 3<&-; ask; else printf x >&3 || exit 0; fi; done",
    ]
    try holder.run()
    defer {
      // SIGKILL: a child may inherit a mask that blocks SIGTERM. Only while it runs: the
      // pid of one that ended may already be another process's.
      if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }
      holder.waitUntilExit()
    }
    // First know, rather than guess, that the server has the slow request, before this
    // test asks anything: the kernel shows the server's end of the holder's connection
    // (found by the holder's socket) accepted and read to the last byte sent (the head and
    // the start of the body), and the holder's end with no answer waiting.
    func holding() -> (client: TCPSocket?, server: TCPSocket?) {
      guard let inode = TCPSocket.inode(pid: holder.processIdentifier, fd: 3) else { return (nil, nil) }
      let sockets = TCPSocket.all()
      let client = sockets.first { $0.inode == inode && $0.remote == port }
      return (client, client.flatMap { c in sockets.first { $0.local == port && $0.remote == c.local } })
    }
    func onPort() -> String {
      TCPSocket.all().filter { $0.local == port || $0.remote == port }.map(String.init(describing:)).joined(separator: "\n")
    }
    let read = ContinuousClock.now + .seconds(60)
    var held = holding()
    func taken(_ held: (client: TCPSocket?, server: TCPSocket?)) -> Bool {
      guard let client = held.client, let server = held.server else { return false }
      return server.state == "ESTABLISHED" && server.inode != "0" && server.unread == 0 && client.unread == 0
    }
    while !taken(held), holder.isRunning, ContinuousClock.now < read {
      try await Task.sleep(for: .milliseconds(10))
      held = holding()
    }
    try #require(
      taken(held),
      """
      the server never took in the holding request (holder running: \(holder.isRunning); its socket: \
      \(held.client.map(String.init(describing:)) ?? "none"); the server's end: \
      \(held.server.map(String.init(describing:)) ?? "none")); the sockets on its port:
      \(onPort())
      """)
    // Then it turns others away. Between reading the head and counting the request the
    // server may still serve one (and answer the holder 503, which then asks again): ask
    // until it does not. A server that never turns one away fails after a minute and at
    // least 20 answers: both, because in a full run this task can wait longer than the
    // minute between two answers (the test pool has a thread per core, and other tests
    // block them), so time alone could end the asking after one early 200.
    var refused: (Int, [String: String], Data)? = nil
    var seen: [Int] = []
    let deadline = ContinuousClock.now + .seconds(60)
    while refused == nil, seen.count < 20 || ContinuousClock.now < deadline {
      let answer = try await server.post("api/v1/validate", Data("id: x\n".utf8))
      seen.append(answer.0)
      if answer.0 == 503 { refused = answer } else { try await Task.sleep(for: .milliseconds(20)) }
    }
    let (status, headers, _) = try #require(
      refused,
      """
      no request was turned away while the slot was held; server log, first and last:
      \(server.logText.prefix(2000))
      …
      \(server.logText.suffix(2000))
      answers: \(seen.count), none 503; the holding process running: \(holder.isRunning); the sockets on its port:
      \(onPort())
      """)
    #expect(status == 503)
    #expect(headers["retry-after"] == "1")
  }

  /// The limit itself, in process, with no network and no timing to guess: while one
  /// request waits for its body it holds the only slot (the count of requests in flight
  /// says so before the next is sent), and the next is a 503 with `Retry-After: 1` and
  /// the reason; once the first has its body it is answered, the slot is free, and a
  /// request is served again.
  @Test func aRequestWaitingForItsBodyHoldsTheOnlySlot() async throws {
    let setup = try RuleSetup.load(policyFile: nil, language: .en)
    // No file is checked here: the checker never starts a worker.
    let checker = IsolatedChecker(policy: setup.policy, command: .init(executable: "/bin/false", arguments: []), workers: 1)
    let api = try API(setup: setup, checker: checker, maxRequests: 1, language: .en)
    let head = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/v1/validate")
    let echo: @Sendable ([UInt8]) async throws -> Response = { bytes in
      Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    let (slowBody, source) = RequestBody.makeStream()
    let first = Task { try await api.limited(Request(head: head, body: slowBody), body: 1000, echo) }
    let deadline = ContinuousClock.now + .seconds(60)
    while api.inflight.load(ordering: .relaxed) == 0 && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(5))
    }
    try #require(api.inflight.load(ordering: .relaxed) == 1, "the first request never took the slot")
    let turnedAway = try await api.limited(
      Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "id: x\n"))), body: 1000, echo)
    #expect(turnedAway.status == .serviceUnavailable)
    #expect(turnedAway.headers[.retryAfter] == "1")
    await source.yield(ByteBuffer(string: "id: x\n"))
    source.finish()
    let answered = try await first.value
    #expect(answered.status == .ok)
    #expect(api.inflight.load(ordering: .relaxed) == 0, "the slot is free once the first is answered")
    let again = try await api.limited(
      Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "id: x\n"))), body: 1000, echo)
    #expect(again.status == .ok)
  }

  /// One TCP socket as the kernel lists it in /proc/net/tcp.
  struct TCPSocket: CustomStringConvertible {
    var state: String, local: Int, remote: Int, unsent: Int, unread: Int, inode: String
    var description: String { "\(state) \(local) -> \(remote), unsent \(unsent), unread \(unread)" }

    static let states = [
      "01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1", "05": "FIN_WAIT2", "06": "TIME_WAIT",
      "07": "CLOSE", "08": "CLOSE_WAIT", "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING",
    ]

    /// Every IPv4 TCP socket of the machine, with the queues: whether a connection was
    /// accepted and read (ESTABLISHED, nothing unread), or waits in the listen queue.
    static func all() -> [TCPSocket] {
      let text = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
      func port(_ address: Substring) -> Int { Int(address.split(separator: ":").last ?? "", radix: 16) ?? -1 }
      return text.split(separator: "\n").dropFirst().compactMap { line in
        let f = line.split(separator: " ")
        let queues = f.count > 9 ? f[4].split(separator: ":") : []
        guard queues.count == 2 else { return nil }
        return TCPSocket(
          state: states[String(f[3])] ?? String(f[3]), local: port(f[1]), remote: port(f[2]),
          unsent: Int(queues[0], radix: 16) ?? -1, unread: Int(queues[1], radix: 16) ?? -1, inode: String(f[9]))
      }
    }

    /// The inode of the socket a process holds as descriptor `fd` (`socket:[N]`).
    static func inode(pid: Int32, fd: Int) -> String? {
      guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
        link.hasPrefix("socket:[")
      else { return nil }
      return String(link.dropFirst(8).dropLast())
    }
  }

  func get(_ server: Server, _ path: String, headers: [String: String] = [:]) async throws -> (Int, String?, Data) {
    var request = URLRequest(url: URL(string: path, relativeTo: server.base)!)
    for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as? HTTPURLResponse
    return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"), data)
  }

  /// The token `serve` printed for its reports.
  static func token(_ server: Server) throws -> String {
    let start = try #require(server.banner.range(of: "?token=")).upperBound
    return String(server.banner[start...].prefix { $0.isHexDigit })
  }

  /// The photo page and a review's reports: ours only, nothing outside the folder.
  @Test func thePagesAreServedAndNothingElse() async throws {
    let reports = try temporaryDirectory().path
    #expect(
      try run(["review", repoPath("samples/submissions"), "-o", reports, "--today", "2026-11-23", "--quiet"]).status == 0)
    let server = try Server(["--reports", reports])
    defer { _ = server.stop() }
    let credential = ["Authorization": "Bearer " + (try Self.token(server))]
    let (s1, t1, photo) = try await get(server, "photo")
    let page = String(decoding: photo, as: UTF8.self)
    #expect(s1 == 200 && t1?.hasPrefix("text/html") == true)
    #expect(page.contains("/api/v1/photo/fix") && page.contains("证件照检查"))
    #expect(!page.contains("http://") && !page.contains("https://"), "no external request")
    // Every page carries the shared script itself (templates/web/page-common.js), inlined
    // once where the marker stood.
    let (_, _, apply) = try await get(server, "apply")
    let index = try await get(server, "reports/index.html", headers: credential)
    #expect(index.0 == 200 && index.1?.hasPrefix("text/html") == true)
    let reviewer = String(decoding: index.2, as: UTF8.self)
    for (name, html) in [("photo", page), ("apply", String(decoding: apply, as: UTF8.self)), ("reviewer", reviewer)] {
      #expect(!html.contains("/*@common*/"), "\(name): the marker is left")
      #expect(html.components(separatedBy: "function el(tag, cls, text)").count == 2, "\(name): el defined once")
    }
    #expect(page.contains("function pageLanguage(T, links)") && page.contains("function postTo("))
    #expect(reviewer.contains("2026-0015-form-unsigned"))
    let (s3, t3, report) = try await get(server, "reports/2026-0015-form-unsigned.json", headers: credential)
    #expect(s3 == 200 && t3?.hasPrefix("application/json") == true)
    #expect(String(decoding: report, as: UTF8.self).contains("SIGNATURE_MISSING"))
    let thumb = try #require(try FileManager.default.contentsOfDirectory(atPath: reports + "/thumbs").first)
    let (s4, t4, _) = try await get(server, "reports/thumbs/" + thumb, headers: credential)
    #expect(s4 == 200 && t4 == "image/jpeg")
    for outside in ["reports/..%2F..%2Fetc%2Fpasswd", "reports/%2E%2E/x", "reports/.hidden", "reports/thumbs/..%2Fsummary.json"] {
      #expect(try await get(server, outside, headers: credential).0 == 404, "\(outside)")
    }
    #expect(try run(["serve", "--reports", reports + "/missing"]).status == 2)
  }

  /// What `validate --json` says of an application file, without the file's name.
  static func assessment(_ path: String) throws -> String {
    try run(["validate", path, "--json"]).stdout.split(separator: "\n").filter { !$0.contains("\"file\":") }
      .joined(separator: "\n")
  }

  /// Chromium, its driver and selenium (Debian's), all installed by `make test`.
  static let browser: Bool = {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
      && (try? runProgram("/usr/bin/python3", ["-c", "import selenium"], in: "/").status) == 0
  }()

  /// In a real browser: the applicant chooses a photo, sees the verdict and its reasons,
  /// and downloads the fixed copy, which is a compliant JPEG.
  @Test(.enabled(if: browser, "needs chromium, chromium-driver and python3-selenium (make test installs them)"))
  func aBrowserChecksAndFixesAPhoto() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let out = try temporaryDirectory().path
    // A photo from a phone: too large, and not cropped to the ID photo's shape.
    let photo = out + "/phone.jpg"
    try FileManager.default.copyItem(atPath: repoPath("Tests/Fixtures/portraits/derived-selfie-white.jpg"), toPath: photo)
    let r = try runProgram(
      "/usr/bin/python3", [repoPath("Tests/browser/photo_page.py"), server.base.absoluteString, photo, out], in: out)
    try #require(r.status != 77, "Chromium could not start: \(r.stderr)")
    #expect(r.status == 0, "\(r.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(summary["title"] as? String == "证件照检查")
    #expect((summary["verdict"] as? String)?.contains("不合格") == true)
    #expect(!((summary["codes"] as? [String]) ?? []).isEmpty)
    let fixed = try #require(summary["fixed"] as? String)
    let check = try run(["photo", fixed, "--json"])
    #expect(check.status != 2, "the downloaded file is a readable photo: \(check.stderr)")
    #expect(check.stdout.contains("\"width\": 413") && check.stdout.contains("\"height\": 579"), "\(check.stdout)")
    #expect(FileManager.default.fileExists(atPath: out + "/photo-page.png"))
    // The framing guide over the original and over the fixed copy: the face and the bands
    // for the crown, the eyes and the chin; on the fixed copy, all in place.
    let guides = try #require(summary["guides"] as? [[String]])
    #expect(guides.count == 2, "\(guides)")
    for guide in guides {
      for kind in ["face", "crown", "eyes", "chin"] { #expect(guide.contains { $0.hasPrefix(kind + " ") }, "\(kind): \(guide)") }
    }
    #expect(guides.last?.allSatisfy { $0.hasSuffix("found") } == true, "\(guides)")
    Accessibility.expectNoSeriousViolations(summary["axe"], states: ["empty", "verdict"])
  }

  /// In a real browser: the applicant types in an application field by field, sees the
  /// verdict, the materials and the suggested authority, downloads the data and the form;
  /// a wrong ID number gets `validate`'s own message under its field; a saved file opens
  /// with its messages.
  @Test(.enabled(if: browser, "needs chromium, chromium-driver and python3-selenium (make test installs them)"))
  func aBrowserFillsInAnApplication() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let out = try temporaryDirectory().path
    let saved = out + "/invalid-data.yaml"
    // A saved file with a key no page has an input for, made to break out of a selector
    // and into markup: reported as text, like any unknown key.
    let hostileKey = #"'a"]<b>x</b><img src=x>': 1"#
    try (String(contentsOfFile: repoPath("samples/applications/invalid-data.yaml"), encoding: .utf8) + hostileKey + "\n")
      .write(toFile: saved, atomically: true, encoding: .utf8)
    let r = try runProgram(
      "/usr/bin/python3",
      [
        repoPath("Tests/browser/apply_page.py"), server.base.absoluteString, out, saved,
        repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg"),
      ], in: out)
    try #require(r.status != 77, "Chromium could not start: \(r.stderr)")
    try #require(r.status == 0, "\(r.stderr.suffix(3000))\nserver:\n\(server.logText.suffix(2000))")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(summary["title"] as? String == "注册安全工程师注册申请")
    // Every field of the format has an input (a list's fields in its first row).
    let inputs = Set(summary["inputs"] as? [String] ?? [])
    for section in ApplicationFields.sections {
      for field in section.fields {
        let path = section.path(field, index: section.repeated ? 0 : nil)
        #expect(inputs.contains(path), "no input for \(path)")
      }
    }
    #expect(summary["ceRowsLeft"] as? Int == 0, "a removed row is gone")
    // Empty: rejected, the required fields marked.
    #expect((summary["emptyVerdict"] as? String)?.hasPrefix("✗") == true)
    #expect((summary["requiredMarks"] as? Int ?? 0) >= 17)
    // Filled in: valid, with the materials an initial registration needs and the authority.
    #expect((summary["validVerdict"] as? String)?.hasPrefix("✓") == true, "\(summary["problems"] ?? "")")
    #expect(summary["materials"] as? [String] == ["photo", "form", "contract", "id_handheld"])
    #expect(summary["authority"] as? String == "北京市应急管理局")
    // The data downloaded is the application typed in: `validate` says the same of it as
    // of the shipped sample it was copied from.
    let yaml = try #require(summary["yaml"] as? String)
    #expect(summary["yamlName"] as? String == "注册申请数据-张伟.yaml")
    #expect(try Self.assessment(yaml) == Self.assessment(repoPath("samples/applications/initial.yaml")))
    // The form: two pages, the applicant's and the employer's names as text.
    let pdf = try #require(summary["pdf"] as? String)
    #expect(summary["pdfName"] as? String == "注册申请表-张伟.pdf")
    let info = String(decoding: try runInstalled("pdfinfo", [pdf]), as: UTF8.self)
    #expect(info.contains("Pages:           2"), "\(info)")
    let text = String(decoding: try runInstalled("pdftotext", [pdf, "-"]), as: UTF8.self)
    #expect(text.contains("张伟") && text.contains("北京华安化工有限公司"))
    // No photo chosen: no image in the form. A photo chosen: made compliant by a worker
    // and printed in the photo box, one image on page 1.
    #expect(try images(pdf).isEmpty)
    let withPhoto = try images(try #require(summary["pdfWithPhoto"] as? String))
    #expect(withPhoto.count == 1 && withPhoto.first?.page == 1, "\(withPhoto)")
    #expect((withPhoto.first?.width ?? 0) <= 413 && (withPhoto.first?.width ?? 0) >= 300, "\(withPhoto)")
    // A wrong check character: one problem, and validate's message under the field.
    #expect(summary["invalidVerdict"] as? String == "✗ 还有 1 个问题需要修改")
    #expect(summary["marked"] as? Bool == true)
    func message(_ file: String, _ field: String) throws -> String? {
      let json =
        try JSONSerialization.jsonObject(with: Data(try run(["validate", file, "--json"]).stdout.utf8)) as? [String: Any]
      let all = (json?["reasons"] as? [[String: Any]] ?? []) + (json?["warnings"] as? [[String: Any]] ?? [])
      return all.first { $0["field"] as? String == field }?["message"] as? String
    }
    let invalid = try #require(summary["invalidYaml"] as? String)
    let expected = try #require(try message(invalid, "applicant.idNumber"))
    #expect(summary["message"] as? String == expected)
    // A saved file opened again: its values in the fields, its messages under them.
    #expect(summary["openedName"] as? String == "赵敏")
    let opened = summary["openedMessages"] as? [String: String] ?? [:]
    for field in ["applicant.idNumber", "applicant.phone", "applicant.email", "employer.creditCode"] {
      let expected = try message(saved, field)
      #expect(opened[field] != nil && opened[field] == expected, "\(field)")
    }
    #expect(opened["applicant"]?.contains("emial") == true, "an unknown key is kept and reported")
    let problems = summary["openedProblems"] as? [String] ?? []
    #expect(problems.contains { $0.contains(#"a"]<b>x</b><img src=x>"#) }, "\(problems)")
    #expect(summary["injected"] as? Int == 0, "no markup from the file")
    // A row left empty between rows: each message still stands under its own row.
    let gap = summary["gapMessages"] as? [String: String] ?? [:]
    let row = try #require(summary["gapRow"] as? Int)
    #expect(gap.contains { $0.key.hasPrefix("workExperience[\(row)]") && $0.value.contains("2099") }, "\(gap)")
    #expect(!gap.keys.contains { $0.hasPrefix("workExperience[\(row - 1)]") }, "\(gap)")
    Accessibility.expectNoSeriousViolations(summary["axe"], states: ["empty", "valid", "opened"])
  }

  /// In a real browser, with the keyboard alone: Tab and Shift+Tab from field to field,
  /// typing, the arrow keys in choice lists, Enter on buttons. The same application as
  /// the mouse test comes out valid; its data downloads; a problem's link takes the focus
  /// back to its field; and at every stop the focus can be seen.
  @Test(.enabled(if: browser, "needs chromium, chromium-driver and python3-selenium (make test installs them)"))
  func theApplicationCanBeFilledInWithTheKeyboardAlone() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let out = try temporaryDirectory().path
    let r = try runProgram(
      "/usr/bin/python3", [repoPath("Tests/browser/apply_keyboard.py"), server.base.absoluteString, out], in: out)
    try #require(r.status != 77, "Chromium could not start: \(r.stderr)")
    try #require(r.status == 0, "\(r.stderr.suffix(3000))\nserver:\n\(server.logText.suffix(2000))")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect((summary["validVerdict"] as? String)?.hasPrefix("✓") == true, "\(summary)")
    let yaml = try #require(summary["yaml"] as? String)
    // The data typed in by keys is the shipped sample's: `validate` says the same of both.
    #expect(try Self.assessment(yaml) == Self.assessment(repoPath("samples/applications/initial.yaml")))
    #expect(summary["invalidVerdict"] as? String == "✗ 还有 1 个问题需要修改")
    #expect(summary["focusAfterLink"] as? String == "applicant.idNumber")
    let stops = summary["stops"] as? [[String: Any]] ?? []
    #expect(stops.count >= 30, "\(stops.count) stops")
    let hidden = stops.filter { $0["focusVisible"] as? Bool != true }
    #expect(hidden.isEmpty, "focus not visible at \(hidden)")
  }

  /// The images of a PDF, by `pdfimages -list` (poppler): page and width of each.
  func images(_ pdf: String) throws -> [(page: Int, width: Int)] {
    let list = String(decoding: try runInstalled("pdfimages", ["-list", pdf]), as: UTF8.self)
    return list.split(separator: "\n").dropFirst(2).compactMap { line in
      let cells = line.split(separator: " ")
      guard cells.count > 4, let page = Int(cells[0]), let width = Int(cells[3]) else { return nil }
      return (page, width)
    }
  }

  /// `/api/v1/form` as multipart/form-data: the application and a photo for the form. A
  /// photo is fixed by a worker and printed; a file that is no photo is a 422 saying why;
  /// a body without its application part, or not well formed, is a 400.
  @Test func aFormWithAPhoto() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let app = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/applications/initial.yaml")))
    let photo = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg")))
    func multipart(_ parts: [(String, Data)], boundary: String = "----sr-test-1") -> Data {
      var body = Data()
      for (name, bytes) in parts {
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name)\"\r\n\r\n".utf8)
        body += bytes + Data("\r\n".utf8)
      }
      return body + Data("--\(boundary)--\r\n".utf8)
    }
    let type = ["Content-Type": "multipart/form-data; boundary=----sr-test-1"]
    let (status, headers, pdf) = try await server.post(
      "api/v1/form", multipart([("application", app), ("photo", photo)]), headers: type)
    #expect(status == 200 && headers["content-type"] == "application/pdf")
    let file = try temporaryDirectory().appendingPathComponent("form.pdf").path
    try pdf.write(to: URL(fileURLWithPath: file))
    #expect(try images(file).map(\.page) == [1])
    let (notAPhoto, _, why) = try await server.post(
      "api/v1/form?lang=en", multipart([("application", app), ("photo", Data("not a photo".utf8))]), headers: type)
    #expect(notAPhoto == 422)
    #expect(String(decoding: why, as: UTF8.self).contains("the photo cannot be printed on the form"))
    #expect(try await server.post("api/v1/form", multipart([("photo", photo)]), headers: type).0 == 400)
    #expect(try await server.post("api/v1/form", Data("--x\r\nbroken".utf8), headers: type).0 == 400)
    // Without a photo part, the form is the same as from the plain body.
    let (plain, _, _) = try await server.post("api/v1/form", multipart([("application", app)]), headers: type)
    #expect(plain == 200)
  }

  /// The multipart reader on its own: parts by name, and refusals.
  @Test func formDataIsReadStrictly() {
    #expect(FormData.boundary("multipart/form-data; boundary=\"a b\"") == nil)
    #expect(FormData.boundary("multipart/form-data; charset=utf-8; boundary=XyZ") == "XyZ")
    #expect(FormData.boundary("application/json; boundary=XyZ") == nil)
    let body = Array(
      "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo\r\n\r\n--B--\r\n"
        .utf8)
    let parts = FormData.parts(body, boundary: "B")
    #expect(parts?["a"] == Array("one".utf8) && parts?["b"] == Array("two\r\n".utf8))
    #expect(FormData.parts(Array("preamble\r\n".utf8) + body, boundary: "B") == nil, "no preamble")
    #expect(FormData.parts(Array(body.prefix(40)), boundary: "B") == nil, "cut short")
    let many = (0..<20).map { "--B\r\nContent-Disposition: form-data; name=\"p\($0)\"\r\n\r\nx\r\n" }.joined() + "--B--"
    #expect(FormData.parts(Array(many.utf8), boundary: "B") == nil, "too many parts")
  }

  /// The application page's two helpers: the fields it builds itself from, and a saved
  /// file read back as JSON with every value as written.
  @Test func thePageHelpersAnswer() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let (data, response) = try await URLSession.shared.data(from: URL(string: "api/v1/fields", relativeTo: server.base)!)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    let fields = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let sections = fields["sections"] as? [[String: Any]] ?? []
    #expect(
      sections.map { $0["key"] as? String } == ["", "applicant", "employer", "change", "workExperience", "continuingEducation"])
    let vocabularies = fields["vocabularies"] as? [String: [[String: Any]]] ?? [:]
    #expect(vocabularies["kind"]?.map { $0["code"] as? String } == ["initial", "renewal", "change", "reregistration"])
    let renewal = try Data(contentsOf: URL(fileURLWithPath: repoPath("samples/applications/renewal.yaml")))
    let (status, _, body) = try await server.post("api/v1/parse", renewal)
    #expect(status == 200)
    let tree = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    #expect((tree["applicant"] as? [String: Any])?["qualificationCertificateNo"] as? String == "0011223")
    #expect(((tree["continuingEducation"] as? [[String: Any]])?.first)?["hours"] as? String == "16")
    let (bad, _, answer) = try await server.post("api/v1/parse?lang=en", Data("- a list\n".utf8))
    #expect(bad == 400)
    #expect(String(decoding: answer, as: UTF8.self).contains("must be a mapping"))
    // A known route asked with another method: 405 and what it allows.
    var request = URLRequest(url: URL(string: "api/v1/validate", relativeTo: server.base)!)
    request.httpMethod = "GET"
    let (_, wrong) = try await URLSession.shared.data(for: request)
    #expect((wrong as? HTTPURLResponse)?.statusCode == 405)
    #expect((wrong as? HTTPURLResponse)?.value(forHTTPHeaderField: "Allow") == "POST")
    // An upload without its file is a bad request, not a verdict on an empty file.
    #expect(try await server.post("api/v1/photo", Data()).0 == 400)
  }

  /// Schemathesis (PyPI; `make test` installs it in `.build-tools/venv`) against the
  /// running server: every check of every operation of `/openapi.yaml`, on generated
  /// valid and invalid requests (a fixed seed: the same requests on every run; one worker:
  /// with two threads, Debian's Python 3.11 once failed inside `ast.parse`, called by
  /// Hypothesis from both at once: CPython 3.11 reported "AST constructor recursion depth
  /// mismatch"). A status, a content type, a header or a body the
  /// document does not promise fails it, and so does any 5xx.
  @Test func theAPIKeepsItsOpenAPIDocument() async throws {
    let tool = repoPath(".build-tools/venv/bin/schemathesis")
    try #require(
      FileManager.default.isExecutableFile(atPath: tool),
      "schemathesis is not installed: `make test` installs it (in .build-tools/venv)")
    let server = try Server()
    defer { _ = server.stop() }
    let work = try temporaryDirectory().path
    let schema = URL(string: "openapi.yaml", relativeTo: server.base)!.absoluteString
    let base = String(server.base.absoluteString.dropLast())
    let r = try runProgram(
      tool,
      [
        "--config-file", repoPath("Tests/schemathesis/schemathesis.toml"), "run", schema, "--url", base, "--checks", "all",
        "--max-examples", "100", "--seed", "20261130", "--workers", "1", "--no-color", "--generation-database", "none",
      ], in: work)
    #expect(r.status == 0, "\(r.stdout.suffix(6000))\n\(r.stderr.suffix(2000))\nserver:\n\(server.logText.suffix(2000))")
    #expect(r.stdout.contains("Tested: 7"), "every operation was tested: \(r.stdout.suffix(1500))")
    #expect(server.process.isRunning)
  }

  /// A client that stalls mid-body is cut off after the policy's time per file (the
  /// server's idle timeout), and its slot is free again; the server lives on.
  @Test func aStalledUploadIsCutOffAndFreesItsSlot() async throws {
    let policy = try temporaryDirectory().appendingPathComponent("policy.yaml").path
    let text = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "checkSeconds: 30", with: "checkSeconds: 1")
    try text.write(toFile: policy, atomically: true, encoding: .utf8)
    let server = try Server(["--max-requests", "1", "--policy", policy, "--lang", "en"])
    defer { _ = server.stop() }
    let socket = try SlowClient(port: server.base.port!)
    defer { socket.close() }
    let start = Date()
    socket.send("POST /api/v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nid: ")
    let answer = socket.receive()
    let waited = Date().timeIntervalSince(start)
    #expect(!answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
    #expect(waited < 10, "cut off after \(waited) s")
    let (status, _, _) = try await server.post("api/v1/validate", Data("id: x\n".utf8))
    #expect(status == 200, "the slot is free again")
    #expect(server.process.isRunning)
  }

  /// The deadline on a request's work: the fallback answer once it passes.
  @Test func workPastItsDeadlineGetsTheFallback() async throws {
    let late = Response(status: .serviceUnavailable)
    let deadlines = Deadlines()
    let slow = await deadlines.firstOf(
      {
        try await Task.sleep(for: .seconds(3)); return Response(status: .ok)
      }, orAfter: 0.2, late)
    #expect(try slow.get().status == .serviceUnavailable)
    let quick = await deadlines.firstOf({ Response(status: .ok) }, orAfter: 5, late)
    #expect(try quick.get().status == .ok)
    // Nothing is kept once a request is answered, either way: what the server holds is
    // bounded by the requests in flight, not by the requests it has answered.
    #expect(deadlines.pending == 0)
  }

  @Test func theOpenAPIDocumentNamesEveryRoute() async throws {
    let server = try Server()
    defer { _ = server.stop() }
    let (data, response) = try await URLSession.shared.data(from: URL(string: "openapi.yaml", relativeTo: server.base)!)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.hasPrefix("openapi: 3.1.0"))
    for path in ["/api/v1/validate:", "/api/v1/photo:", "/api/v1/photo/fix:", "/api/v1/inspect:", "/api/v1/form:"] {
      #expect(text.contains(path), "\(path)")
    }
  }
}

/// A TCP client that sends what it is told, when it is told: a request whose body never
/// finishes arriving.
final class SlowClient: Sendable {
  let fd: Int32
  let stopped = Mutex(false)

  init(port: Int) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else { throw ServeTests.ServerError(description: "connect failed") }
  }

  func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  }

  /// What the server sends back, until it stops sending for a second (or 30 s pass).
  func receive() -> String {
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 65536)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    return n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self) : ""
  }

  func close() {
    stopped.withLock { stopped in
      guard !stopped else { return }
      stopped = true
      _ = Glibc.close(fd)
    }
  }
}
