import Core
import MaterialChecks
import RegistrationRules

/// The form's pages as their QR codes identify them: whose form each page is, and whether
/// both pages are there once each. Pure: the scans were measured in the workers; this
/// judges them against the application. (Signature and seal are each file's own verdict:
/// `FormScanVerdict`.)
public enum FormScanRules {
  public typealias ScannedPage = FormScanVerdict.ScannedPage

  public struct Outcome: Sendable {
    public var findings: [Finding] = []
    /// Every page was identified by its QR code: the page count rule by file names is
    /// not needed (the QR codes said which pages are there).
    public var pagesSettled = false
  }

  /// - Parameters:
  ///   - pages: every readable page of every form file, in upload order.
  ///   - everyFileRead: every form file could be read (a damaged file already has its
  ///     reason; no page is called missing because of it).
  public static func judge(_ pages: [ScannedPage], everyFileRead: Bool, application app: Application, policy: Policy)
    -> Outcome
  {
    var outcome = Outcome()
    guard !pages.isEmpty else { return outcome }
    let expectedDigest = FormValues(app, policy: policy).printedDigest
    var identified: [Int: [ScannedPage]] = [:]
    var unreadable = 0
    for page in pages {
      // Unreadable pages were named by the file's own verdict (`QR_UNREADABLE`).
      guard let payload = page.scan.payload else {
        unreadable += 1
        continue
      }
      identified[payload.page, default: []].append(page)
      outcome.findings += mismatches(page, payload, app: app, expectedDigest: expectedDigest)
    }
    outcome.findings += pageFindings(identified, allIdentified: unreadable == 0 && everyFileRead)
    outcome.pagesSettled = unreadable == 0 && everyFileRead
    return outcome
  }

  static func mismatches(_ page: ScannedPage, _ payload: FormQRPayload, app: Application, expectedDigest: String?) -> [Finding] {
    var findings: [Finding] = []
    func mismatch(_ zh: String, _ en: String, _ measured: String) {
      findings.append(
        Finding(
          .formMismatch, material: .form, file: page.file, message: LocalizedText(zh: zh, en: en), measured: .text(measured)))
    }
    let name = (page.name(true), page.name(false))
    if let kind = app.kind, payload.kind != kind {
      mismatch(
        "\(name.0) 是\(payload.kind.label.zh)申请表，而本申请是\(kind.label.zh)：请上传本次申请的申请表",
        "\(name.1) is a form for \(payload.kind.label.en), but this application is for \(kind.label.en): upload this application's form",
        payload.kind.rawValue)
    }
    if let id = payload.id, id != app.id {
      mismatch(
        "\(name.0) 是另一份申请（编号 \(id)）的申请表，与本申请（编号 \(app.id ?? "无")）不符",
        "\(name.1) is the form of another application (\(id)), not this one (\(app.id ?? "no id"))", id)
    } else if let digest = payload.digest, let expectedDigest, digest != expectedDigest {
      mismatch(
        "\(name.0) 上打印的内容与本申请的数据不一致（二维码摘要 \(digest)，应为 \(expectedDigest)）：申请表是用其他或修改前的数据打印的，请按现在的数据重新打印、签字盖章后上传",
        "what \(name.1) prints differs from this application's data (QR digest \(digest), expected \(expectedDigest)): the form was printed from other or older data; print it again from the current data, sign, stamp and upload it",
        digest)
    }
    return findings
  }

  /// Page 1 and page 2, each once. A page without a readable QR code is not counted here
  /// (the file-name rule counts it), but a page uploaded twice is named either way.
  static func pageFindings(_ identified: [Int: [ScannedPage]], allIdentified: Bool) -> [Finding] {
    var findings: [Finding] = []
    for (number, pages) in identified.sorted(by: { $0.key < $1.key }) where pages.count > 1 {
      let names = (pages.map { $0.name(true) }.joined(separator: "、"), pages.map { $0.name(false) }.joined(separator: ", "))
      findings.append(
        Finding(
          .formPages, material: .form, file: pages.first?.file,
          message: LocalizedText(
            zh: "申请表第 \(number) 页上传了 \(pages.count) 次（\(names.0)，按二维码识别）：请上传第 1 页和第 2 页各一张",
            en:
              "page \(number) of the form was uploaded \(pages.count) times (\(names.1), by their QR codes); upload page 1 and page 2 once each"
          ),
          measured: Measure(pages.count), limit: Measure(1)))
    }
    if allIdentified {
      for number in [1, 2] where identified[number] == nil {
        findings.append(
          Finding(
            .formPages, material: .form,
            message: LocalizedText(
              zh: "缺少申请表第 \(number) 页（按各页二维码识别）：须上传双面打印的两页",
              en: "page \(number) of the form is missing (by the pages' QR codes); upload both pages")))
      }
      for number in identified.keys.sorted() where number > 2 {
        findings.append(
          Finding(
            .formPages, material: .form, file: identified[number]?.first?.file,
            message: LocalizedText(
              zh: "二维码标明的第 \(number) 页不属于申请表（申请表只有两页）", en: "the QR code says page \(number); the form has two pages")))
      }
    }
    return findings
  }
}
