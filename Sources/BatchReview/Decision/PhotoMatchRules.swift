import FaceFinding
import MaterialChecks
import RegistrationRules

/// The photo printed on the form against the uploaded ID photo (若在申请表中上传照片，应与
/// 表中照片一致): both were measured in the workers, each face reduced to a print; this
/// compares the prints. A form printed without a photo has nothing to compare.
public enum PhotoMatchRules {
  public static func findings(idPhoto: FacePrint?, pages: [FormScanRules.ScannedPage], rules: PersonRules) -> [Finding] {
    guard rules.enabled, let idPhoto else { return [] }
    var findings: [Finding] = []
    for page in pages {
      guard let printed = page.scan.photo?.print else { continue }
      let appearance = printed.similarity(to: idPhoto).appearance
      guard appearance < rules.minSamePhoto else { continue }
      let measured = (appearance * 1000).rounded() / 1000
      findings.append(
        Finding(
          .photoMismatch, material: .form, file: page.file,
          message: LocalizedText(
            zh:
              "\(page.name(true)) 照片格中打印的照片与上传的证件照不是同一张（相似度 \(Measure(measured))，至少 \(Measure(rules.minSamePhoto))）：申请表上的照片须与上传的证件照一致，请用同一张照片重新打印申请表",
            en:
              "the photo printed in the photo box of \(page.name(false)) is not the uploaded ID photo (similarity \(Measure(measured)), at least \(Measure(rules.minSamePhoto))): the form must carry the same photo; print the form again with the uploaded photo"
          ), measured: Measure(measured), limit: Measure(rules.minSamePhoto)))
    }
    return findings
  }
}
