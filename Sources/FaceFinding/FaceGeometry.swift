import Foundation

/// What the 68 landmarks (dlib's iBUG 300-W layout: jaw 0–16, brows 17–26, nose 27–35,
/// eyes 36–47, mouth 48–67) say about a face: where its eyes, nose tip and chin are, how
/// it is turned, and how open its eyes are. Pure arithmetic on the points.
///
/// Pose from symmetry: roll is the eye line's angle. Yaw and pitch are estimates from
/// where the nose tip sits: between the two sides of the jaw (turned left or right) and
/// between the eye line and the chin (nodding up or down), each ratio turned into degrees
/// with a simple model of the head (the nose tip stands out from the face as far as
/// `noseDepth` says). People's faces differ, so they carry a few degrees of error: the
/// policy's limits are set with room for it.
public struct FaceGeometry: Sendable, Equatable, Codable {
  /// Eye centres (the mean of each eye's six points), the one on the image's left first.
  public var leftEye: Point
  public var rightEye: Point
  public var noseTip: Point
  public var chin: Point
  /// The highest brow point (smallest y).
  public var browTop: Double
  /// The jaw's ends at the ears (points 0 and 16).
  public var jawLeft: Point
  public var jawRight: Point
  /// Degrees, positive when the face leans clockwise on the image (its right eye lower).
  public var roll: Double
  /// Degrees, positive when the nose points to the image's right.
  public var yaw: Double
  /// Degrees, positive when the face looks up.
  public var pitch: Double
  /// Each eye's height over its width (the eye aspect ratio of Soukupová & Čech 2016),
  /// averaged over both: about 0.3 open, under 0.15 shut.
  public var eyeOpenness: Double

  /// Yaw model: the nose tip's sideways shift per unit of tan(yaw), as a share of the jaw's
  /// width (a head as a cylinder, the jaw points 75° round from the front).
  static let yawGain = 0.77
  /// Pitch model: the nose tip's depth in front of the eyes and chin, as a share of the
  /// eye-to-chin distance.
  static let noseDepth = 0.25
  /// Where the nose tip sits between the eye line and the chin in a level face: the
  /// median over the real portraits of Tests/Fixtures/portraits (all looking straight).
  static let levelNoseShare = 0.28

  public init?(landmarks p: [Point]) {
    guard p.count == 68, p.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
    leftEye = Point.mean(p[36...41])
    rightEye = Point.mean(p[42...47])
    noseTip = p[30]
    chin = p[8]
    browTop = p[17...26].map(\.y).min() ?? p[17].y
    jawLeft = p[0]
    jawRight = p[16]
    let eyeLine = rightEye - leftEye
    guard eyeLine.length > 1 else { return nil }
    roll = atan2(eyeLine.y, eyeLine.x) * 180 / .pi
    // Yaw and pitch in the face's own frame: turned back by the roll around the eyes' middle.
    let middle = Point.mean([leftEye, rightEye])
    let angle = -atan2(eyeLine.y, eyeLine.x)
    func level(_ q: Point) -> Point {
      let d = q - middle
      return Point(x: d.x * cos(angle) - d.y * sin(angle), y: d.x * sin(angle) + d.y * cos(angle))
    }
    let nose = level(noseTip), jaw0 = level(jawLeft), jaw16 = level(jawRight), chinLevel = level(chin)
    let jawWidth = jaw16.x - jaw0.x
    let shift = jawWidth > 1 ? (2 * nose.x - jaw0.x - jaw16.x) / jawWidth : 0
    yaw = atan(shift / Self.yawGain) * 180 / .pi
    let share = chinLevel.y > 1 ? nose.y / chinLevel.y : Self.levelNoseShare
    pitch = atan((Self.levelNoseShare - share) / Self.noseDepth) * 180 / .pi
    func openness(_ e: ArraySlice<Point>) -> Double {
      let i = e.startIndex
      let width = (e[i + 3] - e[i]).length
      guard width > 0 else { return 0 }
      return ((e[i + 1] - e[i + 5]).length + (e[i + 2] - e[i + 4]).length) / (2 * width)
    }
    eyeOpenness = (openness(p[36...41]) + openness(p[42...47])) / 2
  }

  /// The middle of the eye line.
  public var eyeMiddle: Point { Point.mean([leftEye, rightEye]) }

  /// The least height the skull reaches above the eye line, as a share of the eye line to
  /// chin: the eyes sit about halfway down the head, and the real portraits of
  /// Tests/Fixtures/portraits put the top of the head 0.87–1.7 times the eye-to-chin
  /// distance above the eyes (short hair to a bun).
  static let skullShare = 0.85
  /// Where the top of the head usually is, hair included: the median of those portraits.
  static let crownShare = 1.2

  /// The top of the skull at its lowest: a point above it that is outside the photo
  /// means the head is cut off.
  public var skullTop: Point { aboveEyes(Self.skullShare) }

  /// Where the top of the head would be for usual hair, when the photo does not show it
  /// against a plain background.
  public var estimatedCrown: Point { aboveEyes(Self.crownShare) }

  /// The point `share` eye-to-chin distances above the eye line, along the face's axis.
  func aboveEyes(_ share: Double) -> Point {
    let middle = eyeMiddle
    return Point(x: middle.x - share * (chin.x - middle.x), y: middle.y - share * (chin.y - middle.y))
  }

  /// The same geometry in an image `factor` times larger.
  public func scaled(_ factor: Double) -> FaceGeometry {
    var g = self
    g.leftEye = leftEye.scaled(factor)
    g.rightEye = rightEye.scaled(factor)
    g.noseTip = noseTip.scaled(factor)
    g.chin = chin.scaled(factor)
    g.browTop = browTop * factor
    g.jawLeft = jawLeft.scaled(factor)
    g.jawRight = jawRight.scaled(factor)
    return g
  }
}
