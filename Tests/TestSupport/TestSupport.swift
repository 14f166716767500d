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
