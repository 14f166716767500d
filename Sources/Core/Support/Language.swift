/// The language of messages to people. Reason codes are the same in every language.
public enum Language: String, Sendable, CaseIterable, Codable {
  case zh
  case en

  /// The language a user's environment asks for: `en` when `LC_ALL`, `LC_MESSAGES` or
  /// `LANG` (the first one set) names an English locale, Chinese otherwise.
  public static func fromEnvironment(_ environment: [String: String]) -> Language {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[key], !value.isEmpty {
        return value.lowercased().hasPrefix("en") ? .en : .zh
      }
    }
    return .zh
  }
}

/// A message in every language we speak, built where the message is made so that the
/// library never has to look a message up again.
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  public func callAsFunction(_ language: Language) -> String {
    switch language {
    case .zh: zh
    case .en: en
    }
  }

  public var description: String { zh }

  /// Joins two texts with the separator each language uses between sentences.
  public func appending(_ other: LocalizedText) -> LocalizedText {
    LocalizedText(zh: zh + other.zh, en: en + " " + other.en)
  }
}
