import Core

/// What the C decoders say about a damaged file (libjpeg, libpng, poppler speak English),
/// in the reader's language. Messages are matched by the stable part of their text, each
/// to a catalog key (`decoderMessage.…`) whose text may show the decoder's own words as
/// `{decoder}` (English does); one this table does not know is shown as the decoder wrote
/// it, after a lead-in, so nothing is hidden.
public enum DecoderMessage {
  static let table: [(english: String, key: String)] = [
    ("errors while rendering", "decoderMessage.errorsWhileRendering"),
    ("the PDF has no pages", "decoderMessage.thePdfHasNoPages"),
    ("the page size is not a real size", "decoderMessage.thePageSizeIsNotA"),
    ("page cannot be read", "decoderMessage.pageCannotBeRead"),
    ("Corrupt JPEG data: premature end of data segment", "decoderMessage.corruptJpegDataPrematureEndOf"),
    ("Premature end of JPEG file", "decoderMessage.prematureEndOfJpegFile"),
    ("Corrupt JPEG data: bad Huffman code", "decoderMessage.corruptJpegDataBadHuffmanCode"),
    ("Corrupt JPEG data: bad arithmetic code", "decoderMessage.corruptJpegDataBadArithmeticCode"),
    ("extraneous bytes before marker", "decoderMessage.extraneousBytesBeforeMarker"),
    ("instead of RST", "decoderMessage.insteadOfRst"),
    ("Inconsistent progression sequence", "decoderMessage.inconsistentProgressionSequence"),
    ("Invalid SOS parameters for sequential JPEG", "decoderMessage.invalidSosParametersForSequentialJpeg"),
    ("Not a JPEG file", "decoderMessage.notAJpegFile"),
    ("Bogus marker length", "decoderMessage.bogusMarkerLength"),
    ("Unsupported marker type", "decoderMessage.unsupportedMarkerType"),
    ("Huffman table", "decoderMessage.huffmanTable"),
    ("Quantization table", "decoderMessage.quantizationTable"),
    ("Empty JPEG image", "decoderMessage.emptyJpegImage"),
    ("Unsupported JPEG data precision", "decoderMessage.unsupportedJpegDataPrecision"),
    ("Unsupported JPEG process", "decoderMessage.unsupportedJpegProcess"),
    ("Requested feature was omitted at compile time", "decoderMessage.requestedFeatureWasOmittedAtCompile"),
    ("arithmetic coding is not implemented", "decoderMessage.arithmeticCodingIsNotImplemented"),
    ("Unsupported color conversion request", "decoderMessage.unsupportedColorConversionRequest"),
    ("chunks end before IEND", "decoderMessage.chunksEndBeforeIend"),
    ("CRC error", "decoderMessage.crcError"),
    ("Not enough image data", "decoderMessage.notEnoughImageData"),
    ("Too much image data", "decoderMessage.tooMuchImageData"),
    ("invalid distance too far back", "decoderMessage.invalidDistanceTooFarBack"),
    ("incorrect header check", "decoderMessage.incorrectHeaderCheck"),
    ("bad adaptive filter value", "decoderMessage.badAdaptiveFilterValue"),
    ("Invalid IHDR data", "decoderMessage.invalidIhdrData"),
    ("Not a PNG file", "decoderMessage.notAPngFile"),
    ("not a decodable PNG", "decoderMessage.notADecodablePng"),
    ("not a decodable JPEG", "decoderMessage.notADecodableJpeg"),
    ("decoding took longer than allowed", "decoderMessage.decodingTookLongerThanAllowed"),
    ("progressive scans", "decoderMessage.progressiveScans"),
  ]

  /// The decoder's message in the reader's language.
  public static func text(_ english: String) -> LocalizedText {
    let lower = english.lowercased()
    let key = table.first { lower.contains($0.english.lowercased()) }?.key ?? "decoderMessage.unknown"
    return LocalizedText(key, ["decoder": english])
  }
}

extension ImageDecodeError {
  /// The decoder's own words, in the reader's language.
  public var detail: LocalizedText {
    switch self {
    case .corrupt(let d), .tooSlow(let d), .unsupportedFormat(let d), .outOfMemory(let d):
      DecoderMessage.text(d)
    case .encrypted: LocalizedText("decoderMessage.encrypted")
    case .tooManyPixels(let w, let h, _): LocalizedText("decoderMessage.pixels", ["w": w, "h": h])
    case .tooManyBytes(let b, _): LocalizedText("decoderMessage.bytes", ["bytes": b])
    case .tooManyPages(let p, _): LocalizedText("decoderMessage.pages", ["pages": p])
    case .pdfTooComplex(let page, let cost, let measured, _):
      LocalizedText("decoderMessage.pdfTooComplex", ["page": page, "cost": cost.label, "measured": measured])
    }
  }
}

extension PDFCost {
  /// What is counted, in the reader's language.
  public var label: LocalizedText {
    switch self {
    case .contentBytes: LocalizedText("pdfCost.contentBytes")
    case .formDepth: LocalizedText("pdfCost.formDepth")
    case .formDraws: LocalizedText("pdfCost.formDraws")
    case .imagePixels: LocalizedText("pdfCost.imagePixels")
    }
  }
}
