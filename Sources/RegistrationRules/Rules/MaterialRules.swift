import Core

/// A material an application must (or should) be uploaded with, and why.
public struct MaterialRequirement: Sendable, Equatable {
  public enum Level: String, Sendable, Codable {
    /// Missing means `MISSING_MATERIAL`: the submission is rejected.
    case required
    /// Missing is a warning.
    case recommended
  }

  public var material: MaterialType
  public var level: Level
  /// What the material must show, and which rule asks for it.
  public var why: LocalizedText
}

/// DOMAIN.md's table of materials per kind, with its conditional rows.
public enum MaterialRules {
  public static func required(for app: Application, timing: KindTiming?, ce: CESummary?) -> [MaterialRequirement] {
    guard let kind = app.kind else { return [] }
    var list: [MaterialRequirement] = []
    func add(_ m: MaterialType, _ level: MaterialRequirement.Level = .required, zh: String, en: String) {
      list.append(MaterialRequirement(material: m, level: level, why: LocalizedText(zh: zh, en: en)))
    }
    add(.photo, zh: "近期免冠正面彩色证件照，白色背景，须通过照片检查", en: "recent bare-headed frontal colour photo on white, passing the photo check")
    add(
      .form,
      zh: "\(kind.label.zh)申请表，双面打印共两页，本人签字，单位填写并加盖法人公章或人事部门公章（公章须清晰，申请表上的单位名称须与公章上的一致），两页均须上传",
      en:
        "the \(kind.label.en) form, both pages, printed double-sided, signed, filled in and stamped by the employer (legal-entity or HR seal, legible; the employer's name on the form must match its seal)"
    )
    let contractWhy = (
      zh: "与聘用单位签订的劳动合同或聘用文件（可只上传体现姓名、岗位、期限、单位名称、签订日期及双方签字盖章的页）",
      en:
        "labor contract or employment document (the pages with name, position, term, employer, signing date and both signatures/seals suffice)"
    )
    switch kind {
    case .initial:
      add(.contract, zh: contractWhy.zh, en: contractWhy.en)
      add(.idHandheld, zh: "本人手持本人身份证件的照片，须能识别本人及证件", en: "a photo of the applicant holding their own ID card, both recognisable")
    case .renewal:
      add(.contract, zh: contractWhy.zh, en: contractWhy.en)
      add(
        .statement, zh: "执业期间履职情况书面陈述，须本人签字", en: "written statement of duties performed during the registration period, signed")
    case .change:
      let reasons = app.change?.reasons ?? []
      if reasons.contains(.employer) {
        add(.contract, zh: "变更聘用单位：" + contractWhy.zh, en: "new employer: " + contractWhy.en)
      }
      if reasons.contains(.employerRenamed) {
        add(.renameDocument, zh: "聘用单位更名：单位更名材料", en: "employer renamed: the renaming documents")
      }
    case .reregistration:
      add(.contract, zh: contractWhy.zh, en: contractWhy.en)
    }
    if timing?.needsContinuingEducation == true, let ce, ce.selfEnteredCounted > 0 {
      add(
        .ceCertificate, .recommended,
        zh: "继续教育证明：\(ce.selfEnteredCounted) 条继续教育记录为个人填写（非培训机构导入），建议上传相应证明",
        en:
          "continuing-education certificates: \(ce.selfEnteredCounted) records were entered by the applicant (not imported), so certificates should back them"
      )
    }
    return list
  }

  /// The stated requirements that no data field can show, where they apply.
  public static func notes(for app: Application, policy: RegistrationPolicy) -> [LocalizedText] {
    var notes: [LocalizedText] = []
    if app.kind == .change {
      notes.append(
        LocalizedText(
          zh: "领取新注册证书时，应带原注册证书", en: "bring the original registration certificate when collecting the new one"))
    }
    if let qualified = app.applicant.qualificationDate, qualified < policy.initialCutoverDate {
      notes.append(
        LocalizedText(
          zh: "\(policy.initialCutoverDate) 前（分专业考试实施前）取得资格证书，可按新的注册类别选择，限一次机会：请慎重选择 category",
          en:
            "the certificate predates \(policy.initialCutoverDate) (before the exam was split into specialities): the new-style registration category may be chosen once only, so choose the category with care"
        ))
    }
    return notes
  }
}
