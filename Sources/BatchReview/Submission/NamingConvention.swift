import Core
import RegistrationRules

/// DESIGN.md's file names in a submission folder: `photo.jpg`, `form-1.jpg` `form-2.jpg`
/// (or `form.pdf`), `contract-*.pdf`, `id-handheld.jpg`, `statement-*`, `ce-*`, `rename-*`.
/// The extension says nothing: every file is identified by its content.
public enum NamingConvention {
  static let prefixes: [(String, MaterialType)] = [
    ("photo", .photo), ("form", .form), ("contract", .contract), ("id-handheld", .idHandheld),
    ("id_handheld", .idHandheld), ("idhandheld", .idHandheld), ("statement", .statement),
    ("ce", .ceCertificate), ("rename", .renameDocument),
  ]

  /// The material a file name stands for, or nil when it fits no convention. Case and the
  /// separator (`-`, `_`, none before a number) do not matter.
  public static func material(forFileName name: String) -> MaterialType? {
    let stem = self.stem(name).lowercased()
    for (prefix, material) in prefixes {
      guard stem.hasPrefix(prefix) else { continue }
      let rest = stem.dropFirst(prefix.count)
      if rest.isEmpty || rest.first == "-" || rest.first == "_" || rest.first!.isNumber { return material }
    }
    return nil
  }

  /// The name without its last extension (`form-1.jpg` → `form-1`).
  public static func stem(_ name: String) -> Substring {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return Substring(name) }
    return name[..<dot]
  }

  /// The extension, lowercased, or "" when there is none.
  public static func fileExtension(_ name: String) -> String {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }

  /// Whether an extension fits a format (no extension fits every format).
  public static func extensionFits(_ ext: String, _ format: FileFormat) -> Bool {
    if ext.isEmpty { return true }
    switch format {
    case .jpeg: return ["jpg", "jpeg", "jpe", "jfif"].contains(ext)
    case .png: return ext == "png"
    case .pdf: return ext == "pdf"
    }
  }

  /// Orders names as people number them: `contract-2` before `contract-10`.
  public static func naturalOrder(_ a: String, _ b: String) -> Bool {
    var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
    var x = i.next(), y = j.next()
    while let cx = x, let cy = y {
      if cx.properties.numericType == .decimal, cy.properties.numericType == .decimal {
        var nx = "", ny = ""
        while let c = x, c.properties.numericType == .decimal, c.isASCII {
          nx.unicodeScalars.append(c)
          x = i.next()
        }
        while let c = y, c.properties.numericType == .decimal, c.isASCII {
          ny.unicodeScalars.append(c)
          y = j.next()
        }
        if nx.isEmpty || ny.isEmpty { break }
        let tx = nx.drop { $0 == "0" }, ty = ny.drop { $0 == "0" }
        if tx.count != ty.count { return tx.count < ty.count }
        if tx != ty { return tx < ty }
        continue
      }
      if cx != cy { return cx.value < cy.value }
      x = i.next()
      y = j.next()
    }
    if (x == nil) != (y == nil) { return x == nil }
    return a.utf8.lexicographicallyPrecedes(b.utf8)
  }
}
