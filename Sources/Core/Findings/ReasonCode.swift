/// The machine-readable reason for a finding. The raw values are a contract (DESIGN.md):
/// scripts match on them, so a code is added, never renamed.
public enum ReasonCode: String, Sendable, Codable, CaseIterable, Comparable {
  // DESIGN.md's minimum set.
  case missingMaterial = "MISSING_MATERIAL"
  case unsupportedFormat = "UNSUPPORTED_FORMAT"
  case corruptFile = "CORRUPT_FILE"
  case fileTooLarge = "FILE_TOO_LARGE"
  case fileTooSmall = "FILE_TOO_SMALL"
  case imageTooLarge = "IMAGE_TOO_LARGE"
  case resolutionTooLow = "RESOLUTION_TOO_LOW"
  case photoDimensions = "PHOTO_DIMENSIONS"
  case photoNotColor = "PHOTO_NOT_COLOR"
  case photoBackground = "PHOTO_BACKGROUND"
  case blurry = "BLURRY"
  case tooDark = "TOO_DARK"
  case tooBright = "TOO_BRIGHT"
  case lowContrast = "LOW_CONTRAST"
  case formPages = "FORM_PAGES"
  case invalidField = "INVALID_FIELD"
  case deadline = "DEADLINE"
  case ceHours = "CE_HOURS"
  case kindNotAllowed = "KIND_NOT_ALLOWED"
  case badSubmission = "BAD_SUBMISSION"

  // Added by safetyreg; mostly used for warnings.
  /// A key the application format does not know (a typo, usually). Warning.
  case unknownField = "UNKNOWN_FIELD"
  /// The chosen initial-review authority differs from the suggested one. Warning.
  case authorityMismatch = "AUTHORITY_MISMATCH"
  /// A renewal filed before the usual window but inside the earliest one. Warning.
  case earlyRenewal = "EARLY_RENEWAL"
  /// Self-entered continuing-education records without certificates. Warning.
  case ceCertificateRecommended = "CE_CERTIFICATE_RECOMMENDED"
  /// A path in a submission that was not read: a link, `..`, an absolute path, a special
  /// file. Error.
  case unsafePath = "UNSAFE_PATH"
  /// A file in a submission that no material claims (its name fits no convention). Warning.
  case unusedFile = "UNUSED_FILE"
  /// A file whose extension does not match its content (`photo.jpg` that is a PNG). Warning.
  case extensionMismatch = "EXTENSION_MISMATCH"
  /// Checking the file crashed its isolated worker, or ran past the policy's time or
  /// memory limit: the file was not checked. Error.
  case checkFailed = "CHECK_FAILED"
  /// The applicant does not meet a condition of registration that the data can show
  /// (the policy's maximum age). Error.
  case notEligible = "NOT_ELIGIBLE"
  /// A form page's QR code belongs to another applicant or kind, or its digest says the
  /// form was printed from other (or older) data than the application's. Error.
  case formMismatch = "FORM_MISMATCH"
  /// A form page without a QR code that could be read (printed by other software, or a
  /// very poor photo): the page was identified by its file name. Warning.
  case qrUnreadable = "QR_UNREADABLE"
  /// No handwriting on the applicant's signature line. Error.
  case signatureMissing = "SIGNATURE_MISSING"
  /// No red round seal in the employer's cell, or one too faint, too small or cut off. Error.
  case sealMissing = "SEAL_MISSING"
  /// No face where one person must be seen: the ID photo, the hand-held ID photo. Error.
  case noFace = "NO_FACE"
  /// More than one person in the ID photo. Error.
  case multipleFaces = "MULTIPLE_FACES"
  /// The face is turned, tilted or nodding beyond the policy, or the photo lies on its
  /// side. Error.
  case facePose = "FACE_POSE"
  /// The head is too small or too large, off centre, cut off, or its eye line is out of
  /// range. Error.
  case faceFraming = "FACE_FRAMING"
  /// The eyes are closed or hidden. Warning.
  case eyesNotVisible = "EYES_NOT_VISIBLE"
  /// The hand-held ID photo shows no ID card. Error.
  case noIDCard = "NO_ID_CARD"
  /// The photo printed on the form is not the uploaded ID photo. Error.
  case photoMismatch = "PHOTO_MISMATCH"
  /// A document names another person (by a valid ID number) or another employer than
  /// the application: another person's contract, another card. Error.
  case contentMismatch = "CONTENT_MISMATCH"
  /// The applicant's name, ID number or employer could not be found where a document
  /// should name them; the reviewer looks. Warning.
  case contentNotFound = "CONTENT_NOT_FOUND"
  /// The form's seal names another organisation, or is a seal of a kind that does not
  /// count (合同专用章, 财务专用章 …). Error.
  case sealNameMismatch = "SEAL_NAME_MISMATCH"
  /// The form's seal is there but its words could not be read; the reviewer reads them.
  /// Warning.
  case sealUnreadable = "SEAL_UNREADABLE"

  public static func < (a: ReasonCode, b: ReasonCode) -> Bool { a.rawValue < b.rawValue }
}
