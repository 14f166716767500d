import Core
import DocumentParsing
import Foundation

/// An application read from a file, with what reading it found: malformed fields
/// (`INVALID_FIELD` errors) and unknown keys (`UNKNOWN_FIELD` warnings).
public struct LoadedApplication: Sendable {
  public var application: Application
  public var findings: [Finding]
  /// The file it was read from, as given.
  public var file: String
  /// Keys that look like a known key misspelt (`employeer:`); the assessor reports each
  /// once, as the cause of what its absence leaves missing.
  public var misspellings: [Misspelling] = []

  public init(application: Application, findings: [Finding], file: String, misspellings: [Misspelling] = []) {
    self.application = application
    self.findings = findings
    self.file = file
    self.misspellings = misspellings
  }
}

/// A key in the data that is not known but close to one that is, and absent.
public struct Misspelling: Sendable, Hashable {
  /// The key as written (`employeer`).
  public var given: String
  /// The full path of the key it stands for (`employer`, `applicant.name`).
  public var intended: String
  public var line: Int?
}

/// Reads application files (YAML or JSON, the same keys; DESIGN.md).
public enum ApplicationLoader {
  static let topKeys = [
    "id", "kind", "applicationDate", "applicant", "category", "authority", "employer",
    "workExperience", "continuingEducation", "change", "photo", "materials",
  ]
  static let applicantKeys = [
    "name", "gender", "birthDate", "idType", "idNumber", "education", "major", "phone", "email",
    "address", "qualificationCertificateNo", "qualificationDate", "registrationCertificateNo",
    "registrationExpiry", "registrationCancelled", "registeredEmployer",
  ]
  static let employerKeys = ["name", "creditCode", "nature", "address", "contact", "phone", "supervisor", "province"]
  static let workKeys = ["from", "to", "employer", "position"]
  static let ceKeys = ["date", "provider", "course", "hours", "source"]
  static let changeKeys = ["previousEmployer", "previousCategory", "reasons"]

  /// Reads the file at `path`.
  /// - Throws: `DocumentSyntaxError` when the file cannot be read or is not YAML/JSON at
  ///   all; field problems are findings, not errors.
  public static func load(path: String, limits: DocumentLimits = DocumentLimits()) throws(DocumentSyntaxError)
    -> LoadedApplication
  {
    let bytes = try DocumentReader.readFile(path, limit: limits.maxBytes)
    return try parse(bytes, file: path, limits: limits)
  }

  public static func parse(_ bytes: [UInt8], file: String, limits: DocumentLimits = DocumentLimits()) throws(DocumentSyntaxError)
    -> LoadedApplication
  {
    let root = try DocumentReader.read(bytes, file: file, limits: limits)
    guard case .mapping = root.value else { throw notAMapping(root, file: file) }
    var r = FieldReader()
    let application = decode(root, &r)
    return LoadedApplication(application: application, findings: r.findings, file: file, misspellings: r.misspellings)
  }

  /// Why a document that is not a mapping cannot be an application.
  public static func notAMapping(_ root: DocumentNode, file: String) -> DocumentSyntaxError {
    DocumentSyntaxError(
      file: file, line: root.line,
      problem: LocalizedText("applicationLoader.applicationDataMustBeA", ["kindName": root.kindName]))
  }

  /// An application from a tree built elsewhere (a spreadsheet row), as if read from a
  /// file: the same keys, the same findings.
  public static func load(root: DocumentNode, file: String) -> LoadedApplication {
    var r = FieldReader()
    let application = decode(root, &r)
    return LoadedApplication(application: application, findings: r.findings, file: file, misspellings: r.misspellings)
  }

  static func decode(_ root: DocumentNode, _ r: inout FieldReader) -> Application {
    var app = Application()
    let top = r.mapping(root, path: "", known: topKeys)
    app.id = r.text(top["id"], path: "id")
    app.kind = r.vocabulary(top["kind"], path: "kind")
    app.applicationDate = r.date(top["applicationDate"], path: "applicationDate")
    app.category = r.vocabulary(top["category"], path: "category")
    app.authority = r.text(top["authority"], path: "authority")
    app.photo = r.text(top["photo"], path: "photo")

    let a = r.mapping(top["applicant"], path: "applicant", known: applicantKeys)
    func text(_ key: String) -> String? { r.text(a[key], path: "applicant.\(key)") }
    app.applicant.name = text("name")
    app.applicant.gender = r.vocabulary(a["gender"], path: "applicant.gender")
    app.applicant.birthDate = r.date(a["birthDate"], path: "applicant.birthDate")
    app.applicant.idType = r.vocabulary(a["idType"], path: "applicant.idType")
    app.applicant.idNumber = r.typedNumber(a["idNumber"], path: "applicant.idNumber")
    app.applicant.education = text("education")
    app.applicant.major = text("major")
    app.applicant.phone = r.typedNumber(a["phone"], path: "applicant.phone", spacesAreUsual: true)
    app.applicant.email = text("email")
    app.applicant.address = text("address")
    app.applicant.qualificationCertificateNo = text("qualificationCertificateNo")
    app.applicant.qualificationDate = r.date(a["qualificationDate"], path: "applicant.qualificationDate")
    app.applicant.registrationCertificateNo = text("registrationCertificateNo")
    app.applicant.registrationExpiry = r.date(a["registrationExpiry"], path: "applicant.registrationExpiry")
    app.applicant.registrationCancelled = r.date(a["registrationCancelled"], path: "applicant.registrationCancelled")
    app.applicant.registeredEmployer = text("registeredEmployer")

    let e = r.mapping(top["employer"], path: "employer", known: employerKeys)
    app.employer.name = r.text(e["name"], path: "employer.name")
    app.employer.creditCode = r.typedNumber(e["creditCode"], path: "employer.creditCode")
    app.employer.nature = r.text(e["nature"], path: "employer.nature")
    app.employer.address = r.text(e["address"], path: "employer.address")
    app.employer.contact = r.text(e["contact"], path: "employer.contact")
    app.employer.phone = r.typedNumber(e["phone"], path: "employer.phone", spacesAreUsual: true)
    app.employer.supervisor = r.text(e["supervisor"], path: "employer.supervisor")
    app.employer.province = r.text(e["province"], path: "employer.province")

    for (i, node) in r.list(top["workExperience"], path: "workExperience").enumerated() {
      let p = "workExperience[\(i)]"
      let w = r.mapping(node, path: p, known: workKeys)
      var ongoing = false
      var period = WorkPeriod()
      period.from = r.month(w["from"], path: "\(p).from", ongoing: &ongoing)
      if ongoing, let node = w["from"], node.text?.isEmpty == false {
        // "至今" ends a period; it cannot start one. A missing start is the validator's.
        r.invalid("\(p).from", node, LocalizedText("applicationLoader.aStartMonthCannotBe"))
      }
      period.to = r.month(w["to"], path: "\(p).to", ongoing: &ongoing)
      period.employer = r.text(w["employer"], path: "\(p).employer")
      period.position = r.text(w["position"], path: "\(p).position")
      app.workExperience.append(period)
    }

    for (i, node) in r.list(top["continuingEducation"], path: "continuingEducation").enumerated() {
      let p = "continuingEducation[\(i)]"
      let c = r.mapping(node, path: p, known: ceKeys)
      var record = CERecord()
      record.date = r.date(c["date"], path: "\(p).date")
      record.provider = r.text(c["provider"], path: "\(p).provider")
      record.course = r.text(c["course"], path: "\(p).course")
      record.hours = r.number(c["hours"], path: "\(p).hours")
      record.source = r.vocabulary(c["source"], path: "\(p).source") ?? .selfEntered
      app.continuingEducation.append(record)
    }

    if let node = top["change"], !node.isNull {
      let c = r.mapping(node, path: "change", known: changeKeys)
      var change = ChangeRequest()
      change.previousEmployer = r.text(c["previousEmployer"], path: "change.previousEmployer")
      change.previousCategory = r.vocabulary(c["previousCategory"], path: "change.previousCategory")
      let reasonNodes: [DocumentNode]
      if let single = c["reasons"], single.text != nil {
        reasonNodes = [single]  // `reasons: employer` is clearly meant as a list of one
        r.record("change.reasons", single.line)
      } else {
        reasonNodes = r.list(c["reasons"], path: "change.reasons")
      }
      for (i, reason) in reasonNodes.enumerated() {
        if let value: ChangeReason = r.vocabulary(reason, path: "change.reasons[\(i)]"), !change.reasons.contains(value) {
          change.reasons.append(value)
        }
      }
      app.change = change
    }

    let m = r.mapping(top["materials"], path: "materials", known: MaterialType.allCases.map(\.rawValue))
    for type in MaterialType.allCases {
      guard let node = m[type.rawValue] else { continue }
      let p = "materials.\(type.rawValue)"
      let files: [String]
      if node.text != nil {
        files = [r.text(node, path: p)].compactMap { $0 }
      } else {
        files = r.list(node, path: p).enumerated().compactMap { r.text($1, path: "\(p)[\($0)]") }
      }
      if !files.isEmpty { app.materials[type] = files }
    }

    app.sourceLines = r.lines
    return app
  }
}
