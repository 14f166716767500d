extension Double {
  /// A confidence (0–100) as a whole percent for messages. The value came from a check
  /// worker, which the review does not trust: NaN, infinities and values out of range
  /// become 0 or 100 instead of trapping in the conversion.
  var wholePercent: Int { isFinite ? Int(Swift.max(0, Swift.min(100, self)).rounded()) : 0 }
}
