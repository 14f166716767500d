import Foundation

/// Every language's catalog, read once per process from the shipped `templates/messages/`
/// folder: a language is a catalog file there, so a third one needs no code change.
public struct MessageCatalogs: Sendable {
  /// By language code.
  public let catalogs: [String: MessageCatalog]
  /// Why a catalog file could not be used (it is then left out).
  public let problems: [CatalogProblems]
  /// Where the catalogs were read from (nil: no `templates/messages/` was found).
  public let folder: String?

  /// The catalogs this process speaks: the shipped templates' (`TemplatesFolder`).
  public static let shipped: MessageCatalogs = {
    guard let templates = TemplatesFolder.locate() else { return MessageCatalogs(catalogs: [:], problems: [], folder: nil) }
    return load(folder: templates + "/messages")
  }()

  /// Reads every `<code>.txt` in `folder`.
  public static func load(folder: String, files: any FileAccess = DiskFiles()) -> MessageCatalogs {
    var catalogs: [String: MessageCatalog] = [:]
    var problems: [CatalogProblems] = []
    let names = ((try? files.openFolder(folder).entries()) ?? []).map(\.name).filter { $0.hasSuffix(".txt") }
    for name in names {
      let code = String(name.dropLast(4))
      guard Language.isCode(code) else { continue }
      let limit = 4 << 20
      guard let bytes = try? files.readFile(folder + "/" + name, limit: limit), bytes.count <= limit,
        let text = String(validating: bytes, as: UTF8.self)
      else {
        problems.append(CatalogProblems(code: code, problems: [.init(line: 0, problem: "not readable as UTF-8")]))
        continue
      }
      do {
        catalogs[code] = try MessageCatalog.parse(text, code: code)
      } catch {
        problems.append(error)
      }
    }
    return MessageCatalogs(catalogs: catalogs, problems: problems, folder: folder)
  }

  /// The text of `key` in `language`: its own catalog's, else Chinese (the rules'
  /// language), else English; nil when no catalog has it.
  func render(_ key: String, _ language: Language, _ fill: (String) -> String) -> String? {
    render(key, code: language.rawValue, fill)
  }

  func render(_ key: String, code: String, _ fill: (String) -> String) -> String? {
    for code in [code, Language.zh.rawValue, Language.en.rawValue] {
      if let text = catalogs[code]?.render(key, fill) { return text }
    }
    return nil
  }

  /// The codes of the languages these catalogs speak: zh and en first, then the rest.
  public var languages: [String] {
    ["zh", "en"].filter { catalogs[$0] != nil } + catalogs.keys.filter { $0 != "zh" && $0 != "en" }.sorted()
  }

  /// `key`'s text in the language `code` (else Chinese, else English) with its
  /// placeholders left as `{name}`, for a page that fills them itself; the key when no
  /// catalog has it.
  public func template(_ key: String, code: String) -> String {
    render(key, code: code) { "{" + $0 + "}" } ?? key
  }
}

/// Finds the shipped `templates/` folder, so the tool works from any directory: an
/// explicit `SAFETYREG_TEMPLATES`, the installed `PREFIX/share/safetyreg/templates`, a
/// `templates/` beside or above the executable (a build inside the repository), or the
/// current directory's.
public enum TemplatesFolder {
  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    var candidates: [URL] = []
    if let explicit = environment["SAFETYREG_TEMPLATES"] { candidates.append(URL(fileURLWithPath: explicit)) }
    let exe = URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    ).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    candidates.append(dir.appendingPathComponent("../share/safetyreg/templates").standardized)
    for _ in 0..<6 {
      candidates.append(dir.appendingPathComponent("templates"))
      dir = dir.deletingLastPathComponent()
    }
    candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates"))
    let files = DiskFiles()
    return candidates.first { files.status(of: $0.appendingPathComponent("policy.yaml").path) == .file }?.path
  }
}
