import Core
import MaterialChecks
import RegistrationRules

public enum Decision: String, Sendable, Codable {
  case accept, reject
}

/// One checked file in a submission report.
public struct MaterialRecord: Sendable, Codable {
  public var material: MaterialType
  public var file: String
  public var format: String?
  public var bytes: Int?
  public var width: Int?
  public var height: Int?
  public var pages: Int?
  public var ok: Bool
  /// Measurements in the order they were taken (`OrderedMeasures` keeps it in JSON).
  public var metrics: OrderedMeasures
  /// The preview, relative to the reports folder.
  public var thumbnail: String?
  /// The larger preview a click opens (made by us, never the upload), relative too.
  public var preview: String?
  /// On a form's preview: where its QR code, signature and seal were looked for and found.
  public var marks: [PageMark]?

  /// The record's keys, for writing (`json`) and for reading back (`Codable`) alike.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case material, file, format, bytes, width, height, pages, ok, metrics, thumbnail, preview, marks
  }
}

/// Name → measure pairs that print in the order they were made, and read back from JSON
/// in name order (a JSON object's order does not survive Foundation's decoder).
public struct OrderedMeasures: Sendable, Codable {
  public var pairs: [(name: String, value: Measure)]

  public init(_ pairs: [(name: String, value: Measure)]) { self.pairs = pairs }

  public subscript(name: String) -> Measure? { pairs.first { $0.name == name }?.value }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    pairs = try c.allKeys.map { ($0.stringValue, try c.decode(Measure.self, forKey: $0)) }.sorted { $0.0 < $1.0 }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    for (name, value) in pairs { try c.encode(value, forKey: Key(stringValue: name)) }
  }
}

/// `REPORTS/<submission>.json` (DESIGN.md), extended with the applicant's name, the
/// materials the rules require, the policy's name and the fingerprint that lets a re-run
/// skip a submission whose inputs have not changed.
public struct SubmissionReport: Sendable, Codable {
  public var submission: String
  public var kind: RegistrationKind?
  public var applicant: String?
  public var decision: Decision
  public var reasons: [ReasonRecord]
  public var warnings: [ReasonRecord]
  public var materials: [MaterialRecord]
  public var requiredMaterials: [MaterialType]
  public var policy: String
  public var today: String
  public var language: Language
  public var fingerprint: String

  /// The report's keys, in the order they are written: one definition for writing
  /// (`json`) and reading back (`Codable`), so the two cannot drift apart.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case submission, kind, applicant, decision, reasons, warnings, materials, requiredMaterials, policy, today, language
    case fingerprint
  }

  /// Reason codes, each once, in order.
  public var codes: [ReasonCode] { Array(Set(reasons.map(\.code))).sorted() }

  /// The report as written: keys in `CodingKeys`' order, the same bytes every run.
  public var json: JSONValue {
    func value(_ key: CodingKeys) -> JSONValue? {
      switch key {
      case .submission: .string(submission)
      case .kind: kind.map { .string($0.rawValue) }
      case .applicant: applicant.map { .string($0) }
      case .decision: .string(decision.rawValue)
      case .reasons: .array(reasons.map(\.json))
      case .warnings: .array(warnings.map(\.json))
      case .materials: .array(materials.map(\.json))
      case .requiredMaterials: .array(requiredMaterials.map { .string($0.rawValue) })
      case .policy: .string(policy)
      case .today: .string(today)
      case .language: .string(language.rawValue)
      case .fingerprint: .string(fingerprint)
      }
    }
    return .fields(CodingKeys.allCases.map { ($0.stringValue, value($0)) })
  }
}

extension MaterialRecord {
  /// The record as written: keys in `CodingKeys`' order.
  var json: JSONValue {
    func value(_ key: CodingKeys) -> JSONValue? {
      switch key {
      case .material: .string(material.rawValue)
      case .file: .string(file)
      case .format: format.map { .string($0) }
      case .bytes: bytes.map { .number(Double($0)) }
      case .width: width.map { .number(Double($0)) }
      case .height: height.map { .number(Double($0)) }
      case .pages: pages.map { .number(Double($0)) }
      case .ok: .bool(ok)
      case .metrics: .object(metrics.pairs.map { ($0.name, JSONValue($0.value)) })
      case .thumbnail: thumbnail.map { .string($0) }
      case .preview: preview.map { .string($0) }
      case .marks:
        (marks ?? []).isEmpty
          ? nil
          : .array(
            (marks ?? []).map { m in
              .fields([
                ("kind", .string(m.kind.rawValue)), ("found", .bool(m.found)), ("x", .number(Self.share(m.x))),
                ("y", .number(Self.share(m.y))), ("width", .number(Self.share(m.width))),
                ("height", .number(Self.share(m.height))), ("note", m.note.map { .string($0) }),
              ])
            })
      }
    }
    return .fields(CodingKeys.allCases.map { ($0.stringValue, value($0)) })
  }

  /// Shares to four places: enough for a box on a preview, and stable in JSON.
  static func share(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
