import Core

/// What each data field is called on the form, for messages and for the form renderer.
public enum FieldLabels {
  static let table: [String: LocalizedText] = [
    "id": LocalizedText("fieldLabels.reference"),
    "kind": LocalizedText("fieldLabels.kindOfRegistration"),
    "applicationDate": LocalizedText("fieldLabels.applicationDate"),
    "category": LocalizedText("fieldLabels.registrationCategory"),
    "authority": LocalizedText("fieldLabels.initialReviewAuthority"),
    "photo": LocalizedText("fieldLabels.photo"),
    "applicant": LocalizedText("fieldLabels.applicant"),
    "employer": LocalizedText("fieldLabels.employer"),
    "applicant.name": LocalizedText("fieldLabels.name"),
    "applicant.gender": LocalizedText("fieldLabels.gender"),
    "applicant.birthDate": LocalizedText("fieldLabels.dateOfBirth"),
    "applicant.idType": LocalizedText("fieldLabels.idType"),
    "applicant.idNumber": LocalizedText("fieldLabels.idNumber"),
    "applicant.education": LocalizedText("fieldLabels.education"),
    "applicant.major": LocalizedText("fieldLabels.major"),
    "applicant.phone": LocalizedText("fieldLabels.phone"),
    "applicant.email": LocalizedText("fieldLabels.eMail"),
    "applicant.address": LocalizedText("fieldLabels.address"),
    "applicant.qualificationCertificateNo": LocalizedText("fieldLabels.qualificationCertificateNumber"),
    "applicant.qualificationDate": LocalizedText("fieldLabels.qualificationDate"),
    "applicant.registrationCertificateNo": LocalizedText("fieldLabels.registrationCertificateNumber"),
    "applicant.registrationExpiry": LocalizedText("fieldLabels.registrationValidUntil"),
    "applicant.registrationCancelled": LocalizedText("fieldLabels.cancellationDate"),
    "applicant.registeredEmployer": LocalizedText("fieldLabels.registeredEmployer"),
    "employer.name": LocalizedText("fieldLabels.employerName"),
    "employer.creditCode": LocalizedText("fieldLabels.unifiedSocialCreditCode"),
    "employer.nature": LocalizedText("fieldLabels.employerNature"),
    "employer.address": LocalizedText("fieldLabels.employerAddress"),
    "employer.contact": LocalizedText("fieldLabels.employerContact"),
    "employer.phone": LocalizedText("fieldLabels.employerPhone"),
    "employer.supervisor": LocalizedText("fieldLabels.supervisingBodyOrGroup"),
    "employer.province": LocalizedText("fieldLabels.province"),
    "workExperience": LocalizedText("fieldLabels.workHistory"),
    "workExperience.from": LocalizedText("fieldLabels.from"),
    "workExperience.to": LocalizedText("fieldLabels.to"),
    "workExperience.employer": LocalizedText("fieldLabels.employer2"),
    "workExperience.position": LocalizedText("fieldLabels.position"),
    "continuingEducation": LocalizedText("fieldLabels.continuingEducationRecords"),
    "continuingEducation.date": LocalizedText("fieldLabels.date"),
    "continuingEducation.provider": LocalizedText("fieldLabels.provider"),
    "continuingEducation.course": LocalizedText("fieldLabels.course"),
    "continuingEducation.hours": LocalizedText("fieldLabels.hours"),
    "change": LocalizedText("fieldLabels.change"),
    "change.previousEmployer": LocalizedText("fieldLabels.previousEmployer"),
    "change.previousCategory": LocalizedText("fieldLabels.previousCategory"),
    "change.reasons": LocalizedText("fieldLabels.whatChanges"),
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
    return LocalizedText("fieldLabels.labelAndPath", ["label": label, "path": path])(language)
  }
}
