import ArgumentParser
import Core
import Foundation
import RegistrationRules
import Service

/// The starter files: every field, its label, and an example that passes `validate`.
enum ApplicationTemplate {
  /// The spreadsheet's columns before the numbered ones (work periods, CE records), in
  /// the order HR's template has them.
  static let columns = [
    "id", "kind", "applicationDate", "category", "authority", "photo",
    "applicant.name", "applicant.gender", "applicant.birthDate", "applicant.idType", "applicant.idNumber",
    "applicant.education", "applicant.major", "applicant.phone", "applicant.email", "applicant.address",
    "applicant.qualificationCertificateNo", "applicant.qualificationDate", "applicant.registrationCertificateNo",
    "applicant.registrationExpiry", "applicant.registrationCancelled", "applicant.registeredEmployer",
    "employer.name", "employer.creditCode", "employer.nature", "employer.address", "employer.contact", "employer.phone",
    "employer.supervisor", "employer.province",
  ]
  /// The example row: the example applicant (`ExampleApplication`), choices by their
  /// Chinese labels as people type them.
  static var example: [(path: String, value: String)] { columns.map { ($0, ExampleApplication.chineseText($0)) } }
  static let work: [[String]] = ExampleApplication.workExperience.map { period in
    ["from", "to", "employer", "position"].map { period[$0] ?? "" }
  }

  static func csv(items: Int) -> String {
    let labels = FieldLabels.all
    var header: [String] = example.map { labels[$0.path]?.zh ?? $0.path }
    // Digits that must stay text (all 18 of an ID number, leading zeros) are written as
    // ="…", which Excel, WPS and LibreOffice open as text.
    let asText: Set<String> = [
      "id", "applicant.idNumber", "applicant.phone", "applicant.qualificationCertificateNo", "employer.creditCode",
      "employer.phone",
    ]
    var row: [String] = example.map { asText.contains($0.path) && !$0.value.isEmpty ? "=\"\($0.value)\"" : $0.value }
    let workLabel = labels["workExperience"]?.zh ?? "工作经历"
    for n in 1...items {
      for (k, key) in ["from", "to", "employer", "position"].enumerated() {
        header.append("\(workLabel)\(n)\(labels["workExperience.\(key)"]?.zh ?? key)")
        row.append(n <= work.count ? work[n - 1][k] : "")
      }
    }
    let ceLabel = labels["continuingEducation"]?.zh ?? "继续教育记录"
    for n in 1...items {
      for key in ["date", "provider", "course", "hours"] {
        header.append("\(ceLabel)\(n)\(labels["continuingEducation.\(key)"]?.zh ?? key)")
        row.append("")
      }
    }
    for path in ["change.previousEmployer", "change.previousCategory", "change.reasons"] {
      header.append(labels[path]?.zh ?? path)
      row.append("")
    }
    // Our own cells, the ="…" ones included: written as they are.
    func line(_ cells: [String]) -> String { CSV.row(cells, formulas: .ours, newline: "\r\n") }
    return "\u{FEFF}" + line(header) + line(row)
  }

  static func yaml(schema: String?) -> String {
    // The example applicant's values; the comments and their columns are the template's.
    func v(_ path: String) -> String { ExampleApplication.value(path) }
    func w(_ index: Int, _ key: String) -> String {
      ExampleApplication.workExperience.indices.contains(index) ? ExampleApplication.workExperience[index][key] ?? "" : ""
    }
    var out = ""
    if let schema { out += "# yaml-language-server: $schema=\(schema)\n" }
    out += """
      # An application for the registration of a Certified Safety Engineer (注册安全工程师注册申请).
      # Every key is listed; leave out (or empty) what does not apply. `safetyreg validate` checks
      # it; docs/application-format.md describes every key.
      id: "\(v("id"))"                # 申请编号 (optional reference)
      kind: \(v("kind"))                    # 注册种类: initial | renewal | change | reregistration
      applicationDate: \(v("applicationDate"))      # 申请日期 YYYY-MM-DD
      category: \(v("category"))               # 注册类别 (see docs/application-format.md)
      authority: \(v("authority"))        # 初审机构 (optional: the tool suggests one)
      # photo: photo.jpg               # 照片, relative to this file (printed on the form)
      applicant:
        name: \(v("applicant.name"))                     # 姓名
        gender: \(v("applicant.gender"))                   # 性别: male | female
        birthDate: \(v("applicant.birthDate"))          # 出生日期
        idType: \(v("applicant.idType"))            # 证件类型
        idNumber: "\(v("applicant.idNumber"))" # 证件号码 (quoted: keep the digits as text)
        education: \(v("applicant.education"))                 # 学历
        major: \(v("applicant.major"))                 # 所学专业
        phone: "\(v("applicant.phone"))"           # 联系电话
        email: \(v("applicant.email"))    # 电子邮箱
        address: \(v("applicant.address"))   # 通讯地址
        qualificationCertificateNo: "\(v("applicant.qualificationCertificateNo"))"   # 资格证书编号
        qualificationDate: \(v("applicant.qualificationDate"))  # 取得资格日期
        # registrationCertificateNo: ""  # 注册证书编号 (renewal, change, re-registration)
        # registrationExpiry: 2028-12-31 # 注册有效期至 (renewal, change)
        # registrationCancelled: 2025-01-10  # 注销日期 (re-registration after cancellation)
        # registeredEmployer: ""         # 注册时的聘用单位 (renewal: the employer registered with)
      employer:
        name: \(v("employer.name"))         # 聘用单位名称 (as on its seal)
        creditCode: "\(v("employer.creditCode"))"  # 统一社会信用代码
        nature: \(v("employer.nature"))                     # 单位性质
        address: \(v("employer.address"))   # 单位地址
        contact: \(v("employer.contact"))                    # 单位联系人
        phone: "\(v("employer.phone"))"           # 单位联系电话
        # supervisor: ""                 # 主管部门或所属集团
        # province: 北京市                # 所在省份
      workExperience:                  # 工作经历, oldest first; 至今 for the current one
        - { from: \(w(0, "from")), to: \(w(0, "to")), employer: \(w(0, "employer")), position: \(w(0, "position")) }
        - { from: \(w(1, "from")), to: \(w(1, "to")), employer: \(w(1, "employer")), position: \(w(1, "position")) }
      # continuingEducation:           # 继续教育记录 (renewal, overdue initial, re-registration)
      #   - { date: 2025-06-10, provider: 某培训中心, course: 危险化学品安全, hours: 16 }
      # change:                        # 变更事项 (change only)
      #   previousEmployer: ""          # 原聘用单位
      #   reasons: [employer]           # employer | category | name

      """
    return out
  }
}
