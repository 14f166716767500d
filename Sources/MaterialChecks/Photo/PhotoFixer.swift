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

    public static func == (a: Problem, b: Problem) -> Bool {
      switch (a, b) {
      case (.unreadable(let x), .unreadable(let y)): x == y
      case (.tooSmall(let w1, let h1, let n1), .tooSmall(let w2, let h2, let n2)): w1 == w2 && h1 == h2 && n1 == n2
      case (.cannotFit(let b1, let l1), .cannotFit(let b2, let l2)): b1 == b2 && l1 == l2
      case (.checkFailed(let x), .checkFailed(let y)): x == y
      default: false
      }
    }

    public var finding: Finding {
      switch self {
      case .checkFailed(let failure):
        return failure.finding(material: .photo, file: "")
      case .unreadable(let error):
        var r = MaterialVerdict.Collector(material: .photo, file: "")
        MaterialVerdict.decodeFailure(error, &r, what: MaterialType.photo.label)
        return r.reasons[0]
      case .tooSmall(let w, let h, let needed):
        return Finding(
          .resolutionTooLow, material: .photo,
          message: LocalizedText(
            zh: "照片像素不足：裁剪后只有 \(w)×\(h)，需要 \(needed.width)×\(needed.height)；不能放大（放大只会更模糊）：请使用分辨率更高的原始照片",
            en:
              "too few pixels: \(w)×\(h) after cropping, \(needed.width)×\(needed.height) needed; enlarging would only blur it, so use a larger original"
          ),
          measured: .text("\(w)x\(h)"), limit: .text("\(needed.width)x\(needed.height)"))
      case .cannotFit(let bytes, let limit):
        return Finding(
          .fileTooLarge, material: .photo,
          message: LocalizedText(
            zh: "即使以最低允许质量保存仍有 \(MaterialVerdict.kb(bytes))，超过 \(MaterialVerdict.kb(limit))：请使用背景更简洁的照片",
            en:
              "even at the lowest allowed quality the photo is \(MaterialVerdict.kb(bytes)), over \(MaterialVerdict.kb(limit)); use a photo with a plainer background"
          ),
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

    public static func == (a: Report, b: Report) -> Bool {
      a.sourceWidth == b.sourceWidth && a.sourceHeight == b.sourceHeight && a.crop == b.crop && a.subjectFound == b.subjectFound
        && a.quality == b.quality
    }
  }

  public static func fix(_ bytes: [UInt8], policy: Policy) throws(Problem) -> Fixed {
    let p = policy.photo
    let limits = DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: MaterialInspector.decodeLimit(policy),
      timeout: policy.limits.decodeTimeoutSeconds)
    let aspect = Double(p.fixHeight) / Double(p.fixWidth)
    let fixed: DecodedImage
    let report: (sourceWidth: Int, sourceHeight: Int, crop: (x: Int, y: Int, width: Int, height: Int), found: Bool)
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
      report = (small.fullWidth, small.fullHeight, crop, subject)
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
      fixed = scaled.resized(width: min(p.fixWidth, scaled.width), height: min(p.fixHeight, scaled.height))
    } catch {
      if case .tooManyPixels(let w, let h, -1) = error {
        throw .tooSmall(width: w, height: h, needed: (p.fixWidth, p.fixHeight))
      }
      throw .unreadable(error)
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
    return Fixed(
      jpeg: jpeg,
      report: Report(
        sourceWidth: report.sourceWidth, sourceHeight: report.sourceHeight, crop: report.crop, subjectFound: report.found,
        quality: quality))
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
  enum CodingKeys: String, CodingKey { case sourceWidth, sourceHeight, crop, subjectFound, quality }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let crop = try c.decode([Int].self, forKey: .crop)
    guard crop.count == 4 else { throw DecodingError.dataCorruptedError(forKey: .crop, in: c, debugDescription: "4 numbers") }
    self.init(
      sourceWidth: try c.decode(Int.self, forKey: .sourceWidth), sourceHeight: try c.decode(Int.self, forKey: .sourceHeight),
      crop: (crop[0], crop[1], crop[2], crop[3]), subjectFound: try c.decode(Bool.self, forKey: .subjectFound),
      quality: try c.decode(Int.self, forKey: .quality))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(sourceWidth, forKey: .sourceWidth)
    try c.encode(sourceHeight, forKey: .sourceHeight)
    try c.encode([crop.x, crop.y, crop.width, crop.height], forKey: .crop)
    try c.encode(subjectFound, forKey: .subjectFound)
    try c.encode(quality, forKey: .quality)
  }
}

extension PhotoFixer.Problem: Codable {
  enum CodingKeys: String, CodingKey { case unreadable, tooSmall, cannotFit, checkFailed }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let error = try c.decodeIfPresent(ImageDecodeError.self, forKey: .unreadable) {
      self = .unreadable(error)
    } else if let failure = try c.decodeIfPresent(CheckFailure.self, forKey: .checkFailed) {
      self = .checkFailed(failure)
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
    }
  }
}
