import Core
import ImageCodecs
import MaterialChecks
import RegistrationRules

/// What every submission of a run is judged against.
public struct ReviewSettings: Sendable {
  public var policy: Policy
  public var authorities: AuthorityDirectory
  public var today: CalendarDate
  public var language: Language
  /// Identifies the policy's content in fingerprints (a hash of the file's bytes).
  public var policyDigest: String
  /// The forms' layout, for the form scan (QR code, signature, seal); without it form
  /// pages are counted by their file names only. A caller's own `checker` must be given
  /// the same.
  public var forms: FormGeometrySet?
  /// Where uploads are decoded and measured: in this process unless the caller gives an
  /// `IsolatedChecker` (the command line always does).
  public var checker: any MaterialChecking

  public init(
    policy: Policy, authorities: AuthorityDirectory, today: CalendarDate, language: Language, policyDigest: String,
    forms: FormGeometrySet? = nil, checker: (any MaterialChecking)? = nil
  ) {
    self.policy = policy
    self.authorities = authorities
    self.today = today
    self.language = language
    self.policyDigest = policyDigest
    self.forms = forms
    self.checker = checker ?? InProcessChecker(policy: policy, forms: forms)
  }
}

/// A submission's verdict, with the previews to write beside it.
public struct ReviewOutcome: Sendable {
  public var report: SubmissionReport
  /// Preview path (relative to the reports folder) → JPEG bytes.
  public var thumbnails: [(path: String, bytes: [UInt8])]
}

/// The decision on one submission: the data rules, the required materials, every file
/// checked as its material. Every reason is kept, not only the first.
public enum SubmissionReviewer {
  /// Reviews the submission folder at `path` (a library caller's entry point), on the
  /// disk or wherever `files` holds it.
  public static func review(
    folderAt path: String, id: String, settings: ReviewSettings, thumbnails: Bool = true,
    files: any FileAccess = DiskFiles()
  ) -> ReviewOutcome {
    do {
      let folder = try files.openFolder(path)
      return review(
        SubmissionLoader.load(folder, id: id, policy: settings.policy), in: folder, settings: settings, thumbnails: thumbnails)
    } catch {
      return notAFolder(id, stamp: "", refusal: error, settings: settings)
    }
  }

  /// The report on a name in the submissions folder that is not a folder (a file, a link,
  /// a FIFO): `BAD_SUBMISSION`, fingerprinted by the entry's stamp.
  static func notAFolder(_ id: String, stamp: String, refusal: PathRefusal, settings: ReviewSettings) -> ReviewOutcome {
    var s = LoadedSubmission(id: id)
    s.inventory = ["\t\(stamp)"]
    // A file or a special file where a folder should be is "not a folder".
    let why =
      refusal == .notRegularFile
      ? LocalizedText("submissionReviewer.notAFolder")
      : SubmissionLoader.text(refusal)
    s.findings.append(
      .error(
        .badSubmission, LocalizedText("submissionReviewer.notAReadableSubmissionFolder", ["why": why])))
    return ReviewOutcome(report: report(s, assessment: nil, checks: [], extra: [], settings: settings), thumbnails: [])
  }

  /// The fingerprint of a submission's inputs: every entry's name, size and time, and the
  /// settings. Equal fingerprints mean the report would come out the same.
  public static func fingerprint(_ loaded: LoadedSubmission, settings: ReviewSettings) -> String {
    var hash = FNV1a()
    // The report's format: a report written by an older version is made again.
    hash.add("safetyreg-review-2")
    hash.add(settings.policyDigest)
    hash.add(settings.today.description)
    hash.add(settings.language.rawValue)
    // Another form layout finds the signature elsewhere: review again.
    if let forms = settings.forms { hash.add(forms.digest) }
    for line in loaded.inventory { hash.add(line) }
    for finding in loaded.findings where finding.code == .badSubmission { hash.add(finding.message.en) }
    return hash.hex
  }

  static func review(_ loaded: LoadedSubmission, in folder: any ConfinedFolder, settings: ReviewSettings, thumbnails: Bool)
    -> ReviewOutcome
  {
    guard !loaded.unreadable, let application = loaded.application else {
      return ReviewOutcome(report: report(loaded, assessment: nil, checks: [], extra: [], settings: settings), thumbnails: [])
    }
    let policy = settings.policy
    let assessment = Assessor.assess(application, policy: policy, authorities: settings.authorities, today: settings.today)
    var extra: [Finding] = []
    var checks: [FileCheck] = []
    var previews: [(String, [UInt8])] = []
    let limits = DecodeLimits(
      maxPixels: policy.limits.maxPixels, maxBytes: MaterialInspector.decodeLimit(policy),
      timeout: policy.limits.decodeTimeoutSeconds)

    var read: [MaterialType: [ContentRules.ReadFile]] = [:]
    // One submission's files together have the policy's seconds; past them the rest are
    // not checked (CHECK_FAILED), so a folder of slow files cannot hold the run.
    let budget = Budget(seconds: policy.limits.submissionCheckSeconds)
    for (index, planned) in loaded.files.enumerated() {
      let bytes: [UInt8]
      do {
        bytes = try folder.read(planned.path, limit: limits.maxBytes)
      } catch {
        extra.append(refused(planned, error))
        checks.append(FileCheck(planned: planned, result: nil, thumbnail: nil))
        continue
      }
      guard !budget.spent else {
        let m = MaterialMeasurement.notChecked(
          .submissionBudget(seconds: budget.seconds), file: planned.path, size: bytes.count, bytes: bytes)
        let result = MaterialVerdict.judge(m, as: planned.material, policy: policy)
        checks.append(FileCheck(planned: planned, result: result, thumbnail: nil))
        continue
      }
      // A document is read until what it should name is found: the second page of a
      // contract whose first named both parties is not read.
      let material = planned.material
      let needsReading =
        policy.reading.enabled && !ContentRules.items(for: material).isEmpty
        && !ContentRules.judge(
          read[material] ?? [], material: material, application: application.application, policy: policy.reading
        )
        .missing.isEmpty
      // A form's seal is read, and a form without our QR code laid out by its labels.
      let readsForm = material == .form && policy.reading.enabled && policy.forms.verify && settings.forms != nil
      let inspection = settings.checker.inspect(
        bytes, size: bytes.count, file: planned.path, as: planned.material, preview: thumbnails,
        read: needsReading
          ? ReadingRequest(from: 0, to: policy.reading.topBand) : readsForm ? ReadingRequest() : nil)
      let measurement = inspection.measurement
      if needsReading || readsForm, measurement.decodeError == nil, measurement.checkFailure == nil {
        if let problem = measurement.readingProblem {
          extra.append(problem.finding(material: material, file: planned.path))
        } else if needsReading {
          read[material, default: []].append(
            ContentRules.ReadFile(file: planned.path, material: material, pages: measurement.text))
        }
      }
      let result = MaterialVerdict.judge(measurement, as: planned.material, policy: policy)
      if let format = measurement.format,
        !NamingConvention.extensionFits(NamingConvention.fileExtension(planned.path), format)
      {
        extra.append(
          Finding(
            .extensionMismatch, .warning, material: planned.material, file: planned.path,
            message: LocalizedText("submissionReviewer.hasTheWrongExtensionIt", ["path": planned.path, "label": format.label]),
            measured: .text(format.rawValue)))
      }
      var thumbnail: String?, large: String?
      if let preview = inspection.preview {
        let path = thumbnailPath(submission: loaded.id, index: index)
        thumbnail = path
        previews.append((path, preview))
        if let bigger = inspection.largePreview {
          let path = thumbnailPath(submission: loaded.id, index: index, large: true)
          large = path
          previews.append((path, bigger))
        }
      }
      checks.append(FileCheck(planned: planned, result: result, thumbnail: thumbnail, preview: large))
    }
    let scanned = checks.flatMap { check -> [FormScanRules.ScannedPage] in
      guard check.planned.material == .form, let m = check.result?.measurement, m.decodeError == nil else { return [] }
      return FormScanVerdict.pages(of: m)
    }
    let everyFormRead = checks.filter { $0.planned.material == .form }.allSatisfy {
      guard let m = $0.result?.measurement else { return false }
      return m.decodeError == nil && m.checkFailure == nil && !m.formScans.isEmpty
    }
    let forms = FormScanRules.judge(
      scanned, everyFileRead: everyFormRead, application: application.application, policy: policy)
    extra += forms.findings
    let seals = SealRules.judge(scanned, employer: application.application.employer.name, policy: policy)
    extra += seals.findings
    for note in seals.notes {
      guard let i = checks.firstIndex(where: { $0.planned.path == note.file }),
        let scans = checks[i].result?.measurement.formScans, scans.indices.contains(note.index)
      else { continue }
      checks[i].result?.reviewMetrics.append(("sealText", .text(note.note)))
      for k in scans[note.index].marks.indices where scans[note.index].marks[k].kind == .seal {
        checks[i].result?.measurement.formScans[note.index].marks[k].note = note.note
      }
    }
    let idPhoto = checks.first { $0.planned.material == .photo }?.result?.measurement.face?.print
    let comparisons = PhotoMatchRules.compare(idPhoto: idPhoto, pages: scanned, rules: policy.photo.person)
    extra += PhotoMatchRules.findings(comparisons, rules: policy.photo.person)
    for c in comparisons {
      guard let i = checks.firstIndex(where: { $0.planned.path == c.page.file }) else { continue }
      func round3(_ x: Double) -> Measure { Measure((x * 1000).rounded() / 1000) }
      checks[i].result?.reviewMetrics += [
        ("printedPhotoFace", round3(c.similarity.appearance)), ("printedPhotoEyes", round3(c.similarity.eyes)),
        ("printedPhotoMouth", round3(c.similarity.mouth)),
        ("printedPhotoConfidence", round3(c.page.scan.photo?.print?.confidence ?? 0)),
      ]
    }
    // What the tops of the pages did not show is looked for in the rest of them (a
    // contract whose parties are named on its cover's lower half), file by file until
    // found; not when the tops already named someone else.
    for material in [MaterialType.contract, .statement, .ceCertificate] where policy.reading.topBand < 1 {
      for index in (read[material] ?? []).indices {
        let soFar = ContentRules.judge(
          read[material] ?? [], material: material, application: application.application, policy: policy.reading)
        guard !soFar.missing.isEmpty, soFar.findings.allSatisfy({ $0.code != .contentMismatch }),
          !budget.spent, let file = read[material]?[index].file,
          let planned = loaded.files.first(where: { $0.path == file }),
          let bytes = try? folder.read(planned.path, limit: limits.maxBytes)
        else { break }
        let rest = settings.checker.inspect(
          bytes, size: bytes.count, file: file, as: material, preview: false,
          read: ReadingRequest(from: policy.reading.topBand, to: 1)
        ).measurement
        read[material]?[index].pages += rest.text
      }
    }
    for material in [MaterialType.contract, .statement, .ceCertificate, .idHandheld] {
      // A hand-held photo without a card (NO_ID_CARD) has no number to read.
      guard let files = read[material]?.filter({ material != .idHandheld || !$0.pages.isEmpty }), !files.isEmpty else {
        continue
      }
      let outcome = ContentRules.judge(files, material: material, application: application.application, policy: policy.reading)
      extra += outcome.findings
      for match in outcome.matches {
        guard let i = checks.firstIndex(where: { $0.planned.path == match.file }) else { continue }
        checks[i].result?.reviewMetrics.append((match.item.metric, .text(match.place)))
        // Marked on the preview (of the first page) where it was read.
        if match.page == 1, let m = checks[i].result?.measurement, let w = m.width, let h = m.height, w > 0, h > 0 {
          checks[i].result?.marks.append(
            PageMark(
              kind: .text, found: true, x: Double(match.box.x) / Double(w), y: Double(match.box.y) / Double(h),
              width: Double(match.box.width) / Double(w), height: Double(match.box.height) / Double(h)))
        }
      }
    }
    extra += materialFindings(assessment.requiredMaterials, checks: checks, pagesSettled: forms.pagesSettled)
    var outcome = ReviewOutcome(
      report: report(loaded, assessment: assessment, checks: checks, extra: extra, settings: settings), thumbnails: [])
    outcome.thumbnails = previews.map { (path: $0.0, bytes: $0.1) }
    return outcome
  }

  /// Seconds of checking a submission may spend, from when it is made.
  struct Budget {
    let seconds: Double
    let start = ContinuousClock.now

    var spent: Bool {
      let elapsed = ContinuousClock.now - start
      return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 > seconds
    }
  }

  struct FileCheck {
    var planned: PlannedFile
    var result: CheckResult?
    var thumbnail: String?
    var preview: String? = nil
  }

  /// Missing materials, and the form's two pages.
  /// - Parameter pagesSettled: the form's QR codes already said which pages are there.
  static func materialFindings(_ required: [MaterialRequirement], checks: [FileCheck], pagesSettled: Bool = false)
    -> [Finding]
  {
    var findings: [Finding] = []
    let present = Set(checks.map(\.planned.material))
    for requirement in required where !present.contains(requirement.material) {
      let m = requirement.material
      if requirement.level == .required {
        findings.append(
          Finding(
            .missingMaterial, material: m,
            message: LocalizedText("submissionReviewer.theIsMissing", ["label": m.label, "why": requirement.why])))
      } else {
        findings.append(
          Finding(.ceCertificateRecommended, .warning, material: m, message: requirement.why))
      }
    }
    let forms = checks.filter { $0.planned.material == .form }
    if !forms.isEmpty, !pagesSettled {
      // Pages of the form that could be read: an image is one page, a PDF its page count.
      let readable = forms.compactMap(\.result).filter { $0.measurement.decodeError == nil && !$0.measurement.pages.isEmpty }
      let pages = readable.reduce(0) { $0 + max(1, $1.measurement.pageCount) }
      if readable.count == forms.count && pages != 2 {
        let paths = forms.map(\.planned.path)
        findings.append(
          Finding(
            .formPages, material: .form, file: forms.count == 1 ? forms[0].planned.path : nil,
            message: pages < 2
              ? LocalizedText("submissionReviewer.formHasOnePage", ["pages": pages, "files": paths.joined()])
              : LocalizedText("submissionReviewer.formHasTooManyPages", ["pages": pages, "files": LocalizedText.list(paths)]),
            measured: Measure(pages), limit: Measure(2)))
      }
    }
    return findings
  }

  static func refused(_ planned: PlannedFile, _ refusal: PathRefusal) -> Finding {
    let code: ReasonCode
    switch refusal {
    case .missing: code = .missingMaterial
    case .tooLarge: code = .fileTooLarge
    case .unreadable: code = .corruptFile
    case .absolute, .leavesFolder, .link, .notRegularFile: code = .unsafePath
    }
    var measured: Measure?
    if case .tooLarge(let size) = refusal { measured = Measure(size) }
    return Finding(
      code, material: planned.material, file: planned.path,
      message: LocalizedText(
        "submissionReviewer.notRead",
        ["material": planned.material.label, "file": planned.path, "why": SubmissionLoader.text(refusal)]),
      measured: measured)
  }

  /// Previews live under `thumbs/`, named by a hash of the submission so that no name
  /// from an upload ever becomes a path or a URL.
  static func thumbnailPath(submission: String, index: Int, large: Bool = false) -> String {
    "thumbs/\(FNV1a.of(submission).hex)-\(index + 1)\(large ? "-large" : "").jpg"
  }

  static func report(
    _ loaded: LoadedSubmission, assessment: Assessment?, checks: [FileCheck], extra: [Finding], settings: ReviewSettings
  ) -> SubmissionReport {
    let language = settings.language
    var findings = loaded.findings + (assessment?.findings ?? [])
    for check in checks {
      if let result = check.result { findings += result.reasons + result.warnings }
    }
    findings += extra
    let app = assessment?.application ?? loaded.application?.application
    let materials = checks.map { check -> MaterialRecord in
      let m = check.result?.measurement
      return MaterialRecord(
        material: check.planned.material, file: check.planned.path, format: m?.format?.rawValue, bytes: m?.bytes,
        width: m?.width, height: m?.height, pages: (m?.pageCount ?? 0) > 1 ? m?.pageCount : nil,
        // A file a cross-check rejects (another person's contract, the form's photo) is not ok.
        ok: (check.result?.accepted ?? false)
          && !extra.contains { $0.severity == .error && $0.file == check.planned.path },
        metrics: OrderedMeasures(check.result?.metrics ?? []),
        thumbnail: check.thumbnail, preview: check.preview,
        marks: m?.formScans.first?.marks ?? check.result?.marks)
    }
    let reasons = findings.errors.map { ReasonRecord($0, language: language) }
    return SubmissionReport(
      submission: loaded.id, kind: app?.kind, applicant: app?.applicant.name,
      decision: reasons.isEmpty ? .accept : .reject, reasons: reasons,
      warnings: findings.warnings.map { ReasonRecord($0, language: language) }, materials: materials,
      requiredMaterials: (assessment?.requiredMaterials ?? []).filter { $0.level == .required }.map(\.material),
      policy: settings.policy.name, today: settings.today.description, language: language,
      fingerprint: fingerprint(loaded, settings: settings))
  }
}
