import Core
import ImageCodecs
import PDFReading
import RegistrationRules

/// Small colour previews of uploads for the reviewer's page (the red seal must show), made
/// cheaply: from the decode the checks already made where there is one (a phone photo of
/// a page, decoded once as YCbCr), else a JPEG decoded at 1/8 scale by libjpeg, a PDF's
/// first page rendered at the resolution the preview needs. Only files that already
/// decoded under the limits get one.
public enum Preview {
  public static let longSide = 240
  public static let quality = 72
  /// The larger preview a click on the page opens: legible (an A4 page at 75–130 dpi),
  /// made by us from the decoded pixels — never the upload itself. Its long side is at
  /// most this, and over half of it (whole-factor shrinking).
  public static let largeLongSide = 1600
  public static let largeQuality = 70

  /// Both previews of a file, or neither.
  public struct Pair: Sendable {
    public var small: [UInt8]
    public var large: [UInt8]
  }

  public static func make(_ bytes: [UInt8], format: FileFormat, orientation: Int, limits: DecodeLimits) -> Pair? {
    let image: DecodedImage
    do {
      switch format {
      case .jpeg:
        image = try JPEGCodec.decode(bytes, channels: 3, minimumShortSide: largeLongSide / 2, limits: limits).image
          .applyingOrientation(orientation)
      case .png:
        image = try PNGCodec.decode(bytes, channels: 3, limits: limits).image
      case .pdf:
        let pdf = try? PDFFile(bytes: bytes)
        guard let page = pdf?.page(0) else { return nil }
        let (w, h) = page.size
        guard w.isFinite, h.isFinite, w > 0, h > 0 else { return nil }
        image = try page.render(dpi: Double(largeLongSide) * 72 / max(w, h), channels: 3, maxPixels: limits.maxPixels)
      }
    } catch {
      return nil
    }
    return pair(image)
  }

  /// The two previews of an upright image.
  static func pair(_ image: DecodedImage) -> Pair? {
    guard let small = encode(shrink(image, to: longSide), quality: quality),
      let large = encode(shrink(image, to: largeLongSide), quality: largeQuality)
    else { return nil }
    return Pair(small: small, large: large)
  }

  /// Both previews from the planes the checks decoded (`JPEGCodec.decodePlanes`), with
  /// cheap integer means by whole factors only: first the large one's planes, then the
  /// small one's from those (never from the full planes again). Each is turned upright
  /// plane by plane and encoded from its planes as they are: no colour conversion either
  /// way, and the chroma is never brought up to full size.
  public static func make(fromPlanes y: DecodedImage, _ cb: DecodedImage, _ cr: DecodedImage, orientation: Int) -> Pair? {
    let (ly, lcb, lcr) = largePlanes(y, cb, cr)
    guard let large = encode(ly, lcb, lcr, orientation: orientation, quality: largeQuality, optimize: largeOptimized),
      let small = make(fromPlanes: ly, lcb, lcr, orientation: orientation, longSide: longSide, quality: quality)
    else { return nil }
    return Pair(small: small, large: large)
  }

  /// Whether the large preview gets Huffman tables of its own. Not: they make it about a
  /// tenth smaller, but their extra pass over the coefficients costs a tenth of a phone
  /// page's whole check, and the large preview is only fetched when a reviewer opens it.
  static let largeOptimized = false

  /// The large preview's planes, by whole factors only (SIMD box means): no fractional
  /// resampling of the luma at this size, which would cost more than the decode. Their
  /// long side is at most `largeLongSide`; the chroma planes are half the luma's size
  /// (rounded up), as a 4:2:0 JPEG stores them.
  static func largePlanes(_ y: DecodedImage, _ cb: DecodedImage, _ cr: DecodedImage) -> (DecodedImage, DecodedImage, DecodedImage)
  {
    let factor = max(1, (max(y.width, y.height) + largeLongSide - 1) / largeLongSide)
    let luma = y.boxShrunk(by: factor)
    let cw = (luma.width + 1) / 2, ch = (luma.height + 1) / 2
    return (luma, fit(cb, width: cw, height: ch), fit(cr, width: cw, height: ch))
  }

  /// A preview of `longSide` from planes larger than it (chroma at half the luma's size):
  /// each shrunk by whole factors to about the size, the last step by area, then turned
  /// upright and encoded.
  static func make(
    fromPlanes y: DecodedImage, _ cb: DecodedImage, _ cr: DecodedImage, orientation: Int, longSide: Int, quality: Int
  ) -> [UInt8]? {
    let target = min(1, Double(longSide) / Double(max(y.width, y.height)))
    let w = max(1, Int((Double(y.width) * target).rounded())), h = max(1, Int((Double(y.height) * target).rounded()))
    let cw = (w + 1) / 2, ch = (h + 1) / 2
    return encode(
      fit(y, width: w, height: h), fit(cb, width: cw, height: ch), fit(cr, width: cw, height: ch), orientation: orientation,
      quality: quality, optimize: true)
  }

  /// A plane brought to `width` × `height`: shrunk by a whole factor (SIMD box means) to
  /// about the size, the last step by area; a plane that comes out short (chroma at
  /// half resolution may, by a pixel) is stretched the last bit.
  static func fit(_ plane: DecodedImage, width w: Int, height h: Int) -> DecodedImage {
    let factor = max(1, min(plane.width / w, plane.height / h))
    let near = plane.boxShrunk(by: factor)
    guard near.width >= w, near.height >= h else { return stretched(near, width: w, height: h) }
    if near.width == w && near.height == h { return near }
    let last = GrayImage(near).resized(width: w, height: h)
    return DecodedImage(width: last.width, height: last.height, channels: 1, pixels: last.pixels)
  }

  /// Planes turned upright one by one, then encoded as they are.
  static func encode(
    _ y: DecodedImage, _ cb: DecodedImage, _ cr: DecodedImage, orientation: Int, quality: Int, optimize: Bool
  ) -> [UInt8]? {
    try? JPEGCodec.encode(
      y: y.applyingOrientation(orientation), cb: cb.applyingOrientation(orientation), cr: cr.applyingOrientation(orientation),
      quality: quality, optimize: optimize)
  }

  /// Nearest-sample stretch for the rare plane a pixel smaller than the preview.
  static func stretched(_ image: DecodedImage, width: Int, height: Int) -> DecodedImage {
    var out = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        out[y * width + x] =
          image.pixels[
            min(image.height - 1, y * image.height / height) * image.width + min(image.width - 1, x * image.width / width)]
      }
    }
    return DecodedImage(width: width, height: height, channels: 1, pixels: out)
  }

  /// The image with its long side at most `longSide`, by area.
  static func shrink(_ image: DecodedImage, to longSide: Int) -> DecodedImage {
    let scale = min(1, Double(longSide) / Double(max(image.width, image.height)))
    let w = max(1, Int((Double(image.width) * scale).rounded())), h = max(1, Int((Double(image.height) * scale).rounded()))
    guard w < image.width || h < image.height else { return image }
    return image.resized(width: w, height: h)
  }

  static func encode(_ image: DecodedImage, quality: Int) -> [UInt8]? {
    try? JPEGCodec.encode(image, quality: quality)
  }
}
