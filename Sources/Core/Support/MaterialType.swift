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
    case .photo: LocalizedText("materialType.idPhoto")
    case .form: LocalizedText("materialType.applicationForm")
    case .contract: LocalizedText("materialType.laborContractOrEmploymentDocument")
    case .idHandheld: LocalizedText("materialType.photoHoldingOwnIDCard")
    case .statement: LocalizedText("materialType.writtenStatementOfDutiesPerformed")
    case .ceCertificate: LocalizedText("materialType.continuingEducationCertificate")
    case .renameDocument: LocalizedText("materialType.employerRenamingDocument")
    }
  }

  public static func < (a: MaterialType, b: MaterialType) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}
