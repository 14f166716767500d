import Core
import MaterialChecks
import RegistrationRules
import TextReading

/// What the documents say against what the application says: the labour contract names
/// the applicant (name and ID number) and the employer; the statement and the CE
/// certificates name the applicant; the card held up carries the applicant's number. The
/// workers read (`ReadPage`); this matches, and keeps only what matched, where, and how
/// confidently — never the text read.
public enum ContentRules {
  /// What a document should name.
  public enum Item: String, Sendable, CaseIterable {
    case name, idNumber, employer

    /// The report metric that says where it was found (`contentIdNumber`).
    public var metric: String { "content" + rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    var label: LocalizedText {
      switch self {
      case .name: LocalizedText("contentRules.name")
      case .idNumber: LocalizedText("contentRules.idNumber")
      case .employer: LocalizedText("contentRules.employer")
      }
    }
  }

  /// Where an item was found: the file, the page, the line's box (displayed pixels) and
  /// the engine's confidence.
  public struct Match: Sendable, Equatable {
    public var item: Item
    public var file: String
    public var page: Int
    public var box: (x: Int, y: Int, width: Int, height: Int)
    public var confidence: Double

    public static func == (a: Match, b: Match) -> Bool {
      a.item == b.item && a.file == b.file && a.page == b.page && a.box == b.box && a.confidence == b.confidence
    }

    /// `contract-1.jpg p1 (x 140, y 390), 93 %`: for the report's metrics.
    var place: String { "\(file) p\(page) (x \(box.x), y \(box.y)), \(confidence.wholePercent) %" }
  }

  /// A document's text, as the worker read it.
  public struct ReadFile: Sendable {
    public var file: String
    public var material: MaterialType
    public var pages: [ReadPage]

    public init(file: String, material: MaterialType, pages: [ReadPage]) {
      self.file = file
      self.material = material
      self.pages = pages
    }
  }

  /// What each material should name.
  public static func items(for material: MaterialType) -> [Item] {
    switch material {
    case .contract: [.name, .idNumber, .employer]
    case .statement, .ceCertificate: [.name]
    case .idHandheld: [.idNumber]
    default: []
    }
  }

  /// The outcome for one material: what was found where, what names someone else.
  public struct Outcome: Sendable {
    public var material: MaterialType
    public var matches: [Match] = []
    public var findings: [Finding] = []
    /// The files read, for the metrics.
    public var files: [String] = []

    public var missing: [Item] { items(for: material).filter { item in !matches.contains { $0.item == item } } }
  }

  /// Matches the files of one material (in upload order) against the application.
  public static func judge(_ files: [ReadFile], material: MaterialType, application: Application, policy: ReadingPolicy)
    -> Outcome
  {
    var outcome = Outcome(material: material)
    let wanted = items(for: material)
    guard !wanted.isEmpty, !files.isEmpty else { return outcome }
    outcome.files = files.map(\.file)
    let name = application.applicant.name ?? ""
    let number = (application.applicant.idNumber ?? "").uppercased()
    let employer = application.employer.name ?? ""
    var others: [(number: String, file: String)] = [], otherEmployers: [(name: String, file: String)] = []
    for file in files {
      for page in file.pages {
        for line in page.lines where line.confidence >= policy.minConfidence {
          func match(_ item: Item) {
            guard wanted.contains(item), !outcome.matches.contains(where: { $0.item == item }) else { return }
            outcome.matches.append(
              Match(
                item: item, file: file.file, page: page.page, box: (line.x, line.y, line.width, line.height),
                confidence: line.confidence))
          }
          if !name.isEmpty, DocumentText.contains(line.text, name: name) { match(.name) }
          for read in DocumentText.idNumbers(in: line.text) {
            if read == number {
              match(.idNumber)
            } else if wanted.contains(.idNumber), !others.contains(where: { $0.number == read }) {
              others.append((read, file.file))
            }
          }
          guard wanted.contains(.employer), !employer.isEmpty else { continue }
          let similarity = DocumentText.similarity(of: employer, in: line.text)
          if similarity >= policy.employerMatch {
            match(.employer)
          } else if let value = DocumentText.labelled(line.text, labels: ["甲方", "用人单位", "聘用单位"]),
            value.count >= 4,
            DocumentText.similarity(of: DocumentText.distinctivePart(employer), in: DocumentText.distinctivePart(value))
              < policy.otherEmployerBelow,
            line.confidence >= max(policy.minConfidence, 80)
          {
            otherEmployers.append((value, file.file))
          }
        }
      }
    }
    let label = material.label
    let where_ = files.map(\.file).joined(separator: ", ")
    // Another person's number where the applicant's is not: another person's document.
    if !outcome.matches.contains(where: { $0.item == .idNumber }), let other = others.first {
      let shown = DocumentText.masked(other.number)
      outcome.findings.append(
        Finding(
          .contentMismatch, material: material, file: other.file,
          message: LocalizedText("contentRules.theCarriesAnotherPersonS", ["label": label, "file": other.file, "shown": shown]),
          measured: .text(shown)))
    }
    if !outcome.matches.contains(where: { $0.item == .employer }), let other = otherEmployers.first {
      outcome.findings.append(
        Finding(
          .contentMismatch, material: material, file: other.file,
          message: LocalizedText(
            "contentRules.theEmployerOnTheIs", ["label": label, "file": other.file, "name": other.name, "employer": employer]),
          measured: .text(other.name), limit: .text(employer)))
    }
    let missing = outcome.missing
    if outcome.findings.isEmpty, !missing.isEmpty {
      let items = LocalizedText.list(missing.map(\.label), separator: LocalizedText("core.listSeparator"))
      let what =
        material == .idHandheld
        ? LocalizedText("contentRules.theNumberOnTheID")
        : LocalizedText("contentRules.notFound", ["label": label, "files": where_, "items": items])
      outcome.findings.append(
        Finding(.contentNotFound, .warning, material: material, file: files.first?.file, message: what, measured: .text(items.en))
      )
    }
    return outcome
  }
}
