import Core
import Foundation

/// Phone numbers and e-mail addresses as written on Chinese forms.
public enum PhoneNumber {
  public enum Kind: Sendable, Equatable {
    case mobile
    case landline
    case serviceNumber
  }

  /// Separators people type inside numbers.
  static func digitsAndDashes(_ raw: String) -> String {
    raw.filter { !" ()（）".contains($0) }.replacingOccurrences(of: "—", with: "-")
  }

  /// A mainland mobile number: 11 digits, `1` then `3`–`9`; `+86`/`0086`, spaces and
  /// dashes are allowed around it.
  public static func isMobile(_ raw: String) -> Bool {
    var s = digitsAndDashes(raw).replacingOccurrences(of: "-", with: "")
    if s.hasPrefix("+86") { s.removeFirst(3) } else if s.hasPrefix("0086") { s.removeFirst(4) }
    guard s.count == 11, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
    let chars = Array(s)
    return chars[0] == "1" && ("3"..."9").contains(chars[1])
  }

  /// A landline: area code (0 and 2–3 digits), a 7–8 digit number not starting with 0 or
  /// 1, optional extension: `010-12345678`, `0755 8888 6666`, `021-12345678-801`.
  public static func isLandline(_ raw: String) -> Bool {
    let s = digitsAndDashes(raw)
    var parts = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
    if parts.count == 1 {
      // No separators: area code 0XX or 0XXX followed by the number.
      let p = parts[0]
      guard p.hasPrefix("0") else { return false }
      for areaLength in [3, 4] where p.count - areaLength >= 7 && p.count - areaLength <= 8 {
        let local = p.dropFirst(areaLength)
        if let first = local.first, first != "0", first != "1" { return true }
      }
      return false
    }
    let area = parts.removeFirst()
    guard area.hasPrefix("0"), (3...4).contains(area.count) else { return false }
    let local = parts.removeFirst()
    guard (7...8).contains(local.count), let first = local.first, first != "0", first != "1" else { return false }
    if let ext = parts.first { return parts.count == 1 && (1...6).contains(ext.count) }
    return true
  }

  /// 400/800 service numbers (`400-810-8888`) that employers often list.
  public static func isServiceNumber(_ raw: String) -> Bool {
    let s = digitsAndDashes(raw).replacingOccurrences(of: "-", with: "")
    return s.count == 10 && (s.hasPrefix("400") || s.hasPrefix("800")) && s.allSatisfy { $0.isASCII && $0.isNumber }
  }

  public static func kind(of raw: String) -> Kind? {
    if isMobile(raw) { return .mobile }
    if isLandline(raw) { return .landline }
    if isServiceNumber(raw) { return .serviceNumber }
    return nil
  }
}

public enum EmailAddress {
  /// A practical check of `local@domain.tld`: one `@`, no spaces, a dot-separated domain
  /// of letters, digits and hyphens whose last label has two or more letters.
  public static func isValid(_ raw: String) -> Bool {
    let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, raw.count <= 254 else { return false }
    let local = parts[0], domain = parts[1]
    let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-")
    guard (1...64).contains(local.count), local.allSatisfy(localAllowed.contains),
      !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
    else { return false }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2 else { return false }
    for label in labels {
      guard (1...63).contains(label.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
        label.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
      else { return false }
    }
    let tld = labels.last!
    return tld.count >= 2 && tld.allSatisfy(\.isLetter)
  }
}

/// Formats of identity documents other than the resident ID card.
public enum OtherIDNumber {
  /// A loose but useful check per document type; `nil` when the format is acceptable,
  /// otherwise the expected format in words.
  public static func expectedFormat(_ type: IDType, _ raw: String) -> LocalizedText? {
    let s = raw.uppercased()
    let alnum = s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    let digits = { (t: Substring) in t.allSatisfy { $0.isASCII && $0.isNumber } }
    switch type {
    case .residentID:
      return nil
    case .passport:
      return alnum && (5...17).contains(s.count)
        ? nil
        : LocalizedText("contactDetails.aPassportNumberHas5")
    case .hkMacaoPermit:
      let ok = (s.hasPrefix("H") || s.hasPrefix("M")) && [9, 11].contains(s.count) && digits(s.dropFirst())
      return ok
        ? nil
        : LocalizedText("contactDetails.anHKMacaoPermitNumber")
    case .taiwanPermit:
      return [8, 10].contains(s.count) && digits(s[...])
        ? nil
        : LocalizedText("contactDetails.aTaiwanPermitNumberHas")
    case .foreignPermanentID:
      return alnum && [15, 18].contains(s.count)
        ? nil
        : LocalizedText("contactDetails.aForeignPermanentResidentID")
    }
  }
}
