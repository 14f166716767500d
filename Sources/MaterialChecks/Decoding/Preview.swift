import ImageCodecs
import PDFReading
import RegistrationRules

/// Small colour previews of uploads for the reviewer's page (the red seal must show), made
/// cheaply: a JPEG is decoded at 1/8 scale by libjpeg, a PDF's first page rendered at the
/// resolution the preview needs. Only files that already decoded under the limits get one.
public enum Preview {
  public static let longSide = 240
  public static let quality = 72

  public static func make(_ bytes: [UInt8], format: FileFormat, orientation: Int, limits: DecodeLimits) -> [UInt8]? {
    let image: DecodedImage
    do {
      switch format {
      case .jpeg:
        image = try JPEGCodec.decode(bytes, channels: 3, minimumShortSide: longSide, limits: limits).image
          .applyingOrientation(orientation)
      case .png:
        image = try PNGCodec.decode(bytes, channels: 3, limits: limits).image
      case .pdf:
        let pdf = try? PDFFile(bytes: bytes)
        guard let page = pdf?.page(0) else { return nil }
        let (w, h) = page.size
        guard w.isFinite, h.isFinite, w > 0, h > 0 else { return nil }
        image = try page.render(dpi: Double(longSide) * 72 / max(w, h), channels: 3, maxPixels: limits.maxPixels)
      }
    } catch {
      return nil
    }
    let scale = min(1, Double(longSide) / Double(max(image.width, image.height)))
    let small = image.resized(
      width: max(1, Int((Double(image.width) * scale).rounded())), height: max(1, Int((Double(image.height) * scale).rounded())))
    return try? JPEGCodec.encode(small, quality: quality)
  }
}
