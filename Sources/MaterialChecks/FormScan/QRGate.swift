internal import CPixelKernels
import ImageCodecs

/// Whether a page may hold a QR code at all, decided in a few milliseconds before zbar's
/// search (which, on a page without one, runs its whole fallback chain: every corner at two
/// densities, the whole image, the corners enlarged). A QR code has three finder patterns
/// (1:1:3:1:1 squares) at three corners of a square: the page is scanned every second row
/// for such squares, and a code is possible only when three of them, of one module size,
/// stand as a right angle's corners do. Tolerant by design: it may let a page without a
/// code through (zbar then looks), never stop one that zbar would read.
enum QRGate {
  /// A finder pattern: where its candidates gathered, and its module size.
  struct Finder {
    var x: Double
    var y: Double
    var module: Double
    var hits: Int
  }

  static func mayHoldCode(_ image: GrayImage) -> Bool {
    let finders = finders(image)
    guard finders.count >= 3 else { return false }
    return hasCorner(finders)
  }

  /// The finder patterns in `image`: candidates from every second row, confirmed down
  /// their column, gathered by place.
  static func finders(_ image: GrayImage) -> [Finder] {
    guard image.width >= 8, image.height >= 8, image.pixels.count >= image.width * image.height else { return [] }
    let capacity = 4096
    var out = [cpixel_finder](repeating: cpixel_finder(), count: capacity)
    var scratch = [UInt64](repeating: 0, count: image.width + 1)
    // About a finder pattern of 20-pixel modules either side: the mean that decides dark
    // includes the paper around it.
    let radius = max(24, image.width / 16)
    let total = image.pixels.withUnsafeBufferPointer { px in
      scratch.withUnsafeMutableBufferPointer { s in
        out.withUnsafeMutableBufferPointer { o in
          cpixel_qr_finders(
            px.baseAddress, image.width, image.height, image.width, 2, radius, s.baseAddress, o.baseAddress, capacity)
        }
      }
    }
    var finders: [Finder] = []
    for c in out.prefix(min(total, capacity)) {
      let x = Double(c.x), y = Double(c.y), module = Double(c.module)
      if let i = finders.firstIndex(where: { f in
        abs(f.x - x) < 3.5 * max(f.module, module) && abs(f.y - y) < 3.5 * max(f.module, module)
      }) {
        let n = Double(finders[i].hits)
        finders[i].x = (finders[i].x * n + x) / (n + 1)
        finders[i].y = (finders[i].y * n + y) / (n + 1)
        finders[i].module = (finders[i].module * n + module) / (n + 1)
        finders[i].hits += 1
      } else {
        finders.append(Finder(x: x, y: y, module: module, hits: 1))
      }
    }
    return finders
  }

  /// Whether three finders of about one module size stand at the corners of a right
  /// angle (two sides alike, the third about √2 times as long), as far apart as a QR
  /// code's finders are (version 1 to 40: 14 to 170 modules), with room for perspective.
  static func hasCorner(_ finders: [Finder]) -> Bool {
    // A finder pattern's centre is three modules tall: met on at least two of the rows
    // scanned (every second). A glyph that happens to cut 1:1:3:1:1 is met on one.
    let f = Array(finders.filter { $0.hits >= 2 }.sorted { $0.hits > $1.hits }.prefix(64))
    guard f.count >= 3 else { return false }
    func distance(_ a: Finder, _ b: Finder) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }
    for i in 0..<f.count {
      for j in (i + 1)..<max(i + 1, f.count) {
        for k in (j + 1)..<max(j + 1, f.count) {
          let (a, b, c) = (f[i], f[j], f[k])
          let modules = [a.module, b.module, c.module]
          guard let small = modules.min(), let large = modules.max(), large < 2.5 * small else { continue }
          let module = (a.module + b.module + c.module) / 3
          let sides = [distance(a, b), distance(a, c), distance(b, c)].sorted()
          guard sides[0] >= 10 * module, sides[2] <= 200 * module, sides[1] < 1.6 * sides[0] else { continue }
          let ratio = sides[2] / sides[1]
          if ratio > 1.15 && ratio < 1.75 { return true }
        }
      }
    }
    return false
  }
}
