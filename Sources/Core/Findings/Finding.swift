/// Whether a finding decides the outcome.
public enum Severity: String, Sendable, Codable {
  /// The application, file or submission is rejected.
  case error
  /// Worth a person's attention; does not reject.
  case warning
}

/// A measured value or a limit in a finding: a number (hours, pixels, bytes) or a text
/// (a date, a character). Encodes as a bare JSON number or string.
public enum Measure: Sendable, Hashable, Codable, CustomStringConvertible {
  case number(Double)
  case text(String)

  public init(_ value: Int) { self = .number(Double(value)) }
  public init(_ value: Double) { self = .number(value) }
  public init(_ value: String) { self = .text(value) }
  public init(_ value: CalendarDate) { self = .text(value.description) }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let n = try? c.decode(Double.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .number(let n): try c.encode(n)
    case .text(let s): try c.encode(s)
    }
  }

  /// Integers print without a fraction; other numbers with at most two decimals.
  public var description: String {
    switch self {
    case .text(let s): return s
    case .number(let n):
      if n.rounded() == n, abs(n) < 1e15 { return String(Int(n)) }
      guard abs(n) < 1e15 else { return "\(n)" }  // 1e+308, inf: as Swift prints them
      let r = (n * 100).rounded() / 100
      return String(r)
    }
  }
}

/// One problem or remark about an application, a file or a submission: what was found,
/// where, what was measured against which limit, and what to do, in every language.
public struct Finding: Sendable, Hashable, Codable {
  public var code: ReasonCode
  public var severity: Severity
  /// The data field, as a dotted path (`applicant.idNumber`, `workExperience[1].to`).
  public var field: String?
  /// The material type a file was checked as (`photo`, `form`, …).
  public var material: MaterialType?
  /// The file, relative to its submission folder.
  public var file: String?
  /// The line in the application file where `field` stands, when known; for a
  /// spreadsheet, the row.
  public var line: Int?
  /// For a spreadsheet: the column as headed there (`「身份证号」（C 列）`), or the cell in
  /// a linked sheet.
  public var column: LocalizedText?
  public var message: LocalizedText
  public var measured: Measure?
  public var limit: Measure?

  public init(
    _ code: ReasonCode, _ severity: Severity = .error, field: String? = nil,
    material: MaterialType? = nil, file: String? = nil, line: Int? = nil,
    message: LocalizedText, measured: Measure? = nil, limit: Measure? = nil
  ) {
    self.code = code
    self.severity = severity
    self.field = field
    self.material = material
    self.file = file
    self.line = line
    self.message = message
    self.measured = measured
    self.limit = limit
  }

  public static func error(
    _ code: ReasonCode, field: String? = nil, _ message: LocalizedText, measured: Measure? = nil, limit: Measure? = nil
  ) -> Finding {
    Finding(code, .error, field: field, message: message, measured: measured, limit: limit)
  }

  public static func warning(
    _ code: ReasonCode, field: String? = nil, _ message: LocalizedText, measured: Measure? = nil, limit: Measure? = nil
  ) -> Finding {
    Finding(code, .warning, field: field, message: message, measured: measured, limit: limit)
  }

  public var isError: Bool { severity == .error }
}

extension Array where Element == Finding {
  public var errors: [Finding] { filter { $0.severity == .error } }
  public var warnings: [Finding] { filter { $0.severity == .warning } }
}
