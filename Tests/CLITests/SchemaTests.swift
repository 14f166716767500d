import Foundation
import TestSupport
import Testing

/// The JSON Schema editors use agrees with the samples, the templates and the tool:
/// checked by an independent validator (Debian's python3-jsonschema).
@Suite struct SchemaTests {
  static let schema = repoPath("schema/application.schema.json")
  static let checker = repoPath("Tests/schema/check-schema.py")

  func check(_ files: [String]) throws -> (status: Int32, output: String) {
    let r = try runProgram("/usr/bin/python3", [Self.checker, Self.schema] + files, in: repositoryRoot.path)
    return (r.status, r.stdout + r.stderr)
  }

  @Test func everySampleMatchesTheSchema() throws {
    var files = try FileManager.default.contentsOfDirectory(atPath: repoPath("samples/applications")).sorted()
      .filter { $0 != "invalid-data.yaml" }.map { repoPath("samples/applications/" + $0) }
    for folder in try FileManager.default.contentsOfDirectory(atPath: repoPath("samples/submissions")).sorted() {
      for name in ["application.yaml", "application.json"]
      where FileManager.default.fileExists(atPath: repoPath("samples/submissions/\(folder)/\(name)")) {
        files.append(repoPath("samples/submissions/\(folder)/\(name)"))
      }
    }
    #expect(files.count >= 20)
    let r = try check(files)
    #expect(r.status == 0, "\(r.output)")
    #expect(r.output.components(separatedBy: ": ok").count - 1 == files.count)
  }

  /// The sample with a misspelt key fails on that key and nothing else.
  @Test func theMisspeltKeyIsWhatTheSchemaFlags() throws {
    let r = try check([repoPath("samples/applications/invalid-data.yaml")])
    #expect(r.status == 1)
    #expect(r.output.contains("'emial' was unexpected"))
    #expect(r.output.split(separator: "\n").filter { $0.contains("invalid-data.yaml:") }.count == 1, "\(r.output)")
  }

  /// What `template --yaml` writes matches it, and the checker's own cases (a wrong
  /// kind, a bad date, a renewal without expiry, …) fail as they should.
  @Test func theTemplateAndTheNegativeCases() throws {
    let work = try temporaryDirectory().path
    #expect(try run(["template", "--yaml", "-o", "app.yaml"], in: work).status == 0)
    let r = try check([work + "/app.yaml"])
    #expect(r.status == 0, "\(r.output)")
    let selfTest = try runProgram("/usr/bin/python3", [Self.checker, "--self-test", Self.schema], in: repositoryRoot.path)
    #expect(selfTest.status == 0, "\(selfTest.stdout)")
    #expect(selfTest.stdout.contains("of") && selfTest.stdout.contains("self-test cases as expected"))
  }
}
