import Core
import Foundation
import Hummingbird

/// Who may open `/reports/…`: the reports and previews show applicants' names, ID numbers,
/// hand-held ID cards and contracts, so they need a credential unless the operator turned
/// it off on purpose. The token (printed once at start, or read from `--token-file`) is
/// exchanged for a cookie, as Jupyter does; scripts may send it as
/// `Authorization: Bearer TOKEN` instead. The applicant's pages and the check API stay
/// open: they keep nothing.
public struct ReportAccess: Sendable {
  /// The token, or nil when access is open (`--no-token`, `--insecure-no-token`).
  public let token: [UInt8]?
  /// The cookie's value: random per server start, so that the cookie never is the token
  /// and a restart signs everyone out.
  public let cookieValue: [UInt8]

  public static let cookieName = "safetyreg_reports"

  public init(token: String?) {
    self.token = token.map { Array($0.utf8) }
    cookieValue = Array(Self.randomToken().utf8)
  }

  /// 192 random bits from the system's generator (getrandom), as 48 hex digits.
  public static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<24).map { _ in
      let byte = UInt8.random(in: 0...255, using: &generator)
      return String(byte >> 4, radix: 16) + String(byte & 15, radix: 16)
    }.joined()
  }

  /// What a request under `/reports` gets.
  public enum Decision: Equatable, Sendable {
    case allowed
    /// A right token in the query: set the cookie, then go to the same path without it,
    /// so that the token leaves the address bar and the history.
    case exchange(location: String)
    case denied
  }

  public func decide(_ request: Request) -> Decision {
    guard let token else { return .allowed }
    if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
      Self.sameBytes(Array(header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces).utf8), token)
    {
      return .allowed
    }
    if let cookies = request.headers[.cookie],
      Self.cookie(Self.cookieName, in: cookies).contains(where: {
        Self.sameBytes(Array($0.utf8), cookieValue)
      })
    {
      return .allowed
    }
    if let offered = request.uri.queryParameters.get("token"), Self.sameBytes(Array(offered.utf8), token) {
      // Back to the same page without the token; only ever to a path of ours.
      let path = request.uri.path
      let plain = path.hasPrefix("/reports/") && path.count > "/reports/".count && !path.hasPrefix("/reports//")
      return .exchange(location: plain ? path : "/reports/index.html")
    }
    return .denied
  }

  /// The values of every cookie called `name` in a `Cookie` header.
  public static func cookie(_ name: String, in header: String) -> [String] {
    header.split(separator: ";").compactMap { pair in
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { return nil }
      return parts[1].trimmingCharacters(in: .whitespaces)
    }
  }

  /// Compares in time that depends only on the expected length, never on where the first
  /// difference is, so that a guesser learns nothing from the answer's timing.
  public static func sameBytes(_ offered: [UInt8], _ expected: [UInt8]) -> Bool {
    guard !expected.isEmpty else { return false }
    var difference = UInt8(truncatingIfNeeded: offered.count ^ expected.count) | (offered.count == expected.count ? 0 : 1)
    for i in expected.indices {
      difference |= expected[i] ^ (i < offered.count ? offered[i] : ~expected[i])
    }
    return difference == 0
  }

  /// The cookie that opens the reports: HttpOnly (no script reads it), SameSite=Strict
  /// (no other site's page sends it), Secure when the request came over HTTPS through a
  /// proxy that says so.
  public func setCookie(for request: Request) -> String {
    var cookie = "\(Self.cookieName)=\(String(decoding: cookieValue, as: UTF8.self)); Path=/reports; HttpOnly; SameSite=Strict"
    if Self.cameOverHTTPS(request) { cookie += "; Secure" }
    return cookie
  }

  public static func cameOverHTTPS(_ request: Request) -> Bool {
    if let proto = request.headers[.init("X-Forwarded-Proto")!],
      proto.lowercased().split(separator: ",").first?
        .trimmingCharacters(in: .whitespaces) == "https"
    {
      return true
    }
    if let forwarded = request.headers[.init("Forwarded")!] {
      return forwarded.lowercased().split(whereSeparator: { $0 == ";" || $0 == "," }).contains {
        $0.trimmingCharacters(in: .whitespaces) == "proto=https"
      }
    }
    return false
  }

  /// Whether a request's path, once percent-decoded with `.` and `..` and doubled slashes
  /// resolved, is under `/reports`: an encoded path gets the same answer as a plain one.
  public static func isReportPath(_ rawPath: String) -> Bool {
    let decoded = rawPath.removingPercentEncoding ?? rawPath
    var parts: [Substring] = []
    for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..": _ = parts.popLast()
      default: parts.append(part)
      }
    }
    return parts.first == "reports"
  }

  /// Headers for everything under `/reports`: never cached, never sent on as a referrer,
  /// never sniffed into another type, never framed.
  public static func addPrivateHeaders(to headers: inout HTTPFields) {
    headers[.cacheControl] = "no-store"
    headers[.init("Referrer-Policy")!] = "no-referrer"
    headers[.xContentTypeOptions] = "nosniff"
    headers[.contentSecurityPolicy] = "default-src 'self' data: blob: 'unsafe-inline'; frame-ancestors 'none'"
  }

  /// The short page a visitor without the credential gets, in both languages.
  public static func unauthorized() -> Response {
    // The catalogs' words, escaped; the command and the address are set as code.
    func paragraph(_ language: Language) -> String {
      let text = LocalizedText("reportAccess.whyAToken", ["command": "\u{1}", "address": "\u{2}"])(language)
      return escaped(text).replacingOccurrences(of: "\u{1}", with: "<code>safetyreg serve</code>")
        .replacingOccurrences(of: "\u{2}", with: "<code>http://…/reports/?token=…</code>")
    }
    let title = LocalizedText("reportAccess.tokenNeeded")
    let page = """
      <!doctype html>
      <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escaped(title(.zh))) · \(escaped(title(.en)))</title></head>
      <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
      <h1>\(escaped(title(.zh)))</h1>
      <p>\(paragraph(.zh))</p>
      <h2 lang="en">\(escaped(title(.en)))</h2>
      <p lang="en">\(paragraph(.en))</p>
      </body></html>

      """
    var headers: HTTPFields = [
      .contentType: "text/html; charset=utf-8", .wwwAuthenticate: "Bearer realm=\"safetyreg reports\"",
    ]
    addPrivateHeaders(to: &headers)
    return Response(status: .unauthorized, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
  }
}

/// Stands before every route: a request under `/reports` (however its path is encoded)
/// passes only with the credential; a token in the query is exchanged for the cookie; every
/// answer under `/reports` carries the private headers.
public struct ReportGate<Context: RequestContext>: RouterMiddleware {
  public let access: ReportAccess

  public init(access: ReportAccess) { self.access = access }

  public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard ReportAccess.isReportPath(request.uri.path) else { return try await next(request, context) }
    switch access.decide(request) {
    case .denied:
      return ReportAccess.unauthorized()
    case .exchange(let location):
      var headers: HTTPFields = [.location: location, .setCookie: access.setCookie(for: request)]
      ReportAccess.addPrivateHeaders(to: &headers)
      return Response(status: .seeOther, headers: headers)
    case .allowed:
      var response = try await next(request, context)
      ReportAccess.addPrivateHeaders(to: &response.headers)
      return response
    }
  }
}

/// Text for an HTML page: the five characters that could open markup, as entities.
func escaped(_ text: String) -> String {
  var out = ""
  for c in text {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(c)
    }
  }
  return out
}
