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
    case .initial: LocalizedText(zh: "初始注册", en: "initial registration")
    case .renewal: LocalizedText(zh: "延续注册", en: "renewal")
    case .change: LocalizedText(zh: "变更注册", en: "change of registration")
    case .reregistration: LocalizedText(zh: "重新注册", en: "re-registration")
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
    case .coalMining: LocalizedText(zh: "煤矿安全", en: "coal mining safety")
    case .metalNonmetalMining: LocalizedText(zh: "金属非金属矿山安全", en: "metal and non-metal mining safety")
    case .chemical: LocalizedText(zh: "化工安全", en: "chemical safety")
    case .metalSmelting: LocalizedText(zh: "金属冶炼安全", en: "metal smelting safety")
    case .construction: LocalizedText(zh: "建筑施工安全", en: "construction safety")
    case .roadTransport: LocalizedText(zh: "道路运输安全", en: "road transport safety")
    case .other: LocalizedText(zh: "其他安全（不包括消防安全）", en: "other safety (fire safety excluded)")
    }
  }

  public var aliases: [String] { self == .other ? ["其他安全"] : [] }
}

public enum Gender: String, Vocabulary {
  case male
  case female

  public var label: LocalizedText {
    switch self {
    case .male: LocalizedText(zh: "男", en: "male")
    case .female: LocalizedText(zh: "女", en: "female")
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
    case .residentID: LocalizedText(zh: "居民身份证", en: "resident ID card")
    case .passport: LocalizedText(zh: "护照", en: "passport")
    case .hkMacaoPermit: LocalizedText(zh: "港澳居民来往内地通行证", en: "Mainland travel permit for HK/Macao residents")
    case .taiwanPermit: LocalizedText(zh: "台湾居民来往大陆通行证", en: "Mainland travel permit for Taiwan residents")
    case .foreignPermanentID: LocalizedText(zh: "外国人永久居留身份证", en: "foreign permanent resident ID card")
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
    case .employer: LocalizedText(zh: "变更聘用单位", en: "new employer")
    case .category: LocalizedText(zh: "变更注册类别", en: "new registration category")
    case .employerRenamed: LocalizedText(zh: "聘用单位更名", en: "employer renamed")
    }
  }
}

// `MaterialType` (Core: findings name the material they are about) is a vocabulary of
// the data format's `materials:` keys and the policy's.
extension MaterialType: Vocabulary {}
