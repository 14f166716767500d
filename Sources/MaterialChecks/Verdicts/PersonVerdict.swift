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
        zh: face.quarterTurns == 2
          ? "照片是倒置的（人像上下颠倒）：请将照片转正后重新上传（safetyreg photo --fix 可自动转正）"
          : "照片横躺着（人像转了 90°）：请将照片转正后重新上传（safetyreg photo --fix 可自动转正）",
        en: face.quarterTurns == 2
          ? "the photo is upside down: turn it upright and upload it again (safetyreg photo --fix does it)"
          : "the photo lies on its side (the person is turned 90°): turn it upright and upload it again (safetyreg photo --fix does it)",
        measured: Measure(degrees), limit: Measure(rules.maxRoll))
      return
    }
    let people = face.people(share: personShare)
    guard !people.isEmpty else {
      r.reject(
        .noFace, zh: "照片中找不到人脸：证件照须为本人近期正面免冠照片，面部清晰、无遮挡",
        en: "no face can be found in the photo: an ID photo shows your face, frontal, bare-headed and unobstructed",
        measured: Measure(0), limit: Measure(1))
      return
    }
    if people.count > 1 {
      r.reject(
        .multipleFaces, zh: "照片中有 \(people.count) 个人：证件照只能有本人一人",
        en: "the photo shows \(people.count) people: an ID photo shows you alone", measured: Measure(people.count),
        limit: Measure(1))
      return
    }
    guard let g = face.geometry, let framing = face.framing else { return }
    pose(g, rules, &r)
    frame(framing, rules, &r)
    if g.eyeOpenness < rules.minEyeOpenness {
      r.warn(
        .eyesNotVisible,
        zh: "眼睛似乎闭合或被遮挡（睁眼程度 \(Measure(round3(g.eyeOpenness)))，至少 \(Measure(rules.minEyeOpenness))）：请双眼自然睁开、不戴有色眼镜、头发不遮眼后重新拍摄",
        en:
          "the eyes look closed or hidden (openness \(Measure(round3(g.eyeOpenness))), at least \(Measure(rules.minEyeOpenness))): take it again with the eyes open, no tinted glasses, no hair over them",
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
        .noFace, zh: "手持身份证件照中找不到持证人的脸：须能看清是本人手持本人身份证件，请正面拍摄、露出面部",
        en:
          "no face of the holder can be found in the hand-held ID photo: it must show you holding your own ID card, face visible",
        measured: Measure(0), limit: Measure(1))
    } else if face.cardSearched, face.card == nil {
      r.reject(
        .noIDCard,
        zh: "手持身份证件照中找不到身份证件：须手持本人身份证件（有照片的一面朝向镜头），证件完整、不被手指遮挡",
        en:
          "no ID card can be found in the hand-held ID photo: hold your own ID card with its photo side to the camera, whole and not covered by fingers",
        measured: Measure(0), limit: Measure(1))
    }
  }

  static func pose(_ g: FaceGeometry, _ rules: PersonRules, _ r: inout Collector) {
    let degrees = { (x: Double) in Measure(round1(abs(x))) }
    if abs(g.roll) > rules.maxRoll {
      let side = g.roll > 0 ? LocalizedText(zh: "向右", en: "to the right") : LocalizedText(zh: "向左", en: "to the left")
      r.reject(
        .facePose,
        zh:
          "头部歪斜：两眼连线倾斜 \(degrees(g.roll))°（\(side.zh)），至多 \(Measure(rules.maxRoll))°：请端正头部后重新拍摄（小的倾斜 safetyreg photo --fix 可校正）",
        en:
          "the head is tilted: the eye line leans \(degrees(g.roll))° \(side.en), at most \(Measure(rules.maxRoll))°; hold the head straight and take it again (photo --fix levels a small tilt)",
        measured: Measure(round1(g.roll)), limit: Measure(rules.maxRoll))
    }
    if abs(g.yaw) > rules.maxYaw {
      r.reject(
        .facePose,
        zh: "脸没有正对镜头：侧转约 \(degrees(g.yaw))°，至多 \(Measure(rules.maxYaw))°：请正对镜头后重新拍摄",
        en:
          "the face is turned away from the camera by about \(degrees(g.yaw))°, at most \(Measure(rules.maxYaw))°; face the camera and take it again",
        measured: Measure(round1(g.yaw)), limit: Measure(rules.maxYaw))
    }
    if abs(g.pitch) > rules.maxPitch {
      let way = g.pitch > 0 ? LocalizedText(zh: "仰头", en: "up") : LocalizedText(zh: "低头", en: "down")
      r.reject(
        .facePose,
        zh: "头部\(way.zh)约 \(degrees(g.pitch))°，至多 \(Measure(rules.maxPitch))°：请平视镜头后重新拍摄",
        en:
          "the head looks \(way.en) by about \(degrees(g.pitch))°, at most \(Measure(rules.maxPitch))°; look straight at the camera and take it again",
        measured: Measure(round1(g.pitch)), limit: Measure(rules.maxPitch))
    }
  }

  static func frame(_ f: FaceFraming, _ rules: PersonRules, _ r: inout Collector) {
    let percent = { (x: Double) in Measure((x * 1000).rounded() / 10) }
    let fix = LocalizedText(
      zh: "请重新拍摄，或用 safetyreg photo --fix 从更大的原始照片按头像裁剪",
      en: "take it again, or let safetyreg photo --fix crop a larger original around the head")
    if !f.cutOff.isEmpty {
      let zh = f.cutOff.map { ["top": "上", "bottom": "下", "left": "左", "right": "右"][$0.rawValue] ?? "" }.joined(separator: "、")
      let en = f.cutOff.map(\.rawValue).joined(separator: ", ")
      r.reject(
        .faceFraming, zh: "头像被照片\(zh)边缘截断：请让整个头部留在照片内，重新拍摄或用更大的原始照片",
        en: "the head is cut off at the \(en) edge: keep the whole head in the photo; take it again or use a larger original",
        measured: .text(f.cutOff.map(\.rawValue).joined(separator: ",")), limit: .text("none"))
      return
    }
    let range = { (x: ClosedRange<Double>) in "\(percent(x.lowerBound))–\(percent(x.upperBound))%" }
    if !rules.headHeight.contains(f.headHeight) {
      let small = f.headHeight < rules.headHeight.lowerBound
      r.reject(
        .faceFraming,
        zh: "头像\(small ? "过小" : "过大")：头顶到下颏占照片高度的 \(percent(f.headHeight))%，应为 \(range(rules.headHeight))：\(fix.zh)",
        en:
          "the head is too \(small ? "small" : "large"): chin to crown is \(percent(f.headHeight)) % of the photo's height, \(range(rules.headHeight)) required; \(fix.en)",
        measured: Measure(round3(f.headHeight)), limit: .text("\(rules.headHeight.lowerBound)-\(rules.headHeight.upperBound)"))
    }
    if !rules.crownMargin.contains(f.crownMargin) {
      let close = f.crownMargin < rules.crownMargin.lowerBound
      r.reject(
        .faceFraming,
        zh: "头顶距照片上边缘\(close ? "过近" : "过远")：占照片高度的 \(percent(f.crownMargin))%，应为 \(range(rules.crownMargin))：\(fix.zh)",
        en:
          "the crown is too \(close ? "close to" : "far from") the top edge: \(percent(f.crownMargin)) % of the height, \(range(rules.crownMargin)) required; \(fix.en)",
        measured: Measure(round3(f.crownMargin)), limit: .text("\(rules.crownMargin.lowerBound)-\(rules.crownMargin.upperBound)"))
    }
    if f.chinMargin < rules.minChinMargin {
      r.reject(
        .faceFraming,
        zh: "下颏距照片下边缘过近：占照片高度的 \(percent(f.chinMargin))%，至少 \(percent(rules.minChinMargin))%：\(fix.zh)",
        en:
          "the chin is too close to the bottom edge: \(percent(f.chinMargin)) % of the height, at least \(percent(rules.minChinMargin)) %; \(fix.en)",
        measured: Measure(round3(f.chinMargin)), limit: Measure(rules.minChinMargin))
    }
    if !rules.eyeLine.contains(f.eyeLine) {
      let high = f.eyeLine < rules.eyeLine.lowerBound
      r.reject(
        .faceFraming,
        zh: "眼睛位置\(high ? "过高" : "过低")：两眼连线在照片高度的 \(percent(f.eyeLine))% 处，应为 \(range(rules.eyeLine))：\(fix.zh)",
        en:
          "the eyes are too \(high ? "high" : "low"): the eye line is \(percent(f.eyeLine)) % down the photo, \(range(rules.eyeLine)) required; \(fix.en)",
        measured: Measure(round3(f.eyeLine)), limit: .text("\(rules.eyeLine.lowerBound)-\(rules.eyeLine.upperBound)"))
    }
    if abs(f.centre) > rules.maxCentreOffset {
      let side = f.centre > 0 ? LocalizedText(zh: "偏右", en: "right") : LocalizedText(zh: "偏左", en: "left")
      r.reject(
        .faceFraming,
        zh: "头像不居中：\(side.zh)照片宽度的 \(percent(abs(f.centre)))%，至多 \(percent(rules.maxCentreOffset))%：\(fix.zh)",
        en:
          "the head is off centre, \(percent(abs(f.centre))) % of the width to the \(side.en), at most \(percent(rules.maxCentreOffset)) %; \(fix.en)",
        measured: Measure(round3(f.centre)), limit: Measure(rules.maxCentreOffset))
    }
  }
}
