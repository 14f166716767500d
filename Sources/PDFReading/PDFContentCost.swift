internal import CQPDFShim
import ImageCodecs

/// What drawing a PDF's pages would cost, measured with qpdf before poppler draws any of
/// them: a few kilobytes of upload can otherwise buy minutes (a content stream that
/// inflates to a gigabyte, form XObjects nested deep, each drawing the next many times).
public enum PDFContentCost {
  /// Per page.
  public struct Limits: Sendable, Equatable {
    /// Bytes of content to interpret, inflated; a form XObject's counted each time it is drawn.
    public var contentBytes: Int
    /// Form XObjects nested in one another.
    public var formDepth: Int
    /// Form XObjects drawn, nested draws multiplied.
    public var formDraws: Int
    /// Pixels of any one image, an XObject or inline.
    public var imagePixels: Int

    public init(contentBytes: Int, formDepth: Int, formDraws: Int, imagePixels: Int) {
      self.contentBytes = contentBytes
      self.formDepth = formDepth
      self.formDraws = formDraws
      self.imagePixels = imagePixels
    }
  }

  /// The largest of each count over the pages measured.
  public struct Measured: Sendable, Equatable {
    public var pages: Int
    public var contentBytes: Int
    public var formDepth: Int
    public var formDraws: Int
    public var imagePixels: Int
  }

  /// Measures every page against `limits`.
  /// - Throws: `.pdfTooComplex` for the first page over a limit (counting stops there, so
  ///   the answer comes in about the time one limit's worth of content takes to inflate);
  ///   `.corrupt` when qpdf cannot read the file.
  public static func measure(_ pdf: [UInt8], limits: Limits) throws(ImageDecodeError) -> Measured {
    func count(_ value: Int) -> UInt64 { UInt64(max(0, value)) }
    let cLimits = cqpdfshim_content_limits(
      max_content_bytes: count(limits.contentBytes), max_form_depth: UInt32(clamping: max(0, limits.formDepth)),
      max_form_draws: count(limits.formDraws), max_image_pixels: count(limits.imagePixels))
    var report = cqpdfshim_content_report()
    var message = [CChar](repeating: 0, count: Int(CQPDFSHIM_MESSAGE_LENGTH))
    let status = pdf.withUnsafeBufferPointer { bytes in
      message.withUnsafeMutableBufferPointer { text in
        cqpdfshim_measure_content(bytes.baseAddress, bytes.count, cLimits, &report, text.baseAddress!)
      }
    }
    guard status == 0 else {
      throw .corrupt(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    func int(_ value: UInt64) -> Int { Int(clamping: value) }
    let exceeded: PDFCost? =
      switch report.exceeded {
      case Int32(CQPDFSHIM_CONTENT_BYTES): .contentBytes
      case Int32(CQPDFSHIM_FORM_DEPTH): .formDepth
      case Int32(CQPDFSHIM_FORM_DRAWS): .formDraws
      case Int32(CQPDFSHIM_IMAGE_PIXELS): .imagePixels
      default: nil
      }
    if let exceeded {
      let limit =
        switch exceeded {
        case .contentBytes: limits.contentBytes
        case .formDepth: limits.formDepth
        case .formDraws: limits.formDraws
        case .imagePixels: limits.imagePixels
        }
      throw .pdfTooComplex(page: Int(report.page), cost: exceeded, measured: int(report.measured), limit: limit)
    }
    return Measured(
      pages: Int(report.pages), contentBytes: int(report.content_bytes), formDepth: Int(report.form_depth),
      formDraws: int(report.form_draws), imagePixels: int(report.image_pixels))
  }
}
