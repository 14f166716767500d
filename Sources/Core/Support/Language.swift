/// The language of messages to people: a catalog in `templates/messages/` (`zh` and `en`
/// ship; a third is a third file). Reason codes are the same in every language.
public struct Language: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
  public let rawValue: String

  public static let zh = Language(code: "zh")
  public static let en = Language(code: "en")

  init(code: String) { rawValue = code }

  /// A language that has a catalog (Chinese and English always do).
  public init?(rawValue: String) {
    guard rawValue == "zh" || rawValue == "en" || MessageCatalogs.shipped.catalogs[rawValue] != nil else { return nil }
    self.rawValue = rawValue
  }

  /// Chinese, English, then any other catalog's language by code.
  public static var allCases: [Language] {
    [.zh, .en] + MessageCatalogs.shipped.catalogs.keys.filter { $0 != "zh" && $0 != "en" }.sorted().map(Language.init(code:))
  }

  public var description: String { rawValue }

  /// Whether `code` can name a language: lowercase letters, then at most `-` and more
  /// letters or digits (`zh`, `en`, `zh-hant`).
  static func isCode(_ code: String) -> Bool {
    let parts = code.split(separator: "-", omittingEmptySubsequences: false)
    return (1...2).contains(parts.count) && parts[0].count >= 2 && parts[0].count <= 8
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
  }

  /// The language a user's environment asks for: the language of the first of `LC_ALL`,
  /// `LC_MESSAGES` or `LANG` that is set (`en_GB.UTF-8` asks for `en`) when there is a
  /// catalog for it, Chinese otherwise.
  public static func fromEnvironment(_ environment: [String: String]) -> Language {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[key], !value.isEmpty {
        let code = value.lowercased().prefix { $0.isLetter }
        return Language(rawValue: String(code)) ?? .zh
      }
    }
    return .zh
  }
}

/// A message to people, in whichever language it is shown in: a catalog key with its
/// arguments, looked up when it is shown (`text(language)`), or a text the same in every
/// language (a name, a file, a number).
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
  indirect enum Content: Sendable, Hashable, Codable {
    /// A catalog key and its placeholders' values.
    case message(String, [String: Argument])
    /// A text the same in every language.
    case literal(String)
    /// Texts one after the other, with a separator between each two.
    case list([LocalizedText], separator: LocalizedText)
  }

  /// What fills a placeholder: a text the same in every language, or another message
  /// shown in the same language.
  public indirect enum Argument: Sendable, Hashable, Codable {
    case text(String)
    case localized(LocalizedText)
  }

  let content: Content

  /// The catalog's message `key`, its placeholders filled by `arguments`: a
  /// `LocalizedText` is shown in the message's language, anything else as Swift writes
  /// it in a string (`"\(value)"`).
  public init(_ key: String, _ arguments: KeyValuePairs<String, Any> = [:]) {
    var filled: [String: Argument] = [:]
    for (name, value) in arguments {
      filled[name] = (value as? LocalizedText).map(Argument.localized) ?? .text(String(describing: value))
    }
    content = .message(key, filled)
  }

  /// `items` one after the other, `separator` (a catalog's `、` or `, `) between them.
  public static func list(_ items: [LocalizedText], separator: LocalizedText) -> LocalizedText {
    LocalizedText(content: .list(items, separator: separator))
  }

  init(content: Content) { self.content = content }

  /// A text that is the same in every language (a file name, a number).
  public init(verbatim text: String) { content = .literal(text) }

  /// A catalog key with arguments already made (a table's rows name their key).
  public init(_ key: String, arguments: [String: Argument]) { content = .message(key, arguments) }

  public func callAsFunction(_ language: Language) -> String {
    switch content {
    case .literal(let text):
      return text
    case .list(let items, let separator):
      return items.map { $0(language) }.joined(separator: separator(language))
    case .message(let key, let arguments):
      func fill(_ name: String) -> String {
        switch arguments[name] {
        case .text(let text)?: text
        case .localized(let inner)?: inner(language)
        case nil: "{" + name + "}"
        }
      }
      return MessageCatalogs.shipped.render(key, language, fill) ?? key
    }
  }

  /// In Chinese.
  public var zh: String { self(.zh) }
  /// In English.
  public var en: String { self(.en) }

  public var description: String { zh }

  /// This text, then "did you mean …?" when there is a guess.
  public func suggesting(_ guess: String?) -> LocalizedText {
    guess.map { LocalizedText("core.didYouMean", ["text": self, "guess": $0]) } ?? self
  }

  /// Words one after the other, with the separator each language puts in a list.
  public static func list(_ words: [String]) -> LocalizedText {
    list(words.map(LocalizedText.init(verbatim:)), separator: LocalizedText("core.listSeparator"))
  }

  /// Joins two texts with the separator each language uses between sentences.
  public func appending(_ other: LocalizedText) -> LocalizedText {
    LocalizedText("core.sentences", ["first": self, "second": other])
  }
}
