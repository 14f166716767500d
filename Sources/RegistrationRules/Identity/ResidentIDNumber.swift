import Core

/// The 18-character resident identity number (公民身份号码, GB 11643-1999): a 6-digit
/// region code, the birth date `YYYYMMDD`, a 3-digit sequence whose last digit is odd for
/// men and even for women, and an ISO 7064 MOD 11-2 check character (0–9 or X).
public struct ResidentIDNumber: Sendable, Equatable {
  public let number: String
  public let regionCode: String
  public let birthDate: CalendarDate
  public let gender: Gender

  /// Weights of the first 17 digits for the MOD 11-2 check (2^(17-i) mod 11).
  static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

  /// First two digits that name a province-level region (GB/T 2260), plus 71 (Taiwan),
  /// 81/82 (Hong Kong/Macao) and 83 (Taiwan residence permits), which also occur.
  static let provinceCodes: Set<String> = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
  ]

  /// What is wrong with a number, precise enough to tell the applicant what to fix.
  public enum Problem: Sendable, Equatable, Error {
    case wrongLength(Int)
    case notDigits(position: Int, character: Character)
    /// An old 15-digit number; `upgraded` is its 18-digit form.
    case fifteenDigit(upgraded: String)
    case unknownRegion(String)
    case invalidBirthDate(String)
    case checksum(expected: Character, found: Character)
  }

  /// The MOD 11-2 check character for the first 17 digits.
  public static func checkCharacter(for first17: some Collection<Character>) -> Character? {
    let digits = first17.compactMap(\.wholeNumberValue)
    guard first17.count == 17, digits.count == 17, first17.allSatisfy(\.isASCII) else { return nil }
    let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return checkCharacters[sum % 11]
  }

  /// The 18-digit form of an old 15-digit number: the year gains "19" and a check character.
  public static func upgrade(fifteen: String) -> String? {
    guard fifteen.count == 15, fifteen.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    let first17 = fifteen.prefix(6) + "19" + fifteen.dropFirst(6)
    guard let check = checkCharacter(for: first17) else { return nil }
    return first17 + String(check)
  }

  /// Parses and checks a number. A lower-case `x` is accepted as `X`.
  public static func parse(_ raw: String) -> Result<ResidentIDNumber, Problem> {
    let text = raw.uppercased()
    if text.count == 15, let upgraded = upgrade(fifteen: text) { return .failure(.fifteenDigit(upgraded: upgraded)) }
    guard text.count == 18 else { return .failure(.wrongLength(text.count)) }
    let chars = Array(text)
    for (i, ch) in chars.enumerated() where !(ch.isASCII && ch.isNumber) && !(i == 17 && ch == "X") {
      return .failure(.notDigits(position: i + 1, character: ch))
    }
    let region = String(chars[0..<6])
    guard provinceCodes.contains(String(region.prefix(2))) else { return .failure(.unknownRegion(region)) }
    let birthText = String(chars[6..<14])
    guard let y = Int(birthText.prefix(4)), let m = Int(birthText.dropFirst(4).prefix(2)),
      let d = Int(birthText.suffix(2)), let birth = CalendarDate(year: y, month: m, day: d), y >= 1800
    else { return .failure(.invalidBirthDate(birthText)) }
    let expected = checkCharacter(for: chars[0..<17])!
    guard expected == chars[17] else { return .failure(.checksum(expected: expected, found: chars[17])) }
    let gender: Gender = chars[16].wholeNumberValue! % 2 == 1 ? .male : .female
    return .success(ResidentIDNumber(number: text, regionCode: region, birthDate: birth, gender: gender))
  }
}

/// The unified social credit code of an organisation (统一社会信用代码, GB 32100-2015):
/// 18 characters from a 31-character alphabet (no I, O, Z, S, V), the 3rd–8th a region
/// code, and a mod-31 check character.
public enum CreditCode {
  static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
  /// 3^i mod 31 for positions 1…17.
  static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

  public enum Problem: Sendable, Equatable, Error {
    case wrongLength(Int)
    case invalidCharacter(position: Int, character: Character)
    case regionNotDigits(String)
    case checksum(expected: Character, found: Character)
  }

  public static func checkCharacter(for first17: some Collection<Character>) -> Character? {
    guard first17.count == 17 else { return nil }
    var sum = 0
    for (ch, w) in zip(first17, weights) {
      guard let v = alphabet.firstIndex(of: ch) else { return nil }
      sum += v * w
    }
    return alphabet[(31 - sum % 31) % 31]
  }

  /// Checks a code; lower-case letters are accepted as capitals. Returns the normalised code.
  public static func validate(_ raw: String) -> Result<String, Problem> {
    let text = raw.uppercased()
    guard text.count == 18 else { return .failure(.wrongLength(text.count)) }
    for (i, ch) in text.enumerated() where !alphabet.contains(ch) {
      return .failure(.invalidCharacter(position: i + 1, character: ch))
    }
    let region = String(text.dropFirst(2).prefix(6))
    guard region.allSatisfy(\.isNumber) else { return .failure(.regionNotDigits(region)) }
    let expected = checkCharacter(for: text.prefix(17))!
    let found = text.last!
    guard expected == found else { return .failure(.checksum(expected: expected, found: found)) }
    return .success(text)
  }

  /// The two-digit province code inside a valid code (`11` for Beijing).
  public static func provinceCode(of code: String) -> String? {
    guard case .success(let text) = validate(code) else { return nil }
    return String(text.dropFirst(2).prefix(2))
  }
}
