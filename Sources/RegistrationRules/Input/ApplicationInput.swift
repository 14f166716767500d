import Core
import Foundation

/// One application to work on: a data file (YAML or JSON) or a row of a spreadsheet.
public struct ApplicationInput: Sendable {
  public enum Content: Sendable {
    /// A YAML or JSON file, read when the application is needed.
    case file(String)
    /// A row of a spreadsheet, already read.
    case row(LoadedApplication)
  }

  public var content: Content
  /// How messages name it: the file, or the spreadsheet and its row (`hr.csv 第 12 行`).
  public var name: LocalizedText
  /// The stem for its own output file (`initial`, `2026-000101-张伟`).
  public var stem: String
  /// Where relative paths in the data (the photo) are resolved.
  public var folder: String

  public init(content: Content, name: LocalizedText, stem: String, folder: String) {
    self.content = content
    self.name = name
    self.stem = stem
    self.folder = folder
  }

  /// A YAML or JSON file.
  public static func file(_ path: String) -> ApplicationInput {
    let url = URL(fileURLWithPath: path)
    return ApplicationInput(
      content: .file(path), name: LocalizedText(verbatim: path), stem: url.deletingPathExtension().lastPathComponent,
      folder: (path as NSString).deletingLastPathComponent)
  }

  /// The application, read under `limits` when it is a file.
  public func load(limits: DocumentLimits) throws(DocumentSyntaxError) -> LoadedApplication {
    switch content {
    case .file(let path): return try ApplicationLoader.load(path: path, limits: limits)
    case .row(let loaded): return loaded
    }
  }
}
