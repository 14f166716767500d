import Core
import Foundation
import TestSupport
import Testing

/// The message catalogs (`templates/messages/`) against each other and against the code
/// that uses them: every key in both, the same placeholders, every key the code names
/// there with the arguments the code gives, none left unused, and no message left in
/// the code of a target whose messages have moved.
@Suite struct MessageCatalogTests {
  static let folder = repoPath("templates/messages")
  static let shipped = MessageCatalogs.load(folder: folder)

  /// Keys whose languages say a different amount on purpose, and why.
  static let differentPlaceholders: [String: String] = [
    "fileAccess.cannotOpenTheFile": "Chinese names the system's error number, English its words",
    "fileAccess.readFailed": "Chinese names the system's error number, English its words",
    "writeError.system": "Chinese names the system's error number, English its words",
    "reviewRun.cannotBeOpened": "Chinese names the system's error number, English its words",
    "applicationValidator.genderStated": "Chinese names the gender, English gives its code",
    "fieldReader.choice": "English lists the codes alone, Chinese each with its name",
    "assessmentText.kindAndCode": "English adds the kind's code to its name, Chinese gives the name alone",
  ]

  /// Families of keys whose languages may say a different amount, and why.
  static let differentPlaceholderFamilies: [String: String] = [
    "decoderMessage.": "English shows the decoder's own words ({decoder}), other languages may translate them instead"
  ]

  static func mayDiffer(_ key: String) -> Bool {
    differentPlaceholders[key] != nil || differentPlaceholderFamilies.keys.contains { key.hasPrefix($0) }
  }

  /// Targets whose messages all live in the catalogs: no Chinese literal is left in them.
  /// (Issue 25 moves the others target by target; each joins this list when it is done.)
  static let movedTargets = [
    "Core", "DocumentParsing", "RegistrationRules", "Spreadsheets", "BatchReview", "ImageCodecs", "PDFReading", "FaceFinding",
    "TextReading", "MaterialChecks", "FormRendering", "Service", "safetyreg",
  ]

  /// Chinese allowed in any moved file, and why.
  static let notMessagesAnywhere: [(snippet: String, why: String)] = [
    (
      "abstract: \"",
      "a command's one-line help, fixed when the argument parser is built: English with the command's Chinese name"
    )
  ]

  /// Chinese in moved targets that is not a message to people, by file: what the lines
  /// may hold, and why.
  static let notMessages: [String: (snippets: [String], why: String)] = [
    "Sources/Core/Support/CalendarDate.swift": (
      ["年\\(month)月", "\"-/.年月日\"", "\"年月日\""],
      "dates as the printed form writes them and applicants type them, in Chinese whatever the language"
    ),
    "Sources/RegistrationRules/Policy/Policy.swift": (
      ["专用章"], "the default policy's seal kinds, matched against what a seal reads"
    ),
    "Sources/RegistrationRules/Model/ApplicationFields.swift": (
      ["中国石化北京燕山分公司", "中国石油化工集团有限公司", "北京市", "深圳市安泰建设工程有限公司", "至今", "山西省安全生产培训中心", "瓦斯防治技术"],
      "example values for the application page, data in the applicant's language"
    ),
    "Sources/RegistrationRules/Model/ExampleApplication.swift": (
      ["张伟", "北京", "本科", "安全工程", "企业", "李四", "安全员", "安全管理部主管", "至今"], "the example applicant, data"
    ),
    "Sources/RegistrationRules/Model/Vocabulary.swift": (["其他安全", "身份证"], "Chinese spellings accepted in applications"),
    "Sources/RegistrationRules/Reading/DocumentText.swift": (
      ["己已巳", "股份有限公司"], "characters OCR confuses, and company-name suffixes, for matching what is read"
    ),
    "Sources/RegistrationRules/Document/FieldReader.swift": (["\"至今\", \"今\", \"现在\""], "words accepted for 'until now'"),
    "Sources/RegistrationRules/Form/FormValues.swift": (["学时", "至今"], "text printed on the form, which is in Chinese"),
    "Sources/Spreadsheets/SpreadsheetLoader.swift": (
      ["申请人信息", "继续教育记录", "\";,，、；/ \""], "sheet names HR's workbooks use, and the separators of a list in a cell"
    ),
    // Each line of the table of headings: `"applicant.phone": ["手机", …],`.
    "Sources/Spreadsheets/ColumnMap.swift": (["\": [\"", "变更事项"], "column headings HR's workbooks use"),
    "Sources/Spreadsheets/XLSXReader.swift": (["\"年\", \"月\"", "\"日\" where"], "Excel's date-format letters"),
    "Sources/Spreadsheets/CellValue.swift": (["-/.年月日", "\"月\""], "dates as HR types them"),
    "Sources/BatchReview/Decision/SealRules.swift": (["\"公司\", \"集团\""], "the words that end an organisation's name on a seal"),
    "Sources/BatchReview/Decision/ContentRules.swift": (["\"甲方\", \"用人单位\""], "the labels a contract names its parties by"),
    "Sources/MaterialChecks/Reading/FormLabels.swift": (
      ["\"申请人签字\"", "\"单位盖章\"", "\"机构\"", "\"聘用单位意见\""], "the printed labels of a form, matched against what is read"
    ),
    "Sources/FormRendering/Render/FormPainter.swift": (["照片\\n（二寸近期免冠"], "the photo cell's caption, printed on the form"),
    "Sources/FormRendering/Cairo/TextEngine.swift": (["\"国\""], "a full-height glyph whose ink measures a line's height"),
    "Sources/FormRendering/FormRenderer.swift": (["注册安全工程师注册申请表"], "the PDF's subject, the form's own title"),
    "Sources/safetyreg/Commands/FormCommand.swift": (["注册安全工程师注册申请表（"], "the print file's title, the form's own"),
    "Sources/safetyreg/Support/ApplicationTemplate.swift": (
      ["# ", "?.zh ?? \""], "the starter application file: field names in Chinese beside the keys, and sheet headings"
    ),
    "Sources/FormRendering/Template/FormTemplateLoader.swift": (
      ["一二三四五六七八九十、（）", "照片二寸近期免冠正面彩色学时至今—"], "characters the printed form draws, for the font check"
    ),
    "Sources/FormRendering/Layout/FormLayout.swift": (
      ["\"\\(chineseNumeral", "\"一\", \"二\"", "return \"十\""], "section numerals printed on the form"
    ),
  ]

  /// Every `LocalizedText("key", [...])` under `Sources/`: the key, the argument names
  /// the call gives (nil: given by a variable, not a literal), and where.
  static func uses() throws -> [(key: String, arguments: Set<String>?, place: String)] {
    var found: [(String, Set<String>?, String)] = []
    let root = repoPath("Sources")
    let walker = try #require(FileManager.default.enumerator(atPath: root))
    for case let name as String in walker where name.hasSuffix(".swift") {
      let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
      let call = try Regex(#"LocalizedText\(\s*"([A-Za-z0-9._-]+)"\s*(\)|,\s*(\[?))"#)
      for match in text.matches(of: call) {
        let key = String(text[match.output[1].range!])
        let line = text[..<match.range.lowerBound].count { $0 == "\n" } + 1
        let place = "Sources/\(name):\(line)"
        if text[match.output[2].range!] == ")" {
          found.append((key, [], place))
        } else if let open = match.output[3].range, !open.isEmpty {
          found.append((key, argumentNames(text[open.lowerBound...]), place))
        } else {
          found.append((key, nil, place))
        }
      }
    }
    return found
  }

  /// The keys of a `["a": x, "b": y]` literal at the start of `text` (depth one only).
  static func argumentNames(_ text: Substring) -> Set<String> {
    var names: Set<String> = []
    var depth = 0, inString = false, current = "", i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      if inString {
        if c == "\\" {
          i = text.index(after: i)
        } else if c == "\"" {
          inString = false
          let rest = text[text.index(after: i)...].drop { $0 == " " }
          if depth == 1, rest.first == ":" { names.insert(current) }
        } else {
          current.append(c)
        }
      } else if c == "\"" {
        inString = true
        current = ""
      } else if c == "[" || c == "(" {
        depth += 1
      } else if c == "]" || c == ")" {
        depth -= 1
        if depth == 0 { break }
      }
      i = text.index(after: i)
    }
    return names
  }

  @Test func theShippedCatalogsParseAndAgree() throws {
    #expect(Self.shipped.problems.isEmpty, "\(Self.shipped.problems)")
    let zh = try #require(Self.shipped.catalogs["zh"]), en = try #require(Self.shipped.catalogs["en"])
    #expect(zh.keys.count > 50)
    #expect(zh.keys.subtracting(en.keys).isEmpty, "only in zh: \(zh.keys.subtracting(en.keys).sorted())")
    #expect(en.keys.subtracting(zh.keys).isEmpty, "only in en: \(en.keys.subtracting(zh.keys).sorted())")
    for key in zh.keys.intersection(en.keys).sorted() where !Self.mayDiffer(key) {
      #expect(zh.placeholders(key) == en.placeholders(key), "\(key): zh \(zh.placeholders(key)!), en \(en.placeholders(key)!)")
    }
    for key in Self.differentPlaceholders.keys { #expect(zh.keys.contains(key), "\(key) is no longer in the catalogs") }
    #expect(zh.name == "中文" && en.name == "English")
  }

  @Test func everyKeyTheCodeNamesIsThereWithItsArguments() throws {
    let zh = try #require(Self.shipped.catalogs["zh"]), en = try #require(Self.shipped.catalogs["en"])
    let uses = try Self.uses()
    #expect(uses.count > 50, "the scan found the calls")
    for use in uses {
      guard let mine = zh.placeholders(use.key), let theirs = en.placeholders(use.key) else {
        Issue.record("\(use.place): \(use.key) is in no catalog")
        continue
      }
      guard let given = use.arguments else { continue }
      let needed = mine.union(theirs)
      #expect(needed.subtracting(given).isEmpty, "\(use.place): \(use.key) needs \(needed.subtracting(given).sorted())")
      #expect(
        given.subtracting(needed).isEmpty,
        "\(use.place): \(use.key) is given \(given.subtracting(needed).sorted()), used by no catalog")
    }
    // And every key of the catalogs is used (some are chosen by a condition:
    // `LocalizedText(same ? "a.b" : "a.c", …)`, so any literal naming a key counts).
    var named: Set<String> = []
    let literal = try Regex(#""([a-z][A-Za-z0-9]*\.[A-Za-z0-9.]+)""#)
    let root = repoPath("Sources")
    for case let name as String in try #require(FileManager.default.enumerator(atPath: root)) where name.hasSuffix(".swift") {
      let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
      for match in text.matches(of: literal) { named.insert(String(text[match.output[1].range!])) }
    }
    let used = Set(uses.map(\.key)).union(named).union(["language.name"]).union(try Self.pageWordsUsed(zh.keys))
    #expect(zh.keys.subtracting(used).isEmpty, "unused keys: \(zh.keys.subtracting(used).sorted())")
  }

  /// Words a page looks up by a name it computes (`t[m.level]`), and why.
  static let wordsNamedByData: [String: String] = [
    "page.apply.required": "a material's level, from the API", "page.apply.recommended": "a material's level, from the API",
    "page.photo.face": "a mark's kind, from the API", "page.photo.crown": "a mark's kind, from the API",
    "page.photo.eyes": "a mark's kind, from the API", "page.photo.chin": "a mark's kind, from the API",
  ]

  /// The `page.<page>.…` keys that `templates/web/<page>.html` uses: as `t.name` (the
  /// first part of a nested key), as `data-t="name"`, or by a name from data (listed).
  static func pageWordsUsed(_ keys: Set<String>) throws -> Set<String> {
    var used: Set<String> = []
    for key in keys where key.hasPrefix("page.") {
      let parts = key.split(separator: ".")
      guard parts.count >= 3 else { continue }
      let html = try String(contentsOfFile: repoPath("templates/web/\(parts[1]).html"), encoding: .utf8)
      if mentions(html, "t." + parts[2]) || html.contains("data-t=\"\(parts[2])\"") || wordsNamedByData[key] != nil {
        used.insert(key)
      }
    }
    return used
  }

  /// Whether `text` holds `name` as a whole name (`t.item` is not in `t.items`).
  static func mentions(_ text: String, _ name: String) -> Bool {
    func identifier(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
    var rest = text[...]
    while let found = rest.range(of: name) {
      let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
      let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
      if !identifier(before) && !identifier(after) { return true }
      rest = text[found.upperBound...]
    }
    return false
  }

  @Test func noMessageIsLeftInTheCodeOfAMovedTarget() throws {
    let han = try Regex(#""[^"\n]*[\x{4E00}-\x{9FFF}\x{3400}-\x{4DBF}]"#)
    var left: [String] = []
    for target in Self.movedTargets {
      let root = repoPath("Sources/" + target)
      let walker = try #require(FileManager.default.enumerator(atPath: root))
      for case let name as String in walker where name.hasSuffix(".swift") {
        let allowed = (Self.notMessages["Sources/\(target)/\(name)"]?.snippets ?? []) + Self.notMessagesAnywhere.map(\.snippet)
        let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let code = line.trimmingCharacters(in: .whitespaces)
          if code.hasPrefix("//") || allowed.contains(where: { line.contains($0) }) { continue }
          if line.contains(han) || line.contains("LocalizedText(zh: \"") || line.contains("chinese: true") {
            left.append("Sources/\(target)/\(name):\(n + 1): \(code)")
          }
        }
      }
    }
    #expect(left.isEmpty, "messages left in code:\n\(left.joined(separator: "\n"))")
    // Every exception still matches something: one that no longer does is dropped.
    for (file, exception) in Self.notMessages {
      let text = try String(contentsOfFile: repoPath(file), encoding: .utf8)
      for snippet in exception.snippets { #expect(text.contains(snippet), "\(file) no longer holds \(snippet)") }
    }
  }

  @Test func aMessageIsShownInItsLanguageWithItsArguments() {
    let inner = LocalizedText("materialType.idPhoto")
    let text = LocalizedText("yamlDocumentReader.aValueIsTooLong", ["utf8Count": 5000, "maxValueBytes": 4096])
    #expect(text(.zh).contains("5000") && text(.zh).contains("4096"))
    #expect(text(.en) == "a value is too long: 5000 bytes, at most 4096")
    #expect(inner(.zh) == "证件照" && inner(.en) == "ID photo")
    // A message inside a message is shown in the outer one's language.
    let outer = LocalizedText("jsonDocumentReader.syntaxError", ["problem": inner])
    #expect(outer(.en) == "JSON syntax error: ID photo")
    #expect(outer(.zh) == "JSON 语法错误：证件照")
    #expect(inner.appending(inner)(.en) == "ID photo ID photo")
    #expect(inner.appending(inner)(.zh) == "证件照证件照")
    // A key no catalog has shows as itself rather than as nothing.
    #expect(LocalizedText("no.such.key")(.en) == "no.such.key")
  }

  @Test func aBrokenCatalogIsRefusedWithItsLines() {
    let source = """
      # a comment
      good.key = fine {value}
      no equals sign here
      bad key = spaces in the key
      good.key = twice
      brace = an unclosed {brace
      escape = a bad \\q escape
      stray = a stray } brace
      quoted = " spaced "
      """
    #expect(throws: CatalogProblems.self) { try MessageCatalog.parse(source, code: "xx") }
    do {
      _ = try MessageCatalog.parse(source, code: "xx")
    } catch {
      #expect(error.problems.map(\.line) == [3, 4, 5, 6, 7, 8], "\(error)")
    }
    let fine = try? MessageCatalog.parse("a = x \\{not\\} {p}\\n\nb = \" spaced \"", code: "xx")
    #expect(fine?.placeholders("a") == ["p"])
    #expect(fine?.keys == ["a", "b"])
  }

  @Test func languagesComeFromTheCatalogs() {
    #expect(Language(rawValue: "zh") == .zh && Language(rawValue: "en") == .en)
    #expect(Language(rawValue: "xx") == nil, "no catalog, no language")
    #expect(Array(Language.allCases.prefix(2)) == [.zh, .en])
    #expect(Language.fromEnvironment(["LANG": "en_GB.UTF-8"]) == .en)
    #expect(Language.fromEnvironment(["LANG": "C.UTF-8"]) == .zh)
    #expect(Language.fromEnvironment(["LC_ALL": "fr_FR", "LANG": "en_US"]) == .zh)
  }
}
