import Core
import FaceFinding
import RegistrationRules

/// What a photo or scan of one form page shows: whose page it is (its QR code), and
/// whether it is signed and stamped where the template says. Measured in the checking
/// worker; judged by the review against the application and the policy.
public struct FormPageScan: Sendable, Equatable, Codable {
  /// The QR code's text, when one was read (ours or not).
  public var qr: String?
  /// The signature measure, on the page that has the applicant's signature line (read
  /// from its QR code).
  public var signature: SignatureMeasure?
  /// The seal measure, on the page that has the employer's seal cell.
  public var seal: SealMeasure?
  /// What the seal's ring and the words across it say, when the review reads text.
  public var sealText: SealText?
  /// The page's printed labels, when its layout was found by reading them (a form
  /// without our QR code): where the signature and the seal were looked for.
  public var labels: FormLabels?
  /// Where the QR code, the signature and the seal are, for the reviewer's page.
  public var marks: [PageMark] = []
  /// The photo printed in the page's photo box (faces found there and the first one's
  /// print), on the page that has the box, when faces are looked for.
  public var photo: FaceMeasurement?
  /// Time spent finding the QR code, and on the whole scan (milliseconds; for the
  /// benchmark, not the report).
  public var qrMilliseconds = 0.0
  public var milliseconds = 0.0

  public init(qr: String? = nil) { self.qr = qr }

  /// The QR code's payload, when it is one of ours.
  public var payload: FormQRPayload? { qr.flatMap(FormQRPayload.init(text:)) }
}

/// Handwriting ink on the applicant's signature line.
public struct SignatureMeasure: Sendable, Equatable, Codable {
  /// Share of the signing room (the blank and the room above it) covered by ink.
  public var inkShare: Double
  /// How much of the blank's length the ink spans (0–1).
  public var span: Double
  /// Whether the printed rule was found where the QR code put it (the position is
  /// then exact; otherwise it is the QR code's estimate).
  public var lineFound: Bool

  public init(inkShare: Double, span: Double, lineFound: Bool) {
    self.inkShare = inkShare
    self.span = span
    self.lineFound = lineFound
  }
}

/// The red round seal in the employer's cell.
public struct SealMeasure: Sendable, Equatable, Codable {
  /// False for a scan in grey: no red can be seen.
  public var colour: Bool
  /// Red area in the cell, square millimetres.
  public var redArea: Double
  /// The seal's outer diameter (mm) and roundness (short over long extent, 0–1).
  public var diameter: Double
  public var roundness: Double
  /// Share of the outer ring that is there (0–1): low for a seal cut off by the edge.
  public var ring: Double
  /// How red the seal is: its median red-minus-blue chroma above the paper's.
  public var strength: Double

  public init(colour: Bool, redArea: Double, diameter: Double, roundness: Double, ring: Double, strength: Double) {
    self.colour = colour
    self.redArea = redArea
    self.diameter = diameter
    self.roundness = roundness
    self.ring = ring
    self.strength = strength
  }
}

/// A box drawn on a preview: what was looked for and whether it was found. Coordinates
/// are shares (0–1) of the upright image's width and height.
public struct PageMark: Sendable, Equatable, Codable {
  public enum Kind: String, Sendable, Codable {
    case qr, signature, seal, photo
    /// On photos: the face found, the ID card held up, and the bands the framing rules
    /// allow for the crown, the eye line and the chin.
    case face, card, crown, eyes, chin
    /// On documents: where the applicant's name, ID number or employer was read.
    case text
  }
  public var kind: Kind
  public var found: Bool
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double
  /// What the review read there (the seal's name and its confidence), to show beside the
  /// box.
  public var note: String?

  public init(kind: Kind, found: Bool, x: Double, y: Double, width: Double, height: Double, note: String? = nil) {
    self.kind = kind
    self.found = found
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    self.note = note
  }
}
