import Testing

@testable import Core
@testable import RegistrationRules

@Suite struct ValidatorTests {
  let today = date("2026-11-23")

  func findings(_ edit: (inout Application) -> Void) -> [Finding] {
    var app = validApplication()
    edit(&app)
    return ApplicationValidator.validate(app, policy: shippedPolicy.registration, today: today)
  }

  @Test func theBaseApplicationIsValid() {
    #expect(findings { _ in }.isEmpty)
  }

  static func clearing(_ field: String, _ a: inout Application) {
    switch field {
    case "applicant.name": a.applicant.name = nil
    case "applicant.idNumber": a.applicant.idNumber = nil
    case "applicant.qualificationDate": a.applicant.qualificationDate = nil
    case "employer.creditCode": a.employer.creditCode = nil
    case "category": a.category = nil
    case "workExperience": a.workExperience = []
    default: fatalError(field)
    }
  }

  @Test(arguments: [
    "applicant.name", "applicant.idNumber", "applicant.qualificationDate", "employer.creditCode", "category", "workExperience",
  ])
  func requiredForEveryKind(_ field: String) {
    let f = findings { Self.clearing(field, &$0) }
    #expect(f.map(\.field) == [field])
    #expect(f.first?.message.zh.hasPrefix("缺少必填项") == true)
  }

  @Test(arguments: [RegistrationKind.renewal, .change, .reregistration])
  func continuingKindsNeedTheCurrentRegistration(_ kind: RegistrationKind) {
    let f = findings {
      $0.kind = kind; $0.change = kind == .change ? ChangeRequest(previousCategory: .other, reasons: [.category]) : nil
    }
    #expect(Set(f.compactMap(\.field)) == ["applicant.registrationCertificateNo", "applicant.registrationExpiry"])
  }

  @Test func reregistrationAfterCancellationNeedsNoExpiry() {
    let f = findings {
      $0.kind = .reregistration; $0.applicant.registrationCertificateNo = "1";
      $0.applicant.registrationCancelled = date("2025-01-01")
    }
    #expect(f.isEmpty)
  }

  @Test func idNumberMustAgreeWithBirthDateAndGender() {
    let f = findings {
      $0.applicant.birthDate = date("1988-04-13"); $0.applicant.gender = .female
    }
    #expect(Set(f.compactMap(\.field)) == ["applicant.birthDate", "applicant.gender"])
    #expect(f.first { $0.field == "applicant.gender" }?.message.zh.contains("第 17 位为奇数，男") == true)
    #expect(f.first { $0.field == "applicant.birthDate" }?.limit == .text("1988-04-12"))
  }

  @Test func oldIdNumberGetsItsUpgradedForm() {
    let f = findings { $0.applicant.idNumber = "110101880412001" }
    #expect(f.count == 1)
    #expect(f[0].message.zh.contains("110101198804120010"))
    #expect(f[0].limit == .text("110101198804120010"))
  }

  @Test func otherDocumentTypesAreNotCheckedAsResidentIDs() {
    #expect(
      findings {
        $0.applicant.idType = .passport; $0.applicant.idNumber = "E12345678"
      }.isEmpty)
    #expect(
      findings {
        $0.applicant.idType = .passport; $0.applicant.idNumber = "E1"
      }.map(\.field) == ["applicant.idNumber"])
  }

  @Test func contactDetails() {
    let f = findings {
      $0.applicant.phone = "400-810-8888"; $0.employer.phone = "12345"; $0.applicant.email = "x@y"
    }
    #expect(Set(f.compactMap(\.field)) == ["applicant.phone", "employer.phone", "applicant.email"])
    #expect(
      findings {
        $0.applicant.phone = "010-62345678"; $0.employer.phone = "400-810-8888"
      }.isEmpty)
  }

  @Test func implausibleDates() {
    #expect(findings { $0.applicant.birthDate = date("2027-01-01") }.contains { $0.field == "applicant.birthDate" })
    #expect(findings { $0.applicant.qualificationDate = date("2026-11-24") }.map(\.field) == ["applicant.qualificationDate"])
    #expect(findings { $0.applicant.qualificationDate = date("2006-04-11") }.map(\.field) == ["applicant.birthDate"])
    #expect(findings { $0.applicant.qualificationDate = date("2006-04-12") }.isEmpty)
    let future = findings { $0.applicationDate = date("2026-11-24") }
    #expect(future.map(\.severity) == [.warning])
  }

  @Test func workPeriodsInOrderInThePastWithoutOverlap() {
    func period(_ from: String, _ to: String?) -> WorkPeriod {
      WorkPeriod(from: month(from), to: to.map(month), employer: "e", position: "p")
    }
    #expect(findings { $0.workExperience = [period("2010-07", "2015-06"), period("2015-06", nil)] }.isEmpty)  // shared month is fine
    #expect(
      findings { $0.workExperience = [period("2010-07", "2015-06"), period("2015-05", nil)] }.map(\.field) == [
        "workExperience[1].from"
      ])
    #expect(
      findings { $0.workExperience = [period("2016-01", nil), period("2010-07", "2016-02")] }.map(\.field) == [
        "workExperience[0].from"
      ])
    #expect(findings { $0.workExperience = [period("2015-07", "2010-06")] }.map(\.field) == ["workExperience[0].to"])
    #expect(findings { $0.workExperience = [period("2026-12", nil)] }.map(\.field) == ["workExperience[0].from"])
    #expect(findings { $0.workExperience = [period("2020-01", "2026-12")] }.map(\.field) == ["workExperience[0].to"])
    #expect(findings { $0.workExperience = [period("2026-11", nil)] }.isEmpty)
    #expect(
      findings { $0.workExperience = [WorkPeriod(from: month("2010-07"))] }.map(\.field) == [
        "workExperience[0].employer", "workExperience[0].position",
      ])
  }

  @Test func continuingEducationRecords() {
    let f = findings {
      $0.continuingEducation = [CERecord(date: date("2026-11-24"), provider: "p", course: "c", hours: 0), CERecord(hours: 8)]
    }
    #expect(
      f.map(\.field) == [
        "continuingEducation[0].date", "continuingEducation[0].hours", "continuingEducation[1].date",
        "continuingEducation[1].provider", "continuingEducation[1].course",
      ])
  }

  @Test func changeSaysWhatChanges() {
    func change(_ c: ChangeRequest?) -> [String?] {
      findings {
        $0.kind = .change; $0.applicant.registrationCertificateNo = "1"; $0.applicant.registrationExpiry = date("2029-01-01");
        $0.change = c
      }.map(\.field)
    }
    #expect(change(nil) == ["change.reasons"])
    #expect(change(ChangeRequest(reasons: [.employer])) == ["change.previousEmployer"])
    #expect(change(ChangeRequest(previousEmployer: "北京华安化工有限公司", reasons: [.employer])) == ["change.previousEmployer"])
    #expect(change(ChangeRequest(previousCategory: .chemical, reasons: [.category])) == ["change.previousCategory"])
    #expect(
      change(ChangeRequest(previousEmployer: "旧名", previousCategory: .other, reasons: [.employerRenamed, .category])) == [])
  }
}

@Suite struct SampleApplicationTests {
  struct Expectation: Sendable, CustomTestStringConvertible {
    var file: String
    var valid: Bool
    var errors: [ReasonCode]
    var warnings: [ReasonCode] = []
    var testDescription: String { file }
  }

  @Test(arguments: [
    Expectation(file: "initial.yaml", valid: true, errors: []),
    Expectation(file: "initial-overdue.yaml", valid: true, errors: []),
    Expectation(file: "renewal.yaml", valid: true, errors: []),
    Expectation(file: "change.yaml", valid: true, errors: []),
    Expectation(file: "reregistration.json", valid: true, errors: []),
    Expectation(
      // Its overlapping work periods are at two employers (a part-time role can overlap
      // a job): a warning since issue 12, no longer a fifth error.
      file: "invalid-data.yaml", valid: false, errors: Array(repeating: .invalidField, count: 4),
      warnings: [.unknownField, .invalidField]),
    Expectation(file: "invalid-timing.yaml", valid: false, errors: [.deadline, .ceHours]),
    Expectation(file: "invalid-kind.yaml", valid: false, errors: [.invalidField, .kindNotAllowed]),
  ])
  func sampleGivesItsDocumentedResult(_ e: Expectation) throws {
    let loaded = try ApplicationLoader.load(path: repoPath("samples/applications/\(e.file)"))
    let a = Assessor.assess(loaded, policy: shippedPolicy, authorities: shippedAuthorities, today: date("2026-11-23"))
    #expect(a.isValid == e.valid)
    #expect(codes(a.findings.errors) == e.errors)
    #expect(codes(a.findings.warnings) == e.warnings)
    #expect(a.findings.errors.allSatisfy { $0.line != nil }, "every error points at a line")
    #expect(a.authority != nil)
  }
}
