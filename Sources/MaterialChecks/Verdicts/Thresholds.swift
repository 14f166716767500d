import Core
import RegistrationRules

/// One limit of the policy that a measurement must keep, as a row of a table: which way
/// the measurement must lie, the reason and the message when it does not, and how the two
/// numbers are shown to people and recorded in the report. The verdicts are these tables
/// (`Thresholds`); what cannot be a row (a colour, a size in two
/// numbers, a blank page) stays a statement of its own in `MaterialVerdict`.
struct Threshold<Subject, Limits>: Sendable {
  enum Side { case atLeast, atMost }

  let code: ReasonCode
  /// The catalog key of the message: its text names `{measured}` and `{limit}` (and, for
  /// a document's page, `{on}`).
  let message: String
  let side: Side
  /// The measurement, or nil when this row does not apply to the subject.
  let measured: @Sendable (Subject) -> Double?
  let limit: @Sendable (Limits) -> Double
  /// The numbers as the message shows them (rounded as people read them)...
  let shown: @Sendable (Double) -> Measure
  let shownLimit: @Sendable (Double) -> Measure
  /// ...and as the report records them.
  let recorded: @Sendable (Double) -> Measure
  let recordedLimit: @Sendable (Double) -> Measure

  init(
    code: ReasonCode, message: String, side: Side, measured: @escaping @Sendable (Subject) -> Double?,
    limit: @escaping @Sendable (Limits) -> Double, shown: @escaping @Sendable (Double) -> Measure = roundedToTenths,
    shownLimit: @escaping @Sendable (Double) -> Measure = Measure.init,
    recorded: (@Sendable (Double) -> Measure)? = nil, recordedLimit: (@Sendable (Double) -> Measure)? = nil
  ) {
    self.code = code
    self.message = message
    self.side = side
    self.measured = measured
    self.limit = limit
    self.shown = shown
    self.shownLimit = shownLimit
    self.recorded = recorded ?? shown
    self.recordedLimit = recordedLimit ?? shownLimit
  }

  /// The finding when the subject breaks this limit.
  func finding(
    _ subject: Subject, _ limits: Limits, material: MaterialType, file: String, on place: LocalizedText? = nil
  ) -> Finding? {
    guard let value = measured(subject) else { return nil }
    let bound = limit(limits)
    switch side {
    case .atLeast: guard value < bound else { return nil }
    case .atMost: guard value > bound else { return nil }
    }
    var arguments: [String: LocalizedText.Argument] = [
      "measured": .text(shown(value).description), "limit": .text(shownLimit(bound).description),
    ]
    if let place { arguments["on"] = .localized(place) }
    return Finding(
      code, .error, material: material, file: file, message: LocalizedText(message, arguments: arguments),
      measured: recorded(value), limit: recordedLimit(bound))
  }

  /// The first row of `group` the subject breaks: a group is one question (is it sharp?
  /// is the face well lit?), answered with its first failure only.
  static func firstBroken(
    _ group: [Threshold], _ subject: Subject, _ limits: Limits, material: MaterialType, file: String,
    on place: LocalizedText? = nil
  ) -> Finding? {
    for row in group {
      if let finding = row.finding(subject, limits, material: material, file: file, on: place) { return finding }
    }
    return nil
  }
}

func roundedToTenths(_ x: Double) -> Measure { Measure(round1(x)) }
func asPercentToTenths(_ x: Double) -> Measure { Measure((x * 1000).rounded() / 10) }

/// The verdict thresholds, one table per kind of subject.
enum Thresholds {
  /// What a photo's rows read: its look and its (only) page.
  struct PhotoSubject {
    let look: PhotoAppearance
    let page: PageMetrics
  }

  typealias PhotoRow = Threshold<PhotoSubject, PhotoPolicy>

  /// A colour photo must show colour, not only be stored as colour.
  static let chroma = PhotoRow(
    code: .photoNotColor, message: "materialVerdict.photoWithoutColour", side: .atLeast, measured: { $0.look.chroma },
    limit: \.minChroma)

  /// Checked when the background is the right colour: is it also plain?
  static let backgroundUnevenness = PhotoRow(
    code: .photoBackground, message: "materialVerdict.backgroundNotPlain", side: .atMost,
    measured: { $0.look.backgroundUnevenness }, limit: \.backgroundMaxUnevenness)

  /// The photo's questions, each a group answered with its first failure.
  static let photo: [[PhotoRow]] = [
    // Sharp?
    [
      PhotoRow(
        code: .blurry, message: "materialVerdict.photoBlurred", side: .atLeast, measured: { $0.page.sharpness.score },
        limit: \.minSharpness),
      PhotoRow(
        code: .blurry, message: "materialVerdict.photoWithoutDetail", side: .atLeast, measured: { $0.page.detail },
        limit: \.minDetail),
    ],
    // The face well lit?
    [
      PhotoRow(
        code: .tooDark, message: "materialVerdict.faceTooDark", side: .atLeast, measured: { $0.look.face.mean },
        limit: \.faceMinMean),
      PhotoRow(
        code: .tooBright, message: "materialVerdict.faceTooBright", side: .atMost, measured: { $0.look.face.mean },
        limit: \.faceMaxMean),
      PhotoRow(
        code: .tooBright, message: "materialVerdict.faceBlownOut", side: .atMost, measured: { $0.look.face.whiteClipped },
        limit: \.faceMaxClipped, shown: asPercentToTenths, shownLimit: asPercentToTenths, recorded: { Measure(round3($0)) },
        recordedLimit: Measure.init),
      PhotoRow(
        code: .lowContrast, message: "materialVerdict.faceFlat", side: .atLeast, measured: { $0.look.face.contrast },
        limit: \.faceMinContrast),
    ],
  ]

  /// What a document page's rows read: the page, and how many pixels its short side needs.
  struct PageSubject {
    let page: PageMetrics
    let minShortSide: Int
    var shortSide: Int { min(page.width, page.height) }
    /// Sharpness is judged only where there are edges to judge it by (not a blank page).
    var hasEdges: Bool { page.sharpness.edgePixels >= 200 }
  }

  /// A document's limits: the policy's, some by material.
  struct PageLimits {
    let policy: DocumentPolicy
    let material: MaterialType
    var minShortSide: Int { policy.minShortSide[material] ?? 1000 }
    var minSharpness: Double { policy.minSharpness[material] ?? 35 }
  }

  typealias PageRow = Threshold<PageSubject, PageLimits>

  static let resolution = PageRow(
    code: .resolutionTooLow, message: "materialVerdict.pageResolutionTooLow", side: .atLeast,
    measured: { Double($0.shortSide) }, limit: { Double($0.minShortSide) }, shown: Measure.init)

  /// A page enlarged by pixel replication has enough pixels but only the detail of its
  /// source: as illegible as a low-resolution scan, and for the same reason.
  static let enlarged = PageRow(
    code: .resolutionTooLow, message: "materialVerdict.pageEnlarged", side: .atLeast,
    measured: { s in
      guard s.shortSide >= s.minShortSide, let fine = s.page.fineSteps, fine.steps >= 2000 else { return nil }
      return fine.score
    }, limit: \.policy.minFineSteps)

  /// Is the page well lit? (Asked once the page is known not to be blank: a blank page
  /// is not dark.)
  static let pageLight: [PageRow] = [
    PageRow(
      code: .tooDark, message: "materialVerdict.pageTooDark", side: .atLeast, measured: { $0.page.exposure.mean },
      limit: \.policy.minMean),
    PageRow(
      code: .tooBright, message: "materialVerdict.pageWashedOut", side: .atMost,
      measured: { Double($0.page.exposure.darkest) }, limit: { Double($0.policy.maxDarkest) }, shown: Measure.init),
    PageRow(
      code: .lowContrast, message: "materialVerdict.pageFlat", side: .atLeast,
      measured: { Double($0.page.exposure.dynamicRange) }, limit: { Double($0.policy.minDynamicRange) },
      shown: Measure.init),
  ]

  /// Is the page sharp?
  static let pageSharpness: [PageRow] = [
    PageRow(
      code: .blurry, message: "materialVerdict.pageBlurred", side: .atLeast,
      measured: { $0.hasEdges ? $0.page.sharpness.score : nil }, limit: \.minSharpness),
    PageRow(
      code: .blurry, message: "materialVerdict.pageSmeared", side: .atLeast,
      measured: { $0.hasEdges ? $0.page.sharpness.weakestDirection : nil }, limit: \.policy.minSharpnessAnyDirection),
    PageRow(
      code: .blurry, message: "materialVerdict.pageWithoutDetail", side: .atLeast,
      measured: { $0.hasEdges ? $0.page.detail : nil }, limit: \.policy.minDetail),
  ]
}
