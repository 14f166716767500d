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
    func mismatch(_ message: LocalizedText, _ measured: String) {
      findings.append(
        Finding(.formMismatch, material: .form, file: page.file, message: message, measured: .text(measured)))
    }
    let name = page.nameText
    if let kind = app.kind, payload.kind != kind {
      mismatch(
        LocalizedText("formScanRules.otherKind", ["page": name, "printed": payload.kind.label, "kind": kind.label]),
        payload.kind.rawValue)
    }
    if let id = payload.id, id != app.id {
      let ours = app.id.map { LocalizedText(verbatim: $0) } ?? LocalizedText("formScanRules.noId")
      mismatch(LocalizedText("formScanRules.otherApplication", ["page": name, "id": id, "ours": ours]), id)
    } else if let digest = payload.digest, let expectedDigest, digest != expectedDigest {
      mismatch(
        LocalizedText("formScanRules.otherData", ["page": name, "digest": digest, "expected": expectedDigest]), digest)
    }
    return findings
  }

  /// Page 1 and page 2, each once. A page without a readable QR code is not counted here
  /// (the file-name rule counts it), but a page uploaded twice is named either way.
  static func pageFindings(_ identified: [Int: [ScannedPage]], allIdentified: Bool) -> [Finding] {
    var findings: [Finding] = []
    for (number, pages) in identified.sorted(by: { $0.key < $1.key }) where pages.count > 1 {
      let names = LocalizedText.list(pages.map(\.nameText), separator: LocalizedText("core.listSeparator"))
      findings.append(
        Finding(
          .formPages, material: .form, file: pages.first?.file,
          message: LocalizedText("formScanRules.pageTwice", ["number": number, "count": pages.count, "pages": names]),
          measured: Measure(pages.count), limit: Measure(1)))
    }
    if allIdentified {
      for number in [1, 2] where identified[number] == nil {
        findings.append(
          Finding(
            .formPages, material: .form,
            message: LocalizedText("formScanRules.pageOfTheFormIs", ["number": number])))
      }
      for number in identified.keys.sorted() where number > 2 {
        findings.append(
          Finding(
            .formPages, material: .form, file: identified[number]?.first?.file,
            message: LocalizedText("formScanRules.theQRCodeSaysPage", ["number": number])))
      }
    }
    return findings
  }
}
