import Core
import Foundation
import RegistrationRules

/// What several test targets need: the repository, the shipped configuration, and a way
/// to give a JPEG an EXIF orientation.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

public func repoPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// The shipped policy and authority list: the rules are tested against what users run.
public let shippedPolicy: Policy = try! Policy.load(path: repoPath("templates/policy.yaml"))
public let shippedAuthorities: AuthorityDirectory = try! AuthorityDirectory.load(path: repoPath("templates/authorities.yaml"))

/// The shipped policy with time limits no loaded machine reaches (ten minutes a file, an
/// hour a submission), for tests that compare two reviews byte for byte. On a machine
/// running every test at once, reading an official form can take longer than the shipped
/// 30 s; one run then says CHECK_FAILED where the other does not, a difference that is
/// not what such a test is about. (The limits themselves have tests of their own.)
public let unhurriedPolicy: Policy = try! Policy.load(path: unhurriedPolicyFile)

/// The same, as a policy file for the command line's `--policy`.
public let unhurriedPolicyFile: String = {
  let limits = ["checkSeconds": "600", "checkCPUSeconds": "600", "submissionCheckSeconds": "3600"]
  var found: Set<String> = []
  let text = try! String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
    .split(separator: "\n", omittingEmptySubsequences: false).map { line in
      for (key, value) in limits where line.hasPrefix("  \(key): ") {
        found.insert(key)
        return "  \(key): \(value)"
      }
      return String(line)
    }.joined(separator: "\n")
  precondition(found.count == limits.count, "templates/policy.yaml lacks one of \(limits.keys.sorted())")
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetyreg-unhurried-\(UUID().uuidString)")
  try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let path = folder.appendingPathComponent("policy.yaml").path
  try! text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}()

/// `jpeg` with an APP1 EXIF segment after SOI whose IFD0 holds one tag: orientation
/// (0x0112, SHORT) = `orientation`, in big-endian TIFF.
public func withOrientation(_ jpeg: [UInt8], _ orientation: Int) -> [UInt8] {
  let tiff: [UInt8] = [
    0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,
    0x00, UInt8(orientation), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  ]
  let payload = Array("Exif".utf8) + [0, 0] + tiff
  var out = jpeg
  out.insert(contentsOf: [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload, at: 2)
  return out
}

/// The built `safetyreg` beside the test bundle in the build folder: the CLI under test,
/// and the worker program of `IsolatedChecker`.
public let safetyregExecutable: String = {
  let exe = URL(
    fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
  var dir = exe.deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = dir.appendingPathComponent("safetyreg")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
    dir = dir.deletingLastPathComponent()
  }
  fatalError("safetyreg binary not found near \(exe.path): build it with `swift build` first")
}()

/// A hostile file of `Tests/Fixtures/hostile` (see its README).
public func hostileFixture(_ name: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/hostile/" + name)))
}
