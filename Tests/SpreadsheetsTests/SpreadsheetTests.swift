import Core
import Foundation
import RegistrationRules
import Spreadsheets
import TestSupport
import Testing

/// HR's spreadsheets, as Excel, WPS and LibreOffice write them.
@Suite struct SpreadsheetTests {
  static let limits = SpreadsheetLoader.Limits(maxBytes: 32 << 20, maxRows: 10_000)
  static let header =
    "注册种类,申请日期,姓名,性别,出生日期,证件类型,证件号码,学历,所学专业,联系电话,电子邮箱,通讯地址,资格证书编号,取得资格日期,注册类别,"
    + "聘用单位名称,统一社会信用代码,单位性质,单位地址,单位联系人,单位联系电话,工作经历1起始年月,工作经历1截止年月,工作经历1工作单位,工作经历1职务/从事工作"
  static let row =
    "初始注册,2026-11-20,张伟,男,1988-04-12,居民身份证,110101198804120010,本科,安全工程,13800138000,zhangwei@example.com,北京市东城区,0012345,"
    + "2022-03-15,化工安全,北京华安化工有限公司,91110105MA01ABCDEB,企业,北京市朝阳区化工路 88 号,李四,010-65432100,2016-07,至今,北京华安化工有限公司,安全员"

  func write(_ bytes: [UInt8], name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safetyreg-sheet-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func load(_ path: String) throws -> SpreadsheetLoader.Loaded { try SpreadsheetLoader.load(path: path, limits: Self.limits) }

  func assess(_ row: SpreadsheetLoader.Row) -> Assessment {
    Assessor.assess(
      row.application, policy: shippedPolicy, authorities: shippedAuthorities,
      today: CalendarDate(year: 2026, month: 11, day: 30)!)
  }

  /// The same applicant whatever the encoding: UTF-8, UTF-8 with a BOM, GB18030 (made by
  /// glibc's iconv program) and UTF-16 with tabs (Excel's "Unicode text").
  @Test(arguments: ["UTF-8", "UTF-8-BOM", "GB18030", "UTF-16LE-tabs"])
  func everyEncodingGivesTheSameApplicant(encoding: String) throws {
    let text = Self.header + "\r\n" + Self.row + "\r\n"
    var bytes: [UInt8]
    switch encoding {
    case "UTF-8": bytes = Array(text.utf8)
    case "UTF-8-BOM": bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    case "GB18030":
      let source = try write(Array(text.utf8), name: "utf8.csv")
      bytes = try runInstalled("iconv", ["-f", "UTF-8", "-t", "GB18030", source])
      #expect(String(validating: bytes, as: UTF8.self) == nil, "GB18030 bytes are not UTF-8")
    default:
      let tabs = text.replacingOccurrences(of: ",", with: "\t")
      bytes = [0xFF, 0xFE] + tabs.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }
    let loaded = try load(try write(bytes, name: "hr.csv"))
    #expect(loaded.rows.count == 1)
    let app = try #require(loaded.rows.first).application.application
    #expect(app.applicant.name == "张伟")
    #expect(app.employer.name == "北京华安化工有限公司")
    #expect(app.applicant.idNumber == "110101198804120010")
    #expect(app.workExperience.count == 1 && app.workExperience.first?.employer == "北京华安化工有限公司")
    #expect(assess(loaded.rows[0]).isValid, "\(assess(loaded.rows[0]).findings)")
  }

  /// Bytes that are neither UTF-8 nor GB18030 are refused with what to do.
  @Test func anUnknownEncodingIsRefusedWithAFix() throws {
    let path = try write(Array(Self.header.utf8) + [0x0A, 0xFF, 0xFF, 0xFF, 0x80, 0x0A], name: "bad.csv")
    #expect {
      try load(path)
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains("另存为“CSV UTF-8（逗号分隔）”") == true
    }
  }

  /// Headers as people write them: the form's label, a common alternative, the data key,
  /// and numbered columns in three spellings; a title row above the header is skipped.
  @Test func headersAsPeopleWriteThem() throws {
    let csv = """
      2026 年申请汇总,,,,,,,,
      kind,applicant.name,身份证号,手机,employer.name,workExperience[1].from,工作经历1 - 截止年月,工作单位3,备注
      initial,张伟,110101198804120010,13800138000,某公司,2016-07,2018-06,第三家公司,内部备注

      """
    let loaded = try load(try write(Array(csv.utf8), name: "hr.csv"))
    let app = try #require(loaded.rows.first).application.application
    #expect(loaded.rows.first?.number == 3)
    #expect(app.kind == .initial && app.applicant.name == "张伟" && app.applicant.phone == "13800138000")
    #expect(app.applicant.idNumber == "110101198804120010" && app.employer.name == "某公司")
    // Item 1 from two columns; item 3 (2 is empty) becomes the second item.
    #expect(app.workExperience.count == 2)
    #expect(
      app.workExperience[0].from == YearMonth(year: 2016, month: 7) && app.workExperience[0].to == YearMonth(year: 2018, month: 6)
    )
    #expect(app.workExperience[1].employer == "第三家公司")
    #expect(app.sourceColumns["workExperience[1].employer"]?.zh == "「工作单位3」（H 列）")
    // The column nobody knows is said once, for the sheet.
    #expect(loaded.notes.count == 1)
    #expect(loaded.notes.first?.message.zh.contains("「备注」（I 列）不是申请数据的栏目") == true)
  }

  /// A problem names the row and the column as headed.
  @Test func problemsNameTheRowAndTheColumn() throws {
    let bad = Self.row.replacingOccurrences(of: "110101198804120010", with: "110101198804120011")
    let loaded = try load(try write(Array((Self.header + "\n" + Self.row + "\n" + bad + "\n").utf8), name: "hr.csv"))
    let a = assess(loaded.rows[1])
    let finding = try #require(a.findings.errors.first { $0.field == "applicant.idNumber" })
    #expect(finding.line == 3)
    #expect(finding.column?.zh == "「证件号码」（G 列）")
    // Two rows with one ID number: a copied row, said once.
    #expect(loaded.notes.isEmpty)
    let twice = try load(try write(Array((Self.header + "\n" + Self.row + "\n" + Self.row + "\n").utf8), name: "hr.csv"))
    #expect(twice.notes.map(\.line) == [3] && twice.notes.first?.message.zh.contains("与第 2 行的证件号码相同") == true)
  }

  /// What Excel does to digits and dates, undone or refused.
  @Test(arguments: [
    ("出生日期", "1988/4/12", "birthDate", "1988-04-12"),
    ("出生日期", "1988年4月12日", "birthDate", "1988-04-12"),
    ("出生日期", "19880412", "birthDate", "1988-04-12"),
    ("出生日期", "1988-04-12 00:00:00", "birthDate", "1988-04-12"),
  ])
  func typedDatesAreRead(column: String, value: String, field: String, expected: String) throws {
    let row = Self.row.replacingOccurrences(of: ",1988-04-12,", with: ",\(value),")
    let loaded = try load(try write(Array((Self.header + "\n" + row + "\n").utf8), name: "hr.csv"))
    #expect(loaded.rows[0].application.application.applicant.birthDate?.description == expected)
  }

  @Test func anIDNumberExcelTurnedIntoANumberIsRefusedWithTheFix() throws {
    let row = Self.row.replacingOccurrences(of: "110101198804120010", with: "1.10101E+17")
    let loaded = try load(try write(Array((Self.header + "\n" + row + "\n").utf8), name: "hr.csv"))
    let finding = try #require(loaded.rows[0].application.findings.first { $0.field == "applicant.idNumber" })
    #expect(finding.message.zh.contains("表格把这个号码存成了数字（显示为 1.10101E+17）"))
    #expect(finding.message.zh.contains("设置为“文本”格式"))
  }

  /// LibreOffice's own .xlsx of our CSV template (the way HR saves it), read back whole.
  @Test func aLibreOfficeWorkbookOfTheTemplate() throws {
    let loaded = try load(repoPath("Tests/Fixtures/spreadsheets/libreoffice-template.xlsx"))
    let app = try #require(loaded.rows.first).application.application
    #expect(app.applicant.idNumber == "110101198804120010")
    #expect(app.applicant.qualificationCertificateNo == "0012345")
    #expect(app.applicationDate?.description == "2026-11-20", "a date cell (day number) read as a date")
    #expect(app.workExperience.count == 2)
    #expect(assess(loaded.rows[0]).isValid)
  }

  /// The same workbook saved without text columns: LibreOffice stored the ID as a number.
  @Test func aWorkbookThatLostDigits() throws {
    let loaded = try load(repoPath("Tests/Fixtures/spreadsheets/libreoffice-digits-as-numbers.xlsx"))
    let finding = try #require(loaded.rows[0].application.findings.first { $0.field == "applicant.idNumber" })
    #expect(finding.message.en.contains("last digits are lost"))
  }

  func openpyxl(_ kind: String) throws -> String {
    let path = try write([], name: "\(kind).xlsx")
    try runInstalled("python3", [repoPath("Tests/Fixtures/spreadsheets/make-xlsx.py"), kind, path])
    return path
  }

  /// openpyxl's workbook: applicants under a title row, date cells, work periods in a
  /// linked sheet by ID number, a linked row that matches nobody.
  @Test func anOpenpyxlWorkbookWithALinkedSheet() throws {
    let loaded = try load(try openpyxl("linked"))
    #expect(loaded.sheet == "申请人")
    #expect(loaded.rows.map(\.number) == [3, 4, 5])
    let zhang = loaded.rows[0].application.application
    #expect(zhang.birthDateDescription == "1988-04-12")
    #expect(zhang.workExperience.map(\.employer) == ["北京某化工厂", "北京华安化工有限公司"])
    #expect(assess(loaded.rows[0]).isValid)
    // The linked row with a date cell formatted as a month.
    #expect(loaded.rows[2].application.application.workExperience.first?.from == YearMonth(year: 2012, month: 9))
    // A number cell holding an 18-digit ID number has lost digits.
    #expect(loaded.rows[1].application.findings.contains { $0.message.zh.contains("后几位已经丢失") })
    // The linked row that matches nobody is said, with its sheet and row.
    #expect(loaded.notes.contains { $0.severity == .error && $0.column?.zh == "工作表“工作经历”第 5 行" })
  }

  @Test func the1904DateSystem() throws {
    let loaded = try load(try openpyxl("epoch1904"))
    #expect(loaded.rows[0].application.application.applicationDate?.description == "2026-11-20")
    #expect(loaded.rows[0].application.application.applicant.birthDate?.description == "1988-04-12")
  }

  /// A date cell holding 1e300 made `validate` die with SIGILL (the day number converted
  /// to Int before its range was checked); -1e300, 1e19, NaN and INF are the same trap's
  /// neighbours. Each is a clear finding on its row and column.
  @Test func datesFarOutOfRangeAreFindingsNotTraps() throws {
    let loaded = try load(try openpyxl("hugedates"))
    #expect(loaded.rows.count == 5)
    for row in loaded.rows {
      let finding = try #require(row.application.findings.first { $0.field == "applicant.birthDate" })
      #expect(finding.message.zh.contains("不是有效的日期"))
      #expect(row.application.application.applicant.birthDate == nil)
      #expect(!assess(row).isValid)
    }
  }

  /// The header in a row numbered Int.max, then an applicant in a row without a number:
  /// counting on from Int.max would trap. A number past Excel's last row is not believed,
  /// so the header is row 1 and the applicant row 2.
  @Test func aRowNumberPastExcelsLastIsNotBelieved() throws {
    let loaded = try load(try openpyxl("hugerow"))
    #expect(loaded.rows.map(\.number) == [2])
    #expect(loaded.rows.first?.application.application.applicant.name == "张伟")
  }

  /// A workbook is a ZIP of XML: its parts are limited before they are inflated, and a
  /// DTD (entity expansion) is never parsed.
  @Test(arguments: [("bomb", "解压后过大"), ("dtd", "含有 DTD")])
  func hostileWorkbooksAreRefused(kind: String, message: String) throws {
    let path = try openpyxl(kind)
    #expect {
      try load(path)
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains(message) == true
    }
  }

  /// FuzzSpreadsheet's first finding: a ZIP whose directory points past its end made
  /// ZIPFoundation's in-memory archive trap (a range with its bounds reversed). Read from a
  /// file it is an unreadable workbook.
  @Test func aZIPThatPointsPastItsEndIsRefusedNotATrap() throws {
    #expect {
      try load(repoPath("Tests/Fixtures/spreadsheets/fuzz-zip-seek-past-end.xlsx"))
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains("xlsx") == true
        || (error as? DocumentSyntaxError)?.problem.zh.contains("损坏") == true
    }
  }

  /// Its second: a part claiming more bytes than the file has, which ZIPFoundation would
  /// wait for without end. Refused at once.
  ///
  /// Its fourth: a deflate stream cut short, within the file's size, on which ZIPFoundation
  /// looped for ever (it was then replaced by our own reader). Damaged, at once.
  @Test(.timeLimit(.minutes(1))) func aDeflateStreamCutShortIsDamaged() throws {
    #expect {
      try load(repoPath("Tests/Fixtures/spreadsheets/fuzz-deflate-cut-short.xlsx"))
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.en.contains("xl/sharedStrings.xml is damaged") == true
    }
  }

  /// (The time limit guards against the old endless wait; the assertion is on the reason.)
  @Test(.timeLimit(.minutes(1))) func aPartLongerThanTheFileIsRefusedAtOnce() throws {
    #expect {
      try load(repoPath("Tests/Fixtures/spreadsheets/fuzz-zip-size-past-end.xlsx"))
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.en.contains("xl/sharedStrings.xml is damaged") == true
    }
  }

  /// Its third: a workbook part whose attribute value runs on into markup, with bytes
  /// that are not UTF-8, made Foundation's XML parser trap. Refused before it is parsed.
  /// (The fixture was repacked with true CRCs: the ZIP reader now refuses a bad one first.)
  @Test func xmlThatWouldTrapTheParserIsRefused() throws {
    #expect {
      try load(repoPath("Tests/Fixtures/spreadsheets/fuzz-xml-attribute-into-markup.xlsx"))
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.en.contains("malformed") == true
    }
  }

  @Test func oldExcelAndNonsenseAreRefusedWithTheReason() throws {
    let xls = try write([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504), name: "hr.xls")
    #expect {
      try load(xls)
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains("另存为” .xlsx 或 CSV") == true
    }
    let zip = try write([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 7, count: 100), name: "hr.xlsx")
    #expect {
      try load(zip)
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains("不是有效的 .xlsx 文件") == true
    }
    let noHeader = try write(Array("a,b,c\n1,2,3\n".utf8), name: "hr.csv")
    #expect {
      try load(noHeader)
    } throws: { error in
      (error as? DocumentSyntaxError)?.problem.zh.contains("找不到表头") == true
    }
  }
}

extension Application {
  fileprivate var birthDateDescription: String? { applicant.birthDate?.description }
}
