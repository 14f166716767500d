import Core
import RegistrationRules

/// `--shard K/N`: a stable share of the submissions, decided by a hash of each
/// submission's name, so that a submission stays in its shard when others come and go,
/// and the N shards together take every submission exactly once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// 1 … count.
  public var index: Int
  public var count: Int

  public init?(index: Int, count: Int) {
    // At most 10,000 shards: a merge lists the shards it is missing, one by one.
    guard (1...10_000).contains(count), (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Parses `K/N` with 1 ≤ K ≤ N.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    self.init(index: k, count: n)
  }

  public func contains(_ submission: String) -> Bool {
    Int(FNV1a.of(submission).value % UInt64(count)) == index - 1
  }

  public var description: String { "\(index)/\(count)" }
}
