/// 64-bit FNV-1a: a fast, stable hash for change detection and shard assignment (not for
/// security: nothing depends on it being hard to collide).
public struct FNV1a: Sendable {
  public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  public mutating func add(_ bytes: some Sequence<UInt8>) {
    for b in bytes {
      value ^= UInt64(b)
      value = value &* 0x100_0000_01b3
    }
  }

  /// Adds a string and a separator, so that ("ab","c") and ("a","bc") differ.
  public mutating func add(_ text: String) {
    add(text.utf8)
    add(CollectionOfOne(0))
  }

  /// The hash of one string.
  public static func of(_ text: String) -> FNV1a {
    var hash = FNV1a()
    hash.add(text)
    return hash
  }

  public var hex: String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
  }
}
