import Core
import RegistrationRules

/// What a form's pages show on their own, without the application: a page whose QR code
/// could not be read (a warning), a missing signature, a missing or poor seal. Pure: the
/// scans in, findings out. (Whose form it is, and whether both pages are there, needs the
/// application: `FormScanRules` in the review.)
public enum FormScanVerdict {
  /// A page as the findings name it: `form-2.jpg`, or `form.pdf 第 2 页`.
  public struct ScannedPage: Sendable {
    public var file: String
    /// The page within the file (0 for an image; a PDF's page index).
    public var index: Int
    public var pagesInFile: Int
    public var scan: FormPageScan

    public init(file: String, index: Int, pagesInFile: Int, scan: FormPageScan) {
      self.file = file
      self.index = index
      self.pagesInFile = pagesInFile
      self.scan = scan
    }

    /// The file, and the page when the file has more than one.
    public var nameText: LocalizedText {
      pagesInFile > 1
        ? LocalizedText("formScanVerdict.filePage", ["file": file, "page": index + 1]) : LocalizedText(verbatim: file)
    }
  }

  /// The pages of one file.
  public static func pages(of m: MaterialMeasurement) -> [ScannedPage] {
    m.formScans.enumerated().map { ScannedPage(file: m.file, index: $0.offset, pagesInFile: m.formScans.count, scan: $0.element) }
  }

  public static func findings(_ m: MaterialMeasurement, policy: FormScanPolicy) -> (reasons: [Finding], warnings: [Finding]) {
    var reasons: [Finding] = [], warnings: [Finding] = []
    for page in pages(of: m) {
      if page.scan.payload == nil {
        warnings.append(unreadableQR(page))
        // Without our QR code the signature and the seal are checked only where the
        // page's printed labels were read.
        guard let labels = page.scan.labels, labels.signature != nil || labels.seal != nil else { continue }
      }
      if let signature = page.scan.signature, let finding = signatureFinding(page, signature, policy) {
        reasons.append(finding)
      }
      if let seal = page.scan.seal, let finding = sealFinding(page, seal, policy) { reasons.append(finding) }
    }
    return (reasons, warnings)
  }

  static func unreadableQR(_ page: ScannedPage) -> Finding {
    let foreign = page.scan.qr != nil
    if let labels = page.scan.labels, labels.signature != nil || labels.seal != nil {
      let found = [labels.signature, labels.seal].compactMap { $0 }.map { "“\($0)”" }
      return Finding(
        .qrUnreadable, .warning, material: .form, file: page.file,
        message: LocalizedText("formScanVerdict.checkedByLabels", ["page": page.nameText, "labels": LocalizedText.list(found)]))
    }
    return Finding(
      .qrUnreadable, .warning, material: .form, file: page.file,
      message: LocalizedText(
        foreign ? "formScanVerdict.foreignQRCode" : "formScanVerdict.noQRCode", ["page": page.nameText]))
  }

  static func signatureFinding(_ page: ScannedPage, _ m: SignatureMeasure, _ p: FormScanPolicy) -> Finding? {
    guard m.inkShare < p.signatureMinInk || m.span < p.signatureMinSpan else { return nil }
    let ink = Measure((m.inkShare * 1000).rounded() / 10)
    return Finding(
      .signatureMissing, material: .form, file: page.file,
      message: LocalizedText(
        "formScanVerdict.noSignature", ["page": page.nameText, "ink": ink, "limit": Measure(p.signatureMinInk * 100)]),
      measured: ink, limit: Measure(p.signatureMinInk * 100))
  }

  static func sealFinding(_ page: ScannedPage, _ m: SealMeasure, _ p: FormScanPolicy) -> Finding? {
    guard let problem = SealVerdict.problems(m, p).first else { return nil }
    func finding(_ message: LocalizedText, _ measured: Measure?, _ limit: Measure?) -> Finding {
      Finding(.sealMissing, material: .form, file: page.file, message: message, measured: measured, limit: limit)
    }
    let name = page.nameText
    func round1(_ x: Double) -> Measure { Measure((x * 10).rounded() / 10) }
    switch problem {
    case .noColour:
      return finding(LocalizedText("formScanVerdict.sealInGreyscale", ["page": name]), .text("gray"), nil)
    case .none:
      return finding(
        LocalizedText("formScanVerdict.noSeal", ["page": name, "redArea": round1(m.redArea)]), round1(m.redArea),
        Measure(p.sealMinArea))
    case .faint:
      return finding(
        LocalizedText(
          "formScanVerdict.sealFaint", ["page": name, "strength": round1(m.strength), "limit": Measure(p.sealMinStrength)]),
        round1(m.strength), Measure(p.sealMinStrength))
    case .size:
      return finding(
        LocalizedText(
          "formScanVerdict.sealSize",
          ["page": name, "diameter": round1(m.diameter), "min": Measure(p.sealMinDiameter), "max": Measure(p.sealMaxDiameter)]),
        round1(m.diameter), Measure(p.sealMaxDiameter))
    case .shape:
      return finding(
        LocalizedText(
          "formScanVerdict.sealShape", ["page": name, "roundness": round1(m.roundness), "limit": Measure(p.sealMinRoundness)]),
        round1(m.roundness), Measure(p.sealMinRoundness))
    case .cutOff:
      let ring = Measure((m.ring * 100).rounded())
      return finding(
        LocalizedText("formScanVerdict.sealCutOff", ["page": name, "ring": ring, "limit": Measure(p.sealMinRing * 100)]), ring,
        Measure(p.sealMinRing * 100))
    }
  }
}
