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
}

extension ReasonRecord {
  /// The record in DESIGN.md's reason shape, keys in a fixed order.
  public var json: JSONValue {
    .fields([
      ("code", .string(code.rawValue)),
      ("field", field.map { .string($0) }),
      ("material", material.map { .string($0.rawValue) }),
      ("file", file.map { .string($0) }),
      ("line", line.map { .number(Double($0)) }),
      ("column", column.map { .string($0) }),
      ("message", .string(message)),
      ("measured", measured.map(JSONValue.init)),
      ("limit", limit.map(JSONValue.init)),
    ])
  }
}
