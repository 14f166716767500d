import Core
import DocumentParsing
import Foundation

extension Policy {
  /// Reads and checks a policy file.
  /// - Throws: `ConfigError` listing every missing, unknown or nonsensical value;
  ///   `DocumentSyntaxError` when the file is not YAML at all.
  public static func load(path: String) throws -> Policy {
    let bytes = try DocumentReader.readFile(path, limit: 1 << 20)
    return try parse(bytes, file: path)
  }

  public static func parse(_ bytes: [UInt8], file: String) throws -> Policy {
    let root = try DocumentReader.read(bytes, file: file)
    var r = ConfigReader(file: file)
    let policy = read(root, &r)
    if !r.problems.isEmpty { throw ConfigError(file: file, problems: r.problems) }
    return policy
  }

  static func read(_ root: DocumentNode, _ r: inout ConfigReader) -> Policy {
    let top = r.mapping(
      root, "", keys: ["name", "registration", "limits", "photo", "documents"], optional: ["forms", "reading"])

    let reg = r.mapping(
      top["registration"], "registration",
      keys: ["validityYears", "renewal", "change", "initial", "continuingEducation", "applicant", "plausibleDates"])
    let renewal = r.mapping(
      reg["renewal"], "registration.renewal", keys: ["usualMonthsBeforeExpiry", "earliestMonthsBeforeExpiry"])
    let change = r.mapping(reg["change"], "registration.change", keys: ["renewalMonthsBeforeExpiry"])
    let initial = r.mapping(
      reg["initial"], "registration.initial", keys: ["cutoverDate", "deadlineBeforeCutover", "yearsAfterCertificate"])
    let ce = r.mapping(
      reg["continuingEducation"], "registration.continuingEducation", keys: ["hoursPerPeriod", "maxHoursPerRecord"])
    let dates = r.mapping(reg["plausibleDates"], "registration.plausibleDates", keys: ["earliest", "latest"])
    let earliest = r.date(dates["earliest"], "registration.plausibleDates.earliest")
    let latest = r.date(dates["latest"], "registration.plausibleDates.latest")
    r.require(
      earliest < latest, "registration.plausibleDates", reg["plausibleDates"],
      LocalizedText("policyLoader.earliestMustBeBeforeLatest"))
    let applicant = r.mapping(reg["applicant"], "registration.applicant", keys: ["minimumAge", "maximumAge"])
    let registration = RegistrationPolicy(
      validityYears: r.int(reg["validityYears"], "registration.validityYears", 1...20),
      renewalUsualMonthsBeforeExpiry: r.int(
        renewal["usualMonthsBeforeExpiry"], "registration.renewal.usualMonthsBeforeExpiry", 0...60),
      renewalEarliestMonthsBeforeExpiry: r.int(
        renewal["earliestMonthsBeforeExpiry"], "registration.renewal.earliestMonthsBeforeExpiry", 1...60),
      changeRenewalMonthsBeforeExpiry: r.int(
        change["renewalMonthsBeforeExpiry"], "registration.change.renewalMonthsBeforeExpiry", 0...60),
      initialCutoverDate: r.date(initial["cutoverDate"], "registration.initial.cutoverDate"),
      initialDeadlineBeforeCutover: r.date(initial["deadlineBeforeCutover"], "registration.initial.deadlineBeforeCutover"),
      initialYearsAfterCertificate: r.int(initial["yearsAfterCertificate"], "registration.initial.yearsAfterCertificate", 1...20),
      ceHoursPerPeriod: r.double(ce["hoursPerPeriod"], "registration.continuingEducation.hoursPerPeriod", 1...1000),
      minimumAge: r.int(applicant["minimumAge"], "registration.applicant.minimumAge", 14...30),
      maximumAge: r.int(applicant["maximumAge"], "registration.applicant.maximumAge", 40...120),
      ceMaxHoursPerRecord: r.double(ce["maxHoursPerRecord"], "registration.continuingEducation.maxHoursPerRecord", 1...10_000),
      plausibleDates: earliest < latest ? earliest...latest : earliest...earliest)
    r.require(
      registration.renewalUsualMonthsBeforeExpiry <= registration.renewalEarliestMonthsBeforeExpiry,
      "registration.renewal", top["registration"],
      LocalizedText("policyLoader.usualmonthsbeforeexpiryCannotExceedEarliestMonthsBeforeExpiry"))
    r.require(
      registration.renewalEarliestMonthsBeforeExpiry <= registration.validityYears * 12,
      "registration.renewal.earliestMonthsBeforeExpiry", renewal["earliestMonthsBeforeExpiry"],
      LocalizedText("policyLoader.theRenewalWindowCannotBe"))
    r.require(
      registration.initialDeadlineBeforeCutover > registration.initialCutoverDate,
      "registration.initial.deadlineBeforeCutover", initial["deadlineBeforeCutover"],
      LocalizedText("policyLoader.mustBeLaterThanCutoverDate"))

    let lim = r.mapping(
      top["limits"], "limits",
      keys: [
        "maxPixels", "maxApplicationBytes", "maxFilesPerSubmission", "maxSubmissionBytes", "decodeTimeoutSeconds",
        "maxApplicationDepth", "maxApplicationValues", "maxApplicationAliases", "maxApplicationValueBytes", "checkSeconds",
        "checkCPUSeconds", "checkMemoryMegabytes",
      ],
      optional: [
        "maxSpreadsheetBytes", "maxSpreadsheetRows", "maxPDFContentBytes", "maxPDFFormDepth", "maxPDFFormDraws",
        "submissionCheckSeconds",
      ])
    var limits = InputLimits(
      maxPixels: r.int(lim["maxPixels"], "limits.maxPixels", 1_000_000...1_000_000_000),
      maxApplicationBytes: r.int(lim["maxApplicationBytes"], "limits.maxApplicationBytes", 1024...16 << 20),
      maxFilesPerSubmission: r.int(lim["maxFilesPerSubmission"], "limits.maxFilesPerSubmission", 1...10_000),
      maxSubmissionBytes: r.int(lim["maxSubmissionBytes"], "limits.maxSubmissionBytes", 1 << 20...1 << 36),
      decodeTimeoutSeconds: r.double(lim["decodeTimeoutSeconds"], "limits.decodeTimeoutSeconds", 0.5...3600),
      maxApplicationDepth: r.int(lim["maxApplicationDepth"], "limits.maxApplicationDepth", 4...1000),
      maxApplicationValues: r.int(lim["maxApplicationValues"], "limits.maxApplicationValues", 100...10_000_000),
      maxApplicationAliases: r.int(lim["maxApplicationAliases"], "limits.maxApplicationAliases", 0...100_000),
      maxApplicationValueBytes: r.int(lim["maxApplicationValueBytes"], "limits.maxApplicationValueBytes", 64...16 << 20),
      checkSeconds: r.double(lim["checkSeconds"], "limits.checkSeconds", 1...3600),
      checkCPUSeconds: r.double(lim["checkCPUSeconds"], "limits.checkCPUSeconds", 1...3600),
      checkMemoryMegabytes: r.int(lim["checkMemoryMegabytes"], "limits.checkMemoryMegabytes", 128...1 << 20),
      // Added in 0.2: a policy file from 0.1 without them keeps working.
      maxSpreadsheetBytes: lim["maxSpreadsheetBytes"].map { r.int($0, "limits.maxSpreadsheetBytes", 1024...1 << 30) }
        ?? InputLimits.defaultSpreadsheetBytes,
      maxSpreadsheetRows: lim["maxSpreadsheetRows"].map { r.int($0, "limits.maxSpreadsheetRows", 1...1_000_000) }
        ?? InputLimits.defaultSpreadsheetRows)
    // Added in 0.3, with defaults, as above.
    if let v = lim["maxPDFContentBytes"] { limits.maxPDFContentBytes = r.int(v, "limits.maxPDFContentBytes", 1 << 16...1 << 32) }
    if let v = lim["maxPDFFormDepth"] { limits.maxPDFFormDepth = r.int(v, "limits.maxPDFFormDepth", 1...64) }
    if let v = lim["maxPDFFormDraws"] { limits.maxPDFFormDraws = r.int(v, "limits.maxPDFFormDraws", 1...10_000_000) }
    if let v = lim["submissionCheckSeconds"] {
      limits.submissionCheckSeconds = r.double(v, "limits.submissionCheckSeconds", 1...86_400)
    }

    let ph = r.mapping(
      top["photo"], "photo",
      keys: [
        "formats", "bytes", "width", "height", "aspect", "requireColor", "minChroma", "background", "minSharpness", "minDetail",
        "face", "fix",
      ])
    let bytes = intRange(ph["bytes"], "photo.bytes", 1...100 << 20, &r)
    let width = intRange(ph["width"], "photo.width", 16...20_000, &r)
    let height = intRange(ph["height"], "photo.height", 16...20_000, &r)
    let aspect = doubleRange(ph["aspect"], "photo.aspect", 0.3...4, &r)
    let background = r.mapping(ph["background"], "photo.background", keys: ["color", "maxDistance", "maxUnevenness"])
    let face = r.mapping(
      ph["face"], "photo.face", keys: ["minMean", "maxMean", "maxClipped", "minContrast"],
      optional: [
        "enabled", "headHeight", "crownMargin", "minChinMargin", "eyeLine", "maxCentreOffset", "maxRoll", "maxYaw", "maxPitch",
        "minEyeOpenness", "printedPhoto",
      ])
    let fix = r.mapping(ph["fix"], "photo.fix", keys: ["width", "height", "minQuality"])
    var p = PhotoPolicy(
      formats: formats(ph["formats"], "photo.formats", &r),
      minBytes: bytes.0, maxBytes: bytes.1, minWidth: width.0, maxWidth: width.1,
      minHeight: height.0, maxHeight: height.1, minAspect: aspect.0, maxAspect: aspect.1,
      requireColor: r.bool(ph["requireColor"], "photo.requireColor"),
      minChroma: r.double(ph["minChroma"], "photo.minChroma", 0...100),
      backgroundColor: color(background["color"], "photo.background.color", &r),
      backgroundMaxDistance: r.double(background["maxDistance"], "photo.background.maxDistance", 1...441),
      backgroundMaxUnevenness: r.double(background["maxUnevenness"], "photo.background.maxUnevenness", 1...128),
      minSharpness: r.double(ph["minSharpness"], "photo.minSharpness", 0...100),
      minDetail: r.double(ph["minDetail"], "photo.minDetail", 0...500),
      faceMinMean: r.double(face["minMean"], "photo.face.minMean", 0...255),
      faceMaxMean: r.double(face["maxMean"], "photo.face.maxMean", 0...255),
      faceMaxClipped: r.double(face["maxClipped"], "photo.face.maxClipped", 0...1),
      faceMinContrast: r.double(face["minContrast"], "photo.face.minContrast", 0...128),
      fixWidth: r.int(fix["width"], "photo.fix.width", 16...20_000),
      fixHeight: r.int(fix["height"], "photo.fix.height", 16...20_000),
      fixMinQuality: r.int(fix["minQuality"], "photo.fix.minQuality", 10...100))
    r.require(
      p.faceMinMean < p.faceMaxMean, "photo.face", ph["face"], LocalizedText("policyLoader.minmeanMustBeLessThan")
    )
    // Added in 0.3: a policy file without them gets the defaults (PersonRules).
    var person = PersonRules()
    if let node = face["enabled"] { person.enabled = r.bool(node, "photo.face.enabled") }
    func share(_ key: String) -> ClosedRange<Double>? {
      face[key].map { node in
        let (lo, hi) = doubleRange(node, "photo.face.\(key)", 0...1, &r)
        return lo...max(lo, hi)
      }
    }
    if let v = share("headHeight") { person.headHeight = v }
    if let v = share("crownMargin") { person.crownMargin = v }
    if let v = share("eyeLine") { person.eyeLine = v }
    if let node = face["minChinMargin"] { person.minChinMargin = r.double(node, "photo.face.minChinMargin", 0...1) }
    if let node = face["maxCentreOffset"] { person.maxCentreOffset = r.double(node, "photo.face.maxCentreOffset", 0...0.5) }
    if let node = face["maxRoll"] { person.maxRoll = r.double(node, "photo.face.maxRoll", 0...180) }
    if let node = face["maxYaw"] { person.maxYaw = r.double(node, "photo.face.maxYaw", 0...90) }
    if let node = face["maxPitch"] { person.maxPitch = r.double(node, "photo.face.maxPitch", 0...90) }
    if let node = face["minEyeOpenness"] { person.minEyeOpenness = r.double(node, "photo.face.minEyeOpenness", 0...1) }
    if let node = face["printedPhoto"] {
      let m = r.mapping(node, "photo.face.printedPhoto", keys: ["minFace", "minEyes", "minMouth", "minConfidence"])
      person.printedPhoto = PrintedPhotoRules()
      person.printedPhoto.minFace = r.double(m["minFace"], "photo.face.printedPhoto.minFace", -1...1)
      person.printedPhoto.minEyes = r.double(m["minEyes"], "photo.face.printedPhoto.minEyes", -1...1)
      person.printedPhoto.minMouth = r.double(m["minMouth"], "photo.face.printedPhoto.minMouth", -1...1)
      person.printedPhoto.minConfidence = r.double(m["minConfidence"], "photo.face.printedPhoto.minConfidence", -10...10)
    }
    // The head's share is divided by (the fixer sizes its crop by it), and the crown,
    // the head and the chin's margin must fit in one photo.
    r.require(
      person.headHeight.lowerBound >= 0.1, "photo.face.headHeight", face["headHeight"],
      LocalizedText("policyLoader.theHeadSShareMust"))
    r.require(
      person.crownMargin.lowerBound + person.headHeight.lowerBound <= 1 - person.minChinMargin, "photo.face", ph["face"],
      LocalizedText("policyLoader.crownmarginMinHeadHeightMinMinChinMargin"))
    p.person = person
    if r.problems.isEmpty {
      let fixAspect = Double(p.fixHeight) / Double(p.fixWidth)
      r.require(
        (p.minWidth...p.maxWidth).contains(p.fixWidth) && (p.minHeight...p.maxHeight).contains(p.fixHeight)
          && (p.minAspect...p.maxAspect).contains(fixAspect), "photo.fix", ph["fix"],
        LocalizedText("policyLoader.theFixSizeMustItself", ["fixWidth": p.fixWidth, "fixHeight": p.fixHeight]))
    }

    let doc = r.mapping(
      top["documents"], "documents",
      keys: [
        "formats", "maxBytes", "maxPDFPages", "pdfRenderDPI", "minShortSide", "workingShortSide", "minSharpness", "minDetail",
        "minFineSteps", "exposure",
      ], optional: ["minSharpnessAnyDirection"])
    let documentMaterials = MaterialType.allCases.filter { $0 != .photo }
    let side = r.mapping(doc["minShortSide"], "documents.minShortSide", keys: documentMaterials.map(\.rawValue))
    let sharp = r.mapping(doc["minSharpness"], "documents.minSharpness", keys: documentMaterials.map(\.rawValue))
    var minShortSide: [MaterialType: Int] = [:]
    var minSharpness: [MaterialType: Double] = [:]
    for m in documentMaterials {
      minShortSide[m] = r.int(side[m.rawValue], "documents.minShortSide.\(m.rawValue)", 100...20_000)
      minSharpness[m] = r.double(sharp[m.rawValue], "documents.minSharpness.\(m.rawValue)", 0...100)
    }
    let exposure = r.mapping(doc["exposure"], "documents.exposure", keys: ["minMean", "maxDarkest", "minDynamicRange"])
    var documents = DocumentPolicy(
      formats: formats(doc["formats"], "documents.formats", &r),
      maxBytes: r.int(doc["maxBytes"], "documents.maxBytes", 1024...1 << 31),
      maxPDFPages: r.int(doc["maxPDFPages"], "documents.maxPDFPages", 1...500),
      pdfRenderDPI: r.double(doc["pdfRenderDPI"], "documents.pdfRenderDPI", 36...600),
      minShortSide: minShortSide,
      workingShortSide: r.int(doc["workingShortSide"], "documents.workingShortSide", 200...4000),
      minSharpness: minSharpness,
      minDetail: r.double(doc["minDetail"], "documents.minDetail", 0...500),
      minFineSteps: r.double(doc["minFineSteps"], "documents.minFineSteps", 0...100),
      minMean: r.double(exposure["minMean"], "documents.exposure.minMean", 0...255),
      maxDarkest: r.int(exposure["maxDarkest"], "documents.exposure.maxDarkest", 0...255),
      minDynamicRange: r.int(exposure["minDynamicRange"], "documents.exposure.minDynamicRange", 0...255))
    // Added in 0.3, with its default, so that older policy files keep working.
    if let v = doc["minSharpnessAnyDirection"] {
      documents.minSharpnessAnyDirection = r.double(v, "documents.minSharpnessAnyDirection", 0...100)
    }

    var policy = Policy(
      name: r.text(top["name"], "name") ?? "", registration: registration, limits: limits, photo: p, documents: documents)
    if let node = top["forms"] { policy.forms = forms(node, &r) }
    if let node = top["reading"] { policy.reading = reading(node, &r) }
    return policy
  }

  private static func reading(_ node: DocumentNode, _ r: inout ConfigReader) -> ReadingPolicy {
    let m = r.mapping(
      node, "reading", keys: ["enabled", "topBand", "minConfidence", "employerMatch", "otherEmployerBelow"],
      optional: ["sealMinConfidence", "sealKindsRefused", "sealKindsAccepted"])
    var p = ReadingPolicy()
    if m["sealMinConfidence"] != nil {
      p.sealMinConfidence = r.double(m["sealMinConfidence"], "reading.sealMinConfidence", 0...100)
    }
    if m["sealKindsRefused"] != nil {
      p.sealKindsRefused = r.list(m["sealKindsRefused"], "reading.sealKindsRefused").enumerated().compactMap {
        r.text($0.element, "reading.sealKindsRefused[\($0.offset)]")
      }
    }
    if m["sealKindsAccepted"] != nil {
      p.sealKindsAccepted = r.list(m["sealKindsAccepted"], "reading.sealKindsAccepted").enumerated().compactMap {
        r.text($0.element, "reading.sealKindsAccepted[\($0.offset)]")
      }
    }
    p.enabled = r.bool(m["enabled"], "reading.enabled")
    p.topBand = r.double(m["topBand"], "reading.topBand", 0.05...1)
    p.minConfidence = r.double(m["minConfidence"], "reading.minConfidence", 0...100)
    p.employerMatch = r.double(m["employerMatch"], "reading.employerMatch", 0...1)
    p.otherEmployerBelow = r.double(m["otherEmployerBelow"], "reading.otherEmployerBelow", 0...1)
    r.require(
      p.otherEmployerBelow < p.employerMatch, "reading", node, LocalizedText("policyLoader.otheremployerbelowMustBeLessThan"))
    return p
  }

  private static func forms(_ node: DocumentNode, _ r: inout ConfigReader) -> FormScanPolicy {
    let m = r.mapping(node, "forms", keys: ["verify", "signature", "seal"])
    let sig = r.mapping(m["signature"], "forms.signature", keys: ["minInk", "minSpan"])
    let seal = r.mapping(
      m["seal"], "forms.seal", keys: ["minArea", "minStrength", "minDiameter", "maxDiameter", "minRoundness", "minRing"])
    var f = FormScanPolicy()
    f.verify = r.bool(m["verify"], "forms.verify")
    f.signatureMinInk = r.double(sig["minInk"], "forms.signature.minInk", 0...1)
    f.signatureMinSpan = r.double(sig["minSpan"], "forms.signature.minSpan", 0...1)
    f.sealMinArea = r.double(seal["minArea"], "forms.seal.minArea", 0...10_000)
    f.sealMinStrength = r.double(seal["minStrength"], "forms.seal.minStrength", 0...255)
    f.sealMinDiameter = r.double(seal["minDiameter"], "forms.seal.minDiameter", 1...200)
    f.sealMaxDiameter = r.double(seal["maxDiameter"], "forms.seal.maxDiameter", 1...200)
    f.sealMinRoundness = r.double(seal["minRoundness"], "forms.seal.minRoundness", 0...1)
    f.sealMinRing = r.double(seal["minRing"], "forms.seal.minRing", 0...1)
    r.require(
      f.sealMinDiameter <= f.sealMaxDiameter, "forms.seal", node, LocalizedText("policyLoader.mindiameterCannotExceedMaxDiameter")
    )
    return f
  }

  private static func formats(_ node: DocumentNode?, _ path: String, _ r: inout ConfigReader) -> [FileFormat] {
    let items = r.list(node, path).enumerated().compactMap { r.vocabulary($1, "\(path)[\($0)]", as: FileFormat.self) }
    r.require(node == nil || !items.isEmpty, path, node, LocalizedText("policyLoader.listAtLeastOneFormat"))
    return items
  }

  private static func color(_ node: DocumentNode?, _ path: String, _ r: inout ConfigReader) -> RGBColor {
    let white = RGBColor(red: 255, green: 255, blue: 255)
    guard let node, let t = r.text(node, path) else { return white }
    guard let c = RGBColor(hex: t) else {
      r.problem(path, node.line, LocalizedText("policyLoader.expectedAColourRRGGBB"))
      return white
    }
    return c
  }

  /// A `{min: …, max: …}` pair of whole numbers with min ≤ max.
  private static func intRange(_ node: DocumentNode?, _ path: String, _ bounds: ClosedRange<Int>, _ r: inout ConfigReader) -> (
    Int, Int
  ) {
    let m = r.mapping(node, path, keys: ["min", "max"])
    let lo = r.int(m["min"], "\(path).min", bounds), hi = r.int(m["max"], "\(path).max", bounds)
    r.require(lo <= hi, path, node, LocalizedText("policyLoader.minCannotExceedMax"))
    return (lo, hi)
  }

  private static func doubleRange(_ node: DocumentNode?, _ path: String, _ bounds: ClosedRange<Double>, _ r: inout ConfigReader)
    -> (Double, Double)
  {
    let m = r.mapping(node, path, keys: ["min", "max"])
    let lo = r.double(m["min"], "\(path).min", bounds), hi = r.double(m["max"], "\(path).max", bounds)
    r.require(lo <= hi, path, node, LocalizedText("policyLoader.minCannotExceedMax"))
    return (lo, hi)
  }
}
