import Core
import ImageCodecs
import RegistrationRules

/// The verdict on one file checked as one material type.
public struct CheckResult: Sendable {
  public var material: MaterialType
  public var measurement: MaterialMeasurement
  public var reasons: [Finding]
  public var warnings: [Finding]
  /// What to draw over a photo's preview: the face, the card, the framing bands.
  public var marks: [PageMark] = []
  /// Measures the review adds from other files (the form's printed photo against the ID
  /// photo), after this file's own.
  public var reviewMetrics: [(name: String, value: Measure)] = []

  public var accepted: Bool { reasons.isEmpty }

  /// The measurements, in a stable order, for reports.
  public var metrics: [(name: String, value: Measure)] {
    let m = measurement
    var list: [(String, Measure)] = [("bytes", Measure(m.bytes))]
    if let format = m.format { list.append(("format", .text(format.rawValue))) }
    if let mode = m.colorMode { list.append(("colorMode", .text(mode.rawValue))) }
    if let w = m.width, let h = m.height {
      list += [("width", Measure(w)), ("height", Measure(h))]
      if material == .photo { list.append(("aspect", Measure((Double(h) / Double(w) * 1000).rounded() / 1000))) }
    }
    if m.pageCount > 1 { list.append(("pages", Measure(m.pageCount))) }
    if m.orientation != 1 { list.append(("exifOrientation", Measure(m.orientation))) }
    if let worst = m.pages.min(by: { $0.sharpness.score < $1.sharpness.score }) {
      list.append(("sharpness", Measure(round1(worst.sharpness.score))))
      list.append(("detail", Measure(round1(m.pages.map(\.detail).min() ?? 0))))
      list.append(("edgePixels", Measure(worst.sharpness.edgePixels)))
      if material != .photo, let weakest = m.pages.compactMap(\.sharpness.weakestDirection).min() {
        list.append(("sharpnessAnyDirection", Measure(round1(weakest))))
      }
      if material != .photo, let fine = m.pages.compactMap(\.fineSteps?.score).min() {
        list.append(("fineSteps", Measure(round1(fine))))
      }
    }
    if let e = m.pages.first?.exposure {
      list += [
        ("meanLuminance", Measure(round1(e.mean))), ("contrast", Measure(round1(e.contrast))),
        ("darkest", Measure(e.darkest)), ("brightest", Measure(e.brightest)),
        ("blackClipped", Measure(round3(e.blackClipped))), ("whiteClipped", Measure(round3(e.whiteClipped))),
      ]
    }
    list += formMetrics(m)
    if let p = m.photo {
      list += [
        ("chroma", Measure(round1(p.chroma))), ("backgroundColor", .text(p.background.description)),
        ("backgroundDistance", Measure(round1(p.backgroundDistance))),
        ("backgroundUnevenness", Measure(round1(p.backgroundUnevenness))),
        ("faceMeanLuminance", Measure(round1(p.face.mean))), ("faceContrast", Measure(round1(p.face.contrast))),
      ]
    }
    list += personMetrics(m)
    list += reviewMetrics.map { ($0.name, $0.value) }
    return list
  }
}

extension CheckResult {
  /// What was measured of the person: faces found, pose, where the head sits, the eyes,
  /// and in a hand-held photo the card.
  func personMetrics(_ m: MaterialMeasurement) -> [(String, Measure)] {
    guard let f = m.face else { return [] }
    var out: [(String, Measure)] = [("faces", Measure(f.faces.count))]
    if f.quarterTurns != 0 { out.append(("quarterTurns", Measure(f.quarterTurns))) }
    if let g = f.geometry {
      out += [
        ("roll", Measure(round1(g.roll))), ("yaw", Measure(round1(g.yaw))), ("pitch", Measure(round1(g.pitch))),
        ("eyeOpenness", Measure(round3(g.eyeOpenness))),
      ]
    }
    if material == .photo, let framing = f.framing {
      out += [
        ("headHeight", Measure(round3(framing.headHeight))), ("crownMargin", Measure(round3(framing.crownMargin))),
        ("chinMargin", Measure(round3(framing.chinMargin))), ("eyeLine", Measure(round3(framing.eyeLine))),
        ("centreOffset", Measure(round3(framing.centre))),
      ]
    }
    if f.cardSearched { out.append(("idCard", .text(f.card == nil ? "none" : "found"))) }
    return out
  }

  /// What the form scan measured: the pages the QR codes name, the signature's ink, the
  /// seal's measures.
  func formMetrics(_ m: MaterialMeasurement) -> [(String, Measure)] {
    guard !m.formScans.isEmpty else { return [] }
    var out: [(String, Measure)] = [
      ("qrPages", .text(m.formScans.map { $0.payload.map { String($0.page) } ?? "?" }.joined(separator: ",")))
    ]
    for scan in m.formScans {
      if let s = scan.signature {
        out += [("signatureInk", Measure(round3(s.inkShare))), ("signatureSpan", Measure(round3(s.span)))]
      }
      if let s = scan.seal {
        out += [
          ("sealRedArea", Measure(s.redArea.rounded())), ("sealStrength", Measure(round1(s.strength))),
          ("sealDiameter", Measure(round1(s.diameter))), ("sealRoundness", Measure(round3(s.roundness))),
          ("sealRing", Measure(round3(s.ring))),
        ]
      }
    }
    return out
  }
}

func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

/// The rules per material type, from the policy. Pure: a measurement in, findings out.
public enum MaterialVerdict {
  public static func judge(_ m: MaterialMeasurement, as material: MaterialType, policy: Policy) -> CheckResult {
    var r = Collector(material: material, file: m.file)
    let isPhoto = material == .photo
    let allowed = isPhoto ? policy.photo.formats : policy.documents.formats
    let maxBytes = isPhoto ? policy.photo.maxBytes : policy.documents.maxBytes
    let what = material.label

    // The container: empty, not an image, not allowed for this material, too large.
    switch m.sniffed {
    case .empty:
      r.reject(
        .corruptFile, zh: "文件是空的（0 字节）：请重新上传\(what.zh)", en: "the file is empty (0 bytes): upload the \(what.en) again",
        measured: Measure(0))
      return r.result(m)
    case .other(let kind):
      // A phone's own format: say how to get the one that is accepted.
      let phone = kind == "HEIC" || kind == "WebP"
      let how: LocalizedText =
        !phone
        ? LocalizedText(zh: "", en: "")
        : isPhoto
          ? LocalizedText(
            zh: "（可用 safetyreg photo 照片 --fix 证件照.jpg 转换为合格的 JPEG）",
            en: " (safetyreg photo PHOTO --fix photo.jpg converts it to a compliant JPEG)")
          : LocalizedText(
            zh: "（手机照片请导出为 JPEG：iPhone 可在“设置 › 相机 › 格式”中选“兼容性最佳”；或扫描为 PDF）",
            en: " (export phone pictures as JPEG: on an iPhone, Settings › Camera › Formats › Most Compatible; or scan to PDF)")
      r.reject(
        .unsupportedFormat,
        zh: "文件内容是 \(kind)，不是\(names(allowed, .zh))：请上传\(what.zh)的\(names(allowed, .zh))文件\(how.zh)",
        en: "the file holds \(kind), not \(names(allowed, .en)): upload the \(what.en) as \(names(allowed, .en))\(how.en)",
        measured: .text(kind), limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
      return r.result(m)
    case .unknown:
      r.reject(
        .unsupportedFormat,
        zh: "无法识别的文件内容，不是\(names(allowed, .zh))：请上传\(what.zh)的\(names(allowed, .zh))文件",
        en: "unrecognised content, not \(names(allowed, .en)): upload the \(what.en) as \(names(allowed, .en))",
        limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
      return r.result(m)
    case .supported(let format) where !allowed.contains(format):
      r.reject(
        .unsupportedFormat,
        zh: "\(what.zh)须为\(names(allowed, .zh))格式，实为 \(format.label.zh)" + (isPhoto ? "：可用 safetyreg photo --fix 转换" : ""),
        en: "the \(what.en) must be \(names(allowed, .en)), this is \(format.label.en)"
          + (isPhoto ? "; safetyreg photo --fix converts it" : ""),
        measured: .text(format.rawValue), limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
    case .supported:
      break
    }
    if m.bytes > maxBytes {
      r.reject(
        .fileTooLarge,
        zh: "文件过大：\(kb(m.bytes))，上限 \(kb(maxBytes))" + (isPhoto ? "：可用 safetyreg photo --fix 压缩" : "：请降低分辨率或压缩后上传"),
        en: "the file is too large: \(kb(m.bytes)), at most \(kb(maxBytes))"
          + (isPhoto ? "; safetyreg photo --fix makes it fit" : "; reduce or compress it"),
        measured: Measure(m.bytes), limit: Measure(maxBytes))
    }
    if isPhoto, m.bytes < policy.photo.minBytes {
      r.reject(
        .fileTooSmall, zh: "照片文件过小：\(kb(m.bytes))，至少 \(kb(policy.photo.minBytes))（压缩过度，细节丢失）：请使用质量更高的原始照片",
        en:
          "the photo file is too small: \(kb(m.bytes)), at least \(kb(policy.photo.minBytes)) (over-compressed); use a better original",
        measured: Measure(m.bytes), limit: Measure(policy.photo.minBytes))
    }
    if let failure = m.checkFailure {
      r.reasons.append(failure.finding(material: material, file: m.file))
      return r.result(m)
    }
    if let error = m.decodeError {
      decodeFailure(error, &r, what: what)
      return r.result(m)
    }
    guard !m.pages.isEmpty else { return r.result(m) }  // too large to decode: already said
    if isPhoto {
      photo(m, policy.photo, &r)
      person(m, policy.photo.person, &r)
    } else {
      document(m, material, policy.documents, &r)
      if material == .idHandheld { holder(m, policy.photo.person, &r) }
    }
    if material == .form {
      let (reasons, warnings) = FormScanVerdict.findings(m, policy: policy.forms)
      r.reasons += reasons
      r.warnings += warnings
    }
    var result = r.result(m)
    result.marks = PersonMarks.marks(result, policy: policy)
    return result
  }

  static func decodeFailure(_ error: ImageDecodeError, _ r: inout Collector, what: LocalizedText) {
    switch error {
    case .corrupt:
      r.reject(
        .corruptFile, zh: "文件已损坏，无法读取（\(error.detail(chinese: true))）：请重新拍摄或扫描后上传\(what.zh)",
        en: "the file is damaged and cannot be read (\(error.detail(chinese: false))): photograph or scan the \(what.en) again")
    case .tooSlow:
      r.reject(
        .corruptFile, zh: "文件结构异常，解码超出时限（\(error.detail(chinese: true))）：请重新保存后上传",
        en: "abnormal structure, decoding exceeded its limit (\(error.detail(chinese: false))): save the file again and upload it"
      )
    case .outOfMemory:
      r.reject(
        .checkFailed, zh: "检查此文件时内存不足，文件未能检查（\(error.detail(chinese: true))）：请人工查看，或请申请人重新保存后上传",
        en:
          "checking this file ran out of memory, so it was not checked (\(error.detail(chinese: false))); look at it yourself, or ask for it saved again"
      )
    case .encrypted:
      r.reject(
        .corruptFile, zh: "PDF 已加密，无法检查：请上传未加密的 PDF",
        en: "the PDF is encrypted and cannot be checked: upload it without a password")
    case .tooManyPixels(let w, let h, let limit):
      r.reject(
        .imageTooLarge, zh: "图像像素过多：\(w)×\(h)（\(megapixels(w * h))），上限 \(megapixels(limit))：请缩小后上传",
        en: "too many pixels: \(w)×\(h) (\(megapixels(w * h))), at most \(megapixels(limit)): reduce it and upload again",
        measured: Measure(w * h), limit: Measure(limit))
    case .tooManyBytes(let bytes, let limit):
      r.reject(
        .fileTooLarge, zh: "文件过大：\(kb(bytes))，上限 \(kb(limit))", en: "the file is too large: \(kb(bytes)), at most \(kb(limit))",
        measured: Measure(bytes), limit: Measure(limit))
    case .tooManyPages(let pages, let limit):
      r.reject(
        .fileTooLarge, zh: "PDF 页数过多：\(pages) 页，上限 \(limit) 页：请只上传所需的页",
        en: "too many PDF pages: \(pages), at most \(limit); upload only the pages needed",
        measured: Measure(pages), limit: Measure(limit))
    case .pdfTooComplex(let page, .imagePixels, let measured, let limit):
      r.reject(
        .imageTooLarge,
        zh: "PDF 第 \(page) 页中有一幅图像像素过多（\(megapixels(measured))），上限 \(megapixels(limit))，未予绘制：请缩小图像后重新生成 PDF",
        en:
          "page \(page) of the PDF holds an image of too many pixels (\(megapixels(measured))), at most \(megapixels(limit)), so it was not drawn: make the PDF again with a smaller image",
        measured: Measure(measured), limit: Measure(limit))
    case .pdfTooComplex(let page, let cost, let measured, let limit):
      r.reject(
        .fileTooLarge,
        zh: "PDF 第 \(page) 页内容过于复杂，未予绘制：\(cost.label(chinese: true))为 \(measured)，上限 \(limit)：请重新扫描或“打印为 PDF”后上传",
        en:
          "page \(page) of the PDF is too complex to draw, so it was not: \(cost.label(chinese: false)) \(measured), at most \(limit); scan it again or \"print to PDF\" and upload that",
        measured: Measure(measured), limit: Measure(limit))
    case .unsupportedFormat(let kind):
      r.reject(
        .unsupportedFormat, zh: "不支持的文件格式（\(error.detail(chinese: true))）：请另存为普通的 JPEG、PNG 或 PDF 后上传",
        en: "an unsupported variant (\(kind)): save it again as an ordinary JPEG, PNG or PDF", measured: .text(kind))
    }
  }

  static func photo(_ m: MaterialMeasurement, _ p: PhotoPolicy, _ r: inout Collector) {
    guard let w = m.width, let h = m.height, let look = m.photo, let page = m.pages.first else { return }
    if w < p.minWidth || h < p.minHeight {
      r.reject(
        .resolutionTooLow, zh: "照片像素不足：\(w)×\(h)，至少 \(p.minWidth)×\(p.minHeight)：请使用分辨率更高的原始照片（不能放大）",
        en:
          "the photo has too few pixels: \(w)×\(h), at least \(p.minWidth)×\(p.minHeight); use a larger original (enlarging does not help)",
        measured: .text("\(w)x\(h)"), limit: .text("\(p.minWidth)x\(p.minHeight)"))
    } else if w > p.maxWidth || h > p.maxHeight {
      r.reject(
        .photoDimensions, zh: "照片尺寸过大：\(w)×\(h)，至多 \(p.maxWidth)×\(p.maxHeight)：可用 safetyreg photo --fix 缩小",
        en: "the photo is too large: \(w)×\(h), at most \(p.maxWidth)×\(p.maxHeight); safetyreg photo --fix scales it down",
        measured: .text("\(w)x\(h)"), limit: .text("\(p.maxWidth)x\(p.maxHeight)"))
    }
    let aspect = Double(h) / Double(w)
    if aspect < p.minAspect || aspect > p.maxAspect {
      r.reject(
        .photoDimensions,
        zh:
          "照片高宽比 \(Measure(round3(aspect)))，应在 \(Measure(p.minAspect))–\(Measure(p.maxAspect)) 之间（二寸照为 1.40）：可用 safetyreg photo --fix 裁剪",
        en:
          "height/width is \(Measure(round3(aspect))), must be \(Measure(p.minAspect))–\(Measure(p.maxAspect)) (2-inch is 1.40); safetyreg photo --fix crops it",
        measured: Measure(round3(aspect)), limit: .text("\(Measure(p.minAspect))-\(Measure(p.maxAspect))"))
    }
    if p.requireColor {
      if m.colorMode == .gray || m.colorMode == .cmyk {
        let mode = m.colorMode == .gray ? LocalizedText(zh: "灰度", en: "grayscale") : LocalizedText(zh: "CMYK 印刷色", en: "CMYK")
        r.reject(
          .photoNotColor, zh: "照片为\(mode.zh)图像，须为彩色（RGB）照片：请上传彩色照片",
          en: "the photo is \(mode.en); a colour (RGB) photo is required",
          measured: .text(m.colorMode!.rawValue), limit: .text("rgb"))
      } else if look.chroma < p.minChroma {
        r.reject(
          .photoNotColor, zh: "照片是黑白的（色彩度 \(Measure(round1(look.chroma)))，至少 \(Measure(p.minChroma))）：请上传彩色照片",
          en:
            "the photo is black and white (chroma \(Measure(round1(look.chroma))), at least \(Measure(p.minChroma))); upload a colour photo",
          measured: Measure(round1(look.chroma)), limit: Measure(p.minChroma))
      }
    }
    if look.backgroundDistance > p.backgroundMaxDistance {
      r.reject(
        .photoBackground,
        zh:
          "照片背景不是\(colorName(p.backgroundColor, .zh))：测得背景平均色 \(look.background)，相差 \(Measure(round1(look.backgroundDistance)))（至多 \(Measure(p.backgroundMaxDistance))）：请在\(colorName(p.backgroundColor, .zh))背景前重新拍摄",
        en:
          "the background is not \(colorName(p.backgroundColor, .en)): its mean colour is \(look.background), \(Measure(round1(look.backgroundDistance))) away (at most \(Measure(p.backgroundMaxDistance))); take the photo again in front of a \(colorName(p.backgroundColor, .en)) background",
        measured: Measure(round1(look.backgroundDistance)), limit: Measure(p.backgroundMaxDistance))
    } else if look.backgroundUnevenness > p.backgroundMaxUnevenness {
      r.reject(
        .photoBackground,
        zh:
          "照片背景不均匀（有阴影、图案或杂物，明暗差 \(Measure(round1(look.backgroundUnevenness)))，至多 \(Measure(p.backgroundMaxUnevenness))）：请在纯色背景前重新拍摄",
        en:
          "the background is not plain (shadows, patterns or objects; unevenness \(Measure(round1(look.backgroundUnevenness))), at most \(Measure(p.backgroundMaxUnevenness))); take it again in front of a plain background",
        measured: Measure(round1(look.backgroundUnevenness)), limit: Measure(p.backgroundMaxUnevenness))
    }
    if page.sharpness.score < p.minSharpness {
      r.reject(
        .blurry, zh: "照片模糊：清晰度 \(Measure(round1(page.sharpness.score)))，至少 \(Measure(p.minSharpness))：请对准焦距、保持稳定后重新拍摄",
        en:
          "the photo is blurred: sharpness \(Measure(round1(page.sharpness.score))), at least \(Measure(p.minSharpness)); focus and hold still, then take it again",
        measured: Measure(round1(page.sharpness.score)), limit: Measure(p.minSharpness))
    } else if page.detail < p.minDetail {
      r.reject(
        .blurry, zh: "照片细节不足（模糊，或由小照片放大而来）：细节 \(Measure(round1(page.detail)))，至少 \(Measure(p.minDetail))：请使用清晰的原始照片，不要放大",
        en:
          "the photo lacks detail (blurred, or enlarged from a smaller one): detail \(Measure(round1(page.detail))), at least \(Measure(p.minDetail)); use a sharp original, never an enlargement",
        measured: Measure(round1(page.detail)), limit: Measure(p.minDetail))
    }
    if look.face.mean < p.faceMinMean {
      r.reject(
        .tooDark, zh: "照片面部过暗：亮度 \(Measure(round1(look.face.mean)))，至少 \(Measure(p.faceMinMean))：请在光线充足处重新拍摄",
        en:
          "the face is too dark: brightness \(Measure(round1(look.face.mean))), at least \(Measure(p.faceMinMean)); take it again in good light",
        measured: Measure(round1(look.face.mean)), limit: Measure(p.faceMinMean))
    } else if look.face.mean > p.faceMaxMean {
      r.reject(
        .tooBright, zh: "照片面部过亮（曝光过度）：亮度 \(Measure(round1(look.face.mean)))，至多 \(Measure(p.faceMaxMean))：请避免强光直射后重新拍摄",
        en:
          "the face is overexposed: brightness \(Measure(round1(look.face.mean))), at most \(Measure(p.faceMaxMean)); avoid direct light and take it again",
        measured: Measure(round1(look.face.mean)), limit: Measure(p.faceMaxMean))
    } else if look.face.whiteClipped > p.faceMaxClipped {
      let percent = { (x: Double) in Measure((x * 1000).rounded() / 10) }
      r.reject(
        .tooBright, zh: "照片面部曝光过度：\(percent(look.face.whiteClipped))% 的面部区域变成纯白，至多 \(percent(p.faceMaxClipped))%：请避免强光直射后重新拍摄",
        en:
          "the face is overexposed: \(percent(look.face.whiteClipped)) % of it is blown out to white, at most \(percent(p.faceMaxClipped)) %; avoid direct light and take it again",
        measured: Measure(round3(look.face.whiteClipped)), limit: Measure(p.faceMaxClipped))
    } else if look.face.contrast < p.faceMinContrast {
      r.reject(
        .lowContrast, zh: "照片面部对比度过低：\(Measure(round1(look.face.contrast)))，至少 \(Measure(p.faceMinContrast))：请重新拍摄",
        en:
          "the face has too little contrast: \(Measure(round1(look.face.contrast))), at least \(Measure(p.faceMinContrast)); take it again",
        measured: Measure(round1(look.face.contrast)), limit: Measure(p.faceMinContrast))
    }
    if m.orientation != 1 {
      r.warn(
        .photoDimensions, zh: "照片带有旋转标记（EXIF 方向 \(m.orientation)），有的系统会显示为歪斜：建议用 safetyreg photo --fix 生成正向照片",
        en:
          "the photo carries an EXIF rotation (orientation \(m.orientation)) that some systems ignore; safetyreg photo --fix writes it upright",
        measured: Measure(m.orientation), limit: Measure(1))
    }
  }

  static func document(_ m: MaterialMeasurement, _ material: MaterialType, _ d: DocumentPolicy, _ r: inout Collector) {
    let many = m.pages.count > 1
    for (i, page) in m.pages.enumerated() {
      let on = many ? LocalizedText(zh: "第 \(i + 1) 页", en: "page \(i + 1): ") : LocalizedText(zh: "", en: "")
      let minSide = d.minShortSide[material] ?? 1000
      let shortSide = min(page.width, page.height)
      if shortSide < minSide {
        r.reject(
          .resolutionTooLow,
          zh: "\(on.zh)分辨率过低：短边 \(shortSide) 像素，至少 \(minSide) 像素：请用更高分辨率拍摄或扫描（不要截图或压缩）",
          en:
            "\(on.en)the resolution is too low: the short side has \(shortSide) px, at least \(minSide); photograph or scan at a higher resolution",
          measured: Measure(shortSide), limit: Measure(minSide))
      }
      // A page enlarged by pixel replication has enough pixels but only the detail of its
      // source: as illegible as a low-resolution scan, and for the same reason.
      if shortSide >= minSide, let fine = page.fineSteps, fine.steps >= 2000, fine.score < d.minFineSteps {
        r.reject(
          .resolutionTooLow,
          zh:
            "\(on.zh)图像由低分辨率图像放大而来（像素呈块状，精细边缘占比 \(Measure(round1(fine.score)))%，至少 \(Measure(d.minFineSteps))%），实际分辨率过低：请用足够分辨率直接拍摄或扫描，不要放大",
          en:
            "\(on.en)enlarged from a low resolution (blocky pixels: fine steps \(Measure(round1(fine.score))) %, at least \(Measure(d.minFineSteps)) %), so the real resolution is too low; photograph or scan it at full resolution, never enlarge",
          measured: Measure(round1(fine.score)), limit: Measure(d.minFineSteps))
      }
      let e = page.exposure
      if e.dynamicRange < 8 {
        // Nothing on the page at all (or nothing poppler could draw): not a question of light.
        r.reject(
          .lowContrast, zh: "\(on.zh)页面是空白的，没有任何可辨认的内容：请上传\(material.label.zh)本身",
          en: "\(on.en)the page is blank: nothing on it can be seen; upload the \(material.label.en) itself",
          measured: Measure(e.dynamicRange), limit: Measure(d.minDynamicRange))
      } else if e.mean < d.minMean {
        r.reject(
          .tooDark, zh: "\(on.zh)图像过暗：平均亮度 \(Measure(round1(e.mean)))，至少 \(Measure(d.minMean))：请在光线充足处重新拍摄",
          en:
            "\(on.en)too dark: mean brightness \(Measure(round1(e.mean))), at least \(Measure(d.minMean)); take it again in good light",
          measured: Measure(round1(e.mean)), limit: Measure(d.minMean))
      } else if e.darkest > d.maxDarkest {
        r.reject(
          .tooBright, zh: "\(on.zh)图像过亮，文字发白（最暗处亮度 \(e.darkest)，至多 \(d.maxDarkest)）：请避免反光和闪光灯后重新拍摄",
          en:
            "\(on.en)overexposed, the text has washed out (darkest level \(e.darkest), at most \(d.maxDarkest)); avoid glare and flash",
          measured: Measure(e.darkest), limit: Measure(d.maxDarkest))
      } else if e.dynamicRange < d.minDynamicRange {
        r.reject(
          .lowContrast, zh: "\(on.zh)对比度过低：明暗差 \(e.dynamicRange)，至少 \(d.minDynamicRange)：请在均匀光线下重新拍摄或扫描",
          en:
            "\(on.en)too little contrast: range \(e.dynamicRange), at least \(d.minDynamicRange); photograph or scan it again in even light",
          measured: Measure(e.dynamicRange), limit: Measure(d.minDynamicRange))
      }
      let minSharpness = d.minSharpness[material] ?? 35
      // Without edges (a blank page) there is nothing to judge sharpness by.
      if page.sharpness.edgePixels >= 200, page.sharpness.score < minSharpness {
        r.reject(
          .blurry, zh: "\(on.zh)图像模糊：清晰度 \(Measure(round1(page.sharpness.score)))，至少 \(Measure(minSharpness))：请对准焦距、保持稳定后重新拍摄或扫描",
          en:
            "\(on.en)blurred: sharpness \(Measure(round1(page.sharpness.score))), at least \(Measure(minSharpness)); focus and hold still, then photograph or scan it again",
          measured: Measure(round1(page.sharpness.score)), limit: Measure(minSharpness))
      } else if page.sharpness.edgePixels >= 200, let weakest = page.sharpness.weakestDirection,
        weakest < d.minSharpnessAnyDirection
      {
        r.reject(
          .blurry,
          zh:
            "\(on.zh)图像在一个方向上模糊（拍摄时手机晃动）：该方向清晰度 \(Measure(round1(weakest)))，至少 \(Measure(d.minSharpnessAnyDirection))：请持稳手机或将其靠在固定处，重新拍摄",
          en:
            "\(on.en)smeared in one direction (the phone moved while taking it): sharpness that way \(Measure(round1(weakest))), at least \(Measure(d.minSharpnessAnyDirection)); hold the phone still or rest it on something, and take it again",
          measured: Measure(round1(weakest)), limit: Measure(d.minSharpnessAnyDirection))
      } else if page.sharpness.edgePixels >= 200, page.detail < d.minDetail {
        r.reject(
          .blurry,
          zh: "\(on.zh)图像细节不足（模糊，或由低分辨率图像放大而来）：细节 \(Measure(round1(page.detail)))，至少 \(Measure(d.minDetail))：请直接拍摄或以足够分辨率扫描，不要放大",
          en:
            "\(on.en)too little detail (blurred, or enlarged from a low resolution): detail \(Measure(round1(page.detail))), at least \(Measure(d.minDetail)); photograph or scan it at full resolution, never enlarge",
          measured: Measure(round1(page.detail)), limit: Measure(d.minDetail))
      }
    }
  }

  static func names(_ formats: [FileFormat], _ language: Language) -> String {
    formats.map { $0.label(language) }.joined(separator: language == .zh ? "、" : "/")
  }

  public static func kb(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(round1(Double(bytes) / 1048576)) MB" : "\(round1(Double(bytes) / 1024)) KB"
  }

  static func megapixels(_ pixels: Int) -> String { "\(round1(Double(pixels) / 1e6)) MP" }

  static func colorName(_ c: RGBColor, _ language: Language) -> String {
    switch (c.red, c.green, c.blue) {
    case (255, 255, 255): language == .zh ? "白色" : "white"
    case (67, 142, 219), (0, 0, 255): language == .zh ? "蓝色" : "blue"
    case (255, 0, 0): language == .zh ? "红色" : "red"
    default: c.description
    }
  }

  /// Findings about one file; keeps the rules above one statement each.
  struct Collector {
    let material: MaterialType
    let file: String
    var reasons: [Finding] = []
    var warnings: [Finding] = []

    mutating func reject(_ code: ReasonCode, zh: String, en: String, measured: Measure? = nil, limit: Measure? = nil) {
      reasons.append(
        Finding(
          code, .error, material: material, file: file, message: LocalizedText(zh: zh, en: en), measured: measured, limit: limit))
    }

    mutating func warn(_ code: ReasonCode, zh: String, en: String, measured: Measure? = nil, limit: Measure? = nil) {
      warnings.append(
        Finding(
          code, .warning, material: material, file: file, message: LocalizedText(zh: zh, en: en), measured: measured, limit: limit
        ))
    }

    func result(_ m: MaterialMeasurement) -> CheckResult {
      CheckResult(material: material, measurement: m, reasons: reasons, warnings: warnings)
    }
  }
}
