/// Why a file could not be decoded. The checks (MaterialChecks) turn each case into a
/// reason code of DESIGN.md and a message: the codecs know nothing of the rules.
public enum ImageDecodeError: Error, Sendable, Equatable, Codable {
  /// The content is not JPEG, PNG or PDF (`UNSUPPORTED_FORMAT`); what it looked like.
  case unsupportedFormat(String)
  /// Damaged, truncated or empty (`CORRUPT_FILE`), with what the decoder said.
  case corrupt(String)
  /// The header claims more pixels than the policy allows (`IMAGE_TOO_LARGE`).
  case tooManyPixels(width: Int, height: Int, limit: Int)
  /// More bytes than allowed (`FILE_TOO_LARGE`).
  case tooManyBytes(bytes: Int, limit: Int)
  /// Decoding took too long or needed too many passes (`CORRUPT_FILE`: no honest
  /// scanner or phone writes such a file).
  case tooSlow(String)
  /// The PDF is encrypted (`CORRUPT_FILE`: it cannot be checked without the password).
  case encrypted
  /// The PDF has more pages than allowed.
  case tooManyPages(pages: Int, limit: Int)
  /// A PDF page would cost too much to draw (`FILE_TOO_LARGE`; `IMAGE_TOO_LARGE` for an
  /// image of too many pixels): measured before poppler draws it, on the first page over
  /// a limit.
  case pdfTooComplex(page: Int, cost: PDFCost, measured: Int, limit: Int)
  /// The decoder ran out of memory under the worker's cap (`CHECK_FAILED`): not the
  /// applicant's fault as far as anyone can tell, and the file was not checked.
  case outOfMemory(String)
}

/// What a PDF page asks of the renderer, each with a limit in the policy.
public enum PDFCost: String, Sendable, Equatable, Codable {
  /// Bytes of content to interpret (inflated; a form XObject's counted per draw).
  case contentBytes
  /// Form XObjects nested in one another.
  case formDepth
  /// Form XObjects drawn, nested draws multiplied.
  case formDraws
  /// Pixels of one image.
  case imagePixels
}

/// Resource limits for one decode.
public struct DecodeLimits: Sendable, Equatable {
  public var maxPixels: Int
  public var maxBytes: Int
  /// Seconds one decode may take.
  public var timeout: Double
  /// Progressive JPEG scans allowed (a real progressive file has about 10).
  public var maxScans: Int

  public init(maxPixels: Int, maxBytes: Int, timeout: Double, maxScans: Int = 100) {
    self.maxPixels = maxPixels
    self.maxBytes = maxBytes
    self.timeout = timeout
    self.maxScans = maxScans
  }
}
