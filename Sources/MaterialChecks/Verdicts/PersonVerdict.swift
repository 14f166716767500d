import Core
import FaceFinding
import RegistrationRules

/// The rules about the person in a photo, from the policy's `photo.face`: pure, a face
/// measurement in, findings out. Each says what was measured, what is required and what
/// to do.
extension MaterialVerdict {
  /// Faces smaller than this share of the largest one's width are not people in the photo
  /// (a portrait on a card held up, a face on a poster far behind).
  static let personShare = 0.5

  static func person(_ m: MaterialMeasurement, _ rules: PersonRules, _ r: inout Collector) {
    guard rules.enabled else { return }
    if let problem = m.faceProblem {
      r.reasons.append(problem.finding(material: r.material, file: r.file))
      return
    }
    guard let face = m.face else { return }
    if face.quarterTurns != 0 {
      let degrees = face.quarterTurns == 2 ? 180 : 90
      r.reject(
        .facePose,
        LocalizedText(face.quarterTurns == 2 ? "personVerdict.upsideDown" : "personVerdict.onItsSide"),
        measured: Measure(degrees), limit: Measure(rules.maxRoll))
      return
    }
    let people = face.people(share: personShare)
    guard !people.isEmpty else {
      r.reject(
        .noFace, LocalizedText("personVerdict.noFaceCanBeFound"),
        measured: Measure(0), limit: Measure(1))
      return
    }
    if people.count > 1 {
      r.reject(
        .multipleFaces, LocalizedText("personVerdict.thePhotoShowsPeopleAn", ["peopleCount": people.count]),
        measured: Measure(people.count),
        limit: Measure(1))
      return
    }
    guard let g = face.geometry, let framing = face.framing else { return }
    pose(g, rules, &r)
    frame(framing, rules, &r)
    if g.eyeOpenness < rules.minEyeOpenness {
      r.warn(
        .eyesNotVisible,
        LocalizedText(
          "personVerdict.theEyesLookClosedOr",
          ["eyeOpenness": Measure(round3(g.eyeOpenness)), "minEyeOpenness": Measure(rules.minEyeOpenness)]),
        measured: Measure(round3(g.eyeOpenness)), limit: Measure(rules.minEyeOpenness))
    }
  }

  /// The hand-held ID photo: the person holding the card must be seen.
  static func holder(_ m: MaterialMeasurement, _ rules: PersonRules, _ r: inout Collector) {
    guard rules.enabled else { return }
    if let problem = m.faceProblem {
      r.reasons.append(problem.finding(material: r.material, file: r.file))
      return
    }
    guard let face = m.face else { return }
    if face.faces.isEmpty {
      r.reject(
        .noFace, LocalizedText("personVerdict.noFaceOfTheHolder"),
        measured: Measure(0), limit: Measure(1))
    } else if face.cardSearched, face.card == nil {
      r.reject(
        .noIDCard,
        LocalizedText("personVerdict.noIDCardCanBe"),
        measured: Measure(0), limit: Measure(1))
    }
  }

  static func pose(_ g: FaceGeometry, _ rules: PersonRules, _ r: inout Collector) {
    let degrees = { (x: Double) in Measure(round1(abs(x))) }
    if abs(g.roll) > rules.maxRoll {
      let side = g.roll > 0 ? LocalizedText("personVerdict.toTheRight") : LocalizedText("personVerdict.toTheLeft")
      r.reject(
        .facePose,
        LocalizedText(
          "personVerdict.theHeadIsTiltedThe", ["roll": degrees(g.roll), "side": side, "maxRoll": Measure(rules.maxRoll)]),
        measured: Measure(round1(g.roll)), limit: Measure(rules.maxRoll))
    }
    if abs(g.yaw) > rules.maxYaw {
      r.reject(
        .facePose,
        LocalizedText("personVerdict.theFaceIsTurnedAway", ["yaw": degrees(g.yaw), "maxYaw": Measure(rules.maxYaw)]),
        measured: Measure(round1(g.yaw)), limit: Measure(rules.maxYaw))
    }
    if abs(g.pitch) > rules.maxPitch {
      let way = g.pitch > 0 ? LocalizedText("personVerdict.up") : LocalizedText("personVerdict.down")
      r.reject(
        .facePose,
        LocalizedText(
          "personVerdict.theHeadLooksByAbout", ["way": way, "pitch": degrees(g.pitch), "maxPitch": Measure(rules.maxPitch)]),
        measured: Measure(round1(g.pitch)), limit: Measure(rules.maxPitch))
    }
  }

  static func edgeName(_ edge: FaceFraming.Edge) -> LocalizedText {
    switch edge {
    case .top: LocalizedText("personVerdict.edge.top")
    case .bottom: LocalizedText("personVerdict.edge.bottom")
    case .left: LocalizedText("personVerdict.edge.left")
    case .right: LocalizedText("personVerdict.edge.right")
    }
  }

  static func frame(_ f: FaceFraming, _ rules: PersonRules, _ r: inout Collector) {
    let percent = { (x: Double) in Measure((x * 1000).rounded() / 10) }
    let fix = LocalizedText("personVerdict.takeItAgainOrLet")
    if !f.cutOff.isEmpty {
      let edges = LocalizedText.list(
        f.cutOff.map(edgeName), separator: LocalizedText("core.listSeparator"))
      r.reject(
        .faceFraming, LocalizedText("personVerdict.headCutOff", ["edges": edges]),
        measured: .text(f.cutOff.map(\.rawValue).joined(separator: ",")), limit: .text("none"))
      return
    }
    let range = { (x: ClosedRange<Double>) in "\(percent(x.lowerBound))–\(percent(x.upperBound))%" }
    if !rules.headHeight.contains(f.headHeight) {
      let small = f.headHeight < rules.headHeight.lowerBound
      r.reject(
        .faceFraming,
        LocalizedText(
          small ? "personVerdict.headTooSmall" : "personVerdict.headTooLarge",
          ["measured": percent(f.headHeight), "range": range(rules.headHeight), "fix": fix]),
        measured: Measure(round3(f.headHeight)), limit: .text("\(rules.headHeight.lowerBound)-\(rules.headHeight.upperBound)"))
    }
    if !rules.crownMargin.contains(f.crownMargin) {
      let close = f.crownMargin < rules.crownMargin.lowerBound
      r.reject(
        .faceFraming,
        LocalizedText(
          close ? "personVerdict.crownTooClose" : "personVerdict.crownTooFar",
          ["measured": percent(f.crownMargin), "range": range(rules.crownMargin), "fix": fix]),
        measured: Measure(round3(f.crownMargin)), limit: .text("\(rules.crownMargin.lowerBound)-\(rules.crownMargin.upperBound)"))
    }
    if f.chinMargin < rules.minChinMargin {
      r.reject(
        .faceFraming,
        LocalizedText(
          "personVerdict.theChinIsTooClose",
          ["chinMargin": percent(f.chinMargin), "minChinMargin": percent(rules.minChinMargin), "fix": fix]),
        measured: Measure(round3(f.chinMargin)), limit: Measure(rules.minChinMargin))
    }
    if !rules.eyeLine.contains(f.eyeLine) {
      let high = f.eyeLine < rules.eyeLine.lowerBound
      r.reject(
        .faceFraming,
        LocalizedText(
          high ? "personVerdict.eyesTooHigh" : "personVerdict.eyesTooLow",
          ["measured": percent(f.eyeLine), "range": range(rules.eyeLine), "fix": fix]),
        measured: Measure(round3(f.eyeLine)), limit: .text("\(rules.eyeLine.lowerBound)-\(rules.eyeLine.upperBound)"))
    }
    if abs(f.centre) > rules.maxCentreOffset {
      let side = f.centre > 0 ? LocalizedText("personVerdict.right") : LocalizedText("personVerdict.left")
      r.reject(
        .faceFraming,
        LocalizedText(
          "personVerdict.theHeadIsOffCentre",
          ["side": side, "centre": percent(abs(f.centre)), "maxCentreOffset": percent(rules.maxCentreOffset), "fix": fix]),
        measured: Measure(round3(f.centre)), limit: Measure(rules.maxCentreOffset))
    }
  }
}
