import Core

/// Matching what OCR read against what an application says, tolerant of what OCR gets
/// wrong: full-width forms, spaces between Chinese characters, 0/O and 1/l in numbers, and
/// look-alike characters (己/已/巳, 未/末, 士/土 …). Pure functions over strings.
public enum DocumentText {
  /// Characters OCR takes for one another; each maps to its group's first.
  static let lookAlikes: [Character: Character] = {
    var map: [Character: Character] = [:]
    for group in ["己已巳", "未末", "士土", "人入", "日曰", "戊戌戍", "王玉", "大太犬", "天夭", "干千于", "冶治", "苑范", "祎伟"]
    where group.count > 1 {
      let chars = Array(group)
      for c in chars { map[c] = chars[0] }
    }
    return map
  }()

  /// Full-width ASCII folded to ASCII, whitespace dropped, look-alikes folded, letters
  /// upper-cased: the form two readings of the same text share.
  public static func normalized(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      var s = scalar
      if (0xFF01...0xFF5E).contains(s.value), let ascii = Unicode.Scalar(s.value - 0xFEE0) { s = ascii }
      if s == "\u{3000}" || s.properties.isWhitespace { continue }
      let c = Character(s)
      out.append(lookAlikes[c] ?? Character(String(c).uppercased()))
    }
    return out
  }

  /// In a number, what OCR reads for a digit.
  static let digitLike: [Character: Character] = [
    "O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1", "Z": "2", "z": "2", "S": "5",
    "s": "5", "B": "8", "G": "6", "b": "6", "g": "9", "q": "9",
  ]

  /// Every valid 18-character resident ID number in `text`, the check character proving
  /// each: runs of digits (and what OCR reads for digits), any 18 of them in a row whose
  /// check holds. A run of letters is no number: at least 15 of the 18 must be read as
  /// digits.
  public static func idNumbers(in text: String) -> [String] {
    let chars = Array(
      text.unicodeScalars.compactMap { s -> Character? in
        if (0xFF01...0xFF5E).contains(s.value), let ascii = Unicode.Scalar(s.value - 0xFEE0) { return Character(ascii) }
        return s.properties.isWhitespace ? nil : Character(s)
      })
    var found: [String] = []
    var i = 0
    while i < chars.count {
      guard chars[i].isASCII, chars[i].isNumber || digitLike[chars[i]] != nil else {
        i += 1
        continue
      }
      var j = i
      while j < chars.count, chars[j].isASCII,
        chars[j].isNumber || digitLike[chars[j]] != nil || chars[j] == "X" || chars[j] == "x"
      {
        j += 1
      }
      let run = Array(chars[i..<j])
      if run.count >= 18 {
        for start in 0...(run.count - 18) {
          let window = run[start..<(start + 18)]
          guard window.filter(\.isNumber).count >= 15 else { continue }
          let digits = String(
            window.enumerated().map { k, c in
              if c.isNumber { return c }
              if k == 17, c == "X" || c == "x" { return "X" }
              return digitLike[c] ?? "?"
            })
          if case .success(let id) = ResidentIDNumber.parse(digits), !found.contains(id.number) { found.append(id.number) }
        }
      }
      i = j
    }
    return found
  }

  /// Whether `name` (an applicant's name) appears in `text`, look-alikes allowed.
  public static func contains(_ text: String, name: String) -> Bool {
    let n = normalized(name)
    return !n.isEmpty && normalized(text).contains(n)
  }

  /// How much of `name` appears in `text` in order, at its best place: the longest common
  /// subsequence of `name` and any stretch of `text` as long as `name` plus two, over
  /// `name`'s length (0–1).
  public static func similarity(of name: String, in text: String) -> Double {
    let a = Array(normalized(name)), b = Array(normalized(text))
    guard !a.isEmpty, !b.isEmpty else { return 0 }
    let span = a.count + 2
    var best = 0
    for start in 0..<max(1, b.count - a.count + 1) {
      let window = b[start..<min(b.count, start + span)]
      best = max(best, commonSubsequence(a, Array(window)))
      if best == a.count { break }
    }
    return Double(best) / Double(a.count)
  }

  static func commonSubsequence(_ a: [Character], _ b: [Character]) -> Int {
    var previous = [Int](repeating: 0, count: b.count + 1)
    for x in a {
      var current = [Int](repeating: 0, count: b.count + 1)
      for (j, y) in b.enumerated() { current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j]) }
      previous = current
    }
    return previous[b.count]
  }

  /// An organisation's name without its legal form (有限公司, 股份有限公司 …), which any
  /// two companies share: what tells them apart.
  public static func distinctivePart(_ name: String) -> String {
    var n = normalized(name)
    for suffix in ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"] where n.hasSuffix(suffix) && n.count > suffix.count + 1 {
      n.removeLast(suffix.count)
      break
    }
    return n
  }

  /// The value of a labelled line (`甲方（用人单位）：北京…`): what follows its first colon,
  /// when the label holds one of `labels`.
  public static func labelled(_ text: String, labels: [String]) -> String? {
    let t = normalized(text)
    guard let colon = t.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
    let label = t[..<colon]
    guard labels.contains(where: { label.contains($0) }) else { return nil }
    let value = String(t[t.index(after: colon)...])
    return value.isEmpty ? nil : value
  }

  /// A number shown with its middle hidden (`110101********0010`): enough for a reviewer
  /// to tell two numbers apart, not enough to be one.
  public static func masked(_ number: String) -> String {
    guard number.count > 10 else { return String(repeating: "*", count: number.count) }
    return String(number.prefix(6)) + String(repeating: "*", count: number.count - 10) + String(number.suffix(4))
  }
}
