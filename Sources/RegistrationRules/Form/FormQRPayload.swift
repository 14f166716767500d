import Core
import Foundation

/// What the QR code on each printed page says (docs/form-qr.md):
///
///     SRF1;<id>;<kind>;<page>;<template>;<digest>
///
/// `id` is the application's reference, percent-encoded (`-` when there is none); `kind`
/// its code; `page` 1 or 2; `template` identifies the form's layout (a hash of the
/// template files); `digest` a hash of every value printed on the form, so that a form
/// printed from other data, or from older data, can be told from the one the application
/// describes. A blank form says `BLANK` there.
public struct FormQRPayload: Sendable, Equatable {
  public static let prefix = "SRF1"

  public var id: String?
  public var kind: RegistrationKind
  public var page: Int
  public var template: String
  /// `nil` for a blank form.
  public var digest: String?

  public init(id: String?, kind: RegistrationKind, page: Int, template: String, digest: String?) {
    self.id = id
    self.kind = kind
    self.page = page
    self.template = template
    self.digest = digest
  }

  public var text: String {
    let encodedID =
      id.map { $0.addingPercentEncoding(withAllowedCharacters: Self.plain) ?? "-" } ?? "-"
    return [Self.prefix, encodedID, kind.rawValue, String(page), template, digest ?? "BLANK"].joined(separator: ";")
  }

  /// The payload read back from a QR code; `nil` for anything that is not ours.
  public init?(text: String) {
    let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 6, parts[0] == Self.prefix, let kind = RegistrationKind(rawValue: parts[2]),
      let page = Int(parts[3]), (1...9).contains(page), !parts[4].isEmpty, !parts[5].isEmpty
    else { return nil }
    id = parts[1] == "-" ? nil : parts[1].removingPercentEncoding
    self.kind = kind
    self.page = page
    template = parts[4]
    digest = parts[5] == "BLANK" ? nil : parts[5]
  }

  static let plain = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
}

extension FormValues {
  /// A hash of every value printed on the form, in a fixed order (12 hex digits of FNV-1a
  /// 64): `nil` when nothing of an applicant is printed (a blank form).
  public var printedDigest: String? {
    var lines: [String] = []
    for (key, value) in fields.sorted(by: { $0.key < $1.key }) where key != "continuingEducation.required" {
      lines.append("f\t\(key)\t\(value)")
    }
    for (key, set) in checks.sorted(by: { $0.key < $1.key }) { lines.append("c\t\(key)\t\(set.sorted().joined(separator: ","))") }
    for (source, items) in rows.sorted(by: { $0.key < $1.key }) {
      for (i, item) in items.enumerated() {
        for (key, value) in item.sorted(by: { $0.key < $1.key }) { lines.append("r\t\(source)\t\(i)\t\(key)\t\(value)") }
      }
    }
    guard !lines.isEmpty else { return nil }
    var hash = FNV1a()
    for line in lines { hash.add(line + "\n") }
    return String(hash.hex.prefix(12))
  }
}
