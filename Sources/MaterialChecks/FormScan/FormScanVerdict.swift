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

    public func name(_ zh: Bool) -> String { nameText(zh ? .zh : .en) }

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
        message: LocalizedText(
          zh:
            "\(page.name(true)) 上未能识别本系统的申请表二维码（或并非本系统打印的申请表）：已按文件名判断页码，签字和盖章按表上印刷的\(found.joined(separator: "、"))处检查，请人工核对表上内容",
          en:
            "no safetyreg form QR code could be read on \(page.name(false)) (or it was not printed by safetyreg): the page was identified by its file name, and the signature and seal were checked where its printed labels (\(found.joined(separator: ", "))) are; check its content yourself"
        ))
    }
    return Finding(
      .qrUnreadable, .warning, material: .form, file: page.file,
      message: LocalizedText(
        zh: foreign
          ? "\(page.name(true)) 上的二维码不是本系统打印的申请表二维码：已按文件名判断页码，未检查签字和盖章，请人工核对"
          : "\(page.name(true)) 上未能识别申请表的二维码（照片过于模糊或并非本系统打印的申请表）：已按文件名判断页码，未检查签字和盖章，请人工核对",
        en: foreign
          ? "the QR code on \(page.name(false)) is not a safetyreg form code: the page was identified by its file name, and its signature and seal were not checked; look at it yourself"
          : "no form QR code could be read on \(page.name(false)) (a very poor photo, or a form not printed by safetyreg): the page was identified by its file name, and its signature and seal were not checked; look at it yourself"
      ))
  }

  static func signatureFinding(_ page: ScannedPage, _ m: SignatureMeasure, _ p: FormScanPolicy) -> Finding? {
    guard m.inkShare < p.signatureMinInk || m.span < p.signatureMinSpan else { return nil }
    let ink = Measure((m.inkShare * 1000).rounded() / 10)
    return Finding(
      .signatureMissing, material: .form, file: page.file,
      message: LocalizedText(
        zh: "\(page.name(true)) 的申请人签字处没有签名（笔迹覆盖 \(ink)%，至少 \(Measure(p.signatureMinInk * 100))%）：申请人须本人签字",
        en:
          "\(page.name(false)) has no signature on the applicant's line (ink covers \(ink)%, at least \(Measure(p.signatureMinInk * 100))%): the applicant must sign"
      ),
      measured: ink, limit: Measure(p.signatureMinInk * 100))
  }

  static func sealFinding(_ page: ScannedPage, _ m: SealMeasure, _ p: FormScanPolicy) -> Finding? {
    guard let problem = SealVerdict.problems(m, p).first else { return nil }
    let n = (page.name(true), page.name(false))
    func finding(_ zh: String, _ en: String, _ measured: Measure?, _ limit: Measure?) -> Finding {
      Finding(
        .sealMissing, material: .form, file: page.file, message: LocalizedText(zh: zh, en: en), measured: measured, limit: limit)
    }
    func round1(_ x: Double) -> Measure { Measure((x * 10).rounded() / 10) }
    switch problem {
    case .noColour:
      return finding(
        "\(n.0) 是黑白（灰度）图像，看不出单位的红色公章：请上传彩色照片或扫描件",
        "\(n.1) is in greyscale, so the employer's red seal cannot be seen: upload a colour photo or scan", .text("gray"), nil)
    case .none:
      return finding(
        "\(n.0) 的聘用单位意见栏没有红色公章（红色面积 \(round1(m.redArea)) 平方毫米）：须加盖单位法人公章或人事部门公章",
        "\(n.1) has no red seal in the employer's box (red area \(round1(m.redArea)) mm²): it must carry the employer's or its HR department's seal",
        round1(m.redArea), Measure(p.sealMinArea))
    case .faint:
      return finding(
        "\(n.0) 的单位公章过淡（红色强度 \(round1(m.strength))，至少 \(Measure(p.sealMinStrength))）：公章须清晰，请重新盖章后上传",
        "the employer's seal on \(n.1) is too faint (red strength \(round1(m.strength)), at least \(Measure(p.sealMinStrength))): stamp it clearly and upload it again",
        round1(m.strength), Measure(p.sealMinStrength))
    case .size:
      return finding(
        "\(n.0) 的红色印记直径 \(round1(m.diameter)) 毫米，不像单位公章（应为 \(Measure(p.sealMinDiameter))–\(Measure(p.sealMaxDiameter)) 毫米）",
        "the red mark on \(n.1) is \(round1(m.diameter)) mm across, not an employer's seal (\(Measure(p.sealMinDiameter))–\(Measure(p.sealMaxDiameter)) mm)",
        round1(m.diameter), Measure(p.sealMaxDiameter))
    case .shape:
      return finding(
        "\(n.0) 的红色印记不是圆形公章（圆度 \(round1(m.roundness))，至少 \(Measure(p.sealMinRoundness))）",
        "the red mark on \(n.1) is not a round seal (roundness \(round1(m.roundness)), at least \(Measure(p.sealMinRoundness)))",
        round1(m.roundness), Measure(p.sealMinRoundness))
    case .cutOff:
      let ring = Measure((m.ring * 100).rounded())
      return finding(
        "\(n.0) 的单位公章不完整（只看到外圈的 \(ring)%，至少 \(Measure(p.sealMinRing * 100))%）：公章被截断或未盖全，请拍全或重新盖章",
        "the employer's seal on \(n.1) is incomplete (\(ring)% of its ring visible, at least \(Measure(p.sealMinRing * 100))%): it is cut off or half stamped",
        ring, Measure(p.sealMinRing * 100))
    }
  }
}
