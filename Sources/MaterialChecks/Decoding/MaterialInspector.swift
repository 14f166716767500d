import Core
import FaceFinding
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules
import TextReading

/// How the pixels of a file are stored.
public enum ColorMode: String, Sendable, Codable {
  case gray, rgb, cmyk, palette
}

/// What one page (or an image) measures at the working resolution.
public struct PageMetrics: Sendable, Equatable, Codable {
  /// Pixel size of the page: the image's own, or a PDF page rendered at the policy's DPI.
  public var width: Int
  public var height: Int
  public var sharpness: Sharpness.Result
  /// Share of edge energy in the finest octave (see `Detail`).
  public var detail: Double
  /// Share of steep steps finer than two pixels (see `FineSteps`): low on a page enlarged
  /// by pixel replication. Not measured on PDF pages, which are drawn at the policy's
  /// resolution (their vector art is crisp by nature; their images are resampled
  /// smoothly, which `detail` judges).
  public var fineSteps: FineSteps.Result?
  public var exposure: Exposure
}

/// Everything measured about one uploaded file, before any rule is applied.
public struct MaterialMeasurement: Sendable, Codable {
  public var file: String
  /// The file's size on disk.
  public var bytes: Int
  public var sniffed: SniffedFormat
  public var colorMode: ColorMode?
  public var progressive: Bool?
  /// EXIF orientation of a JPEG (1 = as stored).
  public var orientation = 1
  /// Pages of a PDF (1 for an image).
  public var pageCount = 0
  public var pages: [PageMetrics] = []
  /// Colour and background of an ID photo (photos only).
  public var photo: PhotoAppearance?
  /// Why decoding failed, if it did.
  public var decodeError: ImageDecodeError?
  /// Why the file could not be checked at all (its isolated worker crashed or ran out of
  /// time or memory): `CHECK_FAILED`.
  public var checkFailure: CheckFailure?
  /// A form's pages as the form scan saw them (QR code, signature, seal), page by page;
  /// empty when the form scan did not run.
  public var formScans: [FormPageScan] = []
  /// The people in an ID photo or a hand-held ID photo, when faces are looked for.
  public var face: FaceMeasurement?
  /// Why faces could not be looked for (the model is not installed): `CHECK_FAILED`.
  public var faceProblem: FaceModelError?
  /// What was read of a document, when the review asked (never in a report).
  public var text: [ReadPage] = []
  /// Why nothing could be read (Tesseract is not installed): `CHECK_FAILED`.
  public var readingProblem: TextEngineError?

  public var format: FileFormat? {
    if case .supported(let f) = sniffed { return f }
    return nil
  }

  /// Size as displayed (EXIF orientation applied), of the first page.
  public var width: Int? { pages.first?.width }
  public var height: Int? { pages.first?.height }
}

/// Reads and measures uploaded files with every resource limit applied *before* the
/// work it guards: bytes before reading, pixels (from the header) before decoding, pages
/// before rendering, a deadline inside the JPEG decoder.
public enum MaterialInspector {
  /// Reads at most `limit` + 1 bytes of a file, and its real size.
  public static func read(path: String, limit: Int, files: any FileAccess = DiskFiles()) throws(DocumentSyntaxError) -> (
    bytes: [UInt8], size: Int
  ) {
    let bytes = try DocumentReader.readFile(path, limit: limit, files: files)
    return (bytes, max(files.size(of: path) ?? 0, bytes.count))
  }

  /// The most bytes any material may have: larger files are not even decoded.
  public static func decodeLimit(_ policy: Policy) -> Int { max(policy.documents.maxBytes, policy.photo.maxBytes) }

  /// Measures a file and, when asked, makes its preview (`Preview`) from it.
  /// - Parameter forms: the forms' geometry; when given (and the policy's `forms.verify`
  ///   is on), each page of a form is scanned for its QR code, signature and seal.
  /// - Parameter faces: the face engine; when given, the people in an ID photo and a
  ///   hand-held ID photo are measured.
  public static func inspect(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, policy: Policy, preview: Bool,
    forms: FormGeometrySet? = nil, faces: Faces? = nil, reading: Reading? = nil,
    band: ReadingRequest = ReadingRequest()
  ) -> Inspection {
    var made: Preview.Pair?
    let m = measure(
      bytes, size: size, file: file, as: material, policy: policy, preview: preview ? { made = $0 } : nil, forms: forms,
      faces: faces, reading: reading, band: band)
    if let made { return Inspection(measurement: m, preview: made.small, largePreview: made.large) }
    guard preview, m.decodeError == nil, !m.pages.isEmpty, let format = m.format else { return Inspection(measurement: m) }
    let limits = DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: decodeLimit(policy), timeout: policy.limits.decodeTimeoutSeconds)
    let pair = Preview.make(bytes, format: format, orientation: m.orientation, limits: limits)
    return Inspection(measurement: m, preview: pair?.small, largePreview: pair?.large)
  }

  public static func measure(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, policy: Policy, forms: FormGeometrySet? = nil,
    faces: Faces? = nil
  ) -> MaterialMeasurement {
    measure(bytes, size: size, file: file, as: material, policy: policy, preview: nil, forms: forms, faces: faces)
  }

  /// - Parameter preview: when given, a decoder that can make the preview from its own
  ///   decode hands it here (the JPEG of a document page: one decode for both).
  static func measure(
    _ bytes: [UInt8], size: Int, file: String, as material: MaterialType, policy: Policy, preview: ((Preview.Pair?) -> Void)?,
    forms: FormGeometrySet?, faces: Faces? = nil, reading: Reading? = nil,
    band: ReadingRequest = ReadingRequest()
  ) -> MaterialMeasurement {
    // People are looked for where one must be seen, and in the form's photo box.
    let people = [.photo, .idHandheld, .form].contains(material) ? faces : nil
    // The form scan runs on forms only, and only when the caller knows the forms' layout.
    let scan = material == .form && policy.forms.verify ? forms : nil
    var m = MaterialMeasurement(file: file, bytes: size, sniffed: .of(bytes))
    guard case .supported(let format) = m.sniffed else { return m }
    let limits = DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: decodeLimit(policy), timeout: policy.limits.decodeTimeoutSeconds)
    guard size <= limits.maxBytes else { return m }
    // A format the material does not allow is refused as it is, never decoded: the photo
    // tool has no reason to run poppler on a PDF.
    let allowed = material == .photo ? policy.photo.formats : policy.documents.formats
    guard allowed.contains(format) else { return m }
    do {
      switch format {
      case .jpeg:
        try measureJPEG(
          bytes, material: material, policy: policy, limits: limits, preview: preview, scan: scan, faces: people,
          reading: reading, band: band, into: &m)
      case .png:
        try measurePNG(
          bytes, material: material, policy: policy, limits: limits, scan: scan, faces: people, reading: reading, band: band,
          into: &m)
      case .pdf:
        try measurePDF(
          bytes, material: material, policy: policy, limits: limits, scan: scan, faces: people, reading: reading, band: band,
          into: &m)
      }
    } catch {
      m.decodeError = error
    }
    return m
  }

  static func measureJPEG(
    _ bytes: [UInt8], material: MaterialType, policy: Policy, limits: DecodeLimits, preview: ((Preview.Pair?) -> Void)?,
    scan forms: FormGeometrySet? = nil, faces: Faces? = nil, reading: Reading? = nil, band: ReadingRequest = ReadingRequest(),
    into m: inout MaterialMeasurement
  ) throws(ImageDecodeError) {
    let header = try JPEGCodec.readHeader(bytes)
    m.colorMode = header.isCMYK ? .cmyk : header.components == 1 ? .gray : .rgb
    m.progressive = header.progressive
    m.orientation = ExifOrientation.of(jpeg: bytes)
    m.pageCount = 1
    guard header.width * header.height <= limits.maxPixels else {
      throw .tooManyPixels(width: header.width, height: header.height, limit: limits.maxPixels)
    }
    let swapped = m.orientation >= 5
    let (width, height) = swapped ? (header.height, header.width) : (header.width, header.height)
    // A form page that cannot hold our QR code, decoded in gray only (see the function).
    let known =
      material == .photo || !header.isYCbCr
      ? nil
      : try grayUnlessCodePossible(bytes, policy: policy, limits: limits, preview: preview != nil, forms: forms, reading: reading)
    if material == .photo {
      // The photo is small: decode in colour, turned upright, for colour and background.
      let decoded = try JPEGCodec.decode(bytes, channels: 3, minimumShortSide: policy.photo.minWidth, limits: limits).image
        .applyingOrientation(m.orientation)
      measurePhoto(decoded, width: width, height: height, policy: policy, into: &m)
      measurePerson(decoded, faces: faces, into: &m)
      remeasureUpright(decoded, width: width, height: height, policy: policy, into: &m)
    } else if known == nil, preview != nil || forms != nil, header.isYCbCr,
      let planes = try JPEGCodec.decodePlanes(bytes, minimumShortSide: policy.documents.workingShortSide, limits: limits)
    {
      // One decode for the checks, the form scan and the preview: the Y plane is exactly
      // the gray decode; the chroma planes, at their own (often half) size, colour the
      // preview and show the seal.
      let y = GrayImage(planes.y)
      let working = y.scaled(shortSide: policy.documents.workingShortSide)
      m.pages = [page(working, width: width, height: height)]
      if material == .idHandheld {
        measureHandheld(working, orientation: m.orientation, width: width, height: height, faces: faces, into: &m)
      }
      readText(working, orientation: m.orientation, width: width, material: material, band: band, reading: reading, into: &m)
      if let forms {
        let engine = formEngine(reading, into: &m)
        m.formScans = [
          FormScanner.scan(
            PagePlanes(y: y, cb: GrayImage(planes.cb), cr: GrayImage(planes.cr)), orientation: m.orientation, forms: forms,
            policy: policy.forms, faces: faces, engine: engine)
        ]
      }
      preview?(Preview.make(fromPlanes: planes.y, planes.cb, planes.cr, orientation: m.orientation))
    } else {
      let working = policy.documents.workingShortSide
      let decoded: GrayImage
      if let known {
        decoded = known
      } else {
        decoded = GrayImage(try JPEGCodec.decode(bytes, channels: 1, minimumShortSide: working, limits: limits).image)
      }
      let small = decoded.scaled(shortSide: working)
      m.pages = [page(small, width: width, height: height)]
      if material == .idHandheld {
        measureHandheld(small, orientation: m.orientation, width: width, height: height, faces: faces, into: &m)
      }
      readText(small, orientation: m.orientation, width: width, material: material, band: band, reading: reading, into: &m)
      if let forms {
        let engine = formEngine(reading, into: &m)
        m.formScans = [
          FormScanner.scan(
            PagePlanes(y: decoded), orientation: m.orientation, forms: forms, policy: policy.forms, faces: faces,
            engine: engine, mayHoldCode: known == nil ? nil : false)
        ]
      }
    }
  }

  /// A form page checked without a preview (`inspect`) and without reading needs its
  /// colour only for the seal, and measures the seal only where our QR code is found:
  /// the gray decode (a third cheaper) is enough to tell (`QRGate`) that no code can be
  /// there, and then it is all the page needs. Nil when colour is needed after all (or
  /// may be), for the caller to decode the planes.
  static func grayUnlessCodePossible(
    _ bytes: [UInt8], policy: Policy, limits: DecodeLimits, preview: Bool, forms: FormGeometrySet?, reading: Reading?
  ) throws(ImageDecodeError) -> GrayImage? {
    guard !preview, forms != nil, reading == nil else { return nil }
    let gray = GrayImage(
      try JPEGCodec.decode(bytes, channels: 1, minimumShortSide: policy.documents.workingShortSide, limits: limits).image)
    return QRGate.mayHoldCode(gray) ? nil : gray
  }

  static func measurePNG(
    _ bytes: [UInt8], material: MaterialType, policy: Policy, limits: DecodeLimits, scan forms: FormGeometrySet? = nil,
    faces: Faces? = nil, reading: Reading? = nil, band: ReadingRequest = ReadingRequest(),
    into m: inout MaterialMeasurement
  ) throws(ImageDecodeError) {
    let header = try PNGCodec.readHeader(bytes)
    m.colorMode = header.usesPalette ? .palette : header.hasColor ? .rgb : .gray
    m.pageCount = 1
    guard header.width * header.height <= limits.maxPixels else {
      throw .tooManyPixels(width: header.width, height: header.height, limit: limits.maxPixels)
    }
    if material == .photo {
      let decoded = try PNGCodec.decode(bytes, channels: 3, limits: limits).image
      measurePhoto(decoded, width: header.width, height: header.height, policy: policy, into: &m)
      measurePerson(decoded, faces: faces, into: &m)
      remeasureUpright(decoded, width: header.width, height: header.height, policy: policy, into: &m)
    } else if let forms {
      let decoded = try PNGCodec.decode(bytes, channels: header.hasColor ? 3 : 1, limits: limits).image
      let planes = PagePlanes(rgb: decoded.pixels, width: decoded.width, height: decoded.height, channels: decoded.channels)
      m.pages = [
        page(planes.y.scaled(shortSide: policy.documents.workingShortSide), width: header.width, height: header.height)
      ]
      let engine = formEngine(reading, into: &m)
      m.formScans = [FormScanner.scan(planes, orientation: 1, forms: forms, policy: policy.forms, faces: faces, engine: engine)]
    } else {
      let decoded = try PNGCodec.decode(bytes, channels: 1, limits: limits).image
      let working = GrayImage(decoded).scaled(shortSide: policy.documents.workingShortSide)
      m.pages = [page(working, width: header.width, height: header.height)]
      if material == .idHandheld {
        measureHandheld(working, orientation: 1, width: header.width, height: header.height, faces: faces, into: &m)
      }
      readText(working, orientation: 1, width: header.width, material: material, band: band, reading: reading, into: &m)
    }
  }

  static func measurePDF(
    _ bytes: [UInt8], material: MaterialType, policy: Policy, limits: DecodeLimits, scan forms: FormGeometrySet? = nil,
    faces: Faces? = nil, reading: Reading? = nil, band: ReadingRequest = ReadingRequest(),
    into m: inout MaterialMeasurement
  ) throws(ImageDecodeError) {
    let pdf: PDFFile
    do {
      pdf = try PDFFile(bytes: bytes)
    } catch {
      switch error {
      case .encrypted: throw .encrypted
      case .damaged(let message): throw .corrupt(message)
      }
    }
    m.pageCount = pdf.pageCount
    guard pdf.pageCount > 0 else { throw .corrupt("the PDF has no pages") }
    guard pdf.pageCount <= policy.documents.maxPDFPages else {
      throw .tooManyPages(pages: pdf.pageCount, limit: policy.documents.maxPDFPages)
    }
    // What the pages would cost to draw, before poppler draws any of them.
    _ = try PDFContentCost.measure(
      bytes,
      limits: PDFContentCost.Limits(
        contentBytes: policy.limits.maxPDFContentBytes, formDepth: policy.limits.maxPDFFormDepth,
        formDraws: policy.limits.maxPDFFormDraws, imagePixels: policy.limits.maxPixels))
    m.colorMode = .rgb
    for index in 0..<pdf.pageCount {
      guard let page = pdf.page(index) else { throw .corrupt("page \(index + 1) cannot be read") }
      let rendered = try page.render(
        dpi: policy.documents.pdfRenderDPI, channels: forms == nil ? 1 : 3, maxPixels: limits.maxPixels)
      let planes = PagePlanes(rgb: rendered.pixels, width: rendered.width, height: rendered.height, channels: rendered.channels)
      let working = planes.y.scaled(shortSide: policy.documents.workingShortSide)
      var metrics = self.page(working, width: rendered.width, height: rendered.height)
      if index == 0 {
        readText(working, orientation: 1, width: rendered.width, material: material, band: band, reading: reading, into: &m)
      }
      if let forms {
        let engine = formEngine(reading, into: &m)
        m.formScans.append(
          FormScanner.scan(planes, orientation: 1, forms: forms, policy: policy.forms, faces: faces, engine: engine))
      }
      metrics.fineSteps = nil
      m.pages.append(metrics)
    }
  }

  static func measurePhoto(_ decoded: DecodedImage, width: Int, height: Int, policy: Policy, into m: inout MaterialMeasurement) {
    let (appearance, gray) = PhotoAppearance.measureWithGray(decoded, required: policy.photo.backgroundColor)
    m.photo = appearance
    // Sharpness at a fixed width (the smallest allowed), so that photos of different
    // sizes are judged alike.
    let workingWidth = min(gray.width, policy.photo.minWidth)
    let working = gray.resized(
      width: workingWidth, height: max(1, Int((Double(gray.height) * Double(workingWidth) / Double(gray.width)).rounded())))
    let edges = EdgeMetrics.measure(working)
    let exposure = Exposure.measure(working)
    m.pages = [
      PageMetrics(
        width: width, height: height, sharpness: edges.sharpness, detail: edges.detail,
        fineSteps: FineSteps.measure(working, range: exposure.dynamicRange), exposure: exposure)
    ]
  }

  /// The person in an upright ID photo, in its own pixels (for a photo decoded smaller
  /// than it is, scaled to its displayed size by the verdict's shares, which do not change).
  static func measurePerson(_ image: DecodedImage, faces: Faces?, into m: inout MaterialMeasurement) {
    guard let faces else { return }
    switch faces.measure(image, findCrown: true) {
    case .success(let found): m.face = found
    case .failure(let problem): m.faceProblem = problem
    }
  }

  /// The holder and the card in a hand-held photo, from the page's working copy (as
  /// stored, before EXIF `orientation`; `width` × `height` upright).
  static func measureHandheld(
    _ working: GrayImage, orientation: Int, width: Int, height: Int, faces: Faces?, into m: inout MaterialMeasurement
  ) {
    guard let faces else { return }
    switch faces.measureHandheld(working, orientation: orientation, width: width, height: height) {
    case .success(let found): m.face = found
    case .failure(let problem): m.faceProblem = problem
    }
  }

  /// A photo whose face shows it lying on its side or upside down: its background and
  /// exposure are measured again the right way up (the top strips of a photo on its side
  /// are its side), so that the reasons are about the photo, not about its turn. Its size
  /// stays as uploaded.
  static func remeasureUpright(
    _ decoded: DecodedImage, width: Int, height: Int, policy: Policy, into m: inout MaterialMeasurement
  ) {
    guard let turns = m.face?.quarterTurns, turns != 0 else { return }
    let orientation = [1: 6, 2: 3, 3: 8][turns] ?? 1
    var upright = m
    measurePhoto(decoded.applyingOrientation(orientation), width: width, height: height, policy: policy, into: &upright)
    m.photo = upright.photo
  }

  static func page(_ working: GrayImage, width: Int, height: Int) -> PageMetrics {
    let edges = EdgeMetrics.measure(working)
    let exposure = Exposure.measure(working)
    return PageMetrics(
      width: width, height: height, sharpness: edges.sharpness, detail: edges.detail,
      fineSteps: FineSteps.measure(working, range: exposure.dynamicRange), exposure: exposure)
  }
}
