import Foundation
import TestSupport
import Testing

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
}
