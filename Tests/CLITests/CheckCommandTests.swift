import Foundation
import Testing

@Suite struct CheckCommandTests {
  /// Real files made by independent tools: a PDF form by `safetyreg form`, images by
  /// pdftoppm and cjpeg (libjpeg-turbo-progs).
  func scan(blur: Bool) throws -> String {
    let dir = try temporaryDirectory()
    let pdf = dir.appendingPathComponent("form.pdf").path
    _ = try run(["form", "samples/applications/initial.yaml", "-o", pdf])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let out = dir.appendingPathComponent(blur ? "blurred.jpg" : "scan.jpg").path
    // pdftoppm renders the page; a blurred scan is rendered at 50 dpi and scaled back up.
    let command =
      blur
      ? "pdftoppm -r 40 -f 1 -l 1 -singlefile \(pdf) \(dir.path)/low && pnmscale -width 1240 \(dir.path)/low.ppm 2>/dev/null | cjpeg -quality 90 > \(out) || (pdftoppm -r 40 -f 1 -l 1 -singlefile -png \(pdf) \(dir.path)/low && python3 -c \"from PIL import Image; Image.open('\(dir.path)/low.png').resize((1240,1754)).save('\(out)', quality=90)\")"
      : "pdftoppm -r 150 -f 1 -l 1 -singlefile \(pdf) \(dir.path)/page && cjpeg -quality 90 \(dir.path)/page.ppm > \(out)"
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    return out
  }

  @Test func aGoodScanIsAccepted() throws {
    let file = try scan(blur: false)
    let r = try run(["inspect", file, "--as", "form"])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.contains("结论：✓ 通过"))
    #expect(r.stdout.contains("JPEG，1241×1754"))
  }

  @Test func aBlurredScanIsRejectedWithJSONReasons() throws {
    let file = try scan(blur: true)
    let r = try run(["inspect", file, "--as", "contract", "--json"])
    #expect(r.status == 1, "\(r.stdout)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["decision"] as? String == "reject")
    let reasons = try #require(object["reasons"] as? [[String: Any]])
    #expect(reasons.contains { $0["code"] as? String == "BLURRY" && $0["material"] as? String == "contract" })
    let metrics = try #require(object["metrics"] as? [String: Any])
    #expect(metrics["sharpness"] is Double && metrics["width"] as? Int == 1240)
    #expect(object.keys.sorted() == ["decision", "file", "material", "metrics", "reasons", "warnings"])
  }

  @Test func aRenamedFileIsJudgedByItsContent() throws {
    let dir = try temporaryDirectory()
    let fake = dir.appendingPathComponent("contract.jpg")
    try Data("<html><body>not a contract</body></html>".utf8).write(to: fake)
    let r = try run(["inspect", fake.path, "--as", "contract", "--lang", "en"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("[UNSUPPORTED_FORMAT] the file holds HTML"))
  }

  @Test func thePhotoToolChecksAndFixes() throws {
    let dir = try temporaryDirectory()
    // A real photo of a person would be best; a drawn one made by Pillow's libjpeg is
    // what the tests can rely on: 1200 × 1600, the person in the middle, white wall.
    let source = dir.appendingPathComponent("selfie.jpg").path
    let script = """
      from PIL import Image, ImageDraw
      W,H=1200,1600; im=Image.new('RGB',(W,H),(248,248,246)); d=ImageDraw.Draw(im)
      d.polygon([(300,1600),(420,1150),(780,1150),(900,1600)],fill=(40,50,80))
      d.ellipse([430,600,770,1050],fill=(222,182,150)); d.pieslice([410,520,790,900],180,360,fill=(30,25,20))
      im.save('\(source)', quality=92)
      """
    let py = Process()
    py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    py.arguments = ["python3", "-c", script]
    try py.run()
    py.waitUntilExit()
    guard py.terminationStatus == 0 else { return }  // Pillow missing: the library tests cover the fixer
    let check = try run(["photo", source])
    #expect(check.status == 1)
    #expect(check.stdout.contains("[PHOTO_DIMENSIONS]"))
    let fixedPath = dir.appendingPathComponent("fixed.jpg").path
    let fix = try run(["photo", source, "--fix", fixedPath, "--json"])
    #expect(fix.status == 0, "\(fix.stdout)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(fix.stdout.utf8)) as? [String: Any])
    #expect(object["decision"] as? String == "accept")
    #expect((object["original"] as? [String: Any])?["decision"] as? String == "reject")
    #expect(((object["fix"] as? [String: Any])?["subjectFound"] as? Bool) == true)
    #expect(try run(["photo", fixedPath]).status == 0, "the fixed photo passes its own check")
  }

  @Test func usage() throws {
    #expect(try run(["inspect", "x.jpg"]).status == 2, "--as is required")
    #expect(try run(["inspect", "x.jpg", "--as", "passport"]).status == 2)
    #expect(try run(["inspect", "/nonexistent.jpg", "--as", "form"]).status == 2)
  }
}
