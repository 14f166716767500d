import Core
import FaceFinding
import MaterialChecks
import RegistrationRules

/// The photo printed on the form against the uploaded ID photo (若在申请表中上传照片，应与
/// 表中照片一致): both were measured in the workers, each face reduced to a print; this
/// compares the prints. A form printed without a photo has nothing to compare.
public enum PhotoMatchRules {
  /// One form page's printed photo compared with the ID photo.
  public struct Comparison: Sendable {
    public var page: FormScanRules.ScannedPage
    public var similarity: FacePrint.Similarity
  }

  public static func compare(idPhoto: FacePrint?, pages: [FormScanRules.ScannedPage], rules: PersonRules) -> [Comparison] {
    guard rules.enabled, let idPhoto else { return [] }
    return pages.compactMap { page in
      page.scan.photo?.print.map { Comparison(page: page, similarity: $0.similarity(to: idPhoto)) }
    }
  }

  /// `PHOTO_MISMATCH` where the printed photo is not the uploaded one: another person (the
  /// whole face and the eyes correlate as two people's do), or another photo of the same
  /// person (the mouth differs, on a print seen clearly enough to tell).
  public static func findings(_ comparisons: [Comparison], rules: PersonRules) -> [Finding] {
    let p = rules.printedPhoto
    return comparisons.compactMap { c in
      let s = c.similarity
      let confidence = c.page.scan.photo?.print?.confidence ?? 0
      let (zh, en) = (c.page.name(true), c.page.name(false))
      let measured: Double, limit: Double, message: LocalizedText
      if s.appearance < p.minFace && s.eyes < p.minEyes {
        (measured, limit) = ((s.appearance * 1000).rounded() / 1000, p.minFace)
        message = LocalizedText(
          zh:
            "\(zh) 照片格中打印的是另一个人的照片（面部相似度 \(Measure(measured))，至少 \(Measure(limit))）：申请表上的照片须与上传的证件照一致，请用本人的证件照重新打印申请表",
          en:
            "the photo printed in the photo box of \(en) shows another person (face similarity \(Measure(measured)), at least \(Measure(limit))): the form must carry the uploaded ID photo; print it again with that photo"
        )
      } else if s.mouth < p.minMouth && confidence >= p.minConfidence {
        (measured, limit) = ((s.mouth * 1000).rounded() / 1000, p.minMouth)
        message = LocalizedText(
          zh:
            "\(zh) 照片格中打印的不是上传的那张证件照（似为另一张照片，嘴部相似度 \(Measure(measured))，至少 \(Measure(limit))）：申请表上的照片须与上传的证件照为同一张，请用上传的证件照重新打印申请表",
          en:
            "the photo printed in the photo box of \(en) is not the uploaded ID photo but another picture (mouth similarity \(Measure(measured)), at least \(Measure(limit))): the form must carry the same photo; print it again with the uploaded one"
        )
      } else {
        return nil
      }
      return Finding(
        .photoMismatch, material: .form, file: c.page.file, message: message, measured: Measure(measured),
        limit: Measure(limit))
    }
  }
}
