import Core
import Foundation
import ImageCodecs
import RegistrationRules
import TextReading

/// Which of a form's printed labels were found by reading a page that has no QR code of
/// ours (a form printed by the official system or by other software): the applicant's
/// signature line and the employer's seal cell.
public struct FormLabels: Sendable, Equatable, Codable {
  /// The signature label read (申请人签字 or a neighbour of it), when one was found.
  public var signature: String?
  /// The seal label read (单位盖章, 公章 …), when one was found.
  public var seal: String?
  /// Time spent reading the page (milliseconds; for the benchmark, not the report).
  public var milliseconds = 0.0

  public init(signature: String? = nil, seal: String? = nil) {
    self.signature = signature
    self.seal = seal
  }

  /// What the applicant signs beside, punctuation and brackets left out.
  public static let signatureLabels = ["申请人签字", "申请人签名", "本人签字", "本人签名"]
  /// Where the employer stamps.
  public static let sealLabels = ["单位盖章", "单位公章", "盖章", "公章"]
  /// A seal label on a row with one of these is an authority's cell (初审机构盖章), left
  /// empty for the authority: not the employer's.
  public static let notTheEmployers = ["机构", "初审", "终审", "审核", "审查", "受理"]
  /// The heading of the employer's cell, when the seal hides its label.
  public static let opinionLabels = ["聘用单位意见", "用人单位意见", "单位意见"]
}

extension FormScanner {
  /// The size of a printed form's label characters (millimetres a character, 小四 12 pt
  /// as forms print their labels). It turns pixels into millimetres on a page whose
  /// paper edges may not show: a form printed at 10.5 or 14 pt is off by a sixth at most,
  /// well inside the seal's size limits.
  static let labelCharacter = 4.2
  /// The short side a page is read at: its labels come out 20–30 pixels tall.
  static let labelReadingShortSide = 1240

  /// A page without our QR code: its printed labels found by reading it, then the same
  /// signature and seal checks, placed by the labels instead of by the template.
  static func measureByLabels(
    _ planes: PagePlanes, orientation: Int, policy: FormScanPolicy, engine: TextEngine, into scan: inout FormPageScan
  ) {
    let start = DispatchTime.now().uptimeNanoseconds
    let stored = planes.y
    // The seal is often stamped over its own label: its red is taken out first.
    let scaled = stored.scaled(shortSide: labelReadingShortSide)
    let small = withoutRed(scaled, planes)
    let upright = small.upright(orientation)
    let skew = upright.textSkew()
    let turn = abs(skew) >= 1 ? skew : 0
    let plane = turn == 0 ? upright : upright.levelled(degrees: turn, fill: upright.median)
    guard let words = try? engine.read(plane, layout: .sparse, words: true) else { return }
    let rows = LabelRow.rows(of: words)
    var labels = FormLabels()
    defer {
      labels.milliseconds = Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e6
      scan.labels = labels
    }
    let signature = LabelRow.find(FormLabels.signatureLabels, in: rows)
    // The seal's label, or else the heading of the employer's cell: the seal goes in it.
    // The employer's cell follows the applicant's declaration: of the rows with a seal
    // label, the nearest below the signature's (a form's notes further down may name 公章).
    let below = signature.map { found in rows.filter { $0.box.y > found.box.y } } ?? rows
    let sealLabel = LabelRow.find(FormLabels.sealLabels, in: below, excluding: FormLabels.notTheEmployers)
    let heading = LabelRow.find(FormLabels.opinionLabels, in: below)
    // The seal's label when it lies in the cell under the heading (within 90 mm of it,
    // the heading's characters taken as 4.2 mm tall); else the heading: the seal hid its
    // label, and the 公章 read further down is in the form's notes.
    var opinion: (label: String, box: LabelRow.Box, row: LabelRow, characters: Int)?
    if let heading {
      let cellDepth = 90 * heading.box.height / labelCharacter
      if sealLabel.map({ $0.box.y > heading.box.y + cellDepth || $0.box.y < heading.box.y }) ?? true { opinion = heading }
    }
    let seal = opinion ?? sealLabel
    labels.signature = signature?.label
    labels.seal = seal?.label
    guard let anchor = signature ?? seal else { return }
    // A photo in perspective slopes differently across the page: the slope near the
    // anchor label, from the rows of text round it, sets the local frame's axes.
    let h = max(8, anchor.box.height)
    let band = plane.cropped(
      x: 0, y: max(0, Int(anchor.box.y - 4 * h)), width: plane.width, height: Int(anchor.box.height + 8 * h))
    let slope = band.textSkew() * .pi / 180
    let (lc, ls) = (cos(slope), sin(slope))
    // Millimetres from the anchor label's top left along those axes, in the levelled
    // reading copy, mapped back to the stored photo: level → upright → stored orientation
    // → full size.
    let k = anchor.box.width / Double(anchor.characters) / labelCharacter  // pixels a millimetre
    guard k > 0.5 else { return }
    let (cx, cy) = (Double(plane.width) / 2, Double(plane.height) / 2)
    let (c, s) = (cos(turn * .pi / 180), sin(turn * .pi / 180))
    func toStored(_ mx: Double, _ my: Double) -> PixelPoint {
      let px = anchor.box.x + (mx * lc - my * ls) * k, py = anchor.box.y + (mx * ls + my * lc) * k
      let lx = px - cx, ly = py - cy
      let ux = (cx + lx * c - ly * s) / Double(upright.width), uy = (cy + lx * s + ly * c) / Double(upright.height)
      let (u, v) = Frame.stored(upright: (ux, uy), orientation: orientation)
      return PixelPoint(x: u * Double(stored.width), y: v * Double(stored.height))
    }
    let corners = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)]
    guard
      let toImage = Homography(
        from: corners.map { PixelPoint(x: $0.0, y: $0.1) }, to: corners.map { toStored($0.0, $0.1) })
    else { return }
    let frame = Frame(width: stored.width, height: stored.height, orientation: orientation, toImage: toImage)
    /// A box of the reading copy in the local frame (its top left turned; its size kept).
    func mm(_ box: LabelRow.Box) -> FormGeometry.Box {
      let dx = box.x - anchor.box.x, dy = box.y - anchor.box.y
      return FormGeometry.Box(
        x: (dx * lc + dy * ls) / k, y: (-dx * ls + dy * lc) / k, width: box.width / k, height: box.height / k)
    }
    // The paper: as far from the label as the page stays bright (what lies beyond it, a
    // wooden table, must not count as a seal's red). Looked for with the red left in: a
    // reddish table would have been taken out with the seal.
    let unread = scaled.upright(orientation)
    let edges = (turn == 0 ? unread : unread.levelled(degrees: turn, fill: 0)).paperEdges(
      around: (Int(anchor.box.x + anchor.box.width / 2), Int(anchor.box.y + anchor.box.height / 2)))
    let paper = FormGeometry.Box(
      x: (Double(edges.left) - anchor.box.x) / k, y: (Double(edges.top) - anchor.box.y) / k,
      width: Double(edges.right - edges.left) / k, height: Double(edges.bottom - edges.top) / k)
    var line: FormGeometry.SignatureLine?
    if let signature {
      let label = mm(signature.box)
      // The blank: from the label to the next printed word on its line (a date, say), at
      // most 70 mm; the room above it up to the printed line above, at most 12 mm.
      // Printed: read surely, and Chinese or digits (handwriting comes back as neither).
      let printed = rows.flatMap(\.words).filter { word in
        word.confidence >= 70 && word.text.unicodeScalars.contains { $0.properties.isIdeographic || ("0"..."9").contains($0) }
      }
      .map { mm($0.box) }
      let middle = label.y + label.height / 2
      let next = printed.filter { $0.x > label.maxX + 1 && abs($0.y + $0.height / 2 - middle) < label.height }.map(\.x).min()
      let right = next.map { $0 - 2 } ?? (label.maxX + 70)
      let above = printed.filter { $0.maxY < label.y && $0.maxX > label.maxX && $0.x < label.maxX + 70 }.map(\.maxY).max()
      let baseline = label.maxY + 0.3
      let room = above.map { min(12, max(4, baseline - $0 - 0.5)) } ?? 12
      let start = label.maxX + 1
      if right - start >= 15 {
        line = FormGeometry.SignatureLine(x: start, width: min(70, right - start), baseline: baseline, above: room)
      }
    }
    var cell = seal.map { found -> FormGeometry.Box in
      let label = mm(found.box)
      // Under its heading, the employer's cell: the width of a form, 85 mm down (the
      // seal sits at the cell's foot, over its date).
      if opinion != nil { return FormGeometry.Box(x: label.x - 5, y: label.y, width: 175, height: 85) }
      // Over its label or above it: 50 mm up, 30 mm down, 45 mm either side.
      return FormGeometry.Box(x: label.x + label.width / 2 - 45, y: label.y - 50, width: 90, height: 80 + label.height)
    }
    // No seal label could be read (a seal stamped over it hides it): a seal anywhere on the
    // page that has the signature is taken, but none there is no reason (the page may not
    // be the one stamped).
    let anywhere = cell == nil
    if anywhere { cell = paper }
    measureSignatureAndSeal(
      planes, frame: frame, line: line, cell: cell, paper: paper, policy: policy, engine: engine, into: &scan)
    if anywhere, let found = scan.seal, !SealVerdict.problems(found, policy).isEmpty {
      scan.seal = nil
      scan.sealText = nil
      scan.marks.removeAll { $0.kind == .seal }
    }
  }
}

extension FormScanner {
  /// The page with its red ink turned to paper: the printed labels under a seal can be
  /// read. `small` is the luma at reading size; the chroma planes say where red is.
  static func withoutRed(_ small: GrayImage, _ planes: PagePlanes) -> GrayImage {
    guard let cb = planes.cb, let cr = planes.cr, let paperRedness = planes.paperRedness else { return small }
    let paper = small.median
    var out = small.pixels
    let sx = Double(cb.width) / Double(small.width), sy = Double(cb.height) / Double(small.height)
    for y in 0..<small.height {
      let cy = min(cb.height - 1, Int(Double(y) * sy))
      for x in 0..<small.width {
        let cx = min(cb.width - 1, Int(Double(x) * sx))
        let r = Double(cr.pixels[cy * cr.width + cx]) - Double(cb.pixels[cy * cb.width + cx]) - paperRedness
        if r > 18 { out[y * small.width + x] = paper }
      }
    }
    return GrayImage(width: small.width, height: small.height, pixels: out)
  }
}

/// Words read on a page grouped into rows, and labels looked for in them.
struct LabelRow {
  struct Box {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    init(_ line: TextLine) {
      (x, y, width, height) = (Double(line.x), Double(line.y), Double(line.width), Double(line.height))
    }
    init(x: Double, y: Double, width: Double, height: Double) {
      (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    func union(_ o: Box) -> Box {
      let x0 = min(x, o.x), y0 = min(y, o.y)
      return Box(x: x0, y: y0, width: max(maxX, o.maxX) - x0, height: max(maxY, o.maxY) - y0)
    }
  }
  struct Word {
    var text: String
    var box: Box
    var confidence: Double
  }
  var words: [Word]
  var box: Box

  /// Words chained into rows, left to right: a word joins the row whose last word ends
  /// just before it (within three characters; or after its start, by up to five, as an
  /// overlapping box does) at about its height (within half a character). A chain follows a line that slopes, as lines do across a page photographed
  /// in perspective. (Tesseract's Chinese words may overlap: the box of 申请 can span the
  /// whole of 申请人签字.)
  static func rows(of lines: [TextLine]) -> [LabelRow] {
    var rows: [LabelRow] = []
    for line in lines.sorted(by: { $0.x < $1.x }) where line.width > 0 && line.height > 0 {
      let word = Word(text: line.text, box: Box(line), confidence: line.confidence)
      let middle = word.box.y + word.box.height / 2
      var best: (row: Int, dy: Double)?
      for (i, row) in rows.enumerated() {
        guard let last = row.words.last else { continue }
        let size = max(last.box.height, word.box.height)
        let gap = word.box.x - last.box.maxX
        let dy = abs(middle - (last.box.y + last.box.height / 2))
        guard gap < 3 * size, gap > -5 * size, dy <= size / 2, dy < best?.dy ?? .infinity else { continue }
        best = (i, dy)
      }
      if let best {
        rows[best.row].words.append(word)
        rows[best.row].box = rows[best.row].box.union(word.box)
      } else {
        rows.append(LabelRow(words: [word], box: word.box))
      }
    }
    return rows.sorted { $0.box.y < $1.box.y }
  }

  /// The first row (from the top) holding one of `labels` (in order of preference within
  /// the row), its characters'
  /// words' box and how many characters those words hold; punctuation and brackets left out, look-alike characters allowed.
  static func find(_ labels: [String], in rows: [LabelRow], excluding: [String] = []) -> (
    label: String, box: Box, row: LabelRow, characters: Int
  )? {
    // Row by row from the top, each row's best label first: the first row with one wins.
    for row in rows {
      let text = DocumentText.normalized(row.words.map(\.text).joined())
      guard !excluding.contains(where: { text.contains($0) }) else { continue }
      for label in labels {
        let wanted = Array(DocumentText.normalized(label))
        // Each kept character, and the word it came from.
        var characters: [(Character, Int)] = []
        for (i, word) in row.words.enumerated() {
          for ch in DocumentText.normalized(word.text) where ch.isLetter || ch.isNumber { characters.append((ch, i)) }
        }
        // A label stands in a cell of its own or before a blank (申请人签字：…… 日期：年月日),
        // not inside a sentence (请本人签字并由单位盖章) that only mentions it.
        guard characters.count >= wanted.count, characters.count <= wanted.count + 10 else { continue }
        for at in 0...(characters.count - wanted.count)
        where (0..<wanted.count).allSatisfy({ characters[at + $0].0 == wanted[$0] }) {
          let used = Set(characters[at..<(at + wanted.count)].map(\.1))
          guard let first = used.min() else { continue }
          let box = used.sorted().dropFirst().reduce(row.words[first].box) { $0.union(row.words[$1].box) }
          // A label is printed: the words Tesseract was sure of, not a guess at handwriting.
          // The words either side count too (a short label such as 公章 can come back right
          // but unsure, between brackets and characters read surely).
          guard let last = used.max() else { continue }
          let around = max(0, first - 1)...min(row.words.count - 1, last + 1)
          let confidence = around.map { row.words[$0].confidence }.reduce(0, +) / Double(around.count)
          guard confidence >= 60 else { continue }
          // Every character of those words takes a character's width (a full-width colon
          // or bracket too): what the box's width is divided by.
          let characters = used.map { DocumentText.normalized(row.words[$0].text).count }.reduce(0, +)
          return (label, box, row, max(wanted.count, characters))
        }
      }
    }
    return nil
  }
}

extension Frame {
  /// Where a point of the upright image (shares of its width and height) lies in the
  /// image as stored with EXIF `orientation`: the inverse of `mark`'s mapping.
  static func stored(upright p: (Double, Double), orientation: Int) -> (Double, Double) {
    let (u, v) = p
    switch orientation {
    case 2: return (1 - u, v)
    case 3: return (1 - u, 1 - v)
    case 4: return (u, 1 - v)
    case 5: return (v, u)
    case 6: return (v, 1 - u)
    case 7: return (1 - v, 1 - u)
    case 8: return (1 - v, u)
    default: return (u, v)
    }
  }
}

extension PagePlanes {
  /// The paper's red-minus-blue (Cr − Cb): its median over a coarse grid of the page; nil
  /// without colour. Red ink is measured above it.
  var paperRedness: Double? {
    guard let cb, let cr, cb.width > 0, cb.height > 0, cr.width == cb.width, cr.height == cb.height else { return nil }
    var redness: [Double] = []
    let step = max(1, min(cb.width, cb.height) / 64)
    for y in stride(from: 0, to: cb.height, by: step) {
      for x in stride(from: 0, to: cb.width, by: step) {
        redness.append(Double(cr.pixels[y * cr.width + x]) - Double(cb.pixels[y * cb.width + x]))
      }
    }
    return Rectified.percentile(redness, 0.5)
  }
}

extension GrayImage {
  /// How far the paper reaches from `point` left, right, up and down: to the first run of
  /// `run` pixels darker than seven tenths of the paper (at the reading size, 60 pixels
  /// are 10 mm: longer than any stroke of text, a rule's width or handwriting; the table or
  /// floor beyond the page is not). The image's edge where the paper reaches it.
  func paperEdges(around point: (x: Int, y: Int), run: Int = 60) -> (left: Int, right: Int, top: Int, bottom: Int) {
    let x0 = max(0, min(width - 1, point.x)), y0 = max(0, min(height - 1, point.y))
    let dark = Int(median) * 7 / 10
    func walk(_ from: Int, _ step: Int, _ limit: Int, _ at: (Int) -> UInt8) -> Int {
      var i = from, count = 0
      while i != limit {
        count = Int(at(i)) < dark ? count + 1 : 0
        if count >= run { return i - step * (run - 1) }
        i += step
      }
      return step > 0 ? limit : 0
    }
    let row = y0 * width
    return (
      walk(x0, -1, -1) { self.pixels[row + $0] }, walk(x0, 1, width) { self.pixels[row + $0] },
      walk(y0, -1, -1) { self.pixels[$0 * self.width + x0] }, walk(y0, 1, height) { self.pixels[$0 * self.width + x0] }
    )
  }
}
