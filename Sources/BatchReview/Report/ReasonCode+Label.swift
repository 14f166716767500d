import Core
import RegistrationRules

extension ReasonCode {
  /// A few words for the reviewer's chart and filter.
  public var shortLabel: LocalizedText {
    switch self {
    case .missingMaterial: LocalizedText("reasonCodeLabel.missingMaterial")
    case .unsupportedFormat: LocalizedText("reasonCodeLabel.unsupportedFormat")
    case .corruptFile: LocalizedText("reasonCodeLabel.corruptFile")
    case .fileTooLarge: LocalizedText("reasonCodeLabel.fileTooLarge")
    case .fileTooSmall: LocalizedText("reasonCodeLabel.fileTooSmall")
    case .imageTooLarge: LocalizedText("reasonCodeLabel.tooManyPixels")
    case .resolutionTooLow: LocalizedText("reasonCodeLabel.resolutionTooLow")
    case .photoDimensions: LocalizedText("reasonCodeLabel.photoDimensions")
    case .photoNotColor: LocalizedText("reasonCodeLabel.photoNotColour")
    case .photoBackground: LocalizedText("reasonCodeLabel.photoBackground")
    case .blurry: LocalizedText("reasonCodeLabel.blurry")
    case .tooDark: LocalizedText("reasonCodeLabel.tooDark")
    case .tooBright: LocalizedText("reasonCodeLabel.tooBright")
    case .lowContrast: LocalizedText("reasonCodeLabel.lowContrast")
    case .formPages: LocalizedText("reasonCodeLabel.formPages")
    case .invalidField: LocalizedText("reasonCodeLabel.invalidField")
    case .deadline: LocalizedText("reasonCodeLabel.deadline")
    case .ceHours: LocalizedText("reasonCodeLabel.ceHours")
    case .kindNotAllowed: LocalizedText("reasonCodeLabel.kindNotAllowed")
    case .badSubmission: LocalizedText("reasonCodeLabel.badSubmission")
    case .unknownField: LocalizedText("reasonCodeLabel.unknownField")
    case .authorityMismatch: LocalizedText("reasonCodeLabel.authorityMismatch")
    case .earlyRenewal: LocalizedText("reasonCodeLabel.earlyRenewal")
    case .ceCertificateRecommended: LocalizedText("reasonCodeLabel.ceCertificatesAdvised")
    case .unsafePath: LocalizedText("reasonCodeLabel.unsafePath")
    case .unusedFile: LocalizedText("reasonCodeLabel.unusedFile")
    case .extensionMismatch: LocalizedText("reasonCodeLabel.extensionMismatch")
    case .checkFailed: LocalizedText("reasonCodeLabel.checkFailed")
    case .notEligible: LocalizedText("reasonCodeLabel.notEligible")
    case .formMismatch: LocalizedText("reasonCodeLabel.formMismatch")
    case .qrUnreadable: LocalizedText("reasonCodeLabel.qrUnreadable")
    case .signatureMissing: LocalizedText("reasonCodeLabel.signatureMissing")
    case .sealMissing: LocalizedText("reasonCodeLabel.sealMissing")
    case .noFace: LocalizedText("reasonCodeLabel.noFace")
    case .multipleFaces: LocalizedText("reasonCodeLabel.severalFaces")
    case .facePose: LocalizedText("reasonCodeLabel.facePose")
    case .faceFraming: LocalizedText("reasonCodeLabel.faceFraming")
    case .eyesNotVisible: LocalizedText("reasonCodeLabel.eyesNotVisible")
    case .noIDCard: LocalizedText("reasonCodeLabel.noIDCard")
    case .photoMismatch: LocalizedText("reasonCodeLabel.photoMismatch")
    case .contentMismatch: LocalizedText("reasonCodeLabel.contentNamesSomeoneElse")
    case .contentNotFound: LocalizedText("reasonCodeLabel.contentNotFound")
    case .sealNameMismatch: LocalizedText("reasonCodeLabel.sealOfAnotherOrganisationOr")
    case .sealUnreadable: LocalizedText("reasonCodeLabel.sealUnreadable")
    }
  }
}
