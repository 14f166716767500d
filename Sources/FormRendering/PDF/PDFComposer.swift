internal import CQPDFShim

/// A PDF whose pages can be placed under other PDFs' pages, parsed once by qpdf
/// (each page becomes a form XObject).
final class PDFStamp {
  let handle: OpaquePointer

  init(_ pdf: [UInt8]) throws(FormError) {
    var message = [CChar](repeating: 0, count: Int(CQPDFSHIM_MESSAGE_LENGTH))
    guard let handle = pdf.withUnsafeBufferPointer({ cqpdfshim_stamp_open($0.baseAddress, $0.count, &message) }) else {
      throw .pdf("qpdf: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    self.handle = handle
  }

  var pageCount: Int { Int(cqpdfshim_stamp_page_count(handle)) }

  deinit { cqpdfshim_stamp_close(handle) }
}

/// Puts the pieces of a form PDF together with qpdf (`QPDFPageObjectHelper`): each page
/// of cairo's output gets its stamp page underneath as a form XObject, the catalog gets
/// the print settings, and qpdf writes the file (compressed object streams, an ID made
/// from the content, so the same input always gives the same bytes).
enum PDFComposer {
  /// The print dialog settings: duplex, flipping on the long edge, at 100 %.
  static let viewerPreferences = "<< /Duplex /DuplexFlipLongEdge /PrintScaling /None >>"

  /// - Parameter under: for each page of `pdf`, the stamp and its page to place beneath.
  static func compose(_ pdf: [UInt8], under: [(PDFStamp, Int)]) throws(FormError) -> [UInt8] {
    var message = [CChar](repeating: 0, count: Int(CQPDFSHIM_MESSAGE_LENGTH))
    var out: UnsafeMutablePointer<UInt8>? = nil
    var length = 0
    let stamps: [OpaquePointer?] = under.map { $0.0.handle }
    let pages = under.map { Int32($0.1) }
    let status = pdf.withUnsafeBufferPointer { input in
      stamps.withUnsafeBufferPointer { s in
        pages.withUnsafeBufferPointer { p in
          cqpdfshim_compose(
            input.baseAddress, input.count, s.baseAddress, p.baseAddress, Int32(under.count), viewerPreferences,
            &out, &length, &message)
        }
      }
    }
    defer { cqpdfshim_free(out) }
    // The stamps must outlive the call; `under` holds them until here.
    withExtendedLifetime(under) {}
    guard status == 0, let out else {
      throw .pdf("qpdf: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return Array(UnsafeBufferPointer(start: out, count: length))
  }
}
