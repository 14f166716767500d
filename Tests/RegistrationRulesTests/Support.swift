import Foundation
@_exported import TestSupport

@testable import Core
@testable import RegistrationRules

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

func repoPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// The shipped policy and authority list: the rules are tested against what users run.
let shippedPolicy: Policy = try! Policy.load(path: repoPath("templates/policy.yaml"))
let shippedAuthorities: AuthorityDirectory = try! AuthorityDirectory.load(path: repoPath("templates/authorities.yaml"))

func date(_ text: String) -> CalendarDate {
  guard let d = CalendarDate.parse(text) else { fatalError("bad test date \(text)") }
  return d
}

func month(_ text: String) -> YearMonth { YearMonth.parse(text)! }

/// Parses YAML text as an application file.
func load(_ yaml: String, file: String = "test.yaml") throws -> LoadedApplication {
  try ApplicationLoader.parse(Array(yaml.utf8), file: file)
}

/// A complete, valid initial application that tests modify one field at a time.
func validApplication() -> Application {
  var app = Application()
  app.kind = .initial
  app.applicationDate = date("2026-11-20")
  app.category = .chemical
  app.applicant.name = "张伟"
  app.applicant.gender = .male
  app.applicant.birthDate = date("1988-04-12")
  app.applicant.idType = .residentID
  app.applicant.idNumber = "110101198804120010"
  app.applicant.education = "本科"
  app.applicant.phone = "13800138000"
  app.applicant.email = "zhangwei@example.com"
  app.applicant.address = "北京市东城区东直门南大街 10 号"
  app.applicant.qualificationCertificateNo = "0012345"
  app.applicant.qualificationDate = date("2022-03-15")
  app.employer.name = "北京华安化工有限公司"
  app.employer.creditCode = "91110105MA01ABCDEB"
  app.employer.nature = "企业"
  app.employer.address = "北京市朝阳区化工路 88 号"
  app.employer.contact = "李四"
  app.employer.phone = "010-65432100"
  app.workExperience = [WorkPeriod(from: month("2010-07"), to: nil, employer: "北京华安化工有限公司", position: "安全员")]
  return app
}

func codes(_ findings: [Finding]) -> [ReasonCode] { findings.map(\.code) }
