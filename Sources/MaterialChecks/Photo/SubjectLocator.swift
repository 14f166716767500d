import ImageCodecs

/// Finds the person in a portrait as what differs from the background: the background
/// colour is taken from the two top corners, the head is the first rows (from the top)
/// with enough differing pixels, its centre and width come from the rows just below.
public enum SubjectLocator {
  public struct Head: Sendable, Equatable {
    /// Top row of the hair, centre column and width of the head, in pixels.
    public var top: Int
    public var centre: Int
    public var width: Int

    /// The inside of the face, where its exposure is measured: the middle 60 % of the
    /// head's width, from below the hairline (a third of the width under the top) to the
    /// chin (1.15 widths under it). Keeping off the outline leaves the background out
    /// of the measurement, whatever the shape of the head.
    public func faceBox(imageWidth: Int, imageHeight: Int) -> (x: Int, y: Int, width: Int, height: Int) {
      let x = min(max(0, centre - width * 3 / 10), imageWidth - 1)
      let y = min(max(0, top + width / 3), imageHeight - 1)
      let boxHeight = width * 115 / 100 - width / 3
      return (x, y, max(1, min(width * 6 / 10, imageWidth - x)), max(1, min(boxHeight, imageHeight - y)))
    }
  }

  /// Pixels whose colour is farther than this from the background's belong to the person.
  static let distance = 45

  public static func head(in image: DecodedImage) -> Head? {
    precondition(image.channels == 3)
    let w = image.width, h = image.height
    guard w >= 32, h >= 32 else { return nil }
    let corner = max(2, min(w, h) / 12)
    var bg = (0, 0, 0), n = 0
    var rowCount = [Int](repeating: 0, count: h)
    var columnSum = [Int](repeating: 0, count: h)
    var mask = [Bool](repeating: false, count: w * h)
    image.pixels.withUnsafeBufferPointer { px in
      for y in 0..<corner {
        for x in Array(0..<corner) + Array((w - corner)..<w) {
          let i = (y * w + x) * 3
          bg.0 += Int(px[i])
          bg.1 += Int(px[i + 1])
          bg.2 += Int(px[i + 2])
          n += 1
        }
      }
      bg = (bg.0 / n, bg.1 / n, bg.2 / n)
      let limit = distance * distance
      mask.withUnsafeMutableBufferPointer { m in
        for y in 0..<h {
          var count = 0, sum = 0
          for x in 0..<w {
            let i = (y * w + x) * 3
            let dr = Int(px[i]) - bg.0, dg = Int(px[i + 1]) - bg.1, db = Int(px[i + 2]) - bg.2
            if dr * dr + dg * dg + db * db > limit {
              m[y * w + x] = true
              count += 1
              sum += x
            }
          }
          rowCount[y] = count
          columnSum[y] = sum
        }
      }
    }
    guard let top = rowCount.firstIndex(where: { $0 > max(3, w / 50) }), top < h * 7 / 10 else { return nil }
    let headRows = top..<min(h, top + max(4, h / 8))
    let count = headRows.reduce(0) { $0 + rowCount[$1] }
    guard count > 0 else { return nil }
    let centre = headRows.reduce(0) { $0 + columnSum[$1] } / count
    // Most rows of the head region (hair and face) are about the head's width; the 80th
    // percentile ignores the narrow crown and stray pixels.
    var widths: [Int] = []
    for row in top..<min(h, top + h / 4) where mask[row * w + centre] {
      var left = centre, right = centre
      while left > 0 && mask[row * w + left - 1] { left -= 1 }
      while right < w - 1 && mask[row * w + right + 1] { right += 1 }
      widths.append(right - left + 1)
    }
    guard !widths.isEmpty else { return nil }
    widths.sort()
    let width = widths[min(widths.count - 1, widths.count * 4 / 5)]
    guard width > w / 12 else { return nil }
    return Head(top: top, centre: centre, width: width)
  }
}
