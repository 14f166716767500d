import Core
import ImageCodecs
import RegistrationRules

/// Where the person is in a portrait, on a small grid: everything that differs from the
/// background and is joined to the bottom edge (the shoulders, the neck, the head, the
/// hair, however far it reaches). The background check measures only what is left, so a
/// close crop — hair touching the top, shoulders filling the sides — is judged by its
/// background and not by its hair; a lamp or a flag beside the person, not joined to them,
/// still counts against the background.
struct PersonMask {
  /// The grid's size and how many photo pixels each cell covers.
  let width: Int
  let height: Int
  let scaleX: Double
  let scaleY: Double
  /// Row-major; `true` where the person is.
  let cells: [Bool]
  /// The background's colour as the border shows it (smooth border cells, their
  /// commonest colour).
  let background: (Int, Int, Int)

  /// Cells this far (Euclidean RGB) from the background colour are not background.
  static let distance = 40
  /// The grid's longer side.
  static let gridSize = 128

  func contains(x: Int, y: Int) -> Bool {
    let cx = min(width - 1, Int(Double(x) / scaleX)), cy = min(height - 1, Int(Double(y) / scaleY))
    return cells[cy * width + cx]
  }

  static func find(in image: DecodedImage) -> PersonMask? {
    precondition(image.channels == 3)
    guard image.width >= 16, image.height >= 16 else { return nil }
    let longer = max(image.width, image.height)
    let w = max(8, image.width * gridSize / longer), h = max(8, image.height * gridSize / longer)
    let small = image.resized(width: min(w, image.width), height: min(h, image.height))
    let sw = small.width, sh = small.height
    let px = small.pixels
    func rgb(_ i: Int) -> (Int, Int, Int) { (Int(px[i * 3]), Int(px[i * 3 + 1]), Int(px[i * 3 + 2])) }
    func dist2(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
      let d = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
      return d.0 * d.0 + d.1 * d.1 + d.2 * d.2
    }
    // Smooth border cells (top row, upper two thirds of the sides): hair is textured, a
    // backdrop is not. Their commonest colour, in bins of 16 levels, is the background.
    var border: [Int] = Array(0..<sw)
    for y in 1..<(sh * 2 / 3) { border += [y * sw, y * sw + sw - 1] }
    func roughness(_ i: Int) -> Int {
      let x = i % sw, y = i / sw
      var worst = 0
      for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
        let nx = x + dx, ny = y + dy
        guard nx >= 0, nx < sw, ny >= 0, ny < sh else { continue }
        worst = max(worst, dist2(rgb(i), rgb(ny * sw + nx)))
      }
      return worst
    }
    let smooth = border.filter { roughness($0) <= 12 * 12 }
    let seeds = smooth.count >= border.count / 10 ? smooth : border
    var bins: [Int: [Int]] = [:]
    for i in seeds {
      let c = rgb(i)
      bins[(c.0 >> 4) << 8 | (c.1 >> 4) << 4 | c.2 >> 4, default: []].append(i)
    }
    guard let mode = bins.max(by: { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key) })
    else { return nil }
    // The mean of the seeds near the commonest bin: the background colour.
    let centre = rgb(mode.value[0])
    let near = seeds.filter { dist2(rgb($0), centre) <= 24 * 24 }
    var sum = (0, 0, 0)
    for i in near {
      let c = rgb(i)
      sum = (sum.0 + c.0, sum.1 + c.1, sum.2 + c.2)
    }
    let n = max(1, near.count)
    let background = (sum.0 / n, sum.1 / n, sum.2 / n)

    // Not background, and joined (8 ways) to the bottom edge: the person.
    let limit = distance * distance
    let differs = (0..<(sw * sh)).map { dist2(rgb($0), background) > limit }
    var person = [Bool](repeating: false, count: sw * sh)
    var stack = ((sh - 1) * sw..<sh * sw).filter { differs[$0] }
    for i in stack { person[i] = true }
    while let i = stack.popLast() {
      let x = i % sw, y = i / sw
      for dy in -1...1 {
        for dx in -1...1 {
          let nx = x + dx, ny = y + dy
          guard nx >= 0, nx < sw, ny >= 0, ny < sh else { continue }
          let j = ny * sw + nx
          if differs[j] && !person[j] {
            person[j] = true
            stack.append(j)
          }
        }
      }
    }
    // One cell more all round: the soft edge of hair is neither person nor background.
    var grown = person
    for y in 0..<sh {
      for x in 0..<sw where person[y * sw + x] {
        for dy in -1...1 {
          for dx in -1...1 {
            let nx = x + dx, ny = y + dy
            if nx >= 0, nx < sw, ny >= 0, ny < sh { grown[ny * sw + nx] = true }
          }
        }
      }
    }
    return PersonMask(
      width: sw, height: sh, scaleX: Double(image.width) / Double(sw), scaleY: Double(image.height) / Double(sh), cells: grown,
      background: background)
  }
}
