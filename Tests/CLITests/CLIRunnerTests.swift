import Foundation
import Testing

/// The runner every CLI test goes through: whatever order a child writes its two streams
/// in, and however much, the test gets both and does not hang.
@Suite struct CLIRunnerTests {
  @Test func aChildThatFillsStandardErrorFirstDoesNotHang() throws {
    // 1 MB on standard error (sixteen pipes' worth) before a word on standard output.
    let result = try runProgram(
      "/bin/sh", ["-c", "head -c 1048576 /dev/zero | tr '\\0' e >&2; echo done; head -c 70000 /dev/zero | tr '\\0' o"],
      in: "/")
    #expect(result.status == 0)
    #expect(result.stderr.utf8.count == 1_048_576 && result.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "e") })
    #expect(result.stdout.hasPrefix("done\n") && result.stdout.utf8.count == 5 + 70_000)
  }
}
