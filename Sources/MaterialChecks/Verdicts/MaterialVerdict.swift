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
        .corruptFile, LocalizedText("materialVerdict.fileEmpty", ["what": what]),
        measured: Measure(0))
      return r.result(m)
    case .other(let kind):
      // A phone's own format: say how to get the one that is accepted.
      let phone = kind == "HEIC" || kind == "WebP"
      let how: LocalizedText =
        !phone
        ? LocalizedText(verbatim: "")
        : isPhoto
          ? LocalizedText("materialVerdict.safetyregPhotoPHOTOFixPhoto")
          : LocalizedText("materialVerdict.exportPhonePicturesAsJPEG")
      r.reject(
        .unsupportedFormat,
        LocalizedText("materialVerdict.anotherFormat", ["kind": kind, "allowed": names(allowed), "what": what, "how": how]),
        measured: .text(kind), limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
      return r.result(m)
    case .unknown:
      r.reject(
        .unsupportedFormat,
        LocalizedText("materialVerdict.unrecognisedContent", ["allowed": names(allowed), "what": what]),
        limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
      return r.result(m)
    case .supported(let format) where !allowed.contains(format):
      r.reject(
        .unsupportedFormat,
        LocalizedText(
          "materialVerdict.formatNotAllowed",
          [
            "what": what, "allowed": names(allowed), "format": format.label,
            "fix": isPhoto ? LocalizedText("materialVerdict.photoFixConverts") : LocalizedText(verbatim: ""),
          ]),
        measured: .text(format.rawValue), limit: .text(allowed.map(\.rawValue).joined(separator: "/")))
    case .supported:
      break
    }
    if m.bytes > maxBytes {
      r.reject(
        .fileTooLarge,
        LocalizedText(
          "materialVerdict.fileTooLarge",
          [
            "bytes": kb(m.bytes), "limit": kb(maxBytes),
            "fix": LocalizedText(isPhoto ? "materialVerdict.photoFixMakesItFit" : "materialVerdict.reduceIt"),
          ]),
        measured: Measure(m.bytes), limit: Measure(maxBytes))
    }
    if isPhoto, m.bytes < policy.photo.minBytes {
      r.reject(
        .fileTooSmall,
        LocalizedText("materialVerdict.thePhotoFileIsToo", ["bytes": kb(m.bytes), "minBytes": kb(policy.photo.minBytes)]),
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
        .corruptFile, LocalizedText("materialVerdict.damaged", ["detail": error.detail, "what": what]))
    case .tooSlow:
      r.reject(
        .corruptFile, LocalizedText("materialVerdict.decodingTooSlow", ["detail": error.detail]))
    case .outOfMemory:
      r.reject(
        .checkFailed, LocalizedText("materialVerdict.outOfMemory", ["detail": error.detail]))
    case .encrypted:
      r.reject(
        .corruptFile, LocalizedText("materialVerdict.thePDFIsEncryptedAnd"))
    case .tooManyPixels(let w, let h, let limit):
      r.reject(
        .imageTooLarge,
        LocalizedText(
          "materialVerdict.tooManyPixelsAtMost", ["w": w, "h": h, "megapixels": megapixels(w * h), "limit": megapixels(limit)]),
        measured: Measure(w * h), limit: Measure(limit))
    case .tooManyBytes(let bytes, let limit):
      r.reject(
        .fileTooLarge, LocalizedText("materialVerdict.theFileIsTooLarge", ["bytes": kb(bytes), "limit": kb(limit)]),
        measured: Measure(bytes), limit: Measure(limit))
    case .tooManyPages(let pages, let limit):
      r.reject(
        .fileTooLarge, LocalizedText("materialVerdict.tooManyPDFPagesAt", ["pages": pages, "limit": limit]),
        measured: Measure(pages), limit: Measure(limit))
    case .pdfTooComplex(let page, .imagePixels, let measured, let limit):
      r.reject(
        .imageTooLarge,
        LocalizedText(
          "materialVerdict.pageOfThePDFHolds", ["page": page, "measured": megapixels(measured), "limit": megapixels(limit)]),
        measured: Measure(measured), limit: Measure(limit))
    case .pdfTooComplex(let page, let cost, let measured, let limit):
      r.reject(
        .fileTooLarge,
        LocalizedText(
          "materialVerdict.pdfTooComplex", ["page": page, "cost": cost.label, "measured": measured, "limit": limit]),
        measured: Measure(measured), limit: Measure(limit))
    case .unsupportedFormat(let kind):
      r.reject(
        .unsupportedFormat, LocalizedText("materialVerdict.unsupportedVariant", ["detail": error.detail]), measured: .text(kind))
    }
  }

  static func photo(_ m: MaterialMeasurement, _ p: PhotoPolicy, _ r: inout Collector) {
    guard let w = m.width, let h = m.height, let look = m.photo, let page = m.pages.first else { return }
    let subject = Thresholds.PhotoSubject(look: look, page: page)
    if w < p.minWidth || h < p.minHeight {
      r.reject(
        .resolutionTooLow,
        LocalizedText("materialVerdict.thePhotoHasTooFew", ["w": w, "h": h, "minWidth": p.minWidth, "minHeight": p.minHeight]),
        measured: .text("\(w)x\(h)"), limit: .text("\(p.minWidth)x\(p.minHeight)"))
    } else if w > p.maxWidth || h > p.maxHeight {
      r.reject(
        .photoDimensions,
        LocalizedText("materialVerdict.thePhotoIsTooLarge", ["w": w, "h": h, "maxWidth": p.maxWidth, "maxHeight": p.maxHeight]),
        measured: .text("\(w)x\(h)"), limit: .text("\(p.maxWidth)x\(p.maxHeight)"))
    }
    let aspect = Double(h) / Double(w)
    if aspect < p.minAspect || aspect > p.maxAspect {
      r.reject(
        .photoDimensions,
        LocalizedText(
          "materialVerdict.heightWidthIsMustBe",
          ["aspect": Measure(round3(aspect)), "minAspect": Measure(p.minAspect), "maxAspect": Measure(p.maxAspect)]),
        measured: Measure(round3(aspect)), limit: .text("\(Measure(p.minAspect))-\(Measure(p.maxAspect))"))
    }
    if p.requireColor {
      if m.colorMode == .gray || m.colorMode == .cmyk {
        let mode = m.colorMode == .gray ? LocalizedText("materialVerdict.grayscale") : LocalizedText("materialVerdict.cmyk")
        r.reject(
          .photoNotColor, LocalizedText("materialVerdict.thePhotoIsAColour", ["mode": mode]),
          measured: .text(m.colorMode!.rawValue), limit: .text("rgb"))
      } else {
        r.ask([Thresholds.chroma], subject, p)
      }
    }
    if look.backgroundDistance > p.backgroundMaxDistance {
      r.reject(
        .photoBackground,
        LocalizedText(
          "materialVerdict.backgroundColour",
          [
            "colour": colorName(p.backgroundColor), "mean": look.background.description,
            "distance": Measure(round1(look.backgroundDistance)), "limit": Measure(p.backgroundMaxDistance),
          ]),
        measured: Measure(round1(look.backgroundDistance)), limit: Measure(p.backgroundMaxDistance))
    } else {
      r.ask([Thresholds.backgroundUnevenness], subject, p)
    }
    for group in Thresholds.photo { r.ask(group, subject, p) }
    if m.orientation != 1 {
      r.warn(
        .photoDimensions, LocalizedText("materialVerdict.thePhotoCarriesAnEXIF", ["orientation": m.orientation]),
        measured: Measure(m.orientation), limit: Measure(1))
    }
  }

  static func document(_ m: MaterialMeasurement, _ material: MaterialType, _ d: DocumentPolicy, _ r: inout Collector) {
    let many = m.pages.count > 1
    let limits = Thresholds.PageLimits(policy: d, material: material)
    for (i, page) in m.pages.enumerated() {
      let on = many ? LocalizedText("materialVerdict.page", ["i": i + 1]) : LocalizedText(verbatim: "")
      let subject = Thresholds.PageSubject(page: page, minShortSide: limits.minShortSide)
      r.ask([Thresholds.resolution], subject, limits, on: on)
      r.ask([Thresholds.enlarged], subject, limits, on: on)
      if page.exposure.dynamicRange < 8 {
        // Nothing on the page at all (or nothing poppler could draw): not a question of light.
        r.reject(
          .lowContrast, LocalizedText("materialVerdict.thePageIsBlankNothing", ["on": on, "label": material.label]),
          measured: Measure(page.exposure.dynamicRange), limit: Measure(d.minDynamicRange))
      } else {
        r.ask(Thresholds.pageLight, subject, limits, on: on)
      }
      r.ask(Thresholds.pageSharpness, subject, limits, on: on)
    }
  }

  static func names(_ formats: [FileFormat]) -> LocalizedText {
    .list(formats.map(\.label), separator: LocalizedText("materialVerdict.formatSeparator"))
  }

  public static func kb(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(round1(Double(bytes) / 1048576)) MB" : "\(round1(Double(bytes) / 1024)) KB"
  }

  static func megapixels(_ pixels: Int) -> String { "\(round1(Double(pixels) / 1e6)) MP" }

  static func colorName(_ c: RGBColor) -> LocalizedText {
    switch (c.red, c.green, c.blue) {
    case (255, 255, 255): LocalizedText("materialVerdict.white")
    case (67, 142, 219), (0, 0, 255): LocalizedText("materialVerdict.blue")
    case (255, 0, 0): LocalizedText("materialVerdict.red")
    default: LocalizedText(verbatim: c.description)
    }
  }

  /// Findings about one file; keeps the rules above one statement each.
  struct Collector {
    let material: MaterialType
    let file: String
    var reasons: [Finding] = []
    var warnings: [Finding] = []

    mutating func reject(_ code: ReasonCode, _ message: LocalizedText, measured: Measure? = nil, limit: Measure? = nil) {
      reasons.append(
        Finding(code, .error, material: material, file: file, message: message, measured: measured, limit: limit))
    }

    mutating func warn(_ code: ReasonCode, _ message: LocalizedText, measured: Measure? = nil, limit: Measure? = nil) {
      warnings.append(
        Finding(code, .warning, material: material, file: file, message: message, measured: measured, limit: limit))
    }

    /// Asks one question of the thresholds' table: its first failure, if any, is a reason.
    mutating func ask<Subject, Limits>(
      _ group: [Threshold<Subject, Limits>], _ subject: Subject, _ limits: Limits, on place: LocalizedText? = nil
    ) {
      if let finding = Threshold.firstBroken(group, subject, limits, material: material, file: file, on: place) {
        reasons.append(finding)
      }
    }

    func result(_ m: MaterialMeasurement) -> CheckResult {
      CheckResult(material: material, measurement: m, reasons: reasons, warnings: warnings)
    }
  }
}
