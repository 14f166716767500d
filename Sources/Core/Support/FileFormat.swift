/// File formats recognised by content (the codecs sniff them; the policy lists those
/// accepted for each material).
public enum FileFormat: String, CaseIterable, Sendable, Hashable, Codable {
  case jpeg
  case png
  case pdf

  public var label: LocalizedText {
    switch self {
    case .jpeg: LocalizedText(verbatim: "JPEG")
    case .png: LocalizedText(verbatim: "PNG")
    case .pdf: LocalizedText(verbatim: "PDF")
    }
  }

  public var aliases: [String] { self == .jpeg ? ["jpg", "JPG"] : [] }
}
