import Core
import FormRendering
import Foundation
import ImageCodecs
import RegistrationRules

/// Photos of our forms as applicants might upload them: signed and stamped or not, another
/// applicant's, and taken turned, in perspective, out of focus, in dim light, compressed
/// hard. The form scan's tests and its detection-rate benchmark both draw from these.
public enum FormVariations {
  /// What is on the paper.
  public struct Case: Sendable {
    public var name: String
    public var marking: Pages.Marking
    /// The form printed for another application (its QR code names it).
    public var otherApplicant: Bool
    /// The form codes a correct review gives (none for a good form).
    public var expected: [ReasonCode]

    public init(name: String, marking: Pages.Marking = Pages.Marking(), otherApplicant: Bool = false, expected: [ReasonCode]) {
      self.name = name
      self.marking = marking
      self.otherApplicant = otherApplicant
      self.expected = expected
    }
  }

  /// How the photo was taken.
  public struct Look: Sendable, CustomStringConvertible {
    public var rotation: Double
    public var tilt: Double
    public var blur: Double
    public var exposure: Double
    public var quality: Int
    /// EXIF orientation written into the JPEG (the pixels stored turned to match), or 1.
    public var orientation: Int

    public init(rotation: Double, tilt: Double, blur: Double, exposure: Double, quality: Int, orientation: Int = 1) {
      self.rotation = rotation
      self.tilt = tilt
      self.blur = blur
      self.exposure = exposure
      self.quality = quality
      self.orientation = orientation
    }

    public var description: String {
      "rot\(Measure(rotation)) tilt\(Measure(tilt)) blur\(Measure(blur)) exp\(Measure(exposure)) q\(quality)"
        + (orientation == 1 ? "" : " exif\(orientation)")
    }
  }

  public static let cases: [Case] = [
    Case(name: "clean", expected: []),
    Case(name: "unsigned", marking: Pages.Marking(signed: false), expected: [.signatureMissing]),
    Case(name: "unstamped", marking: Pages.Marking(stamped: false), expected: [.sealMissing]),
    // A seal pressed too lightly, and one half off the paper's right edge.
    Case(name: "faint-seal", marking: Pages.Marking(sealInk: 0.16), expected: [.sealMissing]),
    Case(name: "cut-off-seal", marking: Pages.Marking(sealShift: (x: 42, y: 0)), expected: [.sealMissing]),
    Case(name: "other-applicant", otherApplicant: true, expected: [.formMismatch]),
  ]

  /// Every combination of the factors, in a fixed order: turned −7°, 0° or 4°; mild or
  /// strong perspective; sharp, soft or blurred (σ in pixels at 3000 px across); full or
  /// dim light; JPEG quality 85 or 40. The last looks also turn the stored pixels a
  /// quarter (EXIF 6) and a half (EXIF 3).
  public static let looks: [Look] = {
    var all: [Look] = []
    for rotation in [-7.0, 0, 4] {
      for tilt in [0.02, 0.06] {
        for blur in [0.0, 2.0, 4.0] {
          for exposure in [1.0, 0.55] {
            for quality in [85, 40] {
              all.append(Look(rotation: rotation, tilt: tilt, blur: blur, exposure: exposure, quality: quality))
            }
          }
        }
      }
    }
    all.append(Look(rotation: 2, tilt: 0.04, blur: 0, exposure: 1, quality: 80, orientation: 6))
    all.append(Look(rotation: -3, tilt: 0.04, blur: 2, exposure: 0.8, quality: 70, orientation: 3))
    return all
  }()

  /// A photo of `page` as `look`, `frame` pixels (width × height of the upright photo).
  /// - Parameter fill: how much of the frame the page fills (a scene that is the whole
  ///   picture: 1).
  public static func photograph(_ page: DecodedImage, _ look: Look, frame: (Int, Int), seed: UInt64, fill: Double = 0.88)
    throws -> [UInt8]
  {
    // Blur is given for a 3000-px-wide photo; scale it to the frame.
    let scale = Double(frame.0) / 3000
    let o = PhoneLook.Options(
      width: frame.0, height: frame.1, tilt: look.tilt, fill: fill, noise: 2, falloff: 0.8, exposure: look.exposure,
      blur: look.blur * scale, rotation: look.rotation)
    let upright = PhoneLook.photograph(page, o, seed: seed)
    let stored = turned(upright, toStoreFor: look.orientation)
    let jpeg = try JPEGCodec.encode(stored, quality: look.quality)
    return look.orientation == 1 ? jpeg : withExifOrientation(jpeg, look.orientation)
  }

  /// The pixels a camera stores for an upright picture that its EXIF orientation turns
  /// back: 6 stores it turned a quarter anticlockwise, 3 a half, 8 a quarter clockwise.
  static func turned(_ image: DecodedImage, toStoreFor orientation: Int) -> DecodedImage {
    let w = image.width, h = image.height, c = image.channels
    switch orientation {
    case 3:
      var out = image.pixels
      for y in 0..<h {
        for x in 0..<w {
          for k in 0..<c { out[((h - 1 - y) * w + (w - 1 - x)) * c + k] = image.pixels[(y * w + x) * c + k] }
        }
      }
      return DecodedImage(width: w, height: h, channels: c, pixels: out)
    case 6, 8:
      // Stored is h wide and w tall.
      var out = [UInt8](repeating: 0, count: image.pixels.count)
      for y in 0..<h {
        for x in 0..<w {
          // 6: displayed (x, y) comes from stored (y, w-1-x); 8: from stored (h-1-y, x).
          let (sx, sy) = orientation == 6 ? (y, w - 1 - x) : (h - 1 - y, x)
          for k in 0..<c { out[(sy * h + sx) * c + k] = image.pixels[(y * w + x) * c + k] }
        }
      }
      return DecodedImage(width: h, height: w, channels: c, pixels: out)
    default:
      return image
    }
  }

  /// A JPEG with an EXIF APP1 segment that holds only the orientation tag.
  public static func withExifOrientation(_ jpeg: [UInt8], _ orientation: Int) -> [UInt8] {
    let tiff: [UInt8] = [
      0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // big-endian TIFF, IFD at 8
      0x00, 0x01,  // one entry
      0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, UInt8(orientation), 0x00, 0x00,  // Orientation, SHORT, 1
      0x00, 0x00, 0x00, 0x00,  // no next IFD
    ]
    let body = Array("Exif".utf8) + [0, 0] + tiff
    let length = body.count + 2
    let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body
    return Array(jpeg.prefix(2)) + segment + Array(jpeg.dropFirst(2))
  }
}
