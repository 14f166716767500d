import Foundation
import TestSupport
import Testing

@Suite struct FormCommandTests {
  func pageCount(_ path: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdfinfo")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return Int(text.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? -1
  }

  @Test func oneApplicationOnePDF() throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("zhang.pdf").path
    let r = try run(["form", "samples/applications/initial.yaml", "-o", out])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("✓ samples/applications/initial.yaml → \(out)"))
    #expect(try pageCount(out) == 2)
    // Written atomically: no temporary file left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["zhang.pdf"])
  }

  @Test func aFolderGivesOnePDFEachAndTheInvalidOnesAreListed() throws {
    let dir = try temporaryDirectory()
    let r = try run([
      "form", "samples/applications", "-o", dir.path, "--jobs", "2", "--combined", dir.appendingPathComponent("all.pdf").path,
    ])
    #expect(r.status == 1, "three samples are invalid")
    let pdfs = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".pdf") }.sorted()
    #expect(pdfs == ["all.pdf", "change.pdf", "initial-overdue.pdf", "initial.pdf", "renewal.pdf", "reregistration.pdf"])
    #expect(r.stdout.contains("✗ samples/applications/invalid-data.yaml：数据有 4 个问题，未生成"))
    #expect(r.stdout.contains("[INVALID_FIELD] 第 11 行，证件号码（applicant.idNumber）"))
    #expect(r.stdout.contains("5 份已生成，3 份未生成。"))
    #expect(try pageCount(dir.appendingPathComponent("all.pdf").path) == 10)
    #expect(r.stdout.contains("合并打印文件"))
  }

  @Test func forceRendersInvalidDataAndListsTheProblems() throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("x.pdf").path
    let r = try run(["form", "samples/applications/invalid-timing.yaml", "-o", out, "--force", "--lang", "en"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("rendered with --force despite 2 problems"))
    #expect(r.stdout.contains("[CE_HOURS]"))
    #expect(try pageCount(out) == 2)
  }

  @Test(arguments: ["initial", "renewal", "change", "reregistration"])
  func blankForms(_ kind: String) throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("blank.pdf").path
    let r = try run(["form", "--blank", kind, "-o", out])
    #expect(r.status == 0)
    #expect(try pageCount(out) == 2)
  }

  @Test func manyFormsInParallelGiveTheSameFilesAsOne() throws {
    let inputs = try temporaryDirectory()
    let text = try String(contentsOfFile: repoPath("samples/applications/renewal.yaml"), encoding: .utf8)
    for i in 0..<12 {
      try text.replacingOccurrences(of: "2026-000103", with: "2026-7\(i)").write(
        to: inputs.appendingPathComponent("r\(i).yaml"), atomically: true, encoding: .utf8)
    }
    let one = try temporaryDirectory(), two = try temporaryDirectory()
    let environment = ["SOURCE_DATE_EPOCH": "1795400000"]
    #expect(try run(["form", inputs.path, "-o", one.path, "--jobs", "1"], environment: environment).status == 0)
    #expect(try run(["form", inputs.path, "-o", two.path, "--jobs", "2"], environment: environment).status == 0)
    for i in 0..<12 {
      let a = try Data(contentsOf: one.appendingPathComponent("r\(i).pdf")),
        b = try Data(contentsOf: two.appendingPathComponent("r\(i).pdf"))
      #expect(a == b, "r\(i).pdf is the same whatever the number of workers")
    }
  }

  @Test func missingFontsStopTheRunNamingThePackage() throws {
    let dir = try temporaryDirectory()
    let config = dir.appendingPathComponent("fonts.conf")
    try "<?xml version=\"1.0\"?><fontconfig><cachedir>\(dir.path)/cache</cachedir></fontconfig>".write(
      to: config, atomically: true, encoding: .utf8)
    let r = try run(
      ["form", "--blank", "initial", "-o", dir.appendingPathComponent("x.pdf").path],
      environment: ["FONTCONFIG_FILE": config.path, "XDG_CACHE_HOME": dir.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("fonts-noto-cjk"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.pdf").path))
  }

  @Test func usageErrors() throws {
    #expect(try run(["form"]).status == 2)
    #expect(try run(["form", "samples/applications/initial.yaml"]).status == 2, "no output given")
    #expect(try run(["form", "--blank", "weekly", "-o", "/tmp/x.pdf"]).status == 2)
    #expect(try run(["form", "/nonexistent.yaml", "-o", "/tmp/x.pdf"]).status == 2)
  }
}
