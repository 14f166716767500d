/// The types of uploaded material (DESIGN.md). Raw values are the contract.
public enum MaterialType: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  case photo
  case form
  case contract
  case idHandheld = "id_handheld"
  case statement
  case ceCertificate = "ce_certificate"
  case renameDocument = "rename_document"

  public var label: LocalizedText {
    switch self {
    case .photo: LocalizedText(zh: "证件照", en: "ID photo")
    case .form: LocalizedText(zh: "申请表", en: "application form")
    case .contract: LocalizedText(zh: "劳动合同或聘用文件", en: "labor contract or employment document")
    case .idHandheld: LocalizedText(zh: "手持身份证件照", en: "photo holding own ID card")
    case .statement: LocalizedText(zh: "履职情况书面陈述", en: "written statement of duties performed")
    case .ceCertificate: LocalizedText(zh: "继续教育证明", en: "continuing-education certificate")
    case .renameDocument: LocalizedText(zh: "单位更名材料", en: "employer renaming document")
    }
  }

  public static func < (a: MaterialType, b: MaterialType) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}
