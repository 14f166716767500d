import Core
import FaceFinding
import Foundation
import ImageCodecs
import MaterialChecks
import RegistrationRules
import SampleMaking
import TestSupport
import Testing

/// The person in the ID photo and the hand-held ID photo, on real portraits (the London
/// set, Tests/Fixtures/portraits) framed, turned and cropped as applicants' photos go
/// wrong: each case gets its code, with what was measured.
@Suite(.serialized) struct PersonVerdictTests {
  static let man: (image: DecodedImage, person: [Double]) = try! Portraits(root: repositoryRoot.path).cutout(Portraits.man)
  static let woman: (image: DecodedImage, person: [Double]) = try! Portraits(root: repositoryRoot.path).cutout(
    Portraits.woman)
  static let checker = InProcessChecker(policy: shippedPolicy)
  static let rules = shippedPolicy.photo.person

  func check(_ image: DecodedImage, as material: MaterialType = .photo) throws -> CheckResult {
    let jpeg = try JPEGCodec.encode(image, quality: 90)
    return Self.checker.check(jpeg, size: jpeg.count, file: "photo.jpg", as: material, policy: shippedPolicy)
  }

  func codes(_ r: CheckResult) -> Set<ReasonCode> { Set(r.reasons.map(\.code)) }

  func measured(_ r: CheckResult, _ code: ReasonCode, containing text: String) -> Double? {
    guard let f = r.reasons.first(where: { $0.code == code && $0.message.en.contains(text) }) else { return nil }
    if case .number(let x)? = f.measured { return x }
    return nil
  }

  /// The man as an ID photo, framed in the middle of the policy's ranges.
  static let good = Portraits.idPhoto(Portraits.man, cut: man)

  @Test func aWellFramedPhotoPassesWithOneFace() throws {
    let r = try check(Self.good)
    #expect(r.accepted, "\(r.reasons.map { $0.message.en })")
    let face = try #require(r.measurement.face)
    #expect(face.faces.count == 1)
    let framing = try #require(face.framing)
    #expect(Self.rules.headHeight.contains(framing.headHeight))
    #expect(Self.rules.crownMargin.contains(framing.crownMargin), "\(framing.crownMargin)")
    #expect(abs(framing.centre) < Self.rules.maxCentreOffset)
    #expect(r.marks.contains { $0.kind == .face && $0.found } && r.marks.contains { $0.kind == .crown && $0.found })
  }

  @Test func oneFaceAndOnlyOne() throws {
    let blank = DecodedImage(width: 413, height: 579, channels: 3, filledWith: 252)
    let none = try check(blank)
    #expect(codes(none).contains(.noFace))
    // Two people side by side, as the samples' two-people photo.
    let c = Canvas(width: 413, height: 579, background: (0.99, 0.99, 0.99))
    for (cut, sitter, x) in [(Self.man, Portraits.man, 110.0), (Self.woman, Portraits.woman, 300.0)] {
      let s = 230 / (sitter.chin - sitter.crown)
      c.draw(
        Portraits.onBackdrop(cut, (0.99, 0.99, 0.99)), alpha: cut.person, x: x - sitter.eyeX * s, y: 250 - sitter.eyeY * s,
        width: Double(cut.image.width) * s, height: Double(cut.image.height) * s)
    }
    let two = try check(c.image)
    #expect(codes(two).contains(.multipleFaces))
    #expect(two.reasons.first { $0.code == .multipleFaces }?.measured == Measure(2))
  }

  @Test(arguments: [(8, 90), (3, 180), (6, 90)])
  func aPhotoOnItsSideOrUpsideDownIsAPose(orientation: Int, degrees: Int) throws {
    let r = try check(Self.good.applyingOrientation(orientation))
    let pose = try #require(r.reasons.first { $0.code == .facePose })
    #expect(pose.measured == Measure(degrees))
    #expect(!codes(r).contains(.noFace))
  }

  @Test func aTiltedHeadIsAPose() throws {
    // Turned 12° about the middle, cropped inside so that no corner is empty.
    let a = 12 * Double.pi / 180
    let g = Self.good
    let w = Double(g.width), h = Double(g.height)
    let inner = (w * 0.8, h * 0.8)
    let origin = Point(
      x: w / 2 - inner.0 / 2 * cos(a) + inner.1 / 2 * sin(a), y: h / 2 - inner.0 / 2 * sin(a) - inner.1 / 2 * cos(a))
    let turned = g.sampled(
      origin: origin, xStep: Point(x: cos(a) * 0.8, y: sin(a) * 0.8), yStep: Point(x: -sin(a) * 0.8, y: cos(a) * 0.8),
      width: g.width, height: g.height)
    let r = try check(turned)
    let roll = try #require(measured(r, .facePose, containing: "tilted"))
    #expect(abs(abs(roll) - 12) < 2.5, "\(roll)")
  }

  /// Framing: (head share, crown share, centre) → the rule that fires and the value it
  /// measures, near what the photo was made with.
  @Test(arguments: [
    (0.45, 0.083, 0.0, "too small", 0.45), (0.75, 0.07, 0.0, "too large", 0.75),
    (0.6355, 0.02, 0.0, "too close to", 0.02), (0.6355, 0.25, 0.0, "chin is too close", 0.115),
    (0.6355, 0.25, 0.0, "too low", 0.548),
  ])
  func framingLimits(head: Double, crown: Double, centre: Double, rule: String, expected: Double) throws {
    let photo = Portraits.idPhoto(Portraits.man, cut: Self.man, headShare: head, crownShare: crown, centre: centre)
    let r = try check(photo)
    let value = try #require(measured(r, .faceFraming, containing: rule), "\(r.reasons.map { $0.message.en })")
    #expect(abs(value - expected) < 0.035, "\(rule): \(value), made with \(expected)")
  }

  @Test func anOffCentreHead() throws {
    let r = try check(Portraits.idPhoto(Portraits.man, cut: Self.man, centre: 0.12))
    let value = try #require(measured(r, .faceFraming, containing: "off centre"))
    #expect(abs(abs(value) - 0.12) < 0.02, "\(value)")
  }

  @Test func aHeadCutOffByAnEdge() throws {
    // The head half out at the right: the jaw beyond the edge.
    let r = try check(Portraits.idPhoto(Portraits.man, cut: Self.man, headShare: 0.62, crownShare: 0.08, centre: -0.42))
    #expect(r.reasons.contains { $0.code == .faceFraming && $0.message.en.contains("cut off") } || codes(r).contains(.noFace))
    #expect(!r.accepted)
  }

  /// Yaw, pitch and the eyes are judged from the landmarks' geometry: the rule fires past
  /// each limit and says by how much.
  @Test func poseAndEyeRulesOnTheirMeasures() throws {
    var m = try check(Self.good).measurement
    var face = try #require(m.face)
    var g = try #require(face.geometry)
    g.yaw = 27
    g.pitch = -33
    g.eyeOpenness = 0.08
    face.geometry = g
    m.face = face
    let r = MaterialVerdict.judge(m, as: .photo, policy: shippedPolicy)
    #expect(r.reasons.contains { $0.code == .facePose && $0.measured == Measure(27) && $0.message.zh.contains("侧转约 27°") })
    #expect(r.reasons.contains { $0.code == .facePose && $0.measured == Measure(-33) && $0.message.zh.contains("低头") })
    #expect(r.warnings.contains { $0.code == .eyesNotVisible && $0.measured == Measure(0.08) })
    // Within the limits, nothing.
    g.yaw = 12
    g.pitch = 20
    g.eyeOpenness = 0.3
    face.geometry = g
    m.face = face
    #expect(MaterialVerdict.judge(m, as: .photo, policy: shippedPolicy).accepted)
  }

  @Test func theHolderAndTheCard() throws {
    let sample = repoPath("samples/submissions/2026-0001-initial-ok/id-handheld.jpg")
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sample)))
    let held = Self.checker.check(bytes, size: bytes.count, file: "id-handheld.jpg", as: .idHandheld, policy: shippedPolicy)
    #expect(held.accepted, "\(held.reasons.map { $0.message.en })")
    #expect(held.measurement.face?.card != nil)
    #expect(held.marks.contains { $0.kind == .card })
    let emptyHanded = [UInt8](
      try Data(
        contentsOf: URL(fileURLWithPath: repoPath("samples/submissions/2026-0021-id-handheld-without-card/id-handheld.jpg"))))
    let empty = Self.checker.check(
      emptyHanded, size: emptyHanded.count, file: "id-handheld.jpg", as: .idHandheld, policy: shippedPolicy)
    #expect(codes(empty) == [.noIDCard])
    // A portrait alone has no card; a landscape has no one.
    let portrait = try check(Self.man.image.resized(width: 1000, height: 1000), as: .idHandheld)
    #expect(codes(portrait).contains(.noIDCard))
    let landscape = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/MaterialChecksTests/Photos/seeding.jpg"))))
    let nobody = Self.checker.check(landscape, size: landscape.count, file: "x.jpg", as: .idHandheld, policy: shippedPolicy)
    #expect(codes(nobody).contains(.noFace))
  }

  @Test func faceChecksOffInThePolicy() throws {
    var policy = shippedPolicy
    policy.photo.person.enabled = false
    let checker = InProcessChecker(policy: policy)
    let jpeg = try JPEGCodec.encode(DecodedImage(width: 413, height: 579, channels: 3, filledWith: 252), quality: 90)
    let r = checker.check(jpeg, size: jpeg.count, file: "photo.jpg", as: .photo, policy: policy)
    #expect(r.measurement.face == nil && !codes(r).contains(.noFace))
  }

  @Test func theFixerCropsByTheFace() throws {
    let portrait = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/portraits/frl-london-030-lightgrey.jpg"))))
    let fixed = try PhotoFixer.fix(portrait, policy: shippedPolicy, faces: Self.checker.faces)
    #expect(fixed.report.faceFound && abs(fixed.report.levelled) > 2, "the 4° tilt is levelled: \(fixed.report)")
    let after = Self.checker.check(fixed.jpeg, size: fixed.jpeg.count, file: "f.jpg", as: .photo, policy: shippedPolicy)
    let framing = try #require(after.measurement.face?.framing)
    #expect(Self.rules.headHeight.contains(framing.headHeight), "\(framing)")
    #expect(Self.rules.crownMargin.contains(framing.crownMargin), "\(framing)")
    #expect(Self.rules.eyeLine.contains(framing.eyeLine) && abs(framing.centre) < 0.02, "\(framing)")
    #expect(abs(after.measurement.face?.geometry?.roll ?? 99) < 1.5)
    // A photo on its side is stood upright.
    let sideways = try JPEGCodec.encode(Self.good.applyingOrientation(6), quality: 92)
    let upright = try PhotoFixer.fix(sideways, policy: shippedPolicy, faces: Self.checker.faces)
    #expect(upright.report.quarterTurns != 0)
    // The dogs: no one to frame, nothing written.
    let dogs = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/MaterialChecksTests/Photos/friends.jpg"))))
    #expect(throws: PhotoFixer.Problem.noFace) { try PhotoFixer.fix(dogs, policy: shippedPolicy, faces: Self.checker.faces) }
  }
}
