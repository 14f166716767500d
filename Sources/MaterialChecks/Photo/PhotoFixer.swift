import Core
import FaceFinding
import Foundation
import ImageCodecs
import RegistrationRules

/// What the official photo tools do to an acceptable source photo: turn it upright,
/// crop it to the certificate's aspect around the person, scale it down (never up) to the
/// certificate's size, and save it as a clean JPEG that fits the byte limit.
public enum PhotoFixer {
  public enum Problem: Error, Sendable, Equatable {
    /// The photo could not be read.
    case unreadable(ImageDecodeError)
    /// After cropping, fewer pixels than the target: enlarging would only blur it.
    case tooSmall(width: Int, height: Int, needed: (width: Int, height: Int))
    /// Not even the lowest allowed quality fits the byte limit.
    case cannotFit(bytes: Int, limit: Int)
    /// The isolated worker crashed or ran out of time or memory on this photo.
    case checkFailed(CheckFailure)
    /// No face was found: there is no one to frame.
    case noFace
    /// More than one person: which one would the certificate show?
    case multipleFaces(Int)
    /// Faces could not be looked for (the model is not installed).
    case faceUnavailable(FaceModelError)

    public static func == (a: Problem, b: Problem) -> Bool {
      switch (a, b) {
      case (.unreadable(let x), .unreadable(let y)): x == y
      case (.tooSmall(let w1, let h1, let n1), .tooSmall(let w2, let h2, let n2)): w1 == w2 && h1 == h2 && n1 == n2
      case (.cannotFit(let b1, let l1), .cannotFit(let b2, let l2)): b1 == b2 && l1 == l2
      case (.checkFailed(let x), .checkFailed(let y)): x == y
      case (.noFace, .noFace): true
      case (.multipleFaces(let x), .multipleFaces(let y)): x == y
      case (.faceUnavailable(let x), .faceUnavailable(let y)): x == y
      default: false
      }
    }

    public var finding: Finding {
      switch self {
      case .checkFailed(let failure):
        return failure.finding(material: .photo, file: "")
      case .faceUnavailable(let problem):
        return problem.finding(material: .photo, file: "")
      case .noFace:
        return Finding(
          .noFace, material: .photo,
          message: LocalizedText("photoFixer.noFaceCanBeFound"),
          measured: Measure(0), limit: Measure(1))
      case .multipleFaces(let count):
        return Finding(
          .multipleFaces, material: .photo,
          message: LocalizedText("photoFixer.thePhotoShowsFacesAn", ["count": count]),
          measured: Measure(count), limit: Measure(1))
      case .unreadable(let error):
        var r = MaterialVerdict.Collector(material: .photo, file: "")
        MaterialVerdict.decodeFailure(error, &r, what: MaterialType.photo.label)
        return r.reasons[0]
      case .tooSmall(let w, let h, let needed):
        return Finding(
          .resolutionTooLow, material: .photo,
          message: LocalizedText(
            "photoFixer.tooFewPixelsAfterCropping", ["w": w, "h": h, "width": needed.width, "height": needed.height]),
          measured: .text("\(w)x\(h)"), limit: .text("\(needed.width)x\(needed.height)"))
      case .cannotFit(let bytes, let limit):
        return Finding(
          .fileTooLarge, material: .photo,
          message: LocalizedText(
            "photoFixer.evenAtTheLowestAllowed", ["bytes": MaterialVerdict.kb(bytes), "limit": MaterialVerdict.kb(limit)]),
          measured: Measure(bytes), limit: Measure(limit))
      }
    }
  }

  /// A fixed photo and how it was made.
  public struct Fixed: Sendable, Equatable {
    public var jpeg: [UInt8]
    public var report: Report

    public init(jpeg: [UInt8], report: Report) {
      self.jpeg = jpeg
      self.report = report
    }
  }

  /// Where the person was found and what was cut out, in the upright source's pixels.
  public struct Report: Sendable, Equatable {
    public var sourceWidth: Int
    public var sourceHeight: Int
    public var crop: (x: Int, y: Int, width: Int, height: Int)
    /// Whether a person could be told from the background (otherwise a centred crop).
    public var subjectFound: Bool
    public var quality: Int
    /// Whether the crop was placed by the face (the head where the framing rules put it).
    public var faceFound = false
    /// Degrees the photo was turned to level the eyes (0: it was level).
    public var levelled = 0.0
    /// Quarter turns (clockwise) that stood a photo on its side upright.
    public var quarterTurns = 0

    public static func == (a: Report, b: Report) -> Bool {
      a.sourceWidth == b.sourceWidth && a.sourceHeight == b.sourceHeight && a.crop == b.crop && a.subjectFound == b.subjectFound
        && a.quality == b.quality && a.faceFound == b.faceFound && a.levelled == b.levelled && a.quarterTurns == b.quarterTurns
    }
  }

  /// - Parameter faces: the face engine; with it (and the policy's `photo.face.enabled`),
  ///   the crop is placed by the face, and a photo with no face or several is refused.
  public static func fix(_ bytes: [UInt8], policy: Policy, faces: Faces? = nil) throws(Problem) -> Fixed {
    let p = policy.photo
    let limits = DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: MaterialInspector.decodeLimit(policy),
      timeout: policy.limits.decodeTimeoutSeconds)
    let fixed: DecodedImage
    var report: Report
    if let faces, p.person.enabled {
      (fixed, report) = try fixByFace(bytes, policy: policy, faces: faces, limits: limits)
    } else {
      (fixed, report) = try fixByBackground(bytes, policy: policy, limits: limits)
    }
    // The best quality that fits the byte limit.
    var quality = 95
    var jpeg: [UInt8] = []
    while true {
      do {
        jpeg = try JPEGCodec.encode(fixed, quality: quality)
      } catch {
        throw .unreadable(error)
      }
      if jpeg.count <= p.maxBytes { break }
      guard quality - 5 >= p.fixMinQuality else { throw .cannotFit(bytes: jpeg.count, limit: p.maxBytes) }
      quality -= 5
    }
    // A very plain photo can fall under the minimum size: spend more quality, up to 100.
    while jpeg.count < p.minBytes, quality < 100 {
      quality = min(100, quality + 2)
      guard let better = try? JPEGCodec.encode(fixed, quality: quality), better.count <= p.maxBytes else { break }
      jpeg = better
    }
    report.quality = quality
    return Fixed(jpeg: jpeg, report: report)
  }

  /// The crop around what differs from the background (no face engine).
  static func fixByBackground(_ bytes: [UInt8], policy: Policy, limits: DecodeLimits) throws(Problem) -> (DecodedImage, Report) {
    let p = policy.photo
    let aspect = Double(p.fixHeight) / Double(p.fixWidth)
    do throws(ImageDecodeError) {
      // Pass 1: find the person on a small upright copy, then map the crop to full size.
      let small = try decodeUpright(bytes, minimumShortSide: 480, limits: limits)
      let (found, subject) = cropAroundSubject(small.image, aspect: aspect, background: p.backgroundColor)
      let s = Double(small.scale)
      let crop = grown(
        (
          x: Int(Double(found.x) * s), y: Int(Double(found.y) * s), width: Int(Double(found.width) * s),
          height: Int(Double(found.height) * s)
        ), toAtLeast: (p.fixWidth, p.fixHeight), within: (small.fullWidth, small.fullHeight))
      let report = Report(
        sourceWidth: small.fullWidth, sourceHeight: small.fullHeight, crop: crop, subjectFound: subject, quality: 0)
      guard crop.width >= p.fixWidth, crop.height >= p.fixHeight else {
        throw ImageDecodeError.tooManyPixels(width: crop.width, height: crop.height, limit: -1)  // mapped to tooSmall below
      }
      // Pass 2: decode at the coarsest scale that still leaves the crop at least the target.
      let denominator = [8, 4, 2, 1].first { crop.width / $0 >= p.fixWidth && crop.height / $0 >= p.fixHeight } ?? 1
      let full = try decodeUpright(bytes, denominator: denominator, limits: limits)
      let f = Double(full.scale)
      let scaled = full.image.cropped(
        x: Int(Double(crop.x) / f), y: Int(Double(crop.y) / f), width: Int(Double(crop.width) / f),
        height: Int(Double(crop.height) / f))
      return (scaled.resized(width: min(p.fixWidth, scaled.width), height: min(p.fixHeight, scaled.height)), report)
    } catch {
      if case .tooManyPixels(let w, let h, -1) = error {
        throw .tooSmall(width: w, height: h, needed: (p.fixWidth, p.fixHeight))
      }
      throw .unreadable(error)
    }
  }

  /// The crop placed by the face: the head as tall, and as far under the top edge, as
  /// the middle of the policy's ranges; the eyes in the middle; a small roll levelled.
  /// It never enlarges and never pads: when the photo lacks room around the head, the
  /// crop shrinks (the head then fills more of it, which the check of the result says).
  static func fixByFace(_ bytes: [UInt8], policy: Policy, faces: Faces, limits: DecodeLimits) throws(Problem) -> (
    DecodedImage, Report
  ) {
    let p = policy.photo
    let rules = p.person
    let aspect = Double(p.fixHeight) / Double(p.fixWidth)
    let small: Upright
    do {
      small = try decodeUpright(bytes, minimumShortSide: 480, limits: limits)
    } catch {
      throw .unreadable(error)
    }
    var image = small.image
    var found: FaceMeasurement
    switch faces.measure(image, findCrown: true) {
    case .success(let m): found = m
    case .failure(let problem): throw .faceUnavailable(problem)
    }
    // A photo on its side is stood upright first.
    let turns = found.quarterTurns
    if turns != 0 {
      image = image.applyingOrientation(orientation(quarterTurns: turns))
      switch faces.measure(image, findCrown: true) {
      case .success(let m): found = m
      case .failure(let problem): throw .faceUnavailable(problem)
      }
    }
    guard let g = found.geometry, !found.faces.isEmpty else { throw .noFace }
    let people = found.people(share: 0.5).count
    guard people == 1 else { throw .multipleFaces(people) }
    let fullPerSmall = Double(turns % 2 == 0 ? small.fullWidth : small.fullHeight) / Double(image.width)
    let needed = (p.fixWidth, p.fixHeight)
    // Level the eyes when the photo has the pixels for it; else crop it as it is.
    let roll = abs(g.roll) >= 0.5 && abs(g.roll) <= 15 ? g.roll : 0
    var plan = CropPlan(
      geometry: g, crown: found.crown ?? g.estimatedCrown.y, level: roll, rules: rules, aspect: aspect, image: image)
    if roll != 0, !plan.fits(needed, fullPerSmall: fullPerSmall) {
      plan = CropPlan(
        geometry: g, crown: found.crown ?? g.estimatedCrown.y, level: 0, rules: rules, aspect: aspect, image: image)
    }
    if plan.level == 0 { plan.grow(toAtLeast: needed, fullPerSmall: fullPerSmall) }
    guard plan.inside else {
      // Not even the shrunk crop fits (a head at the very edge): too few pixels around it.
      func pixels(_ v: Double) -> Int { v.isFinite ? Int(max(0, min(1e9, v))) : 0 }
      throw .tooSmall(
        width: pixels(plan.width * fullPerSmall), height: pixels(plan.height * fullPerSmall),
        needed: (p.fixWidth, p.fixHeight))
    }
    // Pass 2: decode at the coarsest scale that still gives the target's pixels.
    let cropFull = (width: plan.width * fullPerSmall, height: plan.height * fullPerSmall)
    let origin = plan.corners[0]
    let report = Report(
      sourceWidth: turns % 2 == 0 ? small.fullWidth : small.fullHeight,
      sourceHeight: turns % 2 == 0 ? small.fullHeight : small.fullWidth,
      crop: (
        Int((origin.x * fullPerSmall).rounded()), Int((origin.y * fullPerSmall).rounded()), Int(cropFull.width),
        Int(cropFull.height)
      ), subjectFound: true, quality: 0, faceFound: true, levelled: (plan.level * 10).rounded() / 10, quarterTurns: turns)
    guard Int(cropFull.width) >= needed.0, Int(cropFull.height) >= needed.1 else {
      throw .tooSmall(width: Int(cropFull.width), height: Int(cropFull.height), needed: needed)
    }
    let denominator =
      [8, 4, 2, 1].first { cropFull.width / Double($0) >= Double(needed.0) && cropFull.height / Double($0) >= Double(needed.1) }
      ?? 1
    var full: DecodedImage
    do {
      full = try decodeUpright(bytes, denominator: denominator, limits: limits).image
    } catch {
      throw .unreadable(error)
    }
    if turns != 0 { full = full.applyingOrientation(orientation(quarterTurns: turns)) }
    let k = Double(full.width) / Double(image.width)
    let outWidth = max(needed.0, Int(plan.width * k)), outHeight = max(needed.1, Int(plan.height * k))
    // Level: a plain crop (interpolating would soften it). Turned: sampled, bilinear.
    let (cosA, sinA) = (cos(plan.level * .pi / 180), sin(plan.level * .pi / 180))
    let cut =
      plan.level == 0
      ? full.cropped(
        x: Int((origin.x * k).rounded()), y: Int((origin.y * k).rounded()), width: outWidth, height: outHeight)
      : full.sampled(
        origin: origin.scaled(k),
        xStep: Point(x: cosA * plan.width * k / Double(outWidth), y: sinA * plan.width * k / Double(outWidth)),
        yStep: Point(x: -sinA * plan.height * k / Double(outHeight), y: cosA * plan.height * k / Double(outHeight)),
        width: outWidth, height: outHeight)
    guard cut.width >= needed.0, cut.height >= needed.1 else {
      throw .tooSmall(width: cut.width, height: cut.height, needed: needed)
    }
    return (cut.resizedCubic(width: needed.0, height: needed.1), report)
  }

  /// Where the fixer crops, in the small upright copy's pixels: the head as tall as the
  /// middle of the policy's range, its crown as far under the top edge as the middle of
  /// its range, the eyes in the middle, the frame turned by `level` degrees. What the
  /// photo lacks around the head is made up by moving the crop (a little less centred, a
  /// little higher or lower), and only when it is larger than the photo, by shrinking it.
  struct CropPlan {
    let eye: Point
    /// Where the eyes sit in the crop, as a share of its height from the top.
    let eyeDown: Double
    let level: Double
    let imageWidth: Double
    let imageHeight: Double
    var width: Double
    var height: Double
    var shift = Point(x: 0, y: 0)

    init(geometry g: FaceGeometry, crown: Double, level: Double, rules: PersonRules, aspect: Double, image: DecodedImage) {
      eye = g.eyeMiddle
      self.level = level
      imageWidth = Double(image.width)
      imageHeight = Double(image.height)
      let chinBelow = (g.chin - eye).length
      let crownAbove = max(chinBelow * 0.5, eye.y - crown)
      let headShare = (rules.headHeight.lowerBound + rules.headHeight.upperBound) / 2
      let marginShare = (rules.crownMargin.lowerBound + rules.crownMargin.upperBound) / 2
      height = (crownAbove + chinBelow) / headShare
      width = height / aspect
      eyeDown = (marginShare * height + crownAbove) / height
      for _ in 0..<200 {
        let box = bounds(shift: Point(x: 0, y: 0))
        if box.maxX - box.minX <= imageWidth, box.maxY - box.minY <= imageHeight {
          shift = Point(
            x: max(-box.minX, min(0, imageWidth - box.maxX)), y: max(-box.minY, min(0, imageHeight - box.maxY)))
          break
        }
        width *= 0.98
        height *= 0.98
      }
    }

    /// Top left, top right, bottom left, bottom right.
    var corners: [Point] { corners(shift: shift) }

    func corners(shift: Point) -> [Point] {
      let (c, s) = (cos(level * .pi / 180), sin(level * .pi / 180))
      let top = -eyeDown * height, left = -width / 2
      return [(left, top), (left + width, top), (left, top + height), (left + width, top + height)].map { (x, y) in
        Point(x: eye.x + x * c - y * s + shift.x, y: eye.y + x * s + y * c + shift.y)
      }
    }

    func bounds(shift: Point) -> (minX: Double, maxX: Double, minY: Double, maxY: Double) {
      let c = corners(shift: shift)
      let xs = c.map(\.x), ys = c.map(\.y)
      return (xs.min() ?? 0, xs.max() ?? 0, ys.min() ?? 0, ys.max() ?? 0)
    }

    var inside: Bool {
      corners.allSatisfy { $0.x >= -0.5 && $0.y >= -0.5 && $0.x <= imageWidth + 0.5 && $0.y <= imageHeight + 0.5 }
    }

    func fits(_ needed: (Int, Int), fullPerSmall: Double) -> Bool {
      width * fullPerSmall >= Double(needed.0) && height * fullPerSmall >= Double(needed.1)
    }

    /// A crop a little short of the target's pixels, in a photo that has them (one already
    /// framed close to the rules): grown to the target around the same place.
    mutating func grow(toAtLeast needed: (Int, Int), fullPerSmall: Double) {
      guard !fits(needed, fullPerSmall: fullPerSmall) else { return }
      let factor = max(Double(needed.0) / (width * fullPerSmall), Double(needed.1) / (height * fullPerSmall))
      guard width * factor <= imageWidth + 0.5, height * factor <= imageHeight + 0.5 else { return }
      width = min(imageWidth, width * factor)
      height = min(imageHeight, height * factor)
      let box = bounds(shift: Point(x: 0, y: 0))
      shift = Point(x: max(-box.minX, min(0, imageWidth - box.maxX)), y: max(-box.minY, min(0, imageHeight - box.maxY)))
    }
  }

  /// The EXIF orientation that turns an image clockwise by `quarterTurns` × 90°.
  static func orientation(quarterTurns: Int) -> Int {
    switch ((quarterTurns % 4) + 4) % 4 {
    case 1: 6
    case 2: 3
    case 3: 8
    default: 1
    }
  }

  /// The photo upright (EXIF applied), decoded at 1/`scale` of its full size, and its full
  /// upright size.
  struct Upright {
    var image: DecodedImage
    var scale: Int
    var fullWidth: Int
    var fullHeight: Int
  }

  static func decodeUpright(_ bytes: [UInt8], minimumShortSide: Int? = nil, denominator: Int? = nil, limits: DecodeLimits)
    throws(ImageDecodeError) -> Upright
  {
    switch SniffedFormat.of(bytes) {
    case .supported(.jpeg):
      let header = try JPEGCodec.readHeader(bytes)
      let orientation = ExifOrientation.of(jpeg: bytes)
      var d = denominator ?? 1
      if let minimumShortSide, denominator == nil {
        d = [8, 4, 2].first { min(header.width, header.height) / $0 >= minimumShortSide } ?? 1
      }
      let decoded = try JPEGCodec.decodeScaled(bytes, channels: 3, denominator: d, limits: limits)
      let (fw, fh) = orientation >= 5 ? (header.height, header.width) : (header.width, header.height)
      return Upright(image: decoded.applyingOrientation(orientation), scale: d, fullWidth: fw, fullHeight: fh)
    case .supported(.png):
      let image = try PNGCodec.decode(bytes, channels: 3, limits: limits).image
      return Upright(image: image, scale: 1, fullWidth: image.width, fullHeight: image.height)
    case .other(let kind) where kind == "HEIC" || kind == "WebP":
      // What phones save: read here, so that `--fix` writes the JPEG an upload needs.
      let image = kind == "HEIC" ? try HEIFCodec.decode(bytes, limits: limits) : try WebPCodec.decode(bytes, limits: limits)
      var d = denominator ?? 1
      if let minimumShortSide, denominator == nil {
        d = [8, 4, 2].first { min(image.width, image.height) / $0 >= minimumShortSide } ?? 1
      }
      let shrunk = d == 1 ? image : image.resized(width: max(1, image.width / d), height: max(1, image.height / d))
      return Upright(image: shrunk, scale: d, fullWidth: image.width, fullHeight: image.height)
    case .empty:
      throw .corrupt("empty file")
    case .supported(.pdf), .other, .unknown:
      throw .unsupportedFormat("not a JPEG, PNG, HEIC or WebP photo")
    }
  }

  /// A crop too small for the target grown around its centre, when the photo has the
  /// pixels: a photo already close to the certificate's framing (a head filling less of
  /// it) is kept at full resolution rather than refused as too small.
  static func grown(
    _ crop: (x: Int, y: Int, width: Int, height: Int), toAtLeast target: (width: Int, height: Int),
    within size: (width: Int, height: Int)
  ) -> (x: Int, y: Int, width: Int, height: Int) {
    guard crop.width < target.width || crop.height < target.height, crop.width > 0, crop.height > 0 else { return crop }
    let factor = max(Double(target.width) / Double(crop.width), Double(target.height) / Double(crop.height))
    // Rounding may ask for a pixel more than the photo has; the target is what matters.
    let width = min(size.width, Int((Double(crop.width) * factor).rounded(.up)))
    let height = min(size.height, Int((Double(crop.height) * factor).rounded(.up)))
    guard width >= target.width, height >= target.height else { return crop }
    let x = max(0, min(crop.x - (width - crop.width) / 2, size.width - width))
    // Grow downwards first: the margin above the head stays as framed.
    let y = max(0, min(crop.y - (height - crop.height) / 8, size.height - height))
    return (x, y, width, height)
  }

  /// The crop of `aspect` (height/width) that frames the person: found as what differs
  /// from the background colour measured in the top corners, with the head about 8 % below
  /// the top edge and taking about 58 % of the height, centred on the head; when no person
  /// stands out, the largest centred crop.
  static func cropAroundSubject(_ image: DecodedImage, aspect: Double, background required: RGBColor)
    -> (crop: (x: Int, y: Int, width: Int, height: Int), found: Bool)
  {
    let w = image.width, h = image.height
    guard let head = SubjectLocator.head(in: image) else {
      let cw = min(w, Int(Double(h) / aspect)), ch = min(h, Int(Double(cw) * aspect))
      return (((w - cw) / 2, (h - ch) / 2, cw, ch), false)
    }
    // A head is about 1.3 times as tall as wide, and 58 % of a 2-inch photo's height.
    var ch = Double(head.width) * 1.3 / 0.58
    var cw = ch / aspect
    if cw > Double(w) { cw = Double(w); ch = cw * aspect }
    if ch > Double(h) { ch = Double(h); cw = ch / aspect }
    var x = Double(head.centre) - cw / 2, y = Double(head.top) - 0.08 * ch
    x = max(0, min(x, Double(w) - cw))
    y = max(0, min(y, Double(h) - ch))
    return ((Int(x.rounded()), Int(y.rounded()), Int(cw), Int(ch)), true)
  }
}

// The fixer's answers cross the pipe from an isolated check worker as JSON.

extension PhotoFixer.Report: Codable {
  enum CodingKeys: String, CodingKey {
    case sourceWidth, sourceHeight, crop, subjectFound, quality, faceFound, levelled, quarterTurns
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let crop = try c.decode([Int].self, forKey: .crop)
    guard crop.count == 4 else { throw DecodingError.dataCorruptedError(forKey: .crop, in: c, debugDescription: "4 numbers") }
    self.init(
      sourceWidth: try c.decode(Int.self, forKey: .sourceWidth), sourceHeight: try c.decode(Int.self, forKey: .sourceHeight),
      crop: (crop[0], crop[1], crop[2], crop[3]), subjectFound: try c.decode(Bool.self, forKey: .subjectFound),
      quality: try c.decode(Int.self, forKey: .quality),
      faceFound: try c.decodeIfPresent(Bool.self, forKey: .faceFound) ?? false,
      levelled: try c.decodeIfPresent(Double.self, forKey: .levelled) ?? 0,
      quarterTurns: try c.decodeIfPresent(Int.self, forKey: .quarterTurns) ?? 0)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(sourceWidth, forKey: .sourceWidth)
    try c.encode(sourceHeight, forKey: .sourceHeight)
    try c.encode([crop.x, crop.y, crop.width, crop.height], forKey: .crop)
    try c.encode(subjectFound, forKey: .subjectFound)
    try c.encode(quality, forKey: .quality)
    try c.encode(faceFound, forKey: .faceFound)
    try c.encode(levelled, forKey: .levelled)
    try c.encode(quarterTurns, forKey: .quarterTurns)
  }
}

extension PhotoFixer.Problem: Codable {
  enum CodingKeys: String, CodingKey { case unreadable, tooSmall, cannotFit, checkFailed, noFace, multipleFaces, faceUnavailable }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let error = try c.decodeIfPresent(ImageDecodeError.self, forKey: .unreadable) {
      self = .unreadable(error)
    } else if let failure = try c.decodeIfPresent(CheckFailure.self, forKey: .checkFailed) {
      self = .checkFailed(failure)
    } else if try c.decodeIfPresent(Bool.self, forKey: .noFace) != nil {
      self = .noFace
    } else if let count = try c.decodeIfPresent(Int.self, forKey: .multipleFaces) {
      self = .multipleFaces(count)
    } else if let problem = try c.decodeIfPresent(FaceModelError.self, forKey: .faceUnavailable) {
      self = .faceUnavailable(problem)
    } else if let n = try c.decodeIfPresent([Int].self, forKey: .tooSmall), n.count == 4 {
      self = .tooSmall(width: n[0], height: n[1], needed: (n[2], n[3]))
    } else {
      let n = try c.decode([Int].self, forKey: .cannotFit)
      guard n.count == 2 else { throw DecodingError.dataCorruptedError(forKey: .cannotFit, in: c, debugDescription: "2 numbers") }
      self = .cannotFit(bytes: n[0], limit: n[1])
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .unreadable(let error): try c.encode(error, forKey: .unreadable)
    case .tooSmall(let w, let h, let needed): try c.encode([w, h, needed.width, needed.height], forKey: .tooSmall)
    case .cannotFit(let bytes, let limit): try c.encode([bytes, limit], forKey: .cannotFit)
    case .checkFailed(let failure): try c.encode(failure, forKey: .checkFailed)
    case .noFace: try c.encode(true, forKey: .noFace)
    case .multipleFaces(let count): try c.encode(count, forKey: .multipleFaces)
    case .faceUnavailable(let problem): try c.encode(problem, forKey: .faceUnavailable)
    }
  }
}

extension DecodedImage {
  /// A `width` × `height` image whose pixel (x, y) is this image at
  /// `origin + x·xStep + y·yStep`, by bilinear interpolation (a turned, cropped copy).
  /// Points past the edge take the edge's pixels; the fixer keeps its corners inside.
  public func sampled(origin: Point, xStep: Point, yStep: Point, width w: Int, height h: Int) -> DecodedImage {
    let c = channels
    var out = [UInt8](repeating: 0, count: w * h * c)
    pixels.withUnsafeBufferPointer { src in
      let sampler = BilinearSampler(src, width: width, height: height, channels: c)
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<h {
          for x in 0..<w {
            let fx = origin.x + Double(x) * xStep.x + Double(y) * yStep.x
            let fy = origin.y + Double(x) * xStep.y + Double(y) * yStep.y
            for k in 0..<c { dst[(y * w + x) * c + k] = sampler.byte(x: fx, y: fy, channel: k) }
          }
        }
      }
    }
    return DecodedImage(width: w, height: h, channels: c, pixels: out)
  }
}

extension DecodedImage {
  /// Downscaled with a Catmull–Rom cubic stretched to the scale (what photo editors call
  /// bicubic): as sharp as a photo tool's result, where a box average softens fine detail
  /// (a face's pores, an eyelash) enough for the detail check to call it blurred.
  public func resizedCubic(width newWidth: Int, height newHeight: Int) -> DecodedImage {
    precondition(newWidth > 0 && newHeight > 0 && newWidth <= width && newHeight <= height, "downscale only")
    if newWidth == width && newHeight == height { return self }
    let c = channels
    /// Taps (source index, weight) for each output position along one axis.
    func taps(_ from: Int, _ to: Int) -> [[(Int, Double)]] {
      let scale = Double(to) / Double(from)
      let support = 2 / scale
      return (0..<to).map { o in
        let centre = (Double(o) + 0.5) / scale - 0.5
        let first = Int((centre - support).rounded(.up)), last = Int((centre + support).rounded(.down))
        var list: [(Int, Double)] = []
        var total = 0.0
        for i in first...last {
          let x = abs(Double(i) - centre) * scale
          let w =
            x < 1 ? 1.5 * x * x * x - 2.5 * x * x + 1 : x < 2 ? -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2 : 0
          guard w != 0 else { continue }
          list.append((min(from - 1, max(0, i)), w))
          total += w
        }
        return list.map { ($0.0, $0.1 / total) }
      }
    }
    let across = taps(width, newWidth), down = taps(height, newHeight)
    // Rows first, kept in floating point; then columns.
    var rows = [Double](repeating: 0, count: newWidth * height * c)
    pixels.withUnsafeBufferPointer { src in
      for y in 0..<height {
        for (x, list) in across.enumerated() {
          for k in 0..<c {
            var sum = 0.0
            for (i, w) in list { sum += Double(src[(y * width + i) * c + k]) * w }
            rows[(y * newWidth + x) * c + k] = sum
          }
        }
      }
    }
    var out = [UInt8](repeating: 0, count: newWidth * newHeight * c)
    for (y, list) in down.enumerated() {
      for x in 0..<newWidth {
        for k in 0..<c {
          var sum = 0.0
          for (i, w) in list { sum += rows[(i * newWidth + x) * c + k] * w }
          out[(y * newWidth + x) * c + k] = UInt8(max(0, min(255, sum.rounded())))
        }
      }
    }
    return DecodedImage(width: newWidth, height: newHeight, channels: c, pixels: out)
  }
}
