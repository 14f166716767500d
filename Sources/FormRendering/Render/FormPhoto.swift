import Core
import Foundation
import ImageCodecs
import RegistrationRules

/// The ID photo as the form prints it: turned upright (EXIF orientation), scaled down to
/// the photo box at 300 dpi, and re-encoded as a clean JPEG (no metadata) that the PDF
/// embeds as is.
public struct FormPhoto: Sendable, Equatable {
  public var image: DecodedImage
  public var jpeg: [UInt8]

  /// The photo box at 300 dpi: 413 × 579 pixels.
  static let boxPixels = (width: 413, height: 579)

  /// Reads a JPEG or PNG, refusing anything else (by content) and anything over the limits.
  public static func load(path: String, limits: DecodeLimits) throws(FormError) -> FormPhoto {
    let bytes: [UInt8]
    do {
      bytes = try DocumentReader.readFile(path, limit: limits.maxBytes)
    } catch {
      throw .photo(path: path, problem: error.problem)
    }
    guard bytes.count <= limits.maxBytes else {
      throw .photo(
        path: path,
        problem: LocalizedText("formPhoto.theFileIsLargerThan", ["maxBytes": limits.maxBytes]))
    }
    do {
      return try make(bytes, limits: limits)
    } catch {
      throw .photo(path: path, problem: describe(error))
    }
  }

  /// A photo given as bytes rather than a path (a server's upload, after its isolated
  /// worker made it a compliant JPEG).
  public static func from(_ bytes: [UInt8], limits: DecodeLimits) throws(FormError) -> FormPhoto {
    do {
      return try make(bytes, limits: limits)
    } catch {
      throw .photo(path: "photo", problem: describe(error))
    }
  }

  static func make(_ bytes: [UInt8], limits: DecodeLimits) throws(ImageDecodeError) -> FormPhoto {
    var image: DecodedImage
    switch SniffedFormat.of(bytes) {
    case .supported(.jpeg):
      image = try JPEGCodec.decode(bytes, channels: 3, minimumShortSide: boxPixels.width, limits: limits).image
        .applyingOrientation(ExifOrientation.of(jpeg: bytes))
    case .supported(.png):
      image = try PNGCodec.decode(bytes, channels: 3, limits: limits).image
    case .supported(.pdf), .other, .unknown:
      throw .unsupportedFormat(describeFormat(bytes))
    case .empty:
      throw .corrupt("empty file")
    }
    let scale = min(1, min(Double(boxPixels.width) / Double(image.width), Double(boxPixels.height) / Double(image.height)))
    if scale < 1 {
      image = image.resized(
        width: max(1, Int((Double(image.width) * scale).rounded())),
        height: max(1, Int((Double(image.height) * scale).rounded())))
    }
    return FormPhoto(image: image, jpeg: try JPEGCodec.encode(image, quality: 92))
  }

  static func describeFormat(_ bytes: [UInt8]) -> String {
    switch SniffedFormat.of(bytes) {
    case .other(let name): name
    case .supported(let f): f.rawValue.uppercased()
    default: "unknown"
    }
  }

  static func describe(_ error: ImageDecodeError) -> LocalizedText {
    switch error {
    case .unsupportedFormat(let what):
      LocalizedText("formPhoto.notAJPEGOrPNG", ["what": what])
    case .corrupt, .tooSlow, .outOfMemory:
      LocalizedText("formPhoto.imageDamaged", ["detail": error.detail])
    case .tooManyPixels(let w, let h, _):
      LocalizedText("formPhoto.theImageHasTooMany", ["w": w, "h": h])
    case .tooManyBytes(let bytes, let limit):
      LocalizedText("formPhoto.theFileIsTooLarge", ["bytes": bytes, "limit": limit])
    case .encrypted, .tooManyPages, .pdfTooComplex:
      LocalizedText("formPhoto.notAnImage")
    }
  }
}
