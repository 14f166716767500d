import Foundation
import Testing

@testable import Core
@testable import RegistrationRules

@Suite struct PolicyTests {
  static let shippedText = try! String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)

  func problems(_ text: String) -> ConfigError? {
    do {
      _ = try Policy.parse(Array(text.utf8), file: "policy.yaml")
      return nil
    } catch let error as ConfigError {
      return error
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  /// Replaces one line of the shipped policy (matched by its start) with another.
  func edited(_ prefix: String, _ replacement: String) -> String {
    var found = false
    let lines = Self.shippedText.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      if !found, line.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) {
        found = true
        let indent = line.prefix { $0 == " " }
        return replacement.isEmpty ? "" : indent + replacement
      }
      return String(line)
    }
    precondition(found, "no line starts with \(prefix)")
    return lines.joined(separator: "\n")
  }

  @Test func shippedPolicyHasDesignDefaults() {
    let p = shippedPolicy
    #expect(p.registration.validityYears == 5)
    #expect(p.registration.renewalUsualMonthsBeforeExpiry == 3)
    #expect(p.registration.renewalEarliestMonthsBeforeExpiry == 12)
    #expect(p.registration.initialCutoverDate == date("2019-03-01"))
    #expect(p.registration.initialDeadlineBeforeCutover == date("2024-03-01"))
    #expect(p.registration.ceHoursPerPeriod == 48)
    #expect(p.limits.maxPixels == 100_000_000)
    #expect(p.photo.formats == [.jpeg])
    #expect((p.photo.minBytes, p.photo.maxBytes) == (20_480, 204_800))
    #expect((p.photo.minWidth, p.photo.maxWidth) == (358, 720))
    #expect((p.photo.minAspect, p.photo.maxAspect) == (1.20, 1.55))
    #expect((p.photo.fixWidth, p.photo.fixHeight) == (413, 579))
    #expect(p.photo.backgroundColor == RGBColor(red: 255, green: 255, blue: 255))
    #expect(p.documents.workingShortSide == 1240)
    #expect(p.documents.minSharpness.count == MaterialType.allCases.count - 1)
    #expect(p.documents.formats == [.jpeg, .png, .pdf])
    #expect(p.documents.maxBytes == 20 << 20)
    #expect(p.documents.maxPDFPages == 20)
    #expect(p.documents.minShortSide[.form] == 1000)
    #expect(p.documents.minShortSide.count == MaterialType.allCases.count - 1)
  }

  @Test func missingValueNamesItsPath() throws {
    let error = try #require(problems(edited("validityYears:", "")))
    #expect(error.problems.map(\.path) == ["registration.validityYears"])
    #expect(error.message(.zh).contains("registration.validityYears: 缺少此项"))
  }

  @Test(arguments: [
    ("validityYears:", "validityYears: 0", "registration.validityYears"),
    ("validityYears:", "validityYears: five", "registration.validityYears"),
    ("usualMonthsBeforeExpiry:", "usualMonthsBeforeExpiry: 13", "registration.renewal"),
    ("deadlineBeforeCutover:", "deadlineBeforeCutover: 2018-01-01", "registration.initial.deadlineBeforeCutover"),
    ("hoursPerPeriod:", "hoursPerPeriod: -48", "registration.continuingEducation.hoursPerPeriod"),
    ("bytes:", "bytes: { min: 300000, max: 204_800 }", "photo.bytes"),
    ("aspect:", "aspect: { min: 1.20 }", "photo.aspect.max"),
    ("fix:", "fix: { width: 300, height: 579, minQuality: 60 }", "photo.fix"),
    ("color: \"#FFFFFF\"", "color: white", "photo.background.color"),
    ("formats: [jpeg]", "formats: [gif]", "photo.formats[0]"),
    ("maxPixels:", "maxPixels: 10", "limits.maxPixels"),
    ("form: 1000", "from: 1000", "documents.minShortSide.from"),
  ])
  func nonsensicalValuesAreErrorsWithTheirLine(_ prefix: String, _ replacement: String, _ path: String) throws {
    let error = try #require(problems(edited(prefix, replacement)))
    let problem = try #require(error.problems.first { $0.path == path }, "\(error)")
    #expect(problem.line != nil)
  }

  @Test func unknownKeyIsAnErrorWithASuggestion() throws {
    let error = try #require(problems(edited("validityYears:", "validityYear: 5")))
    let unknown = try #require(error.problems.first { $0.path == "registration.validityYear" })
    #expect(unknown.message.zh.contains("是否应为“validityYears”"))
  }

  @Test func everyProblemIsListedAtOnce() throws {
    let text = edited("validityYears:", "validityYears: 0").replacingOccurrences(
      of: "hoursPerPeriod: 48", with: "hoursPerPeriod: x")
    let error = try #require(problems(text))
    #expect(
      Set(error.problems.map(\.path)).isSuperset(of: [
        "registration.validityYears", "registration.continuingEducation.hoursPerPeriod",
      ]))
  }

  @Test func editedValuesChangeTheRules() throws {
    let p = try Policy.parse(Array(edited("validityYears:", "validityYears: 3").utf8), file: "p.yaml")
    #expect(p.registration.validityYears == 3)
    #expect(
      TimingRules.registrationPeriod(endingOn: date("2027-01-31"), p.registration) == date("2024-02-01")...date("2027-01-31"))
  }

  @Test func theFormScanIsInThePolicyAndOptional() throws {
    let p = shippedPolicy.forms
    #expect(p.verify)
    #expect((p.signatureMinInk, p.signatureMinSpan) == (0.01, 0.25))
    #expect((p.sealMinDiameter, p.sealMaxDiameter, p.sealMinRing) == (25, 65, 0.7))
    // A policy file from 0.1 has no `forms:`: the defaults apply.
    let start = try #require(Self.shippedText.range(of: "\nforms:"))
    let old = try Policy.parse(Array(Self.shippedText[..<start.lowerBound].utf8), file: "p.yaml")
    #expect(old.forms == FormScanPolicy())
    #expect(FormScanPolicy() == shippedPolicy.forms, "the defaults in code are the shipped values")
    // Edited values are read; impossible ones are refused with their path.
    let stricter = try Policy.parse(Array(edited("signature:", "signature: { minInk: 0.05, minSpan: 0.5 }").utf8), file: "p.yaml")
    #expect(stricter.forms.signatureMinInk == 0.05)
    let error = try #require(
      problems(
        edited("seal:", "seal: { minArea: 60, minStrength: 24, minDiameter: 70, maxDiameter: 65, minRoundness: 2, minRing: 0.7 }")
      ))
    #expect(
      Set(error.problems.map(\.path)).isSuperset(of: ["forms.seal", "forms.seal.minRoundness"]), "\(error.problems.map(\.path))")
  }

  /// The seal rules' numbers and lists are in the policy; a `reading:` section without
  /// them (as written before seals were read) gets the defaults.
  @Test func theSealsKindsAreInThePolicy() throws {
    #expect(ReadingPolicy() == shippedPolicy.reading, "the defaults in code are the shipped values")
    #expect(shippedPolicy.reading.sealKindsRefused.contains("合同专用章"))
    #expect(shippedPolicy.reading.sealKindsAccepted.contains("人事专用章"))
    let fewer = try Policy.parse(Array(edited("sealKindsRefused:", "sealKindsRefused: [财务专用章]").utf8), file: "p.yaml")
    #expect(fewer.reading.sealKindsRefused == ["财务专用章"])
    let older = try Policy.parse(
      Array(edited("sealMinConfidence:", "").replacingOccurrences(of: "sealKindsRefused:", with: "#").utf8), file: "p.yaml")
    #expect(older.reading.sealMinConfidence == 60)
    let error = try #require(problems(edited("sealMinConfidence:", "sealMinConfidence: 170")))
    #expect(error.problems.map(\.path) == ["reading.sealMinConfidence"])
  }

  /// The PDF cost limits and the submission's budget: in the shipped policy, optional
  /// (a policy without them gets the same defaults), checked for range.
  @Test func thePDFCostLimitsAndTheBudgetAreInThePolicy() throws {
    #expect(shippedPolicy.limits.maxPDFContentBytes == InputLimits.defaultPDFContentBytes)
    #expect(shippedPolicy.limits.maxPDFFormDepth == InputLimits.defaultPDFFormDepth)
    #expect(shippedPolicy.limits.maxPDFFormDraws == InputLimits.defaultPDFFormDraws)
    #expect(shippedPolicy.limits.submissionCheckSeconds == InputLimits.defaultSubmissionCheckSeconds)
    let tighter = try Policy.parse(Array(edited("maxPDFFormDraws:", "maxPDFFormDraws: 50").utf8), file: "p.yaml")
    #expect(tighter.limits.maxPDFFormDraws == 50)
    var older = Self.shippedText
    for key in ["maxPDFContentBytes:", "maxPDFFormDepth:", "maxPDFFormDraws:", "submissionCheckSeconds:"] {
      older = older.split(separator: "\n", omittingEmptySubsequences: false).filter {
        !$0.trimmingCharacters(in: .whitespaces).hasPrefix(key)
      }.joined(separator: "\n")
    }
    #expect(try Policy.parse(Array(older.utf8), file: "p.yaml").limits == shippedPolicy.limits)
    let error = try #require(problems(edited("submissionCheckSeconds:", "submissionCheckSeconds: 0")))
    #expect(error.problems.map(\.path) == ["limits.submissionCheckSeconds"])
  }

  @Test func syntaxErrorsAreNotSwallowed() {
    #expect(throws: DocumentSyntaxError.self) { try Policy.parse(Array("registration: [unclosed".utf8), file: "p.yaml") }
  }

  @Test func shippedAuthorityListLoads() {
    #expect(shippedAuthorities.provinces.count == 32)
    #expect(shippedAuthorities.provinces.first { $0.code == "14" }?.coalMineSafety != nil)
  }
}
