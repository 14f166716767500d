import Core
import Foundation
import ImageCodecs
import RegistrationRules
import Synchronization
import TextReading

/// The text engine of one process: opened at the first document that is read, then kept
/// (a review's worker opens it once, whatever it reads).
public final class Reading: Sendable {
  let engine = Mutex<Result<TextEngine, TextEngineError>?>(nil)

  public init() {}

  /// An engine to open when the policy reads documents; nil when it does not.
  public static func forPolicy(_ policy: Policy) -> Reading? { policy.reading.enabled ? Reading() : nil }

  /// The engine, opened on first use.
  public func get() -> Result<TextEngine, TextEngineError> {
    engine.withLock { opened in
      if let opened { return opened }
      let result = Result { () throws(TextEngineError) in try TextEngine() }
      opened = result
      return result
    }
  }
}

/// What a review asks a worker to read of a document: the band of its first page from
/// `from` to `to` (shares of its height, from the top). A hand-held ID photo is read where
/// its card's number is, whatever the band.
public struct ReadingRequest: Sendable, Codable, Equatable {
  public var from: Double
  public var to: Double

  public init(from: Double = 0, to: Double = 1) {
    self.from = max(0, min(1, from))
    self.to = max(self.from, min(1, to))
  }
}

/// Text read from one page of a document, in the page's displayed pixels. It travels from
/// the worker to the review and is matched there; it is never written to a report or a
/// log (the report keeps only what was matched, where, and how confidently).
public struct ReadPage: Sendable, Equatable, Codable {
  /// 1-based.
  public var page: Int
  /// What was read: a band of a document's page, or the number strip of an ID card.
  public var region: Region
  public var lines: [TextLine]

  public enum Region: String, Sendable, Codable { case page, cardNumber }

  public init(page: Int, region: Region, lines: [TextLine]) {
    self.page = page
    self.region = region
    self.lines = lines
  }
}

extension TextEngineError {
  /// The `CHECK_FAILED` reason when text could not be read: the installation is
  /// incomplete, and the reviewer must read the document.
  public func finding(material: MaterialType, file: String) -> Finding {
    Finding(
      .checkFailed, material: material, file: file,
      message: LocalizedText("reading.theTextOfTheCould", ["label": material.label, "detail": detail]))
  }
}

extension MaterialInspector {
  /// The engine for a form page's seal and labels, when the review reads (nil, and the
  /// problem kept, when Tesseract cannot be opened).
  static func formEngine(_ reading: Reading?, into m: inout MaterialMeasurement) -> TextEngine? {
    guard let reading else { return nil }
    switch reading.get() {
    case .success(let engine): return engine
    case .failure(let problem):
      m.readingProblem = problem
      return nil
    }
  }

  /// The materials whose text the review reads.
  public static let readMaterials: Set<MaterialType> = [.contract, .statement, .ceCertificate, .idHandheld]

  /// Reads what the review asks of a document's first page, upright: the `band` of a
  /// contract, statement or certificate; the number strip of the ID card found in a
  /// hand-held photo. `working` is the page's working copy as stored (before EXIF
  /// `orientation`); `width` is the page's displayed width.
  static func readText(
    _ working: GrayImage, orientation: Int, width: Int, material: MaterialType, band: ReadingRequest, reading: Reading?,
    into m: inout MaterialMeasurement
  ) {
    guard let reading, readMaterials.contains(material) else { return }
    let engine: TextEngine
    switch reading.get() {
    case .success(let opened): engine = opened
    case .failure(let problem):
      m.readingProblem = problem
      return
    }
    let upright = working.upright(orientation)
    let scale = Double(width) / Double(max(1, upright.width))
    let region: ReadPage.Region
    var crop = (x: 0, y: 0, width: upright.width, height: upright.height)
    var enlarge = false
    if material == .idHandheld {
      // The number is printed along the card's bottom: its lowest third, across.
      guard let card = m.face?.card else { return }
      let xs = card.corners.map { $0.x / scale }, ys = card.corners.map { $0.y / scale }
      guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max(), x1 > x0, y1 > y0 else { return }
      let top = y0 + (y1 - y0) * 0.62
      crop = (
        max(0, Int(x0)), max(0, Int(top)), min(upright.width, Int(x1.rounded(.up))) - max(0, Int(x0)),
        min(upright.height, Int(y1.rounded(.up))) - max(0, Int(top))
      )
      // A number strip under 300 pixels of card is read at twice the size: its digits
      // are then about as tall as Tesseract reads best.
      enlarge = (y1 - y0) < 300
      region = .cardNumber
    } else {
      crop.y = Int(Double(upright.height) * band.from)
      crop.height = max(1, Int(Double(upright.height) * band.to) - crop.y)
      region = .page
    }
    guard crop.width >= 16, crop.height >= 8 else { return }
    var plane = upright.cropped(x: crop.x, y: crop.y, width: crop.width, height: crop.height)
    if enlarge { plane = plane.doubled() }
    let factor = enlarge ? 0.5 : 1.0
    // Tesseract reads level lines: a page photographed a few degrees askew (7° is common)
    // loses most of its lines otherwise. The boxes are turned back to the page's pixels.
    let skew = plane.textSkew()
    let turn = abs(skew) >= 1 ? skew : 0
    if turn != 0 { plane = plane.levelled(degrees: turn, fill: plane.median) }
    let (cx, cy) = (Double(plane.width) / 2, Double(plane.height) / 2)
    let (c, s) = (cos(turn * .pi / 180), sin(turn * .pi / 180))
    do {
      let lines = try engine.read(plane, layout: .block).map { line in
        // The line's centre in the band before it was levelled.
        let mx = Double(line.x) + Double(line.width) / 2 - cx, my = Double(line.y) + Double(line.height) / 2 - cy
        let bx = cx + mx * c - my * s, by = cy + mx * s + my * c
        let x = (bx - Double(line.width) / 2) * factor + Double(crop.x)
        let y = (by - Double(line.height) / 2) * factor + Double(crop.y)
        return TextLine(
          text: line.text, x: Int(x * scale), y: Int(y * scale), width: Int(Double(line.width) * factor * scale),
          height: Int(Double(line.height) * factor * scale), confidence: line.confidence)
      }
      m.text.append(ReadPage(page: 1, region: region, lines: lines))
    } catch {
      m.readingProblem = error
    }
  }
}

extension GrayImage {
  /// Turned upright as EXIF `orientation` says (itself when already upright).
  func upright(_ orientation: Int) -> GrayImage {
    orientation == 1
      ? self
      : GrayImage(DecodedImage(width: width, height: height, channels: 1, pixels: pixels).applyingOrientation(orientation))
  }

  /// The middle grey level: a page's paper.
  var median: UInt8 {
    var histogram = [Int](repeating: 0, count: 256)
    for v in pixels { histogram[Int(v)] += 1 }
    var seen = 0
    for (v, n) in histogram.enumerated() {
      seen += n
      if seen * 2 >= pixels.count { return UInt8(v) }
    }
    return 255
  }

  /// The slope of the text lines in a page region, in degrees (positive: falling to the
  /// right), from −`limit` to `limit`: the shear that stacks the dark pixels into the
  /// fewest, fullest rows (the projection-profile method). 0 when there is too little ink
  /// to tell. Measured on every second pixel.
  func textSkew(limit: Double = 12, step: Double = 0.5) -> Double {
    let w = width, h = height
    guard w >= 32, h >= 16 else { return 0 }
    let median = Int(self.median)
    // Ink: dark, and thin (paper within a few pixels on some side): strokes of text, not
    // the dark table or floor around a photographed page.
    let threshold = median - 60, paper = median - 20, reach = 6
    var ink: [(x: Double, y: Double)] = []
    for y in stride(from: 0, to: h, by: 2) {
      for x in stride(from: 0, to: w, by: 2) where Int(pixels[y * w + x]) < threshold {
        let thin = [(reach, 0), (-reach, 0), (0, reach), (0, -reach)].contains { dx, dy in
          let xx = x + dx, yy = y + dy
          return xx >= 0 && yy >= 0 && xx < w && yy < h && Int(pixels[yy * w + xx]) > paper
        }
        if thin { ink.append((Double(x), Double(y))) }
      }
    }
    guard ink.count >= 200 else { return 0 }
    var best = (score: -1.0, angle: 0.0)
    var rows = [Int](repeating: 0, count: h + w)
    var angle = -limit
    while angle <= limit + 1e-9 {
      let t = tan(angle * .pi / 180)
      for i in rows.indices { rows[i] = 0 }
      // Bins two pixels tall, as the sampling.
      for p in ink {
        let row = Int((p.y - p.x * t) / 2) + w / 2
        if row >= 0, row < rows.count { rows[row] += 1 }
      }
      let score = rows.reduce(0.0) { $0 + Double($1) * Double($1) }
      if score > best.score { best = (score, angle) }
      angle += step
    }
    return best.angle
  }

  /// Turned by `degrees` about its centre (positive: what fell to the right comes level),
  /// the same size; what comes from outside is `fill`.
  func levelled(degrees: Double, fill: UInt8) -> GrayImage {
    guard width > 0, height > 0 else { return self }
    let a = degrees * .pi / 180, c = cos(a), s = sin(a)
    let cx = Double(width) / 2, cy = Double(height) / 2
    var out = [UInt8](repeating: fill, count: width * height)
    pixels.withUnsafeBufferPointer { p in
      let sampler = BilinearSampler(p, width: width, height: height)
      for y in 0..<height {
        let dy = Double(y) - cy
        for x in 0..<width {
          let dx = Double(x) - cx
          let sx = cx + dx * c - dy * s, sy = cy + dx * s + dy * c
          guard sx >= 0, sy >= 0, sx <= Double(width - 1), sy <= Double(height - 1) else { continue }
          out[y * width + x] = sampler.byte(x: sx, y: sy)
        }
      }
    }
    return GrayImage(width: width, height: height, pixels: out)
  }
}
