import Foundation
import TestSupport
import Testing

/// HR's day: a template, 50 applicants in a spreadsheet, 50 PDFs and one print file.
@Suite struct SpreadsheetCommandTests {
  /// A valid ID number from its first 17 digits (GB 11643 check character).
  static func idNumber(_ first17: String) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return first17 + String(Array("10X98765432")[sum % 11])
  }

  @Test func fiftyApplicantsGiveFiftyPDFsAndOnePrintFile() throws {
    let work = try temporaryDirectory().path
    let template = try run(["template", "--csv", "-o", "hr.csv"], in: work)
    #expect(template.status == 0)
    // The template's example row is valid as it stands.
    #expect(try run(["validate", "hr.csv", "--today", "2026-11-30"], in: work).status == 0)
    // HR fills in 50 rows (the example row copied, with names and ID numbers changed),
    // and saves the file as Chinese Windows does: GB18030.
    let text = try String(contentsOfFile: work + "/hr.csv", encoding: .utf8)
    let lines = text.split(separator: "\r\n").map(String.init)
    let surnames = Array("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马")
    var rows = [lines[0]]
    for i in 0..<50 {
      let id = Self.idNumber("11010119880412" + String(format: "%03d", 2 * i + 1))
      rows.append(
        lines[1].replacingOccurrences(of: "张伟", with: "\(surnames[i])伟")
          .replacingOccurrences(of: "110101198804120010", with: id)
          .replacingOccurrences(of: "2026-000101", with: String(format: "2026-%06d", i + 1)))
    }
    try Data((rows.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: work + "/utf8.csv"))
    let gb = try runInstalled("iconv", ["-f", "UTF-8", "-t", "GB18030", work + "/utf8.csv"])
    try Data(gb).write(to: URL(fileURLWithPath: work + "/hr50.csv"))

    let r = try run(["form", "hr50.csv", "-o", "forms", "--combined", "all.pdf", "--today", "2026-11-30"], in: work)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    let pdfs = try FileManager.default.contentsOfDirectory(atPath: work + "/forms").filter { $0.hasSuffix(".pdf") }
    #expect(pdfs.count == 50)
    #expect(pdfs.contains("2026-000002-钱伟.pdf"))
    #expect(try pdfPageCount(work + "/all.pdf") == 100)
    let page = String(
      decoding: try runInstalled("pdftotext", ["-l", "1", work + "/forms/2026-000002-钱伟.pdf", "-"]), as: UTF8.self)
    #expect(page.contains("钱伟") && page.contains(Self.idNumber("11010119880412003")) && page.contains("北京华安化工有限公司"))
    #expect(r.stdout.contains("hr50.csv 第 3 行（钱伟） → forms/2026-000002-钱伟.pdf"))
    #expect(r.stdout.contains("合并打印文件：all.pdf（50 份，100 页，双面打印）"))
  }

  @Test func validatingASpreadsheetListsEveryRow() throws {
    let work = try temporaryDirectory().path
    #expect(try run(["template", "--csv", "-o", "hr.csv"], in: work).status == 0)
    let text = try String(contentsOfFile: work + "/hr.csv", encoding: .utf8)
    let lines = text.split(separator: "\r\n").map(String.init)
    let bad = lines[1].replacingOccurrences(of: "110101198804120010", with: "110101198804120011")
    try (lines[0] + "\r\n" + lines[1] + "\r\n" + bad + "\r\n").write(toFile: work + "/two.csv", atomically: true, encoding: .utf8)
    let r = try run(["validate", "two.csv", "--today", "2026-11-30"], in: work)
    #expect(r.status == 1)
    #expect(r.stdout.contains("✓ two.csv 第 2 行（张伟）：初始注册"))
    #expect(r.stdout.contains("✗ two.csv 第 3 行（张伟）：初始注册，1 个问题须修改"))
    #expect(r.stdout.contains("[INVALID_FIELD] 第 3 行「证件号码」（K 列）：身份证号码校验位错误"), "\(r.stdout)")
    #expect(r.stdout.contains("共 2 位申请人：1 位通过校验，1 位须修改。"))
    let json = try run(["validate", "two.csv", "--today", "2026-11-30", "--json"], in: work)
    let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(array?.count == 2 && array?[1]["decision"] as? String == "reject")
    let reason = (array?[1]["reasons"] as? [[String: Any]])?.first
    #expect(reason?["line"] as? Int == 3 && reason?["column"] as? String == "「证件号码」（K 列）")
  }

  @Test func templatesAreValidAndNeverOverwrite() throws {
    let work = try temporaryDirectory().path
    #expect(try run(["template", "--yaml", "-o", "app.yaml"], in: work).status == 0)
    let yaml = try String(contentsOfFile: work + "/app.yaml", encoding: .utf8)
    #expect(yaml.hasPrefix("# yaml-language-server: $schema=") && yaml.contains("schema/application.schema.json"))
    #expect(try run(["validate", "app.yaml", "--today", "2026-11-30"], in: work).status == 0)
    let again = try run(["template", "--yaml", "-o", "app.yaml"], in: work)
    #expect(again.status == 2 && again.stderr.contains("已存在，未覆盖"))
    let csv = try run(["template", "--csv"], in: work)
    #expect(csv.stdout.hasPrefix("\u{FEFF}申请编号,注册种类,申请日期"))
    #expect(try run(["template"], in: work).status == 2)
  }
}
