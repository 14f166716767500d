import Foundation
import TestSupport
import Testing

@Suite struct ValidateCommandTests {
  @Test func validSampleExitsZeroWithChineseReport() throws {
    let r = try run(["validate", "samples/applications/initial.yaml"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("结论：✓ 通过校验"))
    #expect(r.stdout.contains("需上传的材料："))
    #expect(r.stdout.contains("手持身份证件照 [id_handheld]"))
    #expect(r.stdout.contains("建议初审机构：北京市应急管理局"))
    #expect(r.stderr.isEmpty)
  }

  @Test func invalidSampleExitsOneAndListsEveryProblemWithFieldLineAndFix() throws {
    let r = try run(["validate", "samples/applications/invalid-data.yaml"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("结论：✗ 未通过，4 个问题须修改"))
    #expect(r.stdout.contains("[INVALID_FIELD] 证件号码（applicant.idNumber），第 11 行"))
    #expect(r.stdout.contains("按前 17 位计算应为 8，实为 1"))
    #expect(r.stdout.contains("[UNKNOWN_FIELD] applicant.emial，第 14 行"))
    #expect(r.stdout.contains("是否应为“email”"))
  }

  @Test func englishOnRequestAndFromTheLocale() throws {
    let flag = try run(["validate", "samples/applications/invalid-timing.yaml", "--lang", "en"])
    #expect(flag.status == 1)
    #expect(flag.stdout.contains("Result: ✗ invalid, 2 problems to fix"))
    #expect(flag.stdout.contains("[DEADLINE] application date (applicationDate), line 5"))
    #expect(flag.stdout.contains("47.5 hours counted"))
    let locale = try run(["validate", "samples/applications/initial.yaml"], environment: ["LANG": "en_US.UTF-8"])
    #expect(locale.stdout.contains("Result: ✓ valid"))
  }

  @Test func jsonOutputHasTheContractShape() throws {
    let r = try run(["validate", "samples/applications/invalid-kind.yaml", "--json"])
    #expect(r.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["decision"] as? String == "reject")
    #expect(object["kind"] as? String == "reregistration")
    let reasons = try #require(object["reasons"] as? [[String: Any]])
    #expect(reasons.map { $0["code"] as? String } == ["INVALID_FIELD", "KIND_NOT_ALLOWED"])
    #expect(reasons[0]["field"] as? String == "applicant.idNumber")
    #expect(reasons[0]["limit"] as? String == "110101198804120010")
    #expect((reasons[0]["message"] as? String)?.contains("15 位旧身份证号码") == true)
    let materials = try #require(object["requiredMaterials"] as? [[String: Any]])
    #expect(materials.map { $0["material"] as? String } == ["photo", "form", "contract"])
    #expect((object["authority"] as? [String: Any])?["suggested"] as? String == "北京市应急管理局")
  }

  @Test func todayOptionFixesNow() throws {
    let dir = try temporaryDirectory()
    let text = try String(contentsOfFile: repoPath("samples/applications/renewal.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "applicationDate: 2026-11-20\n", with: "")
    let file = dir.appendingPathComponent("renewal.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    #expect(try run(["validate", file.path, "--today", "2026-11-20"]).status == 0)
    let late = try run(["validate", file.path, "--today", "2027-02-01", "--json"])
    #expect(late.status == 1)
    #expect(late.stdout.contains("\"KIND_NOT_ALLOWED\""))
  }

  @Test func unreadableInputExitsTwoNamingTheFileAndLine() throws {
    let dir = try temporaryDirectory()
    let broken = dir.appendingPathComponent("broken.yaml")
    try "kind: initial\napplicant:\n  name: 张三\n   gender: male\n".write(to: broken, atomically: true, encoding: .utf8)
    let r = try run(["validate", broken.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("\(broken.path):4:"))
    #expect(r.stderr.contains("YAML 语法错误"))
    #expect(r.stdout.isEmpty)
    let missing = try run(["validate", "/nonexistent/app.yaml", "--lang", "en"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/app.yaml: no such file"))
  }

  @Test func usageErrorsExitTwo() throws {
    #expect(try run(["validate"]).status == 2)
    #expect(try run(["validate", "samples/applications/initial.yaml", "--today", "2026-02-30"]).status == 2)
    #expect(try run(["validate", "samples/applications/initial.yaml", "--lang", "fr"]).status == 2)
    #expect(try run(["frobnicate"]).status == 2)
    let help = try run(["validate", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--today"))
  }

  @Test func brokenPolicyStopsTheRunNamingTheLine() throws {
    let dir = try temporaryDirectory()
    let policy = dir.appendingPathComponent("policy.yaml")
    let text = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "  validityYears: 5", with: "  validityYears: 0")
    try text.write(to: policy, atomically: true, encoding: .utf8)
    let r = try run(["validate", "samples/applications/initial.yaml", "--policy", policy.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("registration.validityYears"))
    let line = try #require(
      text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  validityYears: 0" })
    #expect(r.stderr.contains("\(policy.path):\(line + 1)"), "\(r.stderr)")
  }

  @Test func policyOptionChangesTheOutcome() throws {
    let dir = try temporaryDirectory()
    let policy = dir.appendingPathComponent("strict.yaml")
    let text = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "hoursPerPeriod: 48", with: "hoursPerPeriod: 60")
    try text.write(to: policy, atomically: true, encoding: .utf8)
    #expect(try run(["validate", "samples/applications/renewal.yaml"]).status == 0)
    let strict = try run(["validate", "samples/applications/renewal.yaml", "--policy", policy.path, "--json"])
    #expect(strict.status == 1)
    #expect(strict.stdout.contains("\"CE_HOURS\""))
  }

  @Test func worksFromAnyFolderThroughTheBuildTree() throws {
    let r = try run(["validate", repoPath("samples/applications/change.yaml")], in: "/")
    #expect(r.status == 0)
  }

  /// Absurd values that parse are verdicts, never a crash: the process exits 1 with every
  /// one named, and `--json` prints the same bytes every run.
  @Test func absurdValuesAreVerdictsNotCrashes() throws {
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("absurd.yaml")
    var text = try String(contentsOfFile: repoPath("samples/applications/renewal.yaml"), encoding: .utf8)
    let birth = try #require(text.firstMatch(of: /birthDate: [0-9-]+/))
    text.replaceSubrange(birth.range, with: "birthDate: 9999-01-01")
    let expiry = try #require(text.firstMatch(of: /registrationExpiry: [0-9-]+/))
    text.replaceSubrange(expiry.range, with: "registrationExpiry: 0001-01-01")
    text = text.replacing(/hours: [0-9.]+/, with: "hours: 1e308")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let first = try run(["validate", file.path, "--json", "--lang", "en"])
    #expect(first.status == 1, "\(first.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
    let fields = (object["reasons"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    #expect(fields.contains("applicant.birthDate") && fields.contains("applicant.registrationExpiry"))
    #expect(fields.contains { $0.hasPrefix("continuingEducation[") && $0.hasSuffix(".hours") })
    #expect(try run(["validate", file.path, "--json", "--lang", "en"]).stdout == first.stdout, "stable key order")
    #expect(try run(["validate", file.path]).status == 1)
  }
}
