/// Order statistics without sorting: what a percentile needs is one value of one rank.
enum Selection {
  /// The value of rank `k` (0-based, ascending), by quickselect; the array is reordered.
  /// Values come from uploads, so a pivot sequence that keeps failing to shrink the range
  /// (an adversarial pattern) ends in a sort of what is left: never quadratic.
  static func value<T: Comparable>(ofRank k: Int, in values: inout [T]) -> T {
    precondition(values.indices.contains(k))
    var lo = 0, hi = values.count - 1
    var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
    while lo < hi {
      if budget == 0 {
        values[lo...hi].sort()
        break
      }
      budget -= 1
      // Median of three: sorted or organ-pipe data does not make a bad pivot.
      let mid = lo + (hi - lo) / 2
      let a = values[lo], b = values[mid], c = values[hi]
      let pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b))
      var i = lo, j = hi
      while i <= j {
        while values[i] < pivot { i += 1 }
        while pivot < values[j] { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j { hi = j } else if k >= i { lo = i } else { break }
    }
    return values[k]
  }
}
