/// A finding as it appears in JSON output and reports (DESIGN.md's reason shape), with its
/// message in one language.
public struct ReasonRecord: Sendable, Codable, Equatable {
  public var code: ReasonCode
  public var field: String?
  public var material: MaterialType?
  public var file: String?
  public var line: Int?
  public var column: String?
  public var message: String
  public var measured: Measure?
  public var limit: Measure?

  public init(_ finding: Finding, language: Language) {
    code = finding.code
    field = finding.field
    material = finding.material
    file = finding.file
    line = finding.line
    column = finding.column?(language)
    message = finding.message(language)
    measured = finding.measured
    limit = finding.limit
  }

  /// The keys in the order they are written: one definition for writing (`json`) and
  /// reading back (`Codable`).
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case code, field, material, file, line, column, message, measured, limit
  }
}

extension ReasonRecord {
  /// The record in DESIGN.md's reason shape, keys in `CodingKeys`' order.
  public var json: JSONValue {
    func value(_ key: CodingKeys) -> JSONValue? {
      switch key {
      case .code: .string(code.rawValue)
      case .field: field.map { .string($0) }
      case .material: material.map { .string($0.rawValue) }
      case .file: file.map { .string($0) }
      case .line: line.map { .number(Double($0)) }
      case .column: column.map { .string($0) }
      case .message: .string(message)
      case .measured: measured.map(JSONValue.init)
      case .limit: limit.map(JSONValue.init)
      }
    }
    return .fields(CodingKeys.allCases.map { ($0.stringValue, value($0)) })
  }
}
