import Core
import FaceFinding
import RegistrationRules

/// What the reviewer's page draws over a photo: the face found (green when the person
/// passes, red when not), the card held up, and on the ID photo the bands the framing
/// rules allow for the crown, the eye line and the chin (each green when the head is in
/// it). Shares of the upright image, as the form scan's marks.
public enum PersonMarks {
  public static func marks(_ result: CheckResult, policy: Policy) -> [PageMark] {
    let rules = policy.photo.person
    guard rules.enabled, let face = result.measurement.face, face.quarterTurns == 0, face.imageWidth > 0,
      face.imageHeight > 0
    else { return [] }
    let w = Double(face.imageWidth), h = Double(face.imageHeight)
    func share(_ x: Double, _ y: Double, _ width: Double, _ height: Double) -> (Double, Double, Double, Double) {
      let x0 = max(0, min(1, x / w)), y0 = max(0, min(1, y / h))
      return (x0, y0, max(0, min(1, (x + width) / w) - x0), max(0, min(1, (y + height) / h) - y0))
    }
    func mark(_ kind: PageMark.Kind, _ found: Bool, _ box: (Double, Double, Double, Double)) -> PageMark {
      PageMark(kind: kind, found: found, x: box.0, y: box.1, width: box.2, height: box.3)
    }
    let personCodes: Set<ReasonCode> = [.noFace, .multipleFaces, .facePose, .faceFraming]
    let personOK = !result.reasons.contains { personCodes.contains($0.code) }
    var marks = face.faces.prefix(result.material == .photo ? 4 : 1).map { box in
      mark(.face, personOK, share(box.x, box.y, box.width, box.height))
    }
    if result.material == .idHandheld, let card = face.card {
      let xs = card.corners.map(\.x), ys = card.corners.map(\.y)
      if let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() {
        marks.append(mark(.card, true, share(x0, y0, x1 - x0, y1 - y0)))
      }
    }
    if result.material == .photo, let framing = face.framing, face.faces.count == 1 {
      // Bands across the photo: where the crown, the eye line and the chin may be.
      marks.append(
        PageMark(
          kind: .crown, found: rules.crownMargin.contains(framing.crownMargin), x: 0, y: rules.crownMargin.lowerBound, width: 1,
          height: rules.crownMargin.upperBound - rules.crownMargin.lowerBound))
      marks.append(
        PageMark(
          kind: .eyes, found: rules.eyeLine.contains(framing.eyeLine), x: 0, y: rules.eyeLine.lowerBound, width: 1,
          height: rules.eyeLine.upperBound - rules.eyeLine.lowerBound))
      let lowest = 1 - rules.minChinMargin
      let chinBand = min(rules.crownMargin.lowerBound + rules.headHeight.lowerBound, lowest)...lowest
      marks.append(
        PageMark(
          kind: .chin, found: framing.chinMargin >= rules.minChinMargin && rules.headHeight.contains(framing.headHeight),
          x: 0, y: chinBand.lowerBound, width: 1, height: max(0, chinBand.upperBound - chinBand.lowerBound)))
    }
    return marks
  }
}
