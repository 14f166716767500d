import Foundation
import Synchronization
import TestSupport

/// The built `safetyreg` (TestSupport finds it beside the test bundle).
let safetyregBinary = URL(fileURLWithPath: safetyregExecutable)

struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the CLI as a user would: its own process, a chosen working directory and locale,
/// no standard input.
@discardableResult
func run(_ arguments: [String], in directory: String = repositoryRoot.path, environment extra: [String: String] = [:]) throws
  -> RunResult
{
  try runProgram(safetyregBinary.path, arguments, in: directory, environment: extra)
}

/// Runs any program as a user would: its own process, a chosen working directory, the
/// C.UTF-8 locale, no standard input.
func runProgram(_ path: String, _ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws
  -> RunResult
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  var environment = ProcessInfo.processInfo.environment
  environment["LANG"] = "C.UTF-8"
  environment["LC_ALL"] = nil
  environment["LC_MESSAGES"] = nil
  for (k, v) in extra { environment[k] = v }
  process.environment = environment
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  // Both pipes drained at once, before waiting: a child that fills one of them while this
  // side reads the other to its end would block, and the test with it.
  let errors = err.fileHandleForReading
  let stderrData = Mutex(Data())
  let drained = DispatchGroup()
  DispatchQueue.global().async(group: drained) {
    let data = errors.readDataToEndOfFile()
    stderrData.withLock { $0 = data }
  }
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  drained.wait()
  let stderr = stderrData.withLock { $0 }
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// Every regular file under a folder, relative path → bytes.
func tree(_ folder: String) -> [String: Data] {
  var out: [String: Data] = [:]
  let enumerator = FileManager.default.enumerator(atPath: folder)
  while let name = enumerator?.nextObject() as? String {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue {
      out[name] = FileManager.default.contents(atPath: folder + "/" + name)
    }
  }
  return out
}

/// Where two versions of a text file first part (the first few lines that differ, each
/// side), so that a failed byte-for-byte comparison says what changed; empty for the same
/// bytes or a file that is not text.
func firstLinesThatDiffer(_ a: Data?, _ b: Data?, count: Int = 12) -> String {
  guard let a, let b, a != b, let x = String(data: a, encoding: .utf8), let y = String(data: b, encoding: .utf8) else {
    return ""
  }
  let left = x.split(separator: "\n", omittingEmptySubsequences: false)
  let right = y.split(separator: "\n", omittingEmptySubsequences: false)
  var lines: [String] = []
  for i in 0..<max(left.count, right.count) where lines.count < 2 * count {
    let l = i < left.count ? String(left[i]) : "(none)", r = i < right.count ? String(right[i]) : "(none)"
    if l != r { lines += ["  line \(i + 1) first:  \(l.prefix(300))", "  line \(i + 1) second: \(r.prefix(300))"] }
  }
  return lines.isEmpty ? "" : "\n" + lines.joined(separator: "\n")
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetyreg-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
