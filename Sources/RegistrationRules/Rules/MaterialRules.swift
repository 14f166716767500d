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
    func add(_ m: MaterialType, _ why: LocalizedText, level: MaterialRequirement.Level = .required) {
      list.append(MaterialRequirement(material: m, level: level, why: why))
    }
    add(.photo, LocalizedText("materialRules.recentBareHeadedFrontalColour"))
    add(
      .form,
      LocalizedText("materialRules.theFormBothPagesPrinted", ["label": kind.label])
    )
    let contractWhy = LocalizedText("materialRules.laborContractOrEmploymentDocument")
    switch kind {
    case .initial:
      add(.contract, contractWhy)
      add(.idHandheld, LocalizedText("materialRules.aPhotoOfTheApplicant"))
    case .renewal:
      add(.contract, contractWhy)
      add(
        .statement, LocalizedText("materialRules.writtenStatementOfDutiesPerformed"))
    case .change:
      let reasons = app.change?.reasons ?? []
      if reasons.contains(.employer) {
        add(.contract, LocalizedText("materialRules.newEmployer", ["why": contractWhy]))
      }
      if reasons.contains(.employerRenamed) {
        add(.renameDocument, LocalizedText("materialRules.employerRenamedTheRenamingDocuments"))
      }
    case .reregistration:
      add(.contract, contractWhy)
    }
    if timing?.needsContinuingEducation == true, let ce, ce.selfEnteredCounted > 0 {
      add(
        .ceCertificate,
        LocalizedText("materialRules.continuingEducationCertificatesRecordsWere", ["selfEnteredCounted": ce.selfEnteredCounted]),
        level: .recommended)
    }
    return list
  }

  /// The stated requirements that no data field can show, where they apply.
  public static func notes(for app: Application, policy: RegistrationPolicy) -> [LocalizedText] {
    var notes: [LocalizedText] = []
    if app.kind == .change {
      notes.append(
        LocalizedText("materialRules.bringTheOriginalRegistrationCertificate"))
    }
    if let qualified = app.applicant.qualificationDate, qualified < policy.initialCutoverDate {
      notes.append(
        LocalizedText("materialRules.theCertificatePredatesBeforeThe", ["initialCutoverDate": policy.initialCutoverDate]))
    }
    return notes
  }
}
