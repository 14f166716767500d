import ArgumentParser
import Core
import Foundation
import RegistrationRules
import SafeIO
import Service

/// The starter files: every field, its label, and an example that passes `validate`.
enum ApplicationTemplate {
  /// The example applicant (the shipped sample `initial.yaml`), by field path.
  static let example: [(path: String, value: String)] = [
    ("id", "2026-000101"), ("kind", "初始注册"), ("applicationDate", "2026-11-20"), ("category", "化工安全"),
    ("authority", "北京市应急管理局"), ("photo", ""),
    ("applicant.name", "张伟"), ("applicant.gender", "男"), ("applicant.birthDate", "1988-04-12"),
    ("applicant.idType", "居民身份证"), ("applicant.idNumber", "110101198804120010"), ("applicant.education", "本科"),
    ("applicant.major", "安全工程"), ("applicant.phone", "13800138000"), ("applicant.email", "zhangwei@example.com"),
    ("applicant.address", "北京市东城区东直门南大街 10 号"), ("applicant.qualificationCertificateNo", "0012345"),
    ("applicant.qualificationDate", "2022-03-15"), ("applicant.registrationCertificateNo", ""),
    ("applicant.registrationExpiry", ""), ("applicant.registrationCancelled", ""), ("applicant.registeredEmployer", ""),
    ("employer.name", "北京华安化工有限公司"), ("employer.creditCode", "91110105MA01ABCDEB"), ("employer.nature", "企业"),
    ("employer.address", "北京市朝阳区化工路 88 号"), ("employer.contact", "李四"), ("employer.phone", "010-65432100"),
    ("employer.supervisor", ""), ("employer.province", ""),
  ]
  static let work: [[String]] = [["2010-07", "2016-06", "北京某化工厂", "安全员"], ["2016-07", "至今", "北京华安化工有限公司", "安全管理部主管"]]

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
    func line(_ cells: [String]) -> String {
      cells.map {
        $0.contains(where: { ",\"\n".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
      }
      .joined(separator: ",") + "\r\n"
    }
    return "\u{FEFF}" + line(header) + line(row)
  }

  static func yaml(schema: String?) -> String {
    var out = ""
    if let schema { out += "# yaml-language-server: $schema=\(schema)\n" }
    out += """
      # An application for the registration of a Certified Safety Engineer (注册安全工程师注册申请).
      # Every key is listed; leave out (or empty) what does not apply. `safetyreg validate` checks
      # it; docs/application-format.md describes every key.
      id: "2026-000101"                # 申请编号 (optional reference)
      kind: initial                    # 注册种类: initial | renewal | change | reregistration
      applicationDate: 2026-11-20      # 申请日期 YYYY-MM-DD
      category: chemical               # 注册类别 (see docs/application-format.md)
      authority: 北京市应急管理局        # 初审机构 (optional: the tool suggests one)
      # photo: photo.jpg               # 照片, relative to this file (printed on the form)
      applicant:
        name: 张伟                     # 姓名
        gender: male                   # 性别: male | female
        birthDate: 1988-04-12          # 出生日期
        idType: resident_id            # 证件类型
        idNumber: "110101198804120010" # 证件号码 (quoted: keep the digits as text)
        education: 本科                 # 学历
        major: 安全工程                 # 所学专业
        phone: "13800138000"           # 联系电话
        email: zhangwei@example.com    # 电子邮箱
        address: 北京市东城区东直门南大街 10 号   # 通讯地址
        qualificationCertificateNo: "0012345"   # 资格证书编号
        qualificationDate: 2022-03-15  # 取得资格日期
        # registrationCertificateNo: ""  # 注册证书编号 (renewal, change, re-registration)
        # registrationExpiry: 2028-12-31 # 注册有效期至 (renewal, change)
        # registrationCancelled: 2025-01-10  # 注销日期 (re-registration after cancellation)
        # registeredEmployer: ""         # 注册时的聘用单位 (renewal: the employer registered with)
      employer:
        name: 北京华安化工有限公司         # 聘用单位名称 (as on its seal)
        creditCode: "91110105MA01ABCDEB"  # 统一社会信用代码
        nature: 企业                     # 单位性质
        address: 北京市朝阳区化工路 88 号   # 单位地址
        contact: 李四                    # 单位联系人
        phone: "010-65432100"           # 单位联系电话
        # supervisor: ""                 # 主管部门或所属集团
        # province: 北京市                # 所在省份
      workExperience:                  # 工作经历, oldest first; 至今 for the current one
        - { from: 2010-07, to: 2016-06, employer: 北京某化工厂, position: 安全员 }
        - { from: 2016-07, to: 至今, employer: 北京华安化工有限公司, position: 安全管理部主管 }
      # continuingEducation:           # 继续教育记录 (renewal, overdue initial, re-registration)
      #   - { date: 2025-06-10, provider: 某培训中心, course: 危险化学品安全, hours: 16 }
      # change:                        # 变更事项 (change only)
      #   previousEmployer: ""          # 原聘用单位
      #   reasons: [employer]           # employer | category | name

      """
    return out
  }
}
