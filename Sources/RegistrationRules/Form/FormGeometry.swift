import Core

/// Where things are on a printed form page, in millimetres from the page's top-left
/// corner: what a scan check needs to find the QR code, the applicant's signature and the
/// employer's seal on a photo of the page. Made by the form renderer from the templates
/// (`FormRenderer.geometry`), so the checks follow any edit of the layout.
public struct FormGeometry: Sendable, Equatable, Codable {
  /// A rectangle in millimetres.
  public struct Box: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
      self.x = x
      self.y = y
      self.width = width
      self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
  }

  /// A line to sign on: the blank's rule and the room above it.
  public struct SignatureLine: Sendable, Equatable, Codable {
    /// Where the rule starts and ends, and its height on the page.
    public var x: Double
    public var width: Double
    public var baseline: Double
    /// Room above the rule that belongs to the signature (up to the printed text above).
    public var above: Double

    public init(x: Double, width: Double, baseline: Double, above: Double) {
      self.x = x
      self.width = width
      self.baseline = baseline
      self.above = above
    }
  }

  /// One page: its QR code, and what is signed and stamped on it.
  public struct Page: Sendable, Equatable, Codable {
    public var qr: Box
    /// The applicant's signature line, on the page that has it.
    public var applicantSignature: SignatureLine?
    /// The employer's cell, where its seal goes (anywhere in it), and the room kept free for it.
    public var employerSealCell: Box?
    public var employerSealRoom: Box?
    /// The 35 × 49 mm photo box, on the page that has it.
    public var photo: Box?

    public init(
      qr: Box, applicantSignature: SignatureLine? = nil, employerSealCell: Box? = nil, employerSealRoom: Box? = nil,
      photo: Box? = nil
    ) {
      self.qr = qr
      self.applicantSignature = applicantSignature
      self.employerSealCell = employerSealCell
      self.employerSealRoom = employerSealRoom
      self.photo = photo
    }
  }

  public var kind: RegistrationKind
  /// The template's version, as the QR code carries it.
  public var template: String
  public var pageWidth: Double
  public var pageHeight: Double
  /// Page 1 first.
  public var pages: [Page]

  public init(kind: RegistrationKind, template: String, pageWidth: Double, pageHeight: Double, pages: [Page]) {
    self.kind = kind
    self.template = template
    self.pageWidth = pageWidth
    self.pageHeight = pageHeight
    self.pages = pages
  }

  /// Page `number` (1-based), if the form has it.
  public func page(_ number: Int) -> Page? { number >= 1 && number <= pages.count ? pages[number - 1] : nil }
}

/// The geometry of every kind's form, as one run's checks need it.
public struct FormGeometrySet: Sendable, Equatable, Codable {
  public var forms: [FormGeometry]

  public init(_ forms: [FormGeometry]) { self.forms = forms }

  public subscript(kind: RegistrationKind) -> FormGeometry? { forms.first { $0.kind == kind } }

  /// Identifies the layouts in review fingerprints: another template, another review.
  public var digest: String {
    var hash = FNV1a()
    for form in forms { hash.add("\(form.kind.rawValue):\(form.template)") }
    return hash.hex
  }
}
