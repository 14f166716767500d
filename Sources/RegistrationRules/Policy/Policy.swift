import Core
import Foundation

/// Every number that differs by province or year, read from `templates/policy.yaml`
/// (or `--policy FILE`). Rules read the policy; no such number lives in code.
public struct Policy: Sendable, Equatable, Codable {
  /// A name for messages and reports (`全国通用（默认）`).
  public var name: String
  public var registration: RegistrationPolicy
  public var limits: InputLimits
  public var photo: PhotoPolicy
  public var documents: DocumentPolicy
  /// The QR code, signature and seal on photos of the form (added in 0.2: a policy
  /// file without `forms:` gets these defaults).
  public var forms = FormScanPolicy()
  /// What the review reads in the documents (added in 0.3: a policy file without
  /// `reading:` gets these defaults).
  public var reading = ReadingPolicy()
}

/// Reading text in the uploaded documents (`reading:` in the policy): the applicant's
/// name, ID number and employer on the labour contract, the name on the statement and
/// the CE certificates, the number on the hand-held ID card.
public struct ReadingPolicy: Sendable, Equatable, Codable {
  /// Read at all (Tesseract in the check workers).
  public var enabled = true
  /// The share of a document's first page, from its top, that is read: where a
  /// contract names its parties and a certificate its holder.
  public var topBand = 0.45
  /// Lines read with less confidence (Tesseract's 0–100) are not used.
  public var minConfidence = 50.0
  /// An employer's name read on a party line (甲方, 用人单位) matches the application's
  /// when this share of its characters agree, in order (0–1); a name agreeing in less
  /// than `otherEmployerBelow` is another employer.
  public var employerMatch = 0.8
  public var otherEmployerBelow = 0.4
  /// The seal's ring names another organisation only when read with at least this
  /// confidence (a reading that rejects must be sure of itself).
  public var sealMinConfidence = 60.0
  /// Seals that are neither the legal-entity seal nor the HR department's: a form
  /// stamped with one of these is refused (公章必须是聘用单位法人公章或人事部门公章).
  public var sealKindsRefused = ["合同专用章", "财务专用章", "发票专用章", "业务专用章", "报关专用章"]
  /// Seals of the HR department, which count: a reading is refused as one of the kinds
  /// above only when it is more like that kind than like any of these (合事专用章 is as
  /// near 人事专用章 as 合同专用章).
  public var sealKindsAccepted = ["人事专用章", "人力资源专用章", "人事部门专用章"]

  public init() {}
}

/// What `review` asks of a photographed form page (`forms:` in the policy).
public struct FormScanPolicy: Sendable, Equatable, Codable {
  /// Read each form page's QR code and check the signature and the seal.
  public var verify = true
  /// The applicant's signature: ink covering at least this share of the signing room,
  /// spanning at least this share of the blank's length.
  public var signatureMinInk = 0.01
  public var signatureMinSpan = 0.25
  /// The employer's seal: at least this much red (mm²), this red (chroma above the
  /// paper's), this size and roundness, with at least this share of its ring visible.
  public var sealMinArea = 60.0
  public var sealMinStrength = 24.0
  public var sealMinDiameter = 25.0
  public var sealMaxDiameter = 65.0
  public var sealMinRoundness = 0.6
  public var sealMinRing = 0.7

  public init() {}
}

public struct RegistrationPolicy: Sendable, Equatable, Codable {
  /// Validity of a registration in years (注册有效期).
  public var validityYears: Int
  /// Renewal: the usual window opens this many months before expiry …
  public var renewalUsualMonthsBeforeExpiry: Int
  /// … and it never opens earlier than this.
  public var renewalEarliestMonthsBeforeExpiry: Int
  /// A change filed within this many months of expiry is also a renewal and needs CE.
  public var changeRenewalMonthsBeforeExpiry: Int
  /// Certificates obtained before this day …
  public var initialCutoverDate: CalendarDate
  /// … must be registered before this day (exclusive).
  public var initialDeadlineBeforeCutover: CalendarDate
  /// Certificates obtained on or after the cut-over: register within this many years.
  public var initialYearsAfterCertificate: Int
  /// Continuing-education hours (学时) per registration period.
  public var ceHoursPerPeriod: Double
  /// The youngest plausible age of an applicant at qualification.
  public var minimumAge: Int
  /// The oldest an applicant may be on the application date, in full years (周岁):
  /// 注册安全工程师职业资格制度规定 (2019) requires 年龄不超过70周岁.
  public var maximumAge: Int
  /// Most hours one continuing-education record may claim.
  public var ceMaxHoursPerRecord: Double
  /// Dates an application may hold; anything outside is a typing error.
  public var plausibleDates: ClosedRange<CalendarDate>
}

/// Guards against hostile input. Checked before any decoding.
public struct InputLimits: Sendable, Equatable, Codable {
  /// Most pixels an image may claim in its header before a single pixel is decoded.
  public var maxPixels: Int
  /// Largest application (YAML/JSON) file, in bytes.
  public var maxApplicationBytes: Int
  /// Most files and bytes in one submission folder.
  public var maxFilesPerSubmission: Int
  public var maxSubmissionBytes: Int
  /// Longest time spent decoding one file, in seconds.
  public var decodeTimeoutSeconds: Double
  /// Application files: deepest nesting, most values (each use of an alias counted
  /// again), most YAML aliases, longest single value in bytes.
  public var maxApplicationDepth: Int
  public var maxApplicationValues: Int
  public var maxApplicationAliases: Int
  public var maxApplicationValueBytes: Int
  /// Checking one file in an isolated worker: wall-clock seconds, CPU seconds, and the
  /// worker's memory (its data segment and private mappings) in MiB.
  public var checkSeconds: Double
  public var checkCPUSeconds: Double
  public var checkMemoryMegabytes: Int
  /// HR's spreadsheets (`form`, `validate`): largest file, most rows.
  public var maxSpreadsheetBytes: Int = defaultSpreadsheetBytes
  public var maxSpreadsheetRows: Int = defaultSpreadsheetRows

  public static let defaultSpreadsheetBytes = 33_554_432
  public static let defaultSpreadsheetRows = 10_000

  /// What poppler may be asked to draw on one PDF page, measured with qpdf first: the
  /// inflated content (each form XObject's counted per draw), form XObjects nested, form
  /// XObjects drawn (nested draws multiplied). An image is held to `maxPixels`.
  public var maxPDFContentBytes: Int = defaultPDFContentBytes
  public var maxPDFFormDepth: Int = defaultPDFFormDepth
  public var maxPDFFormDraws: Int = defaultPDFFormDraws
  /// Seconds all of one submission's files may take to check together; past them the
  /// rest are not checked (`CHECK_FAILED`).
  public var submissionCheckSeconds: Double = defaultSubmissionCheckSeconds

  public static let defaultPDFContentBytes = 67_108_864
  public static let defaultPDFFormDepth = 12
  public static let defaultPDFFormDraws = 10_000
  public static let defaultSubmissionCheckSeconds = 120.0
}

extension Policy {
  /// The limits an application file is read under.
  public var applicationLimits: DocumentLimits {
    DocumentLimits(
      maxBytes: limits.maxApplicationBytes, maxDepth: limits.maxApplicationDepth, maxNodes: limits.maxApplicationValues,
      maxAliases: limits.maxApplicationAliases, maxValueBytes: limits.maxApplicationValueBytes)
  }
}

// `FileFormat` (Core) is a vocabulary of the policy's `formats:` lists.
extension FileFormat: Vocabulary {}

/// An sRGB colour given as `#RRGGBB` in the policy.
public struct RGBColor: Sendable, Equatable, Codable, CustomStringConvertible {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  public init?(hex: String) {
    var s = Substring(hex.trimmingCharacters(in: .whitespaces))
    if s.hasPrefix("#") { s = s.dropFirst() }
    guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
    self.init(red: UInt8(v >> 16), green: UInt8(v >> 8 & 0xFF), blue: UInt8(v & 0xFF))
  }

  public var description: String {
    "#" + [red, green, blue].map { CalendarDate.pad(Int($0), 2, radix: 16) }.joined()
  }
}

/// The ID photo (证件照) rules.
public struct PhotoPolicy: Sendable, Equatable, Codable {
  public var formats: [FileFormat]
  public var minBytes: Int
  public var maxBytes: Int
  public var minWidth: Int
  public var maxWidth: Int
  public var minHeight: Int
  public var maxHeight: Int
  /// Height divided by width.
  public var minAspect: Double
  public var maxAspect: Double
  public var requireColor: Bool
  /// Mean |R−G| + |G−B| below which the photo is black and white.
  public var minChroma: Double
  public var backgroundColor: RGBColor
  /// Distance (0–441) of the background strips' mean colour from `backgroundColor`.
  public var backgroundMaxDistance: Double
  /// Standard deviation of brightness in the background strips.
  public var backgroundMaxUnevenness: Double
  public var minSharpness: Double
  public var minDetail: Double
  /// Exposure of the face region.
  public var faceMinMean: Double
  public var faceMaxMean: Double
  /// Largest fraction of the face region clipped to white.
  public var faceMaxClipped: Double
  public var faceMinContrast: Double
  /// Where the person must be, and how they must face the camera.
  public var person = PersonRules()
  /// What `photo --fix` produces.
  public var fixWidth: Int
  public var fixHeight: Int
  public var fixMinQuality: Int
}

/// The person in an ID photo (`photo.face` in the policy file): one face, upright and
/// frontal, framed as the certificate-photo specifications say. Shares are of the photo's
/// height (the centre: of its width); angles in degrees. See docs/rules.md for the
/// sources of the numbers.
public struct PersonRules: Sendable, Equatable, Codable {
  /// false: faces are not looked for (no face codes; `--fix` crops by the background).
  public var enabled = true
  /// Chin to crown.
  public var headHeight: ClosedRange<Double> = 0.583...0.688
  /// Top edge to crown.
  public var crownMargin: ClosedRange<Double> = 0.0625...0.104
  /// Chin to bottom edge, at least.
  public var minChinMargin = 0.146
  /// Top edge to the eye line.
  public var eyeLine: ClosedRange<Double> = 0.33...0.531
  /// The eyes' middle from the photo's middle, at most.
  public var maxCentreOffset = 0.0475
  public var maxRoll = 8.0
  public var maxYaw = 20.0
  public var maxPitch = 30.0
  /// Eye aspect ratio (height ÷ width) below which the eyes count as closed or hidden.
  public var minEyeOpenness = 0.15
  /// The photo printed on the form against the uploaded ID photo (rank correlations of
  /// the two faces aligned by their landmarks, 0–1): another person when the whole face
  /// and the eyes both fall below `minFace` and `minEyes`; another photo of the same
  /// person when the mouth falls below `minMouth` on a print the detector scores at least
  /// `minConfidence` (a dim or blurred print is not judged by its details).
  public var printedPhoto = PrintedPhotoRules()

  public init() {}
}

public struct PrintedPhotoRules: Sendable, Equatable, Codable {
  public var minFace = 0.65
  public var minEyes = 0.76
  public var minMouth = 0.70
  public var minConfidence = 0.8

  public init() {}
}

/// Rules for scanned or photographed documents, per material type.
public struct DocumentPolicy: Sendable, Equatable, Codable {
  public var formats: [FileFormat]
  public var maxBytes: Int
  public var maxPDFPages: Int
  /// PDF pages are rendered at this resolution for the checks.
  public var pdfRenderDPI: Double
  /// Shortest side in pixels (of a page, for PDFs at `pdfRenderDPI`), per material.
  public var minShortSide: [MaterialType: Int]
  /// Metrics are measured on a copy scaled to this shorter side.
  public var workingShortSide: Int
  public var minSharpness: [MaterialType: Double]
  /// The same steepness over the edges of any one direction: camera shake smears edges
  /// across its motion only, and the steep ones along it keep the overall score high.
  public var minSharpnessAnyDirection: Double = defaultMinSharpnessAnyDirection
  public static let defaultMinSharpnessAnyDirection = 35.0
  public var minDetail: Double
  /// Share (0–100) of steep steps finer than two pixels, below which a page was enlarged
  /// by pixel replication.
  public var minFineSteps: Double
  public var minMean: Double
  /// The 1st-percentile brightness above which the ink has washed out.
  public var maxDarkest: Int
  public var minDynamicRange: Int
}
