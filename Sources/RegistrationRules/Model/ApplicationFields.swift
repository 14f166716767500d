import Core

/// Every field of the application format that a person types in, grouped as the form
/// groups them: its label, the kind of value it holds, an example, and the kinds of
/// registration it belongs to. A page or an editor builds its inputs from this (the
/// server's application page does, from `GET /api/v1/fields`), so that no field of the
/// format can be left out of it. `photo` and `materials` name files and are not here.
public enum ApplicationFields {
  /// The kind of value a field holds, as an input shows it.
  public enum ValueType: Sendable, Equatable {
    case text
    case date
    case month
    /// A month, or 至今 while it goes on.
    case monthOrPresent
    case number
    /// One value of the named vocabulary.
    case choice(String)
    /// Any number of values of the named vocabulary.
    case choices(String)
  }

  public struct Field: Sendable {
    /// The key inside its section (`idNumber`), or the whole path for top-level keys.
    public var key: String
    public var type: ValueType
    public var example: String
    /// The kinds of registration it belongs to; empty means every kind.
    public var kinds: [RegistrationKind]

    init(_ key: String, _ type: ValueType = .text, _ example: String = "", kinds: [RegistrationKind] = []) {
      self.key = key
      self.type = type
      self.example = example
      self.kinds = kinds
    }
  }

  public struct Section: Sendable {
    /// The key of the mapping or list the fields sit in; empty for the top level.
    public var key: String
    /// True for a list of items (work periods, CE records), each holding `fields`.
    public var repeated: Bool
    public var fields: [Field]
    public var kinds: [RegistrationKind]
    public var label: LocalizedText

    /// The path of `field` in the data, for an item at `index` of a repeated section.
    public func path(_ field: Field, index: Int? = nil) -> String {
      if key.isEmpty { return field.key }
      if let index { return "\(key)[\(index)].\(field.key)" }
      return "\(key).\(field.key)"
    }
  }

  static let continuing: [RegistrationKind] = [.renewal, .change, .reregistration]

  /// The example applicant's value, as the hint of the field that holds it; the fields the
  /// example leaves empty (and the work periods, whose hint shows 至今) have hints of
  /// their own.
  static func example(_ path: String) -> String { ExampleApplication.value(path) }
  static func firstPeriod(_ key: String) -> String { ExampleApplication.workExperience.first?[key] ?? "" }

  public static let sections: [Section] = [
    Section(
      key: "", repeated: false,
      fields: [
        Field("kind", .choice("kind")), Field("category", .choice("category")), Field("id", .text, example("id")),
        Field("applicationDate", .date, example("applicationDate")), Field("authority", .text, example("authority")),
      ], kinds: [], label: LocalizedText("applicationFields.application")),
    Section(
      key: "applicant", repeated: false,
      fields: [
        Field("name", .text, example("applicant.name")), Field("gender", .choice("gender")),
        Field("birthDate", .date, example("applicant.birthDate")),
        Field("idType", .choice("idType")), Field("idNumber", .text, example("applicant.idNumber")),
        Field("education", .text, example("applicant.education")), Field("major", .text, example("applicant.major")),
        Field("phone", .text, example("applicant.phone")),
        Field("email", .text, example("applicant.email")), Field("address", .text, example("applicant.address")),
        Field("qualificationCertificateNo", .text, example("applicant.qualificationCertificateNo")),
        Field("qualificationDate", .date, example("applicant.qualificationDate")),
        Field("registrationCertificateNo", .text, "1101201700123", kinds: continuing),
        Field("registrationExpiry", .date, "2027-01-31", kinds: continuing),
        Field("registrationCancelled", .date, "2025-01-10", kinds: [.reregistration]),
        Field("registeredEmployer", .text, "中国石化北京燕山分公司", kinds: [.renewal]),
      ], kinds: [], label: FieldLabels.table["applicant"] ?? LocalizedText("applicationFields.applicant")),
    Section(
      key: "employer", repeated: false,
      fields: [
        Field("name", .text, example("employer.name")), Field("creditCode", .text, example("employer.creditCode")),
        Field("nature", .text, example("employer.nature")), Field("address", .text, example("employer.address")),
        Field("contact", .text, example("employer.contact")),
        Field("phone", .text, example("employer.phone")), Field("supervisor", .text, "中国石油化工集团有限公司"),
        Field("province", .text, "北京市"),
      ], kinds: [], label: FieldLabels.table["employer"] ?? LocalizedText("applicationFields.employer")),
    Section(
      key: "change", repeated: false,
      fields: [
        Field("reasons", .choices("changeReason")), Field("previousEmployer", .text, "深圳市安泰建设工程有限公司"),
        Field("previousCategory", .choice("category")),
      ], kinds: [.change], label: FieldLabels.table["change"] ?? LocalizedText("applicationFields.change")),
    Section(
      key: "workExperience", repeated: true,
      fields: [
        Field("from", .month, firstPeriod("from")), Field("to", .monthOrPresent, "至今"),
        Field("employer", .text, firstPeriod("employer")), Field("position", .text, firstPeriod("position")),
      ], kinds: [],
      label: FieldLabels.table["workExperience"] ?? LocalizedText("applicationFields.workHistory")),
    Section(
      key: "continuingEducation", repeated: true,
      fields: [
        Field("date", .date, "2025-06-10"), Field("provider", .text, "山西省安全生产培训中心"),
        Field("course", .text, "瓦斯防治技术"), Field("hours", .number, "16"), Field("source", .choice("ceSource")),
      ], kinds: [],
      label: FieldLabels.table["continuingEducation"] ?? LocalizedText("applicationFields.continuingEducationRecords")),
  ]

  /// The label of a field, as messages name it; `source` has none in the label table.
  static func label(_ section: Section, _ field: Field) -> LocalizedText {
    let generic = section.key.isEmpty ? field.key : "\(section.key).\(field.key)"
    if generic == "continuingEducation.source" { return LocalizedText("applicationFields.source") }
    return FieldLabels.table[generic] ?? LocalizedText(verbatim: generic)
  }

  static func vocabulary<V: Vocabulary>(_ type: V.Type) -> JSONValue {
    .array(
      V.allCases.map { value in
        .fields(
          [("code", .string(value.rawValue))] + inEveryLanguage(value.label) + [
            ("aliases", .array(value.aliases.map { .string($0) }))
          ])
      })
  }

  /// A text in each language there is a catalog for, keyed by its code (zh and en first).
  static func inEveryLanguage(_ text: LocalizedText) -> [(String, JSONValue?)] {
    Language.allCases.map { ($0.rawValue, .string(text($0))) }
  }

  /// The sections, their fields and the vocabularies, as JSON (in a fixed order).
  public static func json() -> JSONValue {
    func kinds(_ list: [RegistrationKind]) -> JSONValue? {
      list.isEmpty ? nil : .array(list.map { .string($0.rawValue) })
    }
    func type(_ t: ValueType) -> [(String, JSONValue?)] {
      switch t {
      case .text: [("type", .string("text"))]
      case .date: [("type", .string("date"))]
      case .month: [("type", .string("month"))]
      case .monthOrPresent: [("type", .string("monthOrPresent"))]
      case .number: [("type", .string("number"))]
      case .choice(let name): [("type", .string("choice")), ("vocabulary", .string(name))]
      case .choices(let name): [("type", .string("choices")), ("vocabulary", .string(name))]
      }
    }
    let sectionList: [JSONValue] = sections.map { section in
      .fields([
        ("key", .string(section.key)), ("repeated", .bool(section.repeated)),
        ("label", .fields(inEveryLanguage(section.label))),
        ("kinds", kinds(section.kinds)),
        (
          "fields",
          .array(
            section.fields.map { field in
              let label = label(section, field)
              return .fields(
                [
                  ("key", .string(field.key)),
                  ("label", .fields(inEveryLanguage(label))),
                ] + type(field.type) + [
                  ("example", field.example.isEmpty ? nil : .string(field.example)), ("kinds", kinds(field.kinds)),
                ])
            })
        ),
      ])
    }
    return .fields([
      ("sections", .array(sectionList)),
      (
        "vocabularies",
        .fields([
          ("kind", vocabulary(RegistrationKind.self)), ("category", vocabulary(RegistrationCategory.self)),
          ("gender", vocabulary(Gender.self)), ("idType", vocabulary(IDType.self)),
          ("changeReason", vocabulary(ChangeReason.self)), ("ceSource", vocabulary(CERecordSource.self)),
          ("material", vocabulary(MaterialType.self)),
        ])
      ),
    ])
  }
}
