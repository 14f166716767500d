import Core

/// The example applicant, defined once: a valid initial registration, the one the shipped
/// sample `samples/applications/initial.yaml` holds (a test keeps the two equal). The
/// starter files (`safetyreg template`) and the application page's hints take it from here.
public enum ExampleApplication {
  /// Values by field path, as the data format writes them (codes for choices).
  public static let values: [String: String] = [
    "id": "2026-000101", "kind": "initial", "applicationDate": "2026-11-20", "category": "chemical",
    "authority": "北京市应急管理局",
    "applicant.name": "张伟", "applicant.gender": "male", "applicant.birthDate": "1988-04-12",
    "applicant.idType": "resident_id", "applicant.idNumber": "110101198804120010", "applicant.education": "本科",
    "applicant.major": "安全工程", "applicant.phone": "13800138000", "applicant.email": "zhangwei@example.com",
    "applicant.address": "北京市东城区东直门南大街 10 号", "applicant.qualificationCertificateNo": "0012345",
    "applicant.qualificationDate": "2022-03-15",
    "employer.name": "北京华安化工有限公司", "employer.creditCode": "91110105MA01ABCDEB", "employer.nature": "企业",
    "employer.address": "北京市朝阳区化工路 88 号", "employer.contact": "李四", "employer.phone": "010-65432100",
  ]

  /// The work periods, oldest first.
  public static let workExperience: [[String: String]] = [
    ["from": "2010-07", "to": "2016-06", "employer": "北京某化工厂", "position": "安全员"],
    ["from": "2016-07", "to": "至今", "employer": "北京华安化工有限公司", "position": "安全管理部主管"],
  ]

  /// The value at `path`, or empty.
  public static func value(_ path: String) -> String { values[path] ?? "" }

  /// The value as people type it in a spreadsheet: a choice by its Chinese label.
  public static func chineseText(_ path: String) -> String {
    let v = value(path)
    switch path {
    case "kind": return RegistrationKind(rawValue: v)?.label.zh ?? v
    case "category": return RegistrationCategory(rawValue: v)?.label.zh ?? v
    case "applicant.gender": return Gender(rawValue: v)?.label.zh ?? v
    case "applicant.idType": return IDType(rawValue: v)?.label.zh ?? v
    default: return v
    }
  }
}
