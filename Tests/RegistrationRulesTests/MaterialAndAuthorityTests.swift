import Testing

@testable import Core
@testable import RegistrationRules

@Suite struct MaterialRulesTests {
  func materials(_ app: Application, today: String = "2026-11-23") -> [(MaterialType, MaterialRequirement.Level)] {
    Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: date(today))
      .requiredMaterials.map { ($0.material, $0.level) }
  }

  func names(_ list: [(MaterialType, MaterialRequirement.Level)]) -> [String] {
    list.map { "\($0.0.rawValue)\($0.1 == .recommended ? "?" : "")" }
  }

  @Test func initialOnTime() {
    #expect(names(materials(validApplication())) == ["photo", "form", "contract", "id_handheld"])
  }

  @Test func overdueInitialWithSelfEnteredRecordsWantsCertificates() {
    var app = validApplication()
    app.applicant.qualificationDate = date("2018-05-20")
    app.continuingEducation = [CERecord(date: date("2025-01-01"), provider: "p", course: "c", hours: 48)]
    #expect(names(materials(app)) == ["photo", "form", "contract", "id_handheld", "ce_certificate?"])
    app.continuingEducation[0].source = .imported
    #expect(names(materials(app)) == ["photo", "form", "contract", "id_handheld"])
  }

  @Test func renewalNeedsAStatement() {
    var app = validApplication()
    app.kind = .renewal
    app.applicant.registrationCertificateNo = "1"
    app.applicant.registrationExpiry = date("2027-01-31")
    #expect(names(materials(app)) == ["photo", "form", "contract", "statement"])
  }

  @Test(arguments: [
    ([ChangeReason.employer], ["photo", "form", "contract"]),
    ([.employerRenamed], ["photo", "form", "rename_document"]),
    ([.category], ["photo", "form"]),
    ([.employer, .category], ["photo", "form", "contract"]),
  ])
  func changeNeedsWhatTheChangeIs(_ reasons: [ChangeReason], _ expected: [String]) {
    var app = validApplication()
    app.kind = .change
    app.applicant.registrationCertificateNo = "1"
    app.applicant.registrationExpiry = date("2029-06-30")
    app.change = ChangeRequest(previousEmployer: "旧单位", previousCategory: .other, reasons: reasons)
    #expect(names(materials(app)) == expected)
  }

  @Test func changeInTheLastYearWantsCertificatesForSelfEnteredRecords() {
    var app = validApplication()
    app.kind = .change
    app.applicant.registrationCertificateNo = "1"
    app.applicant.registrationExpiry = date("2027-06-30")
    app.change = ChangeRequest(previousCategory: .other, reasons: [.category])
    app.continuingEducation = [CERecord(date: date("2025-01-01"), provider: "p", course: "c", hours: 48)]
    #expect(names(materials(app)) == ["photo", "form", "ce_certificate?"])
  }

  @Test func reregistration() {
    var app = validApplication()
    app.kind = .reregistration
    app.applicant.registrationCertificateNo = "1"
    app.applicant.registrationExpiry = date("2025-06-30")
    app.continuingEducation = [CERecord(date: date("2025-01-01"), provider: "p", course: "c", hours: 48, source: .imported)]
    #expect(names(materials(app)) == ["photo", "form", "contract"])
  }
}

@Suite struct AuthorityRulesTests {
  func suggest(_ edit: (inout Application) -> Void) -> AuthoritySuggestion? {
    var app = validApplication()
    edit(&app)
    return AuthorityRules.suggest(app, directory: shippedAuthorities)
  }

  @Test func stepOneMinistryForItsCategory() {
    let s = suggest {
      $0.category = .construction; $0.employer.supervisor = "住建部"
    }
    #expect(s?.step == 1)
    #expect(s?.authority == "住房和城乡建设部")
  }

  @Test func stepOneSkipsAMinistryThatDoesNotReviewTheCategory() {
    let s = suggest {
      $0.category = .chemical; $0.employer.supervisor = "住房和城乡建设部"
    }
    #expect(s?.step == 4)
    #expect(s?.notes.isEmpty == false)
  }

  @Test func stepTwoCentralEnterpriseByNameOrSupervisor() {
    // A listed subsidiary prefix, the group's full name in the name, the supervisor.
    #expect(suggest { $0.employer.name = "中国石化北京燕山分公司" }?.authority == "中国石油化工集团有限公司")
    #expect(suggest { $0.employer.name = "中国石化北京燕山分公司" }?.step == 2)
    #expect(suggest { $0.employer.name = "中国石油天然气股份有限公司大庆油田分公司" }?.authority == "中国石油天然气集团有限公司")
    #expect(suggest { $0.employer.name = "中国石油化工集团有限公司北京化工研究院" }?.authority == "中国石油化工集团有限公司")
    // The longer, more specific name wins over an alias it contains (中国石油).
    #expect(suggest { $0.employer.supervisor = "中国石油化工集团有限公司" }?.authority == "中国石油化工集团有限公司")
    #expect(
      suggest {
        $0.employer.supervisor = "中石油"; $0.employer.name = "大庆某钻探公司"
      }?.authority == "中国石油天然气集团有限公司")
  }

  /// A group's short name inside an unrelated name is not membership: a university, an
  /// industry association and a private company fall back to their province, with a note
  /// saying what to check.
  @Test(arguments: ["中国石油大学（北京）", "中国石油和化学工业联合会", "北京中海油服设备租赁有限公司", "华北国家电网配件经销部"])
  func aShortNameInsideAnotherNameDoesNotMatch(_ name: String) {
    let s = suggest {
      $0.employer.name = name; $0.employer.address = "北京市朝阳区某路 1 号"; $0.employer.supervisor = nil
    }
    #expect(s?.step == 4, "\(name): \(String(describing: s))")
    #expect(s?.authority == "北京市应急管理局")
    #expect(s?.notes.contains { $0.en.contains("employer.supervisor") && $0.zh.contains("不足以认定") } == true)
  }

  @Test func stepThreeInstitutionUnderTheMinistryOfEmergencyManagement() {
    let s = suggest {
      $0.employer.supervisor = "应急管理部"; $0.employer.nature = "事业单位"
    }
    #expect(s?.step == 3)
    #expect(s?.authority == "应急管理部")
  }

  @Test func stepFourProvinceFromProvinceThenAddressThenCreditCode() {
    #expect(suggest { $0.employer.province = "广东" }?.authority == "广东省应急管理厅")
    #expect(suggest { $0.employer.address = "四川省成都市武侯区" }?.authority == "四川省应急管理厅")
    #expect(suggest { $0.employer.address = "新疆生产建设兵团第八师石河子市" }?.authority == "新疆生产建设兵团应急管理局")
    let fromCode = suggest {
      $0.employer.address = "某某路 1 号"; $0.employer.creditCode = "9144030071526726XG"
    }
    #expect(fromCode?.authority == "广东省应急管理厅")
    #expect(fromCode?.basis.en.contains("credit code") == true)
    #expect(
      suggest {
        $0.employer.address = "某某路 1 号"; $0.employer.creditCode = nil
      } == nil)
  }

  @Test func coalMiningGoesToTheProvincesCoalMineSafetyAuthority() {
    #expect(
      suggest {
        $0.category = .coalMining; $0.employer.address = "山西省太原市"
      }?.authority == "国家矿山安全监察局山西局")
    // Beijing has none: the provincial authority.
    #expect(suggest { $0.category = .coalMining }?.authority == "北京市应急管理局")
  }

  @Test func aDifferentChosenAuthorityIsAWarning() {
    var app = validApplication()
    app.authority = "上海市应急管理局"
    let a = Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: date("2026-11-23"))
    #expect(a.isValid)
    #expect(codes(a.findings) == [.authorityMismatch])
  }
}
