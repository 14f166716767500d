import Core
import DocumentParsing
import Foundation
import Testing

@testable import RegistrationRules

@Suite struct DocumentReaderTests {
  func syntaxError(_ text: String, file: String = "app.yaml", limits: DocumentLimits = DocumentLimits()) -> DocumentSyntaxError? {
    do {
      _ = try DocumentReader.read(Array(text.utf8), file: file, limits: limits)
      return nil
    } catch {
      return error
    }
  }

  @Test func yamlSyntaxErrorNamesFileAndLine() throws {
    let error = try #require(syntaxError("kind: initial\napplicant:\n  name: 张三\n   gender: male\n"))
    #expect(error.file == "app.yaml")
    #expect(error.line == 4)
    #expect(error.message(.zh).hasPrefix("app.yaml:4:"))
    #expect(error.message(.zh).contains("YAML 语法错误"))
    #expect(error.message(.en).contains("YAML syntax error"))
  }

  @Test func jsonSyntaxErrorNamesLineAndColumn() throws {
    let text = "{\n  \"kind\": \"initial\",\n  \"applicant\": { \"name\": \"张三\" \"gender\": \"male\" }\n}"
    let error = try #require(syntaxError(text, file: "app.json"))
    #expect(error.line == 3)
    #expect(error.column == 31)  // counted in characters: 张三 is two columns, not six bytes
    #expect(error.message(.en).contains("expected ',' or '}'"))
  }

  @Test(arguments: [
    ("{\"a\": 1,}", "expected a field name"), ("{\"a\": 01}", "cannot start with 0"), ("{\"a\": \"x\ny\"}", "control character"),
    ("{\"a\": tru}", "unrecognised"), ("{\"a\": 1} x", "after the JSON value"), ("{\"a\": \"\\ud800\"}", "surrogate"),
    ("{\"a\": \"\\q\"}", "invalid escape"), ("{\"a\": 1", "unexpected end"),
  ])
  func jsonErrorsAreSpecific(_ text: String, _ expected: String) throws {
    let error = try #require(syntaxError(text, file: "x.json"))
    #expect(error.message(.en).contains(expected), "\(error.message(.en))")
  }

  @Test func jsonKeepsScalarsAsWritten() throws {
    let node = try DocumentReader.read(
      Array("{\"n\": 0.50, \"s\": \"\\u5f20\\ud83d\\ude00\", \"z\": null, \"b\": true}".utf8), file: "x.json")
    guard case .mapping(let entries) = node.value else { Issue.record("not a mapping"); return }
    #expect(entries.map(\.value.value) == [.scalar("0.50"), .scalar("张😀"), .null, .scalar("true")])
  }

  @Test func duplicateKeysAreRefusedInBothFormats() throws {
    let yaml = try #require(syntaxError("id: a\nkind: initial\nkind: renewal\n"))
    #expect(yaml.line == 2)
    #expect(yaml.message(.zh).contains("字段“kind”重复出现"))
    let json = try #require(syntaxError("{\"kind\": \"a\",\n \"kind\": \"b\"}", file: "x.json"))
    #expect(json.message(.en).contains("duplicate key \"kind\" (first on line 1)"))
  }

  @Test func deepNestingIsRefusedBeforeParsing() throws {
    let deepFlow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(try #require(syntaxError("a: " + deepFlow)).message(.en).contains("nesting deeper than 32"))
    #expect(try #require(syntaxError("{\"a\": " + deepFlow + "}", file: "x.json")).message(.en).contains("nesting deeper"))
    let deepBlock = (0..<200).map { String(repeating: " ", count: $0 * 2) + "k\($0):" }.joined(separator: "\n")
    #expect(try #require(syntaxError(deepBlock)).message(.en).contains("nesting deeper"))
    let dashes = String(repeating: "- ", count: 5000) + "x"
    #expect(try #require(syntaxError(dashes)).message(.en).contains("nesting deeper"))
  }

  @Test func aliasBombsAreRefused() throws {
    var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
    let bomb = lines.joined(separator: "\n")
    // Each alias is charged what it stands for as it is met, so the bomb (10^10 values) is
    // refused on line 5, where the total first passes 50,000, without expanding anything …
    for limits in [DocumentLimits(), DocumentLimits(maxAliases: 1000)] {
      let budget = try #require(syntaxError(bomb, limits: limits))
      #expect(budget.message(.en).contains("too many values"), "\(budget.message(.en))")
      #expect(budget.line == 5)
    }
    // … and aliases are counted too, however little they stand for: the 65th is refused.
    let many = "x: &x 1\n" + (1...90).map { "a\($0): *x" }.joined(separator: "\n")
    let counted = try #require(syntaxError(many))
    #expect(counted.message(.en).contains("more than 64 YAML aliases"), "\(counted.message(.en))")
    #expect(counted.line == 66, "the line of the 65th alias")
  }

  /// FuzzPolicy's hang: nested complex keys kept Yams's composer comparing subtrees for
  /// more than ten minutes. Every key that is not text is refused at the event that opens it.
  @Test func keysThatAreNotTextAreRefusedAtOnce() throws {
    let fuzzed = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/documents/fuzz-nested-complex-keys.yaml"))))
    for file in ["app.yaml", "policy.yaml"] {
      do {
        _ = try DocumentReader.read(fuzzed, file: file)
        Issue.record("accepted nested complex keys")
      } catch {
        #expect(error.line == 1)
        #expect(error.message(.en).contains("a key must be plain text"), "\(error.message(.en))")
        #expect(error.message(.zh).contains("字段名必须是简单文本"))
      }
    }
    let cases: [(String, Int)] = [
      ("a: 1\n? [x, y]\n: 2\n", 2),  // explicit complex key
      ("a: 1\n[x, [y]]: 2\n", 2),  // a flow list as an implicit key
      ("a: 1\n{k: v}: 2\n", 2),  // a flow mapping as a key
      ("a: &l [1, 2]\n*l : 3\n", 2),  // an alias to a list used as a key
    ]
    for (text, line) in cases {
      let error = try #require(syntaxError(text), "\(text)")
      #expect(error.line == line, "\(text)")
      #expect(error.message(.en).contains("a key must be plain text"), "\(text): \(error.message(.en))")
    }
    // An alias to a text is a text key, and counts as a duplicate like any other.
    #expect(syntaxError("a: &k name\n*k : 3\n") == nil)
    let duplicate = try #require(syntaxError("name: &k x\nk: *k\n*k : 3\nname: y\n"))
    #expect(duplicate.message(.en).contains("duplicate key \"name\" (again on line 4)"), "\(duplicate.message(.en))")
  }

  @Test func aYAMLFileHoldsOneDocument() throws {
    let two = try #require(syntaxError("kind: initial\n---\nkind: renewal\n"))
    #expect(two.line == 2)
    #expect(two.message(.en).contains("more than one YAML document"))
    #expect(syntaxError("---\nkind: initial\n...\n") == nil)
    #expect(try #require(syntaxError("# nothing but a comment\n")).message(.en).contains("the file is empty"))
    let undefined = try #require(syntaxError("a: *nowhere\n"))
    #expect(undefined.message(.en).contains("*nowhere has no anchor"), "\(undefined.message(.en))")
  }

  /// An alias is charged the depth and the size of what it stands for.
  @Test func anAliasCarriesItsDepthAndSize() throws {
    let deep = "d: &d [[[[1]]]]\ne: [[[*d]]]\n"  // *d's 1 ends up at depth 1 + 3 + 4 = 8
    #expect(syntaxError(deep, limits: DocumentLimits(maxDepth: 8)) == nil)
    #expect(try #require(syntaxError(deep, limits: DocumentLimits(maxDepth: 7))).line == 2)
    let copies = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"  // 1 + (1 + 3) × 3 = 13 values
    #expect(syntaxError(copies, limits: DocumentLimits(maxNodes: 13)) == nil)
    #expect(try #require(syntaxError(copies, limits: DocumentLimits(maxNodes: 12))).message(.en).contains("too many values"))
    // What an alias stands for is the anchored value itself, lines included.
    let node = try DocumentReader.read(Array(copies.utf8), file: "a.yaml")
    guard case .mapping(let entries) = node.value else { Issue.record("not a mapping"); return }
    #expect(entries[2].value == entries[0].value)
    #expect(entries[2].value.line == 1)
  }

  /// Neither libyaml nor our composer recurses: the deepest nesting a policy may allow
  /// (1000) is read, and one more level is refused.
  @Test func theDeepestAllowedNestingIsRead() throws {
    let limits = DocumentLimits(maxDepth: 1000)
    let nested = "a: " + String(repeating: "[", count: 999) + "1" + String(repeating: "]", count: 999)
    #expect(syntaxError(nested, limits: limits) == nil)
    let block = (0..<1000).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x"
    #expect(try #require(syntaxError("a:\n" + block, limits: limits)).message(.en).contains("nesting deeper than 1000"))
    let tooDeep = "a: " + String(repeating: "[", count: 1000) + "1" + String(repeating: "]", count: 1000)
    #expect(try #require(syntaxError(tooDeep, limits: limits)).message(.en).contains("nesting deeper than 1000"))
  }

  /// Every application limit at its boundary and one past it.
  @Test func applicationLimitsHoldAtTheirBoundaries() throws {
    let aliases = (0..<3).map { "a\($0): *x" }.joined(separator: "\n")
    #expect(syntaxError("x: &x 1\n" + aliases, limits: DocumentLimits(maxAliases: 3)) == nil)
    #expect(syntaxError("x: &x 1\n" + aliases, limits: DocumentLimits(maxAliases: 2)) != nil)
    let value = String(repeating: "长", count: 100)  // 300 bytes
    #expect(syntaxError("name: \(value)", limits: DocumentLimits(maxValueBytes: 300)) == nil)
    let long = try #require(syntaxError("name: \(value)", limits: DocumentLimits(maxValueBytes: 299)))
    #expect(long.message(.en).contains("a value is too long: 300 bytes, at most 299"))
    #expect(syntaxError("{\"name\": \"\(value)\"}", file: "a.json", limits: DocumentLimits(maxValueBytes: 300)) == nil)
    #expect(syntaxError("{\"name\": \"\(value)\"}", file: "a.json", limits: DocumentLimits(maxValueBytes: 299)) != nil)
    let nested = (0..<4).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x"
    #expect(syntaxError(nested, limits: DocumentLimits(maxDepth: 4)) == nil)
    #expect(syntaxError(nested, limits: DocumentLimits(maxDepth: 3)) != nil)
    let list = "l: [" + Array(repeating: "1", count: 98).joined(separator: ", ") + "]"  // 100 values with l's mapping
    #expect(syntaxError(list, limits: DocumentLimits(maxNodes: 100)) == nil)
    #expect(try #require(syntaxError(list, limits: DocumentLimits(maxNodes: 99))).message(.en).contains("too many values"))
    // A 50 MB value never reaches the parser: the file is over the size limit.
    let huge = "name: " + String(repeating: "x", count: 50 << 20)
    #expect(try #require(syntaxError(huge)).message(.en).contains("too large"))
  }

  @Test func oversizedAndNonUTF8FilesAreRefused() throws {
    let big = try #require(syntaxError(String(repeating: "#", count: 2000), limits: DocumentLimits(maxBytes: 1000)))
    #expect(big.message(.en).contains("too large (2000 bytes, at most 1000)"))
    do {
      _ = try DocumentReader.read([0x6B, 0x3A, 0x20, 0xC4, 0xE3], file: "gbk.yaml")  // GBK "你"
      Issue.record("accepted GBK")
    } catch {
      #expect(error.message(.zh).contains("UTF-8"))
    }
  }

  @Test func byteOrderMarkIsIgnored() throws {
    let loaded = try ApplicationLoader.parse([0xEF, 0xBB, 0xBF] + Array("kind: initial\n".utf8), file: "bom.yaml")
    #expect(loaded.application.kind == .initial)
  }

  @Test func emptyAndNonMappingFilesAreErrors() throws {
    #expect(throws: DocumentSyntaxError.self) { try load("") }
    #expect(throws: DocumentSyntaxError.self) { try load("- just\n- a list\n") }
    #expect(throws: DocumentSyntaxError.self) { try load("[1, 2]", file: "a.json") }
  }
}

@Suite struct ApplicationLoaderTests {
  @Test func yamlAndJsonReadTheSameApplication() throws {
    let yaml = try ApplicationLoader.load(path: repoPath("samples/applications/initial.yaml"))
    var json = yaml.application
    json.sourceLines = [:]
    // Re-express the YAML sample as JSON and compare the models.
    let text = """
      {"id": "2026-000101", "kind": "initial", "applicationDate": "2026-11-20",
       "applicant": {"name": "张伟", "gender": "male", "birthDate": "1988-04-12", "idType": "resident_id",
         "idNumber": "110101198804120010", "education": "本科", "major": "安全工程", "phone": "13800138000",
         "email": "zhangwei@example.com", "address": "北京市东城区东直门南大街 10 号",
         "qualificationCertificateNo": "0012345", "qualificationDate": "2022-03-15"},
       "category": "chemical", "authority": "北京市应急管理局",
       "employer": {"name": "北京华安化工有限公司", "creditCode": "91110105MA01ABCDEB", "nature": "企业",
         "address": "北京市朝阳区化工路 88 号", "contact": "李四", "phone": "010-65432100"},
       "workExperience": [
         {"from": "2010-07", "to": "2016-06", "employer": "北京某化工厂", "position": "安全员"},
         {"from": "2016-07", "to": "至今", "employer": "北京华安化工有限公司", "position": "安全管理部主管"}]}
      """
    var fromJSON = try ApplicationLoader.parse(Array(text.utf8), file: "x.json").application
    fromJSON.sourceLines = [:]
    #expect(fromJSON == json)
    #expect(yaml.findings.isEmpty)
  }

  @Test func malformedFieldsAreFindingsWithFieldAndLine() throws {
    let loaded = try load(
      """
      kind: initial
      applicant:
        birthDate: 1988-13-01
        gender: man
        name: [张, 三]
      workExperience:
        - { from: 至今, to: 2015-13 }
      continuingEducation:
        - { hours: 十六 }
      """)
    let byField = Dictionary(uniqueKeysWithValues: loaded.findings.map { ($0.field!, $0) })
    #expect(byField["applicant.birthDate"]?.line == 3)
    #expect(byField["applicant.birthDate"]?.message.zh.contains("“1988-13-01”不是有效的日期") == true)
    #expect(byField["applicant.gender"]?.line == 4)
    #expect(byField["applicant.gender"]?.message.en.contains("male | female") == true)
    #expect(byField["applicant.name"]?.message.en.contains("expected a text, found a list") == true)
    #expect(byField["workExperience[0].from"]?.line == 7)
    #expect(byField["workExperience[0].to"]?.message.en.contains("not a valid month") == true)
    #expect(byField["continuingEducation[0].hours"]?.line == 9)
    #expect(loaded.findings.allSatisfy { $0.code == .invalidField && $0.severity == .error })
  }

  @Test func unknownKeysAreWarningsWithASuggestion() throws {
    let loaded = try load("kind: initial\napplicant:\n  nmae: 张三\n  hobby: chess\ncolour: red\nemployer:\n  naem: x\n  name: y\n")
    let warnings = loaded.findings.warnings
    #expect(Set(warnings.compactMap(\.field)) == ["colour", "applicant.hobby", "employer.naem"])
    #expect(warnings.first { $0.field == "applicant.hobby" }?.message.en.contains("did you mean") == false)
    // A misspelling of a key that is there too is only an unknown key, with the suggestion.
    let beside = try #require(warnings.first { $0.field == "employer.naem" })
    #expect(beside.code == .unknownField && beside.line == 7 && beside.message.zh.contains("是否应为“name”"))
    // A misspelling of an absent key is kept for the assessor, which names it as the cause.
    #expect(loaded.misspellings == [Misspelling(given: "nmae", intended: "applicant.name", line: 3)])
  }

  @Test func acceptsChineseLabelsAndLenientForms() throws {
    let loaded = try load(
      """
      kind: 延续注册
      category: 化工安全
      applicant: { gender: 女, birthDate: 1990年3月7日, idType: 身份证, phone: 13800138000, qualificationCertificateNo: 0012345 }
      change: { reasons: employer }
      workExperience: [{ from: 2015/07, to: present }]
      """)
    let app = loaded.application
    #expect(loaded.findings.isEmpty)
    #expect(app.kind == .renewal)
    #expect(app.category == .chemical)
    #expect(app.applicant.gender == .female)
    #expect(app.applicant.birthDate == date("1990-03-07"))
    #expect(app.applicant.idType == .residentID)
    #expect(app.applicant.phone == "13800138000")
    #expect(app.applicant.qualificationCertificateNo == "0012345")  // leading zeros kept
    #expect(app.change?.reasons == [.employer])
    #expect(app.workExperience == [WorkPeriod(from: month("2015-07"), to: nil)])
  }

  @Test func controlCharactersAndOverlongTextsAreRefused() throws {
    let loaded = try load("applicant:\n  name: \"张\\u0000三\"\n  address: \"\(String(repeating: "长", count: 600))\"\n")
    #expect(Set(loaded.findings.compactMap(\.field)) == ["applicant.name", "applicant.address"])
    #expect(loaded.findings.first { $0.field == "applicant.name" }?.message.en.contains("U+0") == true)
  }

  @Test func materialsMapAcceptsAFileOrAList() throws {
    let loaded = try load("materials:\n  photo: me.jpg\n  contract: [c1.jpg, c2.pdf]\n  selfie: x.jpg\n")
    #expect(loaded.application.materials == [.photo: ["me.jpg"], .contract: ["c1.jpg", "c2.pdf"]])
    #expect(loaded.findings.map(\.field) == ["materials.selfie"])
  }
}
