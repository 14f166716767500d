import Foundation

import TestSupport

/// The built `safetyreg`, beside the test bundle in the build folder.
let safetyregBinary: URL = {
  let exe = URL(
    fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
  var dir = exe.deletingLastPathComponent()
  for _ in 0..<3 {
    let candidate = dir.appendingPathComponent("safetyreg")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  fatalError("safetyreg binary not found near \(exe.path)")
}()

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
  let process = Process()
  process.executableURL = safetyregBinary
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
  // Read before waiting, so a large output cannot fill the pipe and block the child.
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetyreg-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
