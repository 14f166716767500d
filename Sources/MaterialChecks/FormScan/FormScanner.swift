import Core
import FaceFinding
import Foundation
import ImageCodecs
import RegistrationRules
import TextReading

/// The planes of a decoded page, as the scanner samples them: luma at full size, and
/// when the image is in colour its Cb and Cr planes (often at half size).
public struct PagePlanes: Sendable {
  public var y: GrayImage
  public var cb: GrayImage?
  public var cr: GrayImage?

  public init(y: GrayImage, cb: GrayImage? = nil, cr: GrayImage? = nil) {
    self.y = y
    self.cb = cb
    self.cr = cr
  }

  /// Planes of an RGB (or gray) image, Rec. 601 as JPEG stores them.
  public init(rgb pixels: [UInt8], width: Int, height: Int, channels: Int) {
    guard channels == 3, pixels.count == width * height * 3 else {
      // Gray already: the same storage, no copy (every PDF page of a review comes here).
      y = GrayImage(
        width: width, height: height,
        pixels: pixels.count == width * height ? pixels : Array(pixels.prefix(width * height)))
      return
    }
    var ly = [UInt8](repeating: 0, count: width * height)
    var lcb = ly, lcr = ly
    for i in 0..<(width * height) {
      let r = Double(pixels[3 * i]), g = Double(pixels[3 * i + 1]), b = Double(pixels[3 * i + 2])
      ly[i] = UInt8(max(0, min(255, (0.299 * r + 0.587 * g + 0.114 * b).rounded())))
      lcb[i] = UInt8(max(0, min(255, (128 - 0.168736 * r - 0.331264 * g + 0.5 * b).rounded())))
      lcr[i] = UInt8(max(0, min(255, (128 + 0.5 * r - 0.418688 * g - 0.081312 * b).rounded())))
    }
    y = GrayImage(width: width, height: height, pixels: ly)
    cb = GrayImage(width: width, height: height, pixels: lcb)
    cr = GrayImage(width: width, height: height, pixels: lcr)
  }
}

/// Finds a form page's QR code and, from its corners, where the template's signature
/// line and seal cell fall in the photo (a homography: the page may be turned, tilted or
/// in perspective); then measures the ink and the red there.
public enum FormScanner {
  /// - Parameters:
  ///   - orientation: the photo's EXIF orientation, so that marks fit the upright preview
  ///     and the likeliest corner is searched first.
  ///   - faces: the face engine: when given, the photo printed in the photo box is found.
  ///   - engine: the text engine, when the review reads: the seal's words are read, and a
  ///     page without our QR code is laid out by its printed labels.
  ///   - mayHoldCode: false when the caller's `QRGate` already found no code possible.
  public static func scan(
    _ planes: PagePlanes, orientation: Int, forms: FormGeometrySet, policy: FormScanPolicy, faces: Faces? = nil,
    engine: TextEngine? = nil, mayHoldCode: Bool? = nil
  ) -> FormPageScan {
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e6 }
    let found = mayHoldCode == false ? nil : findQR(planes.y, orientation: orientation)
    var scan = FormPageScan(qr: found?.text)
    scan.qrMilliseconds = elapsed()
    if let found {
      measureMarks(
        planes, qr: found, orientation: orientation, forms: forms, policy: policy, faces: faces, engine: engine, into: &scan)
    }
    if scan.payload == nil, let engine {
      measureByLabels(planes, orientation: orientation, policy: policy, engine: engine, into: &scan)
    }
    scan.milliseconds = elapsed()
    return scan
  }

  /// With our QR code found: the homography from its corners, then the signature and the
  /// seal where the template puts them.
  static func measureMarks(
    _ planes: PagePlanes, qr found: FoundQR, orientation: Int, forms: FormGeometrySet, policy: FormScanPolicy,
    faces: Faces? = nil, engine: TextEngine? = nil, into scan: inout FormPageScan
  ) {
    let image = planes.y
    guard let payload = FormQRPayload(text: found.text), let form = forms[payload.kind], let page = form.page(payload.page)
    else { return }
    let qr = page.qr
    let mm = [
      PixelPoint(x: qr.x, y: qr.y), PixelPoint(x: qr.maxX, y: qr.y), PixelPoint(x: qr.maxX, y: qr.maxY),
      PixelPoint(x: qr.x, y: qr.maxY),
    ]
    guard let toImage = Homography(from: mm, to: found.corners) else { return }
    let frame = Frame(width: image.width, height: image.height, orientation: orientation, toImage: toImage)
    if let box = frame.mark(qr) { scan.marks.append(PageMark(kind: .qr, found: true, box)) }
    let paper = FormGeometry.Box(x: 0, y: 0, width: form.pageWidth, height: form.pageHeight)
    measureSignatureAndSeal(
      planes, frame: frame, line: page.applicantSignature, cell: page.employerSealCell, paper: paper, policy: policy,
      engine: engine, into: &scan)
    // The printed photo, sampled upright from the page at 10 samples a millimetre.
    if let box = page.photo, let faces, case .success(let engine) = faces.get(),
      let sampled = Rectified(planes.y, box, scale: 10, toImage: toImage)
    {
      let plane = GrayImage(
        width: sampled.width, height: sampled.height, pixels: sampled.values.map { UInt8(max(0, min(255, $0.rounded()))) })
      let photo = FaceAnalysis.printedPhoto(plane, engine: engine)
      scan.photo = photo
      if !photo.faces.isEmpty, let mark = frame.mark(box) { scan.marks.append(PageMark(kind: .photo, found: true, mark)) }
    }
  }

  /// The signature on its line and the seal in its cell, wherever the page's layout
  /// was found (from our QR code, or from the printed labels); the seal's text read when
  /// an `engine` is given.
  static func measureSignatureAndSeal(
    _ planes: PagePlanes, frame: Frame, line: FormGeometry.SignatureLine?, cell: FormGeometry.Box?,
    paper: FormGeometry.Box, policy: FormScanPolicy, engine: TextEngine?, into scan: inout FormPageScan
  ) {
    let toImage = frame.toImage
    if let line {
      let (measure, inkBox) = signature(planes.y, line: line, toImage: toImage)
      scan.signature = measure
      let found = measure.inkShare >= policy.signatureMinInk && measure.span >= policy.signatureMinSpan
      let room = FormGeometry.Box(x: line.x, y: line.baseline - line.above, width: line.width, height: line.above + 1.5)
      if let box = frame.mark(found ? (inkBox ?? room) : room) {
        scan.marks.append(PageMark(kind: .signature, found: found, box))
      }
    }
    if let cell {
      let (measure, sealBox) = seal(planes, cell: cell, page: paper, toImage: toImage)
      scan.seal = measure
      let ok = SealVerdict.problems(measure, policy).isEmpty
      if let box = frame.mark(sealBox ?? cell) { scan.marks.append(PageMark(kind: .seal, found: ok, box)) }
      // The seal's words, once there is a seal to read.
      if let engine, let sealBox, measure.redArea >= policy.sealMinArea {
        scan.sealText = SealReader.read(
          planes,
          seal: SealReader.Seal(
            centreX: sealBox.x + sealBox.width / 2, centreY: sealBox.y + sealBox.height / 2,
            radius: (sealBox.width + sealBox.height) / 4, toImage: toImage), engine: engine)
      }
    }
  }

  // MARK: the QR code

  /// The first QR code found: first in the corner where the page's top right should be,
  /// then the other corners, then the whole image (four times the work of a corner).
  /// A small photo's modules may be under 3 pixels, where zbar misses finder patterns:
  /// then the corners are tried again enlarged twice.
  ///
  /// Each corner is first scanned on every second line, which finds a printed code in half
  /// the time; a full scan of a tight crop around what it found then gives the corners.
  /// Only when no corner has a code that way are they scanned on every line.
  ///
  /// Past the likeliest corner's sparse scan (where our own forms' codes are found), all of
  /// that only when the page has three finder patterns where a code's would be (`QRGate`,
  /// a few milliseconds): on a page without a code zbar's chain costs the most.
  static func findQR(_ image: GrayImage, orientation: Int) -> FoundQR? {
    let order = cornerOrder(image, orientation: orientation)
    if let r = order.first, let coarse = find(in: image, (r.0, r.1, r.2, r.3), density: 2) {
      return find(in: image, around: coarse) ?? coarse
    }
    guard QRGate.mayHoldCode(image) else { return nil }
    return searchQR(image, orientation: orientation, likeliestTried: true)
  }

  /// The corner regions (45 % × 35 % of the image), the likeliest first: where the upright
  /// page's top right corner is stored, by EXIF orientation.
  static func cornerOrder(_ image: GrayImage, orientation: Int) -> [(Int, Int, Int, Int)] {
    let w = image.width, h = image.height
    let cw = w * 45 / 100, ch = h * 35 / 100
    let corners = [
      "tr": (w - cw, 0, cw, ch), "tl": (0, 0, cw, ch), "br": (w - cw, h - ch, cw, ch), "bl": (0, h - ch, cw, ch),
    ]
    let first: String
    switch orientation {
    case 3: first = "bl"
    case 6: first = "tl"
    case 8: first = "br"
    default: first = "tr"
    }
    return ([first] + ["tr", "tl", "br", "bl"].filter { $0 != first }).compactMap { corners[$0] }
  }

  /// zbar's search, corners first (see `findQR`), without the gate; `likeliestTried`:
  /// the likeliest corner's sparse scan already found nothing.
  static func searchQR(_ image: GrayImage, orientation: Int, likeliestTried: Bool = false) -> FoundQR? {
    let w = image.width, h = image.height
    let order = cornerOrder(image, orientation: orientation)
    for r in order.dropFirst(likeliestTried ? 1 : 0) {
      if let coarse = find(in: image, (r.0, r.1, r.2, r.3), density: 2) {
        return find(in: image, around: coarse) ?? coarse
      }
    }
    for r in order {
      if let qr = find(in: image, (r.0, r.1, r.2, r.3), density: 1) { return qr }
    }
    if let qr = QRReader.find(in: image).first { return qr }
    guard min(w, h) < 2400 else { return nil }
    for r in order {
      let crop = image.cropped(x: r.0, y: r.1, width: r.2, height: r.3).doubled()
      if let qr = QRReader.find(in: crop).first {
        return FoundQR(
          text: qr.text,
          corners: qr.corners.map { PixelPoint(x: $0.x / 2 + Double(r.0), y: $0.y / 2 + Double(r.1)) })
      }
    }
    return nil
  }

  /// The first QR code in a rectangle of the image, in the image's pixels. The rectangle
  /// is handed to zbar as a copy: given a crop of a larger image, zbar still binarizes
  /// all of it once it has seen finder patterns (two thirds of the time of a corner).
  static func find(in image: GrayImage, _ r: (x: Int, y: Int, width: Int, height: Int), density: Int32) -> FoundQR? {
    let crop = image.cropped(x: r.x, y: r.y, width: r.width, height: r.height)
    let x0 = Double(max(0, min(r.x, image.width - 1))), y0 = Double(max(0, min(r.y, image.height - 1)))
    guard let qr = QRReader.find(in: crop, density: density).first else { return nil }
    return FoundQR(text: qr.text, corners: qr.corners.map { PixelPoint(x: $0.x + x0, y: $0.y + y0) })
  }

  /// The code found by a sparse scan, scanned again on every line in a crop around it
  /// (half its size again on each side): the corners of a full scan, at a fifth of the
  /// cost of one over the corner. Nil if that scan does not read the same text.
  static func find(in image: GrayImage, around coarse: FoundQR) -> FoundQR? {
    let xs = coarse.corners.map(\.x), ys = coarse.corners.map(\.y)
    guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
    let margin = max(16, (max(maxX - minX, maxY - minY) / 2).rounded(.up))
    let x0 = Int(max(0, minX - margin)), y0 = Int(max(0, minY - margin))
    let x1 = Int(min(Double(image.width), maxX + margin + 1)), y1 = Int(min(Double(image.height), maxY + margin + 1))
    guard x1 > x0, y1 > y0, let qr = find(in: image, (x0, y0, x1 - x0, y1 - y0), density: 1), qr.text == coarse.text
    else { return nil }
    return qr
  }

  // MARK: the signature

  /// Ink on the signing blank. The printed rule is looked for near where the QR code puts
  /// it (the QR code is small and far away: its estimate may be off by a few millimetres)
  /// and the room is placed by it; then dark pixels, relative to the paper around them,
  /// are counted in the room, the rule itself left out.
  static func signature(_ y: GrayImage, line: FormGeometry.SignatureLine, toImage: Homography) -> (
    SignatureMeasure, FormGeometry.Box?
  ) {
    let scale = 6.0  // samples per millimetre
    let margin = 7.0
    let window = FormGeometry.Box(
      x: line.x - margin, y: line.baseline - line.above - margin, width: line.width + 2 * margin,
      height: line.above + 2 * margin)
    guard let patch = Rectified(y, window, scale: scale, toImage: toImage) else {
      return (SignatureMeasure(inkShare: 0, span: 0, lineFound: false), nil)
    }
    let paper = patch.percentile(0.85)
    let threshold = max(paper * 0.7, paper - 255 * 0.5)
    let dark = patch.values.map { $0 < threshold && paper - $0 > 20 }
    // The rule: the row, near the expected one, with the most dark samples.
    let expectedRow = Int(((line.baseline - window.y) * scale).rounded())
    let expectedStart = Int((margin * scale).rounded()), length = Int((line.width * scale).rounded())
    // A column counts for a row when it is dark there or a row above or below: a rule a
    // little aslant (the QR code's estimate of the angle is not exact) still counts whole.
    var best = (row: expectedRow, count: 0)
    let rows = (low: max(1, expectedRow - Int(5 * scale)), high: min(patch.height - 2, expectedRow + Int(5 * scale)))
    for row in stride(from: rows.low, through: rows.high, by: 1) {
      var count = 0
      for x in 0..<patch.width
      where dark[(row - 1) * patch.width + x] || dark[row * patch.width + x] || dark[(row + 1) * patch.width + x] {
        count += 1
      }
      if count > best.count { best = (row, count) }
    }
    var dy = 0, dx = 0
    let lineFound = best.count >= length / 2
    if lineFound {
      dy = best.row - expectedRow
      // The rule's start: the first column from which dark runs on (gaps under 1 mm) for
      // most of the blank's length.
      let row = best.row
      var runStart = -1, lastDark = -100, longest = (start: 0, end: -1)
      for x in 0..<patch.width {
        let d = (max(0, row - 1)...min(patch.height - 1, row + 1)).contains { dark[$0 * patch.width + x] }
        guard d else { continue }
        if x - lastDark > Int(scale) { runStart = x }
        lastDark = x
        if x - runStart > longest.end - longest.start { longest = (runStart, x) }
      }
      let runLength = longest.end - longest.start
      if runLength > length * 7 / 10, runLength < length * 13 / 10 { dx = longest.start - expectedStart }
    }
    // The room: the blank's length, from the rule up to the printed text above, the rule's
    // own rows left out.
    let x0 = max(0, expectedStart + dx), x1 = min(patch.width, expectedStart + dx + length)
    let y0 = max(0, expectedRow + dy - Int(line.above * scale)), y1 = min(patch.height, expectedRow + dy + Int(1.5 * scale))
    let ruleRows = (expectedRow + dy - Int(0.5 * scale))...(expectedRow + dy + Int(0.5 * scale))
    guard x1 > x0, y1 > y0 else { return (SignatureMeasure(inkShare: 0, span: 0, lineFound: lineFound), nil) }
    var ink = 0, total = 0
    var columns = [Int](repeating: 0, count: x1 - x0)
    var top = Int.max, bottom = Int.min
    for row in y0..<y1 where !ruleRows.contains(row) {
      for x in x0..<x1 {
        total += 1
        if dark[row * patch.width + x] {
          ink += 1
          columns[x - x0] += 1
          top = min(top, row)
          bottom = max(bottom, row)
        }
      }
    }
    // The span: from the first to the last millimetre that holds ink (specks left out).
    let bins = stride(from: 0, to: columns.count, by: Int(scale)).map {
      columns[$0..<min(columns.count, $0 + Int(scale))].reduce(0, +)
    }
    let inked = bins.indices.filter { bins[$0] >= 3 }
    var span = 0.0
    var inkBox: FormGeometry.Box?
    if let first = inked.first, let last = inked.last, top <= bottom {
      span = Double(last - first + 1) / Double(max(1, bins.count))
      inkBox = FormGeometry.Box(
        x: window.x + Double(x0) / scale + Double(first), y: window.y + Double(top) / scale,
        width: Double(last - first + 1), height: Double(bottom - top + 1) / scale)
    }
    return (SignatureMeasure(inkShare: total > 0 ? Double(ink) / Double(total) : 0, span: span, lineFound: lineFound), inkBox)
  }

  // MARK: the seal

  /// The red in the employer's cell (and a margin round it: seals overlap the borders).
  /// The densest red cluster is taken as the seal; its size, roundness and outer ring are
  /// measured about its centre.
  static func seal(_ planes: PagePlanes, cell: FormGeometry.Box, page: FormGeometry.Box, toImage: Homography) -> (
    SealMeasure, FormGeometry.Box?
  ) {
    let none = SealMeasure(colour: planes.cr != nil, redArea: 0, diameter: 0, roundness: 0, ring: 0, strength: 0)
    guard let cb = planes.cb, let cr = planes.cr else { return (none, nil) }
    let scale = 2.0
    // 6 mm round the cell, but 4 mm inside the paper's edge: what lies beyond the paper (a
    // wooden table) must not count as red.
    let x0 = max(page.x + 4, cell.x - 6), y0 = max(page.y + 4, cell.y - 6)
    let area = FormGeometry.Box(
      x: x0, y: y0, width: min(page.maxX - 4, cell.maxX + 6) - x0, height: min(page.maxY - 4, cell.maxY + 6) - y0)
    let sx = Double(cb.width) / Double(planes.y.width), sy = Double(cb.height) / Double(planes.y.height)
    let plane = Homography(scaling: toImage, x: sx, y: sy)
    guard let blue = Rectified(cb, area, scale: scale, toImage: plane),
      let red = Rectified(cr, area, scale: scale, toImage: plane)
    else { return (none, nil) }
    let w = blue.width, h = blue.height
    var redness = [Double](repeating: 0, count: w * h)
    for i in 0..<(w * h) { redness[i] = red.values[i] - blue.values[i] }
    let base = Rectified.percentile(redness, 0.5), paperRed = red.percentile(0.5)
    // Red: red-minus-blue well above the paper's, and Cr itself above the paper's (brown
    // wood and skin are warm but hardly red). 14 lets a faint seal be seen, and measured as
    // faint, while black and blue ink stay below it.
    var mask = [Bool](repeating: false, count: w * h)
    for i in 0..<(w * h) where blue.valid[i] && redness[i] - base > 14 && red.values[i] - paperRed > 12 { mask[i] = true }
    // The seal's centre: the densest 40 mm window of red.
    let win = Int(40 * scale)
    var integral = [Int](repeating: 0, count: (w + 1) * (h + 1))
    for yy in 0..<h {
      var rowSum = 0
      for xx in 0..<w {
        rowSum += mask[yy * w + xx] ? 1 : 0
        integral[(yy + 1) * (w + 1) + xx + 1] = integral[yy * (w + 1) + xx + 1] + rowSum
      }
    }
    func count(_ ax: Int, _ ay: Int, _ bx: Int, _ by: Int) -> Int {
      integral[by * (w + 1) + bx] - integral[ay * (w + 1) + bx] - integral[by * (w + 1) + ax] + integral[ay * (w + 1) + ax]
    }
    var best = (x: 0, y: 0, n: 0)
    let step = max(1, Int(scale))
    for cy in stride(from: 0, to: h, by: step) {
      for cx in stride(from: 0, to: w, by: step) {
        let n = count(max(0, cx - win / 2), max(0, cy - win / 2), min(w, cx + win / 2), min(h, cy + win / 2))
        if n > best.n { best = (cx, cy, n) }
      }
    }
    guard best.n > 0 else { return (none, nil) }
    // Red pixels within 35 mm of that window's centre: the seal.
    let reach = 35 * scale
    var xs: [Double] = [], ys: [Double] = [], strengths: [Double] = []
    for yy in max(0, best.y - Int(reach))..<min(h, best.y + Int(reach)) {
      for xx in max(0, best.x - Int(reach))..<min(w, best.x + Int(reach)) where mask[yy * w + xx] {
        let dx = Double(xx - best.x), dy = Double(yy - best.y)
        guard dx * dx + dy * dy <= reach * reach else { continue }
        xs.append(Double(xx))
        ys.append(Double(yy))
        strengths.append(redness[yy * w + xx] - base)
      }
    }
    let redArea = Double(xs.count) / (scale * scale)
    guard xs.count >= 8 else {
      return (SealMeasure(colour: true, redArea: redArea, diameter: 0, roundness: 0, ring: 0, strength: 0), nil)
    }
    let left = Rectified.percentile(xs, 0.01), right = Rectified.percentile(xs, 0.99)
    let topY = Rectified.percentile(ys, 0.01), bottomY = Rectified.percentile(ys, 0.99)
    let cx = (left + right) / 2, cy = (topY + bottomY) / 2
    let width = right - left, height = bottomY - topY
    // The outer ring: the 99th percentile of distance from the centre, and which of 36
    // sectors have red near it.
    let distances = zip(xs, ys).map { (($0 - cx) * ($0 - cx) + ($1 - cy) * ($1 - cy)).squareRoot() }
    let radius = Rectified.percentile(distances, 0.99)
    var sectors = [Int](repeating: 0, count: 36)
    for (i, d) in distances.enumerated() where d >= radius * 0.8 && d <= radius * 1.1 {
      let angle = atan2(ys[i] - cy, xs[i] - cx)
      let s = Int(((angle + .pi) / (2 * .pi) * 36).rounded(.down))
      sectors[max(0, min(35, s))] += 1
    }
    let ring = Double(sectors.filter { $0 >= 2 }.count) / 36
    let measure = SealMeasure(
      colour: true, redArea: redArea, diameter: (width + height) / 2 / scale,
      roundness: max(width, height) > 0 ? min(width, height) / max(width, height) : 0, ring: ring,
      strength: Rectified.percentile(strengths, 0.5))
    let box = FormGeometry.Box(
      x: area.x + left / scale, y: area.y + topY / scale, width: width / scale, height: height / scale)
    return (measure, box)
  }
}

/// Which seal measures fall short of the policy: the problems in the order a reviewer
/// would name them (none: a seal is there).
public enum SealVerdict {
  public enum Problem: Equatable, Sendable {
    case noColour, none, faint, size, shape, cutOff
  }

  public static func problems(_ m: SealMeasure, _ p: FormScanPolicy) -> [Problem] {
    guard m.colour else { return [.noColour] }
    guard m.redArea >= p.sealMinArea else { return [.none] }
    var problems: [Problem] = []
    if m.strength < p.sealMinStrength { problems.append(.faint) }
    if m.diameter < p.sealMinDiameter || m.diameter > p.sealMaxDiameter { problems.append(.size) }
    if m.roundness < p.sealMinRoundness { problems.append(.shape) }
    if m.ring < p.sealMinRing { problems.append(.cutOff) }
    return problems
  }
}

/// Where marks go on the upright preview: template millimetres → photo pixels → shares of
/// the upright image.
struct Frame {
  var width: Int
  var height: Int
  var orientation: Int
  var toImage: Homography

  func mark(_ box: FormGeometry.Box) -> (x: Double, y: Double, width: Double, height: Double)? {
    let corners = [(box.x, box.y), (box.maxX, box.y), (box.maxX, box.maxY), (box.x, box.maxY)].compactMap {
      toImage.apply($0.0, $0.1)
    }
    guard corners.count == 4 else { return nil }
    let upright = corners.map { p -> (Double, Double) in
      let u = p.x / Double(width), v = p.y / Double(height)
      switch orientation {
      case 2: return (1 - u, v)
      case 3: return (1 - u, 1 - v)
      case 4: return (u, 1 - v)
      case 5: return (v, u)
      case 6: return (1 - v, u)
      case 7: return (1 - v, 1 - u)
      case 8: return (v, 1 - u)
      default: return (u, v)
      }
    }
    let xs = upright.map(\.0), ys = upright.map(\.1)
    guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
    let x = max(0, min(1, minX)), y = max(0, min(1, minY))
    return (x, y, max(0, min(1, maxX) - x), max(0, min(1, maxY) - y))
  }
}

extension PageMark {
  init(kind: Kind, found: Bool, _ box: (x: Double, y: Double, width: Double, height: Double)) {
    self.init(kind: kind, found: found, x: box.x, y: box.y, width: box.width, height: box.height)
  }
}

extension Homography {
  /// The same map followed by a scaling of the image axes (to a chroma plane's size).
  init(scaling base: Homography, x: Double, y: Double) {
    var h = base.h
    for i in 0..<3 {
      h[i] *= x
      h[3 + i] *= y
    }
    self.h = h
  }
}

/// A template rectangle sampled from a photo through a homography, `scale` samples per
/// millimetre, bilinear. Samples that fall outside the photo are marked invalid (and read
/// as paper).
struct Rectified {
  var width: Int
  var height: Int
  var values: [Double]
  var valid: [Bool]

  init?(_ image: GrayImage, _ box: FormGeometry.Box, scale: Double, toImage: Homography) {
    let w = Int((box.width * scale).rounded()), h = Int((box.height * scale).rounded())
    guard w > 0, h > 0, w <= 4000, h <= 4000, image.width > 1, image.height > 1 else { return nil }
    width = w
    height = h
    values = [Double](repeating: 255, count: w * h)
    valid = [Bool](repeating: false, count: w * h)
    image.pixels.withUnsafeBufferPointer { p in
      let sampler = BilinearSampler(p, width: image.width, height: image.height)
      for yy in 0..<h {
        let my = box.y + (Double(yy) + 0.5) / scale
        for xx in 0..<w {
          let mx = box.x + (Double(xx) + 0.5) / scale
          guard let q = toImage.apply(mx, my) else { continue }
          let fx = q.x - 0.5, fy = q.y - 0.5
          guard fx >= 0, fy >= 0, fx < Double(image.width - 1), fy < Double(image.height - 1) else { continue }
          values[yy * w + xx] = sampler.value(x: fx, y: fy)
          valid[yy * w + xx] = true
        }
      }
    }
    // Outside the photo reads as the paper inside it, so it is neither ink nor red.
    let inside = zip(values, valid).filter(\.1).map(\.0)
    guard !inside.isEmpty else { return nil }
    let paper = Self.percentile(inside, 0.85)
    for i in values.indices where !valid[i] { values[i] = paper }
  }

  func percentile(_ q: Double) -> Double { Self.percentile(zip(values, valid).filter(\.1).map(\.0), q) }

  static func percentile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    var values = values
    return Selection.value(ofRank: max(0, min(values.count - 1, Int((Double(values.count - 1) * q).rounded()))), in: &values)
  }
}
