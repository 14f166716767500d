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
      let name = c.page.nameText
      let measured: Double, limit: Double, message: LocalizedText
      if s.appearance < p.minFace && s.eyes < p.minEyes {
        (measured, limit) = ((s.appearance * 1000).rounded() / 1000, p.minFace)
        message = LocalizedText(
          "photoMatchRules.anotherPerson", ["page": name, "measured": Measure(measured), "limit": Measure(limit)])
      } else if s.mouth < p.minMouth && confidence >= p.minConfidence {
        (measured, limit) = ((s.mouth * 1000).rounded() / 1000, p.minMouth)
        message = LocalizedText(
          "photoMatchRules.anotherPicture", ["page": name, "measured": Measure(measured), "limit": Measure(limit)])
      } else {
        return nil
      }
      return Finding(
        .photoMismatch, material: .form, file: c.page.file, message: message, measured: Measure(measured),
        limit: Measure(limit))
    }
  }
}
