import Core
import Foundation
import ImageCodecs
import RegistrationRules
import TextReading

/// What the employer's seal says: the organisation's name along its ring, and the words
/// across its lower half (人事专用章, 合同专用章 …), as Tesseract read them. Measured in the
/// worker; the review matches them against the application's employer (`SealRules`).
/// The seal names an organisation, not a person: the text may be shown in the report.
public struct SealText: Sendable, Equatable, Codable {
  /// One reading of the ring or of the words across the seal.
  public struct Read: Sendable, Equatable, Codable {
    public var text: String
    /// Tesseract's mean confidence over the line (0–100).
    public var confidence: Double
    /// Ring reads only: read clockwise with the characters' tops outwards (as seals are
    /// cut), or the other way round; and where the ring was cut open (degrees, clockwise
    /// from the seal's right, in the page's frame).
    public var clockwise: Bool
    public var start: Double

    public init(text: String, confidence: Double, clockwise: Bool = true, start: Double = 0) {
      self.text = text
      self.confidence = confidence
      self.clockwise = clockwise
      self.start = start
    }
  }

  /// Every reading of the ring tried, the first the likeliest (clockwise, cut open at the
  /// gap in the text).
  public var ring: [Read]
  /// The words across the seal under its star, read level with the seal's own upright.
  public var label: Read?

  public init(ring: [Read], label: Read? = nil) {
    self.ring = ring
    self.label = label
  }
}

/// Reads a round seal: its ring of text unwrapped into a straight strip (polar sampling
/// about the seal's centre), and the words across its lower half. The red is kept and the
/// black print under the seal let go (a pixel counts as ink by how much redder it is than
/// the paper), so that the form's own text does not mix into the seal's.
enum SealReader {
  /// The seal as the form scan found it: its centre and outer radius in template
  /// millimetres, and the map from millimetres to the photo.
  struct Seal {
    var centreX: Double
    var centreY: Double
    var radius: Double
    var toImage: Homography
  }

  /// The ring of text lies between these shares of the outer radius (a seal's border sits
  /// outside it, the star and the words across inside it).
  static let ringOuter = 0.9, ringInner = 0.52
  /// Ring characters are cut about a fifth of the radius tall; the strip is sampled so that
  /// they come out this many pixels tall, as Tesseract reads best.
  static let characterPixels = 32.0

  static func read(_ planes: PagePlanes, seal: Seal, engine: TextEngine) -> SealText? {
    guard let ink = InkSampler(planes, toImage: seal.toImage), seal.radius > 3 else { return nil }
    let r = seal.radius
    let scale = characterPixels / (0.2 * r)  // samples per millimetre
    let height = Int(((ringOuter - ringInner) * r * scale).rounded())
    // Squeezed to 85 % across: the ring's characters stand further apart than a printed
    // line's, and Tesseract reads them more surely closer together.
    let width = Int((0.85 * 2 * .pi * (ringOuter + ringInner) / 2 * r * scale).rounded())
    guard height >= 8, width >= 32, width <= 4000 else { return nil }
    // The name's arc: where the ring is inked longest. It is cut open just before it, and
    // its middle is the seal's top (a seal is often stamped turned).
    let arc = textArc(ink, seal: seal)
    let gap = emptiestAngle(ink, seal: seal)
    let before = arc.map { $0.start - 10 } ?? gap
    var reads: [SealText.Read] = []
    for (clockwise, start) in [(true, before), (false, before), (true, gap), (false, gap)] {
      // Stretched first: a faded seal's strokes must count as ink when the run is found.
      let strip = longestRun(
        unwrap(ink, seal: seal, scale: scale, width: width, height: height, clockwise: clockwise, start: start).stretched())
      guard let line = try? best(engine.read(strip, layout: .line)) else { continue }
      reads.append(SealText.Read(text: line.text, confidence: line.confidence, clockwise: clockwise, start: normal(start)))
      // A sure, long reading is the ring: no need for others.
      if line.confidence >= 65, DocumentText.normalized(line.text).count >= 6 { break }
    }
    // The words across: under the centre, as wide as the star's row, level with the seal.
    let top = arc.map { ($0.start + $0.end) / 2 } ?? (gap + 180)
    let upright = (top - 270) * .pi / 180
    let labelScale = characterPixels / (0.15 * r)
    let box = (x: -0.62 * r, y: 0.28 * r, width: 1.24 * r, height: 0.47 * r)
    // The arc's middle may be some degrees off the seal's top (the words across can reach
    // into the ring): the words' own slope says by how much.
    // Twice: a first look askew takes in bits of the ring, which hold the slope back.
    var slope = 0.0
    for _ in 0..<2 {
      slope +=
        across(ink, seal: seal, scale: labelScale, rotation: upright + slope * .pi / 180, box: box)?
        .textSkew(limit: 30, step: 1) ?? 0
    }
    // Read at two sizes, the surer kept: the words across are small, and Tesseract's
    // reading of a few blurred characters turns on their size.
    // (The larger only when the first is unsure.)
    var label: SealText.Read?
    for zoom in [1.0, 1.35] where (label?.confidence ?? 0) < 80 {
      guard
        let read = across(ink, seal: seal, scale: labelScale * zoom, rotation: upright + slope * .pi / 180, box: box)
          .flatMap({ try? best(engine.read($0.stretched(), layout: .line)) }), read.confidence > label?.confidence ?? -1
      else { continue }
      label = SealText.Read(text: read.text, confidence: read.confidence)
    }
    guard !reads.isEmpty || label != nil else { return nil }
    return SealText(ring: reads, label: label)
  }

  /// The strip's longest stretch of text: columns with ink, gaps under one and a half
  /// characters bridged. What else the ring holds (the words across the seal, where
  /// they reach into the ring; a number along its bottom) is left out of the line.
  static func longestRun(_ strip: GrayImage) -> GrayImage {
    let w = strip.width, h = strip.height
    var inked = [Bool](repeating: false, count: w)
    for x in 0..<w {
      var n = 0
      for y in 0..<h where strip.pixels[y * w + x] < 128 { n += 1 }
      inked[x] = n >= 2
    }
    let bridge = Int(characterPixels * 1.5)
    var best = (start: 0, end: -1), start = -1, last = -bridge - 1
    for x in 0..<w where inked[x] {
      if x - last > bridge { start = x }
      last = x
      if x - start > best.end - best.start { best = (start, x) }
    }
    guard best.end > best.start else { return strip }
    let margin = Int(characterPixels / 2)
    let x0 = max(0, best.start - margin), x1 = min(w, best.end + margin + 1)
    // White margins round the line, as Tesseract likes it.
    let pad = Int(characterPixels / 2)
    var out = [UInt8](repeating: 255, count: (x1 - x0 + 2 * pad) * (h + 2 * pad))
    let ow = x1 - x0 + 2 * pad
    for y in 0..<h {
      for x in x0..<x1 { out[(y + pad) * ow + (x - x0 + pad)] = strip.pixels[y * w + x] }
    }
    return GrayImage(width: ow, height: h + 2 * pad, pixels: out)
  }

  /// The line with the most text in a reading (a strip may come back as pieces).
  static func best(_ lines: [TextLine]) -> TextLine? {
    let kept = lines.filter { !DocumentText.normalized($0.text).isEmpty }
    guard !kept.isEmpty else { return nil }
    let text = kept.map(\.text).joined().trimmingCharacters(in: .whitespacesAndNewlines)
    let characters = kept.map { Double(DocumentText.normalized($0.text).count) }
    let total = characters.reduce(0, +)
    let confidence = zip(kept, characters).reduce(0.0) { $0 + $1.0.confidence * $1.1 } / max(1, total)
    return TextLine(text: text, x: 0, y: 0, width: 0, height: 0, confidence: confidence)
  }

  static func normal(_ degrees: Double) -> Double {
    let d = degrees.truncatingRemainder(dividingBy: 360)
    return d < 0 ? d + 360 : d
  }

  /// The ring's inked 5° sectors (ink at least 15 % of the fullest sector's), looked at
  /// in the middle of the ring of text (0.6–0.84 of the radius): clear of the border,
  /// should the radius be a little off, and of the words across.
  static func sectors(_ ink: InkSampler, seal: Seal) -> [Bool] {
    var amount = [Double](repeating: 0, count: 72)
    for s in 0..<72 {
      for step in 0..<5 {
        let a = (Double(s) * 5 + Double(step)) * .pi / 180
        for k in 0..<6 {
          let rr = seal.radius * (0.6 + 0.24 * (Double(k) + 0.5) / 6)
          amount[s] += ink.value(x: seal.centreX + rr * cos(a), y: seal.centreY + rr * sin(a))
        }
      }
    }
    guard let most = amount.max(), most > 0 else { return [Bool](repeating: false, count: 72) }
    return amount.map { $0 >= most * 0.15 }
  }

  /// The longest run of inked sectors round the ring (gaps of one sector bridged), as
  /// angles in degrees (start before end, clockwise); nil when the ring is empty or full.
  static func textArc(_ ink: InkSampler, seal: Seal) -> (start: Double, end: Double)? {
    var inked = sectors(ink, seal: seal)
    let n = inked.count
    // Up to three empty sectors (15°) between inked ones are the space between two
    // characters (a real seal's name of a dozen characters spaces them 20° apart).
    let bridged = (0..<n).map { i in
      inked[i]
        || (1...3).contains { before in
          inked[(i + n - before) % n] && (1...(4 - before)).contains { inked[(i + $0) % n] }
        }
    }
    inked = bridged
    guard inked.contains(true), inked.contains(false), let firstEmpty = inked.firstIndex(of: false) else { return nil }
    var best = (start: 0, length: 0), run = (start: 0, length: 0)
    for step in 1...n {
      let i = (firstEmpty + step) % n
      if inked[i] {
        if run.length == 0 { run.start = i }
        run.length += 1
        if run.length > best.length { best = run }
      } else {
        run.length = 0
      }
    }
    guard best.length >= 3 else { return nil }
    let start = Double(best.start) * 5
    return (start, start + Double(best.length) * 5)
  }

  /// The centre of the ring's longest run of empty 5° sectors (degrees, clockwise from
  /// the right, in template millimetres); straight down when the ring is full.
  static func emptiestAngle(_ ink: InkSampler, seal: Seal) -> Double {
    let sectors = 72
    var amount = [Double](repeating: 0, count: sectors)
    for s in 0..<sectors {
      for step in 0..<5 {
        let a = (Double(s) * 5 + Double(step)) * .pi / 180
        for k in 0..<6 {
          let rr = seal.radius * (0.6 + 0.24 * (Double(k) + 0.5) / 6)
          amount[s] += ink.value(x: seal.centreX + rr * cos(a), y: seal.centreY + rr * sin(a))
        }
      }
    }
    guard let most = amount.max(), most > 0 else { return 90 }
    let empty = amount.map { $0 < most * 0.15 }
    guard empty.contains(false) else { return 90 }
    var best = (start: -1, length: 0)
    var s = 0
    while s < sectors {
      guard empty[s] else {
        s += 1
        continue
      }
      var length = 0
      while length < sectors, empty[(s + length) % sectors] { length += 1 }
      if length > best.length { best = (s, length) }
      s += max(1, length)
    }
    guard best.length >= 2 else { return 90 }
    return normal((Double(best.start) + Double(best.length) / 2) * 5)
  }

  /// The ring as a strip: columns go round from `start` (degrees), clockwise or not;
  /// rows go from the outer radius inwards when clockwise (the characters' tops face
  /// outwards), from the inner outwards otherwise (text along a seal's bottom reads
  /// anticlockwise with its tops inwards).
  static func unwrap(
    _ ink: InkSampler, seal: Seal, scale: Double, width: Int, height: Int, clockwise: Bool, start: Double
  ) -> GrayImage {
    var out = [UInt8](repeating: 255, count: width * height)
    let r = seal.radius
    let first = start * .pi / 180, turn = (clockwise ? 1.0 : -1.0) * 2 * .pi / Double(width)
    for col in 0..<width {
      let a = first + (Double(col) + 0.5) * turn
      let (c, s) = (cos(a), sin(a))
      for row in 0..<height {
        let depth = (Double(row) + 0.5) / scale
        let rr = clockwise ? r * ringOuter - depth : r * ringInner + depth
        out[row * width + col] = ink.pixel(x: seal.centreX + rr * c, y: seal.centreY + rr * s)
      }
    }
    return GrayImage(width: width, height: height, pixels: out)
  }

  /// A rectangle of the seal in its own frame (millimetres from the centre, y down, turned
  /// by `rotation` radians), sampled level.
  static func across(
    _ ink: InkSampler, seal: Seal, scale: Double, rotation: Double, box: (x: Double, y: Double, width: Double, height: Double)
  ) -> GrayImage? {
    let w = Int((box.width * scale).rounded()), h = Int((box.height * scale).rounded())
    guard w >= 16, h >= 8, w <= 4000, h <= 2000 else { return nil }
    let (c, s) = (cos(rotation), sin(rotation))
    var out = [UInt8](repeating: 255, count: w * h)
    for row in 0..<h {
      let ly = box.y + (Double(row) + 0.5) / scale
      for col in 0..<w {
        let lx = box.x + (Double(col) + 0.5) / scale
        out[row * w + col] = ink.pixel(x: seal.centreX + lx * c - ly * s, y: seal.centreY + lx * s + ly * c)
      }
    }
    return GrayImage(width: w, height: h, pixels: out)
  }
}

/// Samples a page through a homography as red ink on white: dark where the page is both
/// dark and redder than its paper, white elsewhere (black print, blue ink, paper).
struct InkSampler {
  let planes: PagePlanes
  let toImage: Homography
  let toChroma: Homography
  let cb: GrayImage
  let cr: GrayImage
  /// The paper's red-minus-blue and luma (medians of the page).
  let paperRedness: Double
  let paperLuma: Double

  init?(_ planes: PagePlanes, toImage: Homography) {
    guard let cb = planes.cb, let cr = planes.cr, let paperRedness = planes.paperRedness, planes.y.width > 1,
      planes.y.height > 1
    else { return nil }
    self.planes = planes
    self.toImage = toImage
    self.cb = cb
    self.cr = cr
    self.paperRedness = paperRedness
    toChroma = Homography(
      scaling: toImage, x: Double(cb.width) / Double(planes.y.width), y: Double(cb.height) / Double(planes.y.height))
    // The paper's luma: the median over a coarse grid of the whole page.
    var luma: [Double] = []
    let ly = max(1, min(planes.y.width, planes.y.height) / 64)
    for y in stride(from: 0, to: planes.y.height, by: ly) {
      for x in stride(from: 0, to: planes.y.width, by: ly) { luma.append(Double(planes.y.pixels[y * planes.y.width + x])) }
    }
    paperLuma = Rectified.percentile(luma, 0.5)
  }

  /// How much red ink is at template point (`x`, `y`), 0–1.
  func value(x: Double, y: Double) -> Double {
    guard let q = toChroma.apply(x, y) else { return 0 }
    let redness = cr.bilinear(x: q.x - 0.5, y: q.y - 0.5) - cb.bilinear(x: q.x - 0.5, y: q.y - 0.5) - paperRedness
    return max(0, min(1, (redness - 10) / 30))
  }

  /// The ink as a grey level for Tesseract: the page's darkness where it is red, white
  /// where it is not.
  func pixel(x: Double, y: Double) -> UInt8 {
    guard let p = toImage.apply(x, y) else { return 255 }
    let red = value(x: x, y: y)
    guard red > 0 else { return 255 }
    let darkness = max(0, paperLuma - planes.y.bilinear(x: p.x - 0.5, y: p.y - 0.5)) / max(1, paperLuma)
    // Red ink is mid-grey in luma: stretch its darkness so the strokes come out black.
    let ink = min(1, red * min(1, darkness * 2.5))
    return UInt8(max(0, min(255, (255 * (1 - ink)).rounded())))
  }
}

extension GrayImage {
  /// Its grey levels stretched so that the darkest hundredth is black: a faint or dim
  /// seal's strokes come out as dark as a firm one's.
  func stretched() -> GrayImage {
    var histogram = [Int](repeating: 0, count: 256)
    for v in pixels { histogram[Int(v)] += 1 }
    var seen = 0, dark = 0
    for (v, n) in histogram.enumerated() {
      seen += n
      if seen * 100 >= pixels.count {
        dark = v
        break
      }
    }
    guard dark > 0, dark < 200 else { return self }
    let range = Double(255 - dark)
    return GrayImage(
      width: width, height: height,
      pixels: pixels.map { UInt8(max(0, min(255, (Double(Int($0) - dark) / range * 255).rounded()))) })
  }
}
