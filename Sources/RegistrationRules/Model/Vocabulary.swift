import Core

/// A closed set of values written in data files by a code (`initial`) and shown to people
/// by a label (初始注册). Files may use either; the code is what we write back.
public protocol Vocabulary: RawRepresentable<String>, CaseIterable, Sendable, Hashable, Codable {
  var label: LocalizedText { get }
  /// Other names people use for a value (a short form, a former name).
  var aliases: [String] { get }
}

extension Vocabulary {
  /// The value named by `text`: its code (any case) or its Chinese or English label.
  public static func named(_ text: String) -> Self? {
    let t = text.trimmingCharacters(in: .whitespaces)
    let lower = t.lowercased()
    return allCases.first {
      $0.rawValue == lower || $0.label.zh == t || $0.label.en.lowercased() == lower
        || $0.aliases.contains(t)
    }
  }

  public var aliases: [String] { [] }

  /// The codes, for messages that list what is allowed (`initial | renewal | …`).
  public static var codeList: String { allCases.map(\.rawValue).joined(separator: " | ") }
}

/// The four kinds of registration (注册种类).
public enum RegistrationKind: String, Vocabulary {
  case initial
  case renewal
  case change
  case reregistration

  public var label: LocalizedText {
    switch self {
    case .initial: LocalizedText("vocabulary.initialRegistration")
    case .renewal: LocalizedText("vocabulary.renewal")
    case .change: LocalizedText("vocabulary.changeOfRegistration")
    case .reregistration: LocalizedText("vocabulary.reRegistration")
    }
  }

  /// Kinds that continue an existing registration and so carry its number and expiry.
  public var hasCurrentRegistration: Bool { self != .initial }
}

/// Registration categories (注册类别).
public enum RegistrationCategory: String, Vocabulary {
  case coalMining = "coal_mining"
  case metalNonmetalMining = "metal_nonmetal_mining"
  case chemical
  case metalSmelting = "metal_smelting"
  case construction
  case roadTransport = "road_transport"
  case other

  public var label: LocalizedText {
    switch self {
    case .coalMining: LocalizedText("vocabulary.coalMiningSafety")
    case .metalNonmetalMining: LocalizedText("vocabulary.metalAndNonMetalMining")
    case .chemical: LocalizedText("vocabulary.chemicalSafety")
    case .metalSmelting: LocalizedText("vocabulary.metalSmeltingSafety")
    case .construction: LocalizedText("vocabulary.constructionSafety")
    case .roadTransport: LocalizedText("vocabulary.roadTransportSafety")
    case .other: LocalizedText("vocabulary.otherSafetyFireSafetyExcluded")
    }
  }

  public var aliases: [String] { self == .other ? ["其他安全"] : [] }
}

public enum Gender: String, Vocabulary {
  case male
  case female

  public var label: LocalizedText {
    switch self {
    case .male: LocalizedText("vocabulary.male")
    case .female: LocalizedText("vocabulary.female")
    }
  }
}

/// The identity document the applicant registers with (证件类型).
public enum IDType: String, Vocabulary {
  case residentID = "resident_id"
  case passport
  case hkMacaoPermit = "hk_macao_permit"
  case taiwanPermit = "taiwan_permit"
  case foreignPermanentID = "foreign_permanent_id"

  public var label: LocalizedText {
    switch self {
    case .residentID: LocalizedText("vocabulary.residentIDCard")
    case .passport: LocalizedText("vocabulary.passport")
    case .hkMacaoPermit: LocalizedText("vocabulary.mainlandTravelPermitForHK")
    case .taiwanPermit: LocalizedText("vocabulary.mainlandTravelPermitForTaiwan")
    case .foreignPermanentID: LocalizedText("vocabulary.foreignPermanentResidentIDCard")
    }
  }

  public var aliases: [String] { self == .residentID ? ["身份证"] : [] }
}

/// Why a change of registration is filed (变更事项).
public enum ChangeReason: String, Vocabulary {
  case employer
  case category
  case employerRenamed = "employer_renamed"

  public var label: LocalizedText {
    switch self {
    case .employer: LocalizedText("vocabulary.newEmployer")
    case .category: LocalizedText("vocabulary.newRegistrationCategory")
    case .employerRenamed: LocalizedText("vocabulary.employerRenamed")
    }
  }
}

// `MaterialType` (Core: findings name the material they are about) is a vocabulary of
// the data format's `materials:` keys and the policy's.
extension MaterialType: Vocabulary {}
