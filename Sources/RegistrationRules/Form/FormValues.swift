import Core

/// The text a form shows for each field of an application, formatted as on Chinese forms
/// (dates `1988年4月12日`, categories by name, 男/女). A blank form has no values.
public struct FormValues: Sendable, Equatable {
  public var fields: [String: String] = [:]
  /// Set-valued fields (tick boxes), such as `change.reasons`.
  public var checks: [String: Set<String>] = [:]
  /// Repeated rows per source (`workExperience`), each a field → text map.
  public var rows: [String: [[String: String]]] = [:]
  /// Who the form is for, for the PDF title and messages.
  public var applicantName: String?

  /// A blank form: no applicant data, only what the policy says (the hours required).
  public static func blank(policy: Policy) -> FormValues {
    var values = FormValues()
    values.fields["continuingEducation.required"] = "\(Measure(policy.registration.ceHoursPerPeriod)) 学时"
    return values
  }

  /// Fields a template may bind to.
  public static let knownFields: Set<String> = [
    "id", "kind", "applicationDate", "authority", "category",
    "applicant.name", "applicant.gender", "applicant.birthDate", "applicant.idType", "applicant.idNumber",
    "applicant.education", "applicant.major", "applicant.phone", "applicant.email", "applicant.address",
    "applicant.qualificationCertificateNo", "applicant.qualificationDate", "applicant.registrationCertificateNo",
    "applicant.registrationExpiry", "employer.name", "employer.creditCode", "employer.nature", "employer.address",
    "employer.contact", "employer.phone", "change.previousEmployer", "change.previousCategory", "change.newEmployer",
    "change.newCategory", "continuingEducation.total", "continuingEducation.required",
  ]
  public static let knownChecks: Set<String> = ["change.reasons"]
  public static let knownRows: [String: [String]] = [
    "workExperience": ["period", "employer", "position"],
    "continuingEducation": ["date", "provider", "course", "hours"],
  ]

  public init() {}

  public init(_ app: Application, policy: Policy) {
    let a = app.applicant, e = app.employer
    func set(_ key: String, _ value: String?) {
      if let value, !value.isEmpty { fields[key] = value }
    }
    applicantName = a.name
    set("id", app.id)
    set("kind", app.kind?.label.zh)
    set("applicationDate", app.applicationDate?.chinese)
    set("authority", app.authority)
    set("category", app.category?.label.zh)
    set("applicant.name", a.name)
    set("applicant.gender", a.gender?.label.zh)
    set("applicant.birthDate", a.birthDate?.chinese)
    set("applicant.idType", (a.idType ?? .residentID).label.zh)
    set("applicant.idNumber", a.idNumber?.uppercased())
    set("applicant.education", a.education)
    set("applicant.major", a.major)
    set("applicant.phone", a.phone)
    set("applicant.email", a.email)
    set("applicant.address", a.address)
    set("applicant.qualificationCertificateNo", a.qualificationCertificateNo)
    set("applicant.qualificationDate", a.qualificationDate?.chinese)
    set("applicant.registrationCertificateNo", a.registrationCertificateNo)
    set("applicant.registrationExpiry", a.registrationExpiry?.chinese)
    set("employer.name", e.name)
    set("employer.creditCode", e.creditCode?.uppercased())
    set("employer.nature", e.nature)
    set("employer.address", e.address)
    set("employer.contact", e.contact)
    set("employer.phone", e.phone)
    if let change = app.change {
      set("change.previousEmployer", change.previousEmployer)
      set("change.previousCategory", change.previousCategory?.label.zh)
      set("change.newEmployer", e.name)
      set("change.newCategory", app.category?.label.zh)
      checks["change.reasons"] = Set(change.reasons.map(\.rawValue))
    }
    rows["workExperience"] = app.workExperience.map { p in
      let from = p.from.map(Self.compact) ?? ""
      let to = p.to.map(Self.compact) ?? "至今"
      return ["period": from.isEmpty ? "" : "\(from)—\(to)", "employer": p.employer ?? "", "position": p.position ?? ""]
    }
    rows["continuingEducation"] = app.continuingEducation.map { r in
      [
        "date": r.date.map(Self.compact) ?? "", "provider": r.provider ?? "", "course": r.course ?? "",
        "hours": r.hours.map { Measure($0).description } ?? "",
      ]
    }
    if !app.continuingEducation.isEmpty {
      let total = app.continuingEducation.compactMap(\.hours).reduce(0, +)
      set("continuingEducation.total", "\(Measure(total)) 学时")
    }
    set("continuingEducation.required", "\(Measure(policy.registration.ceHoursPerPeriod)) 学时")
  }

  /// `2015.07`, as dates are written in the narrow columns of a form's tables.
  static func compact(_ m: YearMonth) -> String { "\(m.year).\(m.month < 10 ? "0" : "")\(m.month)" }

  static func compact(_ d: CalendarDate) -> String {
    "\(d.year).\(d.month < 10 ? "0" : "")\(d.month).\(d.day < 10 ? "0" : "")\(d.day)"
  }
}
