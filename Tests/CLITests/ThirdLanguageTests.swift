import Core
import Foundation
import Service
import TestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A language is a catalog file: dropping `xx.txt` into a copy of the templates makes
/// `--lang xx` (and `LANG=xx_…`) speak it, with no change to the program.
@Suite struct ThirdLanguageTests {
  /// A copy of the shipped templates with `messages/xx.txt`: every English text marked ⟦xx⟧.
  func templatesWithThirdLanguage() throws -> String {
    let folder = try temporaryDirectory().path + "/templates"
    try FileManager.default.copyItem(atPath: repositoryRoot.path + "/templates", toPath: folder)
    let english = try String(contentsOfFile: folder + "/messages/en.txt", encoding: .utf8)
    var lines: [String] = []
    for line in english.split(separator: "\n", omittingEmptySubsequences: false) {
      guard !line.hasPrefix("#"), let equals = line.range(of: " = ") else {
        lines.append(String(line))
        continue
      }
      let text = line[equals.upperBound...]
      let marked = text.hasPrefix("\"") ? "\"⟦xx⟧ " + text.dropFirst() : "⟦xx⟧ " + text
      lines.append(line[..<equals.upperBound] + marked)
    }
    try lines.joined(separator: "\n").write(toFile: folder + "/messages/xx.txt", atomically: true, encoding: .utf8)
    return folder
  }

  @Test func aThirdCatalogIsAThirdLanguage() throws {
    let templates = try templatesWithThirdLanguage()
    let broken = try temporaryDirectory().path + "/broken.yaml"
    try "applicant:\n  name: [\n".write(toFile: broken, atomically: true, encoding: .utf8)

    let asked = try run(["validate", broken, "--lang", "xx"], environment: ["SAFETYREG_TEMPLATES": templates])
    #expect(asked.status == 2, "\(asked.stderr)")
    #expect(asked.stdout.contains("⟦xx⟧ YAML syntax error") || asked.stderr.contains("⟦xx⟧ YAML syntax error"), "\(asked)")
    // The environment's language, when there is a catalog for it.
    let fromLocale = try run(["validate", broken], environment: ["SAFETYREG_TEMPLATES": templates, "LANG": "xx_YY.UTF-8"])
    #expect((fromLocale.stdout + fromLocale.stderr).contains("⟦xx⟧ YAML syntax error"), "\(fromLocale)")
    let help = try run(["validate", "--help"], environment: ["SAFETYREG_TEMPLATES": templates])
    #expect(help.stdout.contains("zh, en, xx"), "\(help.stdout)")

    // The shipped templates have no xx: the language is refused, and the default stays Chinese.
    let refused = try run(["validate", broken, "--lang", "xx"])
    #expect(refused.status != 0 && refused.stderr.contains("'xx'"), "\(refused)")
    let shipped = try run(["validate", broken], environment: ["LANG": "xx_YY.UTF-8"])
    #expect((shipped.stdout + shipped.stderr).contains("YAML 语法错误"), "\(shipped)")
  }

  /// The pages speak it too: their words come from the catalogs, every language's, and
  /// the language switch leads through them all.
  @Test func thePagesSpeakAThirdCatalog() async throws {
    let templates = try templatesWithThirdLanguage()
    let words = WebPages.words(page: "photo", catalogs: MessageCatalogs.load(folder: templates + "/messages"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(words.utf8)) as? [String: [String: Any]])
    #expect(Set(object.keys) == ["zh", "en", "xx"])
    #expect(object["xx"]?["title"] as? String == "⟦xx⟧ ID photo check")
    #expect(object["zh"]?["title"] as? String == "证件照检查")
    #expect(object["en"]?["languageName"] as? String == "English")
    // And served so, with nothing else changed.
    let server = try ServeTests.Server([], environment: ["SAFETYREG_TEMPLATES": templates])
    defer { _ = server.stop() }
    let (data, _) = try await URLSession.shared.data(from: URL(string: "photo", relativeTo: server.base)!)
    let page = String(decoding: data, as: UTF8.self)
    #expect(page.contains("⟦xx⟧ ID photo check") && !page.contains(WebPages.wordsMarker))
  }

  /// A catalog with a bad line stops every command before it starts, naming the file and
  /// the line, in whichever language can still be read.
  @Test func aBrokenCatalogStopsTheProgram() throws {
    let templates = try templatesWithThirdLanguage()
    var text = try String(contentsOfFile: templates + "/messages/xx.txt", encoding: .utf8)
    text += "this line has no equals sign\n"
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    try text.write(toFile: templates + "/messages/xx.txt", atomically: true, encoding: .utf8)
    let application = repoPath("samples/applications/initial.yaml")
    for (language, words) in [("zh", "消息目录有误"), ("en", "the message catalogs have errors")] {
      let result = try run(
        ["validate", application, "--lang", language, "--today", "2026-11-23"], environment: ["SAFETYREG_TEMPLATES": templates])
      #expect(result.status == 2, "\(result)")
      #expect(result.stderr.contains(words) && result.stderr.contains("messages/xx.txt"), "\(result.stderr)")
      #expect(result.stderr.contains("\(lines)"), "the bad line's number: \(result.stderr)")
      #expect(result.stdout.isEmpty, "nothing was checked: \(result.stdout)")
    }
  }
}
