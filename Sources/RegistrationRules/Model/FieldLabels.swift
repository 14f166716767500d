import Core

/// What each data field is called on the form, for messages and for the form renderer.
public enum FieldLabels {
  static let table: [String: LocalizedText] = [
    "id": .init(zh: "申请编号", en: "reference"),
    "kind": .init(zh: "注册种类", en: "kind of registration"),
    "applicationDate": .init(zh: "申请日期", en: "application date"),
    "category": .init(zh: "注册类别", en: "registration category"),
    "authority": .init(zh: "初审机构", en: "initial-review authority"),
    "photo": .init(zh: "照片", en: "photo"),
    "applicant": .init(zh: "申请人信息", en: "applicant"),
    "employer": .init(zh: "聘用单位信息", en: "employer"),
    "applicant.name": .init(zh: "姓名", en: "name"),
    "applicant.gender": .init(zh: "性别", en: "gender"),
    "applicant.birthDate": .init(zh: "出生日期", en: "date of birth"),
    "applicant.idType": .init(zh: "证件类型", en: "ID type"),
    "applicant.idNumber": .init(zh: "证件号码", en: "ID number"),
    "applicant.education": .init(zh: "学历", en: "education"),
    "applicant.major": .init(zh: "所学专业", en: "major"),
    "applicant.phone": .init(zh: "联系电话", en: "phone"),
    "applicant.email": .init(zh: "电子邮箱", en: "e-mail"),
    "applicant.address": .init(zh: "通讯地址", en: "address"),
    "applicant.qualificationCertificateNo": .init(zh: "资格证书编号", en: "qualification certificate number"),
    "applicant.qualificationDate": .init(zh: "取得资格日期", en: "qualification date"),
    "applicant.registrationCertificateNo": .init(zh: "注册证书编号", en: "registration certificate number"),
    "applicant.registrationExpiry": .init(zh: "注册有效期至", en: "registration valid until"),
    "applicant.registrationCancelled": .init(zh: "注销日期", en: "cancellation date"),
    "applicant.registeredEmployer": .init(zh: "注册时的聘用单位", en: "registered employer"),
    "employer.name": .init(zh: "聘用单位名称", en: "employer name"),
    "employer.creditCode": .init(zh: "统一社会信用代码", en: "unified social credit code"),
    "employer.nature": .init(zh: "单位性质", en: "employer nature"),
    "employer.address": .init(zh: "单位地址", en: "employer address"),
    "employer.contact": .init(zh: "单位联系人", en: "employer contact"),
    "employer.phone": .init(zh: "单位联系电话", en: "employer phone"),
    "employer.supervisor": .init(zh: "主管部门或所属集团", en: "supervising body or group"),
    "employer.province": .init(zh: "所在省份", en: "province"),
    "workExperience": .init(zh: "工作经历", en: "work history"),
    "workExperience.from": .init(zh: "起始年月", en: "from"),
    "workExperience.to": .init(zh: "截止年月", en: "to"),
    "workExperience.employer": .init(zh: "工作单位", en: "employer"),
    "workExperience.position": .init(zh: "职务/从事工作", en: "position"),
    "continuingEducation": .init(zh: "继续教育记录", en: "continuing-education records"),
    "continuingEducation.date": .init(zh: "培训日期", en: "date"),
    "continuingEducation.provider": .init(zh: "培训机构", en: "provider"),
    "continuingEducation.course": .init(zh: "课程", en: "course"),
    "continuingEducation.hours": .init(zh: "学时", en: "hours"),
    "change": .init(zh: "变更事项", en: "change"),
    "change.previousEmployer": .init(zh: "原聘用单位", en: "previous employer"),
    "change.previousCategory": .init(zh: "原注册类别", en: "previous category"),
    "change.reasons": .init(zh: "变更事项", en: "what changes"),
  ]

  /// Every labelled field path (list items without an index) and its label.
  public static var all: [String: LocalizedText] { table }

  /// The label of a field path; list indices are ignored (`workExperience[2].to`).
  public static func label(_ path: String) -> LocalizedText? {
    var generic = ""
    var skipping = false
    for ch in path {
      if ch == "[" { skipping = true } else if ch == "]" { skipping = false } else if !skipping { generic.append(ch) }
    }
    return table[generic]
  }

  /// `身份证件号码（applicant.idNumber）` — the label people know and the key to edit.
  public static func describe(_ path: String, _ language: Language) -> String {
    guard let label = label(path) else { return path }
    return language == .zh ? "\(label.zh)（\(path)）" : "\(label.en) (\(path))"
  }
}
