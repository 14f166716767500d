import Core

/// "Did you mean …?" for mistyped keys and names.
public enum Suggestion {
  /// The known name within edit distance 2 of `name` (ignoring case), if any.
  public static func closest(to name: String, among known: [String]) -> String? {
    let scored = known.map { ($0, editDistance($0.lowercased(), name.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < name.count else { return nil }
    return best.0
  }

  /// Levenshtein distance between two strings, in characters.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
