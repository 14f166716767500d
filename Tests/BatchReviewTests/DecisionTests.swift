import BatchReview
import Core
import Foundation
import RegistrationRules
import TestSupport
import Testing

@Suite struct SampleDecisionTests {
  /// Every shipped sample gets exactly the decision and codes it was made to show.
  @Test(arguments: [
    ("2026-0001-initial-ok", Decision.accept, [ReasonCode]()),
    ("2026-0002-renewal-ok", .accept, []),
    ("2026-0003-change-ok", .accept, []),
    ("2026-0004-reregistration-pdf-ok", .accept, []),
    ("2026-0005-form-page-missing", .reject, [.formPages]),
    ("2026-0006-missing-id-handheld", .reject, [.missingMaterial]),
    ("2026-0007-blurry-contract", .reject, [.blurry]),
    ("2026-0008-photo-blue-background", .reject, [.photoBackground]),
    ("2026-0009-dark-contract", .reject, [.tooDark]),
    ("2026-0010-low-resolution-contract", .reject, [.resolutionTooLow]),
    ("2026-0011-corrupt-form-page", .reject, [.corruptFile]),
    ("2026-0012-invalid-data", .reject, [.invalidField]),
    ("2026-0013-hostile-upload", .reject, [.invalidField, .unsafePath]),
    ("2026-0014-form-of-another-applicant", .reject, [.formMismatch]),
    ("2026-0015-form-unsigned", .reject, [.signatureMissing]),
    ("2026-0016-form-unstamped", .reject, [.sealMissing]),
    ("2026-0017-form-printed-from-older-data", .reject, [.formMismatch]),
    ("2026-0018-photo-sideways", .reject, [.facePose, .photoDimensions, .resolutionTooLow]),
    ("2026-0019-photo-two-people", .reject, [.multipleFaces]),
    ("2026-0020-photo-head-off-centre", .reject, [.faceFraming]),
    ("2026-0021-id-handheld-without-card", .reject, [.noIDCard]),
    ("2026-0022-form-photo-of-someone-else", .reject, [.photoMismatch]),
    ("2026-0023-contract-of-another-person", .reject, [.contentMismatch]),
    ("2026-0024-id-card-of-another-person", .reject, [.contentMismatch]),
    ("2026-0025-form-stamped-with-contract-seal", .reject, [.sealNameMismatch]),
    ("2026-0026-form-seal-of-another-company", .reject, [.sealNameMismatch]),
    ("2026-0027-official-form-ok", .accept, []),
    ("2026-0028-official-form-unsigned", .reject, [.signatureMissing]),
    ("2026-0029-official-form-unstamped", .reject, [.sealMissing]),
  ])
  func decision(_ id: String, _ decision: Decision, _ codes: [ReasonCode]) {
    let report = SubmissionReviewer.review(folderAt: samples + "/" + id, id: id, settings: settings()).report
    #expect(report.decision == decision, "\(report.reasons.map(\.message))")
    #expect(report.codes == codes.sorted())
    // Every sample form page of ours is identified by its QR code; the official system's
    // forms have none, and the reviewer is told so.
    #expect(
      report.warnings.contains { $0.code == .qrUnreadable } == id.contains("official-form"),
      "\(report.warnings.map(\.message))")
    // The seal on every form stamped whole was read and named the employer, or the
    // reviewer is told it could not be.
    #expect(!report.warnings.contains { $0.code == .sealUnreadable }, "\(report.warnings.map(\.message))")
    // Documents that are legible and the applicant's are read as such: no CONTENT_NOT_FOUND
    // where no quality reason (blur, darkness, resolution, damage) or bad data explains it.
    if codes.allSatisfy({ ![.blurry, .tooDark, .resolutionTooLow, .corruptFile, .invalidField].contains($0) }) {
      #expect(!report.warnings.contains { $0.code == .contentNotFound }, "\(report.warnings.map(\.message))")
    }
  }

  /// What was read is kept as matches (where, how confidently), never as text: the
  /// accepted initial sample names its applicant, number and employer on the contract's
  /// first page, and the card's number in the hand-held photo.
  @Test func theContractAndTheCardAreReadAndOnlyMatchesKept() throws {
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0001-initial-ok", id: "r", settings: settings()
    ).report
    let contract = try #require(report.materials.first { $0.file == "contract-1.jpg" })
    for key in ["contentName", "contentIdNumber", "contentEmployer"] {
      let place = try #require(contract.metrics[key], "\(key): \(contract.metrics.pairs)")
      guard case .text(let text) = place else {
        Issue.record("\(key): \(place)")
        continue
      }
      #expect(text.hasPrefix("contract-1.jpg p1 (x "), "\(text)")
    }
    // Each is marked on the preview where it was read: three boxes in the top band.
    let marks = (contract.marks ?? []).filter { $0.kind == .text }
    #expect(marks.count == 3, "\(contract.marks ?? [])")
    for mark in marks {
      #expect(mark.x >= 0 && mark.x + mark.width <= 1 && mark.y >= 0 && mark.y + mark.height <= 0.5, "\(mark)")
      #expect(mark.width > mark.height && mark.found)
    }
    // The second page was not read: the first named everyone.
    let second = report.materials.first { $0.file == "contract-2.jpg" }
    #expect(second != nil && second?.metrics.pairs.contains { $0.name.hasPrefix("content") } == false)
    #expect(report.materials.first { $0.file == "id-handheld.jpg" }?.metrics["contentIdNumber"] != nil)
    // Nothing read is in the report: not the employer's address on the contract's third
    // line, not the clause text.
    let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    #expect(!json.contains("朝阳区化工路") && !json.contains("合同期限"))
  }

  /// Another person's contract and card: the message shows the other number masked.
  @Test func anotherPersonsNumberIsMasked() {
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0024-id-card-of-another-person", id: "c", settings: settings()
    ).report
    let reason = report.reasons.first { $0.code == .contentMismatch }
    #expect(reason?.message.contains("310104********2344") == true, "\(report.reasons.map(\.message))")
    #expect(reason?.message.contains("310104198506152344") == false)
    // The file it is on is the one the page frames in red.
    #expect(reason?.file == "id-handheld.jpg")
    #expect(report.materials.first { $0.file == "id-handheld.jpg" }?.ok == false)
    #expect(report.materials.first { $0.file == "contract-1.jpg" }?.ok == true)
  }

  @Test func acceptedSamplesCheckEveryRequiredMaterial() {
    for (id, kind) in [("2026-0001-initial-ok", RegistrationKind.initial), ("2026-0002-renewal-ok", .renewal)] {
      let report = SubmissionReviewer.review(folderAt: samples + "/" + id, id: id, settings: settings()).report
      #expect(report.kind == kind)
      for material in report.requiredMaterials {
        #expect(report.materials.contains { $0.material == material && $0.ok }, "\(id): \(material)")
      }
      #expect(report.materials.allSatisfy { $0.thumbnail != nil })
    }
    let pdf = SubmissionReviewer.review(
      folderAt: samples + "/2026-0004-reregistration-pdf-ok", id: "x", settings: settings()
    ).report
    #expect(pdf.materials.first { $0.material == .form }?.pages == 2)
  }

  @Test func everyReasonIsKeptAndFilesAreNamed() {
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0013-hostile-upload", id: "h", settings: settings()
    ).report
    let unsafe = report.reasons.filter { $0.code == .unsafePath }.compactMap(\.file).sorted()
    #expect(unsafe == ["../2026-0001-initial-ok/contract-1.jpg", "/etc/passwd", "ce-1.jpg"])
    #expect(report.applicant == "张伟<script>alert('x')</script>")
    let corrupt = SubmissionReviewer.review(
      folderAt: samples + "/2026-0011-corrupt-form-page", id: "c", settings: settings()
    ).report
    #expect(corrupt.warnings.contains { $0.code == .extensionMismatch && $0.file == "contract-1.jpg" })
    // A damaged page is not also counted as a missing page.
    #expect(!corrupt.reasons.contains { $0.code == .formPages })
  }

  @Test func englishMessages() {
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0007-blurry-contract", id: "b", settings: settings(language: .en)
    ).report
    #expect(report.reasons.first?.message.contains("blurred: sharpness") == true)
    #expect(report.reasons.first?.message.contains("模糊") == false)
    #expect(report.reasons.first?.measured != nil && report.reasons.first?.limit != nil)
  }
}

@Suite struct SubmissionLoadingTests {
  let photo = sampleFile("2026-0001-initial-ok", "photo.jpg")
  let app = sampleFile("2026-0001-initial-ok", "application.yaml")

  @Test func withoutAnApplicationTheFolderIsABadSubmission() throws {
    let root = try temporaryDirectory()
    let dir = try makeSubmission(in: root, id: "a", files: ["photo.jpg": photo])
    let report = SubmissionReviewer.review(folderAt: dir, id: "a", settings: settings()).report
    #expect(report.codes == [.badSubmission])
    let two = try makeSubmission(in: root, id: "b", files: ["application.yaml": app, "application.json": Array("{}".utf8)])
    #expect(SubmissionReviewer.review(folderAt: two, id: "b", settings: settings()).report.codes == [.badSubmission])
    let broken = try makeSubmission(in: root, id: "c", files: ["application.yaml": Array("kind: [initial\n  x: 1\n".utf8)])
    let r = SubmissionReviewer.review(folderAt: broken, id: "c", settings: settings()).report
    #expect(r.codes == [.badSubmission])
    #expect(r.reasons[0].message.contains("application.yaml"))
  }

  /// The caps on files and bytes per submission, at the boundary and one past it.
  @Test func capsOnFilesAndBytes() throws {
    let root = try temporaryDirectory()
    var files = ["application.yaml": app]
    for i in 0..<5 { files["extra-\(i).txt"] = [1] }
    let dir = try makeSubmission(in: root, id: "many", files: files)
    var policy = shippedPolicy
    policy.limits.maxFilesPerSubmission = 6
    var report = SubmissionReviewer.review(folderAt: dir, id: "many", settings: settings(policy: policy)).report
    #expect(!report.codes.contains(.badSubmission), "6 files, at most 6")
    policy.limits.maxFilesPerSubmission = 5
    report = SubmissionReviewer.review(folderAt: dir, id: "many", settings: settings(policy: policy)).report
    #expect(report.codes == [.badSubmission])
    #expect(report.reasons[0].measured == Measure(6) && report.reasons[0].limit == Measure(5))
    let total = app.count + 5
    policy = shippedPolicy
    policy.limits.maxSubmissionBytes = total
    report = SubmissionReviewer.review(folderAt: dir, id: "many", settings: settings(policy: policy)).report
    #expect(!report.codes.contains(.badSubmission), "\(total) bytes, at most \(total)")
    policy.limits.maxSubmissionBytes = total - 1
    report = SubmissionReviewer.review(folderAt: dir, id: "many", settings: settings(policy: policy)).report
    #expect(report.codes == [.badSubmission])
    #expect(report.reasons[0].measured == Measure(total) && report.reasons[0].limit == Measure(total - 1))
  }

  @Test func linksSpecialFilesAndTraversalAreRefused() throws {
    let root = try temporaryDirectory()
    let outside = root + "/outside"
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    try Data(photo).write(to: URL(fileURLWithPath: outside + "/photo.jpg"))
    let text =
      String(decoding: app, as: UTF8.self)
      + "materials:\n  contract: [\"inside/../../outside/photo.jpg\", \"linked/photo.jpg\", \"fifo.jpg\"]\n"
    let dir = try makeSubmission(in: root, id: "s", files: ["application.yaml": Array(text.utf8)])
    try FileManager.default.createSymbolicLink(atPath: dir + "/photo.jpg", withDestinationPath: outside + "/photo.jpg")
    try FileManager.default.createSymbolicLink(atPath: dir + "/linked", withDestinationPath: outside)
    #expect(mkfifo(dir + "/fifo.jpg", 0o644) == 0)
    let report = SubmissionReviewer.review(folderAt: dir, id: "s", settings: settings()).report
    let refused = Dictionary(
      report.reasons.filter { $0.code == .unsafePath }.map { ($0.file!, $0.message) }, uniquingKeysWith: { a, _ in a })
    #expect(Set(refused.keys) == ["inside/../../outside/photo.jpg", "linked/photo.jpg", "fifo.jpg", "photo.jpg"])
    #expect(refused["photo.jpg"]!.contains("符号链接"))
    // None of the refused files was measured.
    #expect(report.materials.allSatisfy { $0.format == nil })
  }

  @Test func namingConvention() {
    let cases: [(String, MaterialType?)] = [
      ("photo.jpg", .photo), ("PHOTO.JPEG", .photo), ("form-1.jpg", .form), ("form_2.png", .form), ("form.pdf", .form),
      ("form2.jpg", .form), ("contract-1.pdf", .contract), ("contract.jpg", .contract), ("id-handheld.jpg", .idHandheld),
      ("id_handheld.png", .idHandheld), ("statement-1.pdf", .statement), ("ce-2025.pdf", .ceCertificate),
      ("rename-1.jpg", .renameDocument), ("photocopy.jpg", nil), ("formal.jpg", nil), ("certificate.pdf", nil),
      ("readme.txt", nil), (".photo.jpg", nil),
    ]
    for (name, material) in cases { #expect(NamingConvention.material(forFileName: name) == material, "\(name)") }
    let sorted = ["contract-10.jpg", "contract-2.jpg", "contract-1.jpg"].sorted(by: NamingConvention.naturalOrder)
    #expect(sorted == ["contract-1.jpg", "contract-2.jpg", "contract-10.jpg"])
  }

  @Test func misnamedFilesAreReportedNotLost() throws {
    let root = try temporaryDirectory()
    var files: [String: [UInt8]] = [:]
    for name in ["application.yaml", "photo.jpg", "form-1.jpg", "form-2.jpg", "contract-1.jpg", "id-handheld.jpg"] {
      files[name] = sampleFile("2026-0001-initial-ok", name)
    }
    files["scan0001.jpg"] = files["contract-1.jpg"]
    let dir = try makeSubmission(in: root, id: "m", files: files)
    let report = SubmissionReviewer.review(folderAt: dir, id: "m", settings: settings()).report
    #expect(report.decision == .accept)
    #expect(report.warnings.contains { $0.code == .unusedFile && $0.file == "scan0001.jpg" })
  }
}

@Suite struct SealReadingDecisionTests {
  /// What the seal says is in the report (it names an organisation, not a person): as a
  /// metric of the form's page, and beside the seal's mark on its preview.
  @Test func theSealsWordsAreShownWithTheirConfidence() throws {
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0026-form-seal-of-another-company", id: "s", settings: settings()
    ).report
    let form = try #require(report.materials.first { $0.file == "form-2.jpg" })
    guard case .text(let read) = try #require(form.metrics["sealText"]) else {
      Issue.record("\(form.metrics.pairs)")
      return
    }
    #expect(read.contains("东方建筑") && read.hasSuffix(" %)"), "\(read)")
    #expect(form.marks?.first { $0.kind == .seal }?.note == read)
    #expect(form.ok == false)
    let reason = try #require(report.reasons.first { $0.code == .sealNameMismatch })
    #expect(reason.file == "form-2.jpg" && reason.message.contains("东方建筑"))
    // The employer's own seal on an accepted form: read, and matched.
    let ok = SubmissionReviewer.review(folderAt: samples + "/2026-0001-initial-ok", id: "o", settings: settings()).report
    let own = try #require(ok.materials.first { $0.file == "form-2.jpg" }?.metrics["sealText"])
    #expect("\(own)".contains("华安"), "\(own)")
  }

  /// With reading off, a form without our QR code is not checked, as before reading.
  @Test func readingOffLeavesAnOfficialFormUnchecked() throws {
    var policy = shippedPolicy
    policy.reading.enabled = false
    let report = SubmissionReviewer.review(
      folderAt: samples + "/2026-0028-official-form-unsigned", id: "u", settings: settings(policy: policy)
    ).report
    #expect(report.decision == .accept, "\(report.reasons.map(\.message))")
    #expect(report.warnings.filter { $0.code == .qrUnreadable }.count == 2)
    let seal = SubmissionReviewer.review(
      folderAt: samples + "/2026-0025-form-stamped-with-contract-seal", id: "c", settings: settings(policy: policy)
    ).report
    #expect(seal.decision == .accept)
  }
}
