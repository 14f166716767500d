import Core

/// An application for registration as read from its YAML or JSON file (DESIGN.md).
///
/// Every field is optional here: a missing or malformed value is `nil`, and the validator
/// reports it. `sourceLines` maps field paths to the line they were read from, so findings
/// can point at the file.
public struct Application: Sendable, Equatable {
  public var id: String?
  public var kind: RegistrationKind?
  public var applicationDate: CalendarDate?
  public var applicant = Applicant()
  public var category: RegistrationCategory?
  /// The initial-review authority (初审机构) the applicant chose.
  public var authority: String?
  public var employer = Employer()
  public var workExperience: [WorkPeriod] = []
  public var continuingEducation: [CERecord] = []
  public var change: ChangeRequest?
  /// Path of the ID photo to print in the form's photo box, relative to the file.
  public var photo: String?
  /// Material type → files, overriding the submission's name convention.
  public var materials: [MaterialType: [String]] = [:]
  /// Field path → line in the source file (YAML and JSON).
  public var sourceLines: [String: Int] = [:]
  /// For a spreadsheet row: field path → the column it was read from, as headed.
  public var sourceColumns: [String: LocalizedText] = [:]

  public init() {}
}

public struct Applicant: Sendable, Equatable {
  public var name: String?
  public var gender: Gender?
  public var birthDate: CalendarDate?
  public var idType: IDType?
  public var idNumber: String?
  public var education: String?
  public var major: String?
  public var phone: String?
  public var email: String?
  public var address: String?
  public var qualificationCertificateNo: String?
  public var qualificationDate: CalendarDate?
  public var registrationCertificateNo: String?
  public var registrationExpiry: CalendarDate?
  /// The day a registration was cancelled (注销), which allows re-registration before expiry.
  public var registrationCancelled: CalendarDate?
  /// The employer of the current registration (原聘用单位): a renewal stays with it.
  public var registeredEmployer: String?

  public init() {}
}

public struct Employer: Sendable, Equatable {
  public var name: String?
  /// Unified social credit code (统一社会信用代码, GB 32100).
  public var creditCode: String?
  /// Nature or attribute (单位性质/属性代码), as written on the form.
  public var nature: String?
  public var address: String?
  public var contact: String?
  public var phone: String?
  /// The body the employer answers to (主管部门 or 所属集团), used to suggest the authority.
  public var supervisor: String?
  /// The province, when neither the address nor the credit code says it.
  public var province: String?

  public init() {}
}

/// One row of safety-related work history. `to == nil` means ongoing (至今).
public struct WorkPeriod: Sendable, Equatable {
  public var from: YearMonth?
  public var to: YearMonth?
  public var employer: String?
  public var position: String?

  public init(from: YearMonth? = nil, to: YearMonth? = nil, employer: String? = nil, position: String? = nil) {
    self.from = from
    self.to = to
    self.employer = employer
    self.position = position
  }
}

/// Where a continuing-education record came from: imported from a training institution,
/// or typed in by the applicant (then a certificate should back it).
public enum CERecordSource: String, Vocabulary {
  case imported
  case selfEntered = "self"

  public var label: LocalizedText {
    switch self {
    case .imported: LocalizedText("application.importedFromTheTrainingInstitution")
    case .selfEntered: LocalizedText("application.enteredByTheApplicant")
    }
  }
}

/// One continuing-education record (继续教育记录).
public struct CERecord: Sendable, Equatable {
  public var date: CalendarDate?
  public var provider: String?
  public var course: String?
  public var hours: Double?
  public var source: CERecordSource = .selfEntered

  public init(
    date: CalendarDate? = nil, provider: String? = nil, course: String? = nil, hours: Double? = nil,
    source: CERecordSource = .selfEntered
  ) {
    self.date = date
    self.provider = provider
    self.course = course
    self.hours = hours
    self.source = source
  }
}

/// What a change of registration changes.
public struct ChangeRequest: Sendable, Equatable {
  public var previousEmployer: String?
  public var previousCategory: RegistrationCategory?
  public var reasons: [ChangeReason] = []

  public init(previousEmployer: String? = nil, previousCategory: RegistrationCategory? = nil, reasons: [ChangeReason] = []) {
    self.previousEmployer = previousEmployer
    self.previousCategory = previousCategory
    self.reasons = reasons
  }
}
