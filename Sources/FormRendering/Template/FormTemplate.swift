import Core
import RegistrationRules

public enum HorizontalAlignment: String, Sendable {
  case left, center, right
}

public enum VerticalAlignment: String, Sendable {
  case top, middle, bottom
}

/// How a kind of text is set: a font family, weight, size and the smallest size a long
/// value may shrink to.
public struct TextStyle: Sendable, Equatable {
  public var family: String
  public var bold: Bool
  public var size: Double
  public var minSize: Double
  public var align: HorizontalAlignment
}

/// A form for one registration kind: page set-up, styles, and the sections on each page.
/// Read from `templates/forms/common.yaml` plus `templates/forms/<kind>.yaml`.
public struct FormTemplate: Sendable {
  public var kind: RegistrationKind
  public var title: String
  /// Page size and margins, millimetres.
  public var pageWidth: Double
  public var pageHeight: Double
  public var margins: (top: Double, right: Double, bottom: Double, left: Double)
  public var titleHeight: Double
  public var headingHeight: Double
  /// Space between a cell's border and its text, millimetres.
  public var padding: Double
  /// Line widths in points.
  public var outerLine: Double
  public var innerLine: Double
  /// The grey of section heading rows (1 is white).
  public var headingShade: Double
  /// `第 {page} 页 共 {pages} 页`.
  public var footer: String
  public var styles: [String: TextStyle]
  public var pages: [[PlacedSection]]
  /// The QR code on every page (docs/form-qr.md): its side and its distance from the top
  /// and right edges of the paper, millimetres.
  public var qr: (size: Double, top: Double, right: Double) = (18, 4, 15)
  /// Identifies the layout (a hash of the template files), printed in the QR code.
  public var version: String = ""

  /// Where the QR code is printed, millimetres from the top left of the paper.
  public var qrBox: (x: Double, y: Double, size: Double) { (pageWidth - qr.right - qr.size, qr.top, qr.size) }

  public var contentWidth: Double { pageWidth - margins.left - margins.right }
  public var contentHeight: Double { pageHeight - margins.top - margins.bottom }

  public func style(_ name: String) -> TextStyle { styles[name]! }

  /// Styles that print application data: those of `field` cells, and `value` (the
  /// repeated rows). Their fonts must cover more than the templates' own characters.
  public var dataStyles: Set<String> {
    var names: Set<String> = ["value"]
    for page in pages {
      for placed in page {
        for row in placed.section.rows {
          for cell in row.cells {
            if case .field = cell.content { names.insert(cell.style) }
            if case .checks = cell.content { names.insert(cell.style) }
          }
        }
      }
    }
    return names
  }
}

/// A section as used on a page, with its repeated-row count possibly set by the kind.
public struct PlacedSection: Sendable {
  public var section: Section
  /// The heading's number (一、二、…) when the section is numbered.
  public var number: Int?
}

/// A table: a grid of columns with an optional heading row, header row, repeated rows
/// bound to a list in the data, and fixed rows.
public struct Section: Sendable {
  public var name: String
  public var title: String?
  public var numbered: Bool
  public var border: Bool
  /// Column widths, millimetres; they add up to the content width.
  public var columns: [Double]
  public var header: [String]
  public var repeating: RepeatingRows?
  public var rows: [Row]
}

public struct RepeatingRows: Sendable {
  public enum Count: Sendable, Equatable {
    case fixed(Int)
    /// As many rows as fit in what the page has left.
    case fill
  }

  /// `workExperience` or `continuingEducation`.
  public var source: String
  public var count: Count
  /// Row height, millimetres (the least height when filling).
  public var height: Double
  /// One item field per column.
  public var fields: [String]
  /// Alignment per column (left when not given).
  public var align: [HorizontalAlignment]
}

public struct Row: Sendable {
  public enum Height: Sendable, Equatable {
    case fixed(Double)
    /// Takes the rest of the page (at least `minimum` millimetres).
    case fill(minimum: Double)
  }

  public var height: Height
  public var cells: [Cell]
}

public struct Cell: Sendable {
  public enum Content: Sendable, Equatable {
    case empty
    /// Fixed text (a caption such as 姓名).
    case label(String)
    /// A value from the application (`applicant.name`).
    case field(String)
    /// A fixed paragraph (the declaration).
    case text(String)
    /// The 35 × 49 mm photo box.
    case photo
    /// Tick boxes for a set-valued field (`change.reasons`).
    case checks(field: String, options: [CheckOption])
  }

  public struct CheckOption: Sendable, Equatable {
    public var value: String
    public var label: String
  }

  public var content: Content
  public var colSpan: Int
  public var rowSpan: Int
  public var style: String
  public var align: HorizontalAlignment?
  public var valign: VerticalAlignment
  /// Lines for signing set at the bottom right (`申请人签字：{blank:40}`).
  public var sign: [String]
  /// Room for a round seal, millimetres (a square of this side, bottom right, above `sign`).
  public var seal: Double?
  /// A caption under the seal area (`（单位公章）`).
  public var sealCaption: String?
  /// What a scan check looks for in this cell (`verify:`): the applicant's signature on
  /// the first blank of the first signing line, or the employer's seal in the cell.
  public var verify: Verify? = nil

  public enum Verify: String, Sendable, Equatable {
    case applicantSignature, employerSeal
  }
}

/// The photo box of the 2-inch ID photo: 35 × 49 mm, fixed by the certificate.
public let photoBoxMillimetres = (width: 35.0, height: 49.0)
