import BatchReview
import Core
import Foundation
import RegistrationRules
import Synchronization

/// The audit trail of `/reports/`: which submission's report or previews were served, and
/// when, one line each, to standard error or to `--audit-log FILE` (appended, mode 0600).
/// It names submission folders and nothing read from the files; the same submission
/// served again within a minute (its previews, one after another) is one line.
public final class ReportAudit: Sendable {
  /// Where the lines go: an open file (append) or standard error.
  public let descriptor: Int32
  public let reports: String
  let state = Mutex(State())

  struct State {
    /// The last line per subject, to fold a page's many previews into one line.
    var lastSaid: [String: ContinuousClock.Instant] = [:]
    /// Preview hash and report name → submission, from `summary.json`, with the
    /// modification time and size it was read at.
    var names: [String: String] = [:]
    var namesStamp: (Int, Int) = (-1, -1)
  }

  /// - Throws: `ServeSetupError` when the audit file cannot be opened for appending.
  public init(reports: String, file: String?) throws {
    self.reports = reports
    guard let file else {
      descriptor = STDERR_FILENO
      return
    }
    let fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw ServeSetupError.auditLog(path: file, code: errno) }
    descriptor = fd
  }

  deinit { if descriptor != STDERR_FILENO { close(descriptor) } }

  /// Records that `path` (under `/reports/`, already checked and served) was viewed.
  public func viewed(_ path: String) {
    let name = String(path.dropFirst("/reports/".count))
    let subject: String
    let what: String
    if name.hasPrefix("thumbs/") {
      let file = name.dropFirst("thumbs/".count)
      let hash = String(file.prefix { $0 != "-" })
      subject = submission(forKey: "thumb:" + hash) ?? "preview \(hash)"
      what = "previews"
    } else if name.hasSuffix(".json"), name != "summary.json" {
      let report = String(name.dropLast(".json".count))
      subject = submission(forKey: "report:" + report) ?? report
      what = "report"
    } else {
      subject = "(all)"
      what = name == "index.html" ? "index page" : name
    }
    let now = ContinuousClock.now
    let fold = state.withLock { state -> Bool in
      let key = subject + "\u{0}" + what
      if let last = state.lastSaid[key], now - last < .seconds(60) { return true }
      state.lastSaid[key] = now
      return false
    }
    guard !fold else { return }
    let line = "\(Self.timestamp()) audit: viewed \(what) of \(Self.printable(subject))\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
  }

  /// The submission a preview hash or report name belongs to, from `summary.json` (read
  /// again only when it changed: a review may still be writing).
  public func submission(forKey key: String) -> String? {
    var info = stat()
    let summary = reports + "/summary.json"
    let stamp = stat(summary, &info) == 0 ? (Int(info.st_mtim.tv_sec), Int(info.st_size)) : (-1, -1)
    return state.withLock { state in
      if state.namesStamp != stamp {
        state.names = [:]
        if stamp.1 <= 64 << 20, let bytes = try? DiskFiles().readFile(summary, limit: 64 << 20),
          let stored = try? JSONDecoder().decode(Summary.Stored.self, from: Data(bytes))
        {
          for item in stored.submissions {
            state.names["thumb:" + FNV1a.of(item.submission).hex] = item.submission
            state.names["report:" + item.report] = item.submission
          }
        }
        state.namesStamp = stamp
      }
      return state.names[key]
    }
  }

  /// A name with control characters escaped, so that no folder name can forge a line.
  public static func printable(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\x" + String(scalar.value, radix: 16)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// UTC, to the second: `2026-12-03T23:50:01Z`.
  public static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
      + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}

/// Why `serve` could not start, in both languages.
public enum ServeSetupError: Error {
  case auditLog(path: String, code: Int32)
  case tokenFile(path: String, problem: TokenFileProblem)

  public enum TokenFileProblem: Sendable {
    case unreadable(Int32)
    case tooShort
    case notPrintable
  }

  public func message(_ language: Language) -> String { text(language) }

  public var text: LocalizedText {
    switch self {
    case .auditLog(let path, let code):
      LocalizedText("serveSetup.auditLogUnopenable", ["path": path, "problem": String(cString: strerror(code))])
    case .tokenFile(let path, .unreadable(let code)):
      LocalizedText(
        "serveSetup.tokenFileUnreadable",
        [
          "path": path,
          "problem": code == ENOENT
            ? LocalizedText("fileAccess.noSuchFile")
            : code == EACCES
              ? LocalizedText("fileAccess.permissionDenied") : LocalizedText(verbatim: String(cString: strerror(code))),
        ])
    case .tokenFile(let path, .tooShort):
      LocalizedText("serveSetup.tokenTooShort", ["path": path, "length": TokenFile.minimumLength])
    case .tokenFile(let path, .notPrintable):
      LocalizedText("serveSetup.tokenNotPrintable", ["path": path])
    }
  }

}

/// `--token-file FILE`: one line, the token, made of URL-safe characters.
public enum TokenFile {
  public static let minimumLength = 16

  public static func read(_ path: String) throws(ServeSetupError) -> (token: String, othersCanRead: Bool) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .tokenFile(path: path, problem: .unreadable(errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .tokenFile(path: path, problem: .unreadable(errno)) }
    guard info.st_mode & S_IFMT == S_IFREG else { throw .tokenFile(path: path, problem: .unreadable(EISDIR)) }
    var bytes = [UInt8](repeating: 0, count: 4096)
    let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
    guard n >= 0 else { throw .tokenFile(path: path, problem: .unreadable(errno)) }
    let text = String(decoding: bytes.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    guard text.allSatisfy({ allowed.contains($0) }) else { throw .tokenFile(path: path, problem: .notPrintable) }
    guard text.count >= minimumLength else { throw .tokenFile(path: path, problem: .tooShort) }
    return (text, info.st_mode & 0o077 != 0)
  }
}
