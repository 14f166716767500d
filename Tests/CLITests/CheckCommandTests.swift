import Foundation
import ImageCodecs
import TestSupport
import Testing

@Suite struct CheckCommandTests {
  /// Page 1 of a real form (`safetyreg form`) rasterised by pdftoppm (poppler-utils) at
  /// `dpi`, as a gray image.
  func page(dpi: Int) throws -> DecodedImage {
    let dir = try temporaryDirectory()
    let pdf = dir.appendingPathComponent("form.pdf").path
    let rendered = try run(["form", "samples/applications/initial.yaml", "-o", pdf])
    #expect(rendered.status == 0, "\(rendered.stderr)")
    try runInstalled("pdftoppm", ["-r", "\(dpi)", "-gray", "-f", "1", "-l", "1", "-singlefile", pdf, dir.path + "/page"])
    return try readPNM(dir.path + "/page.pgm")
  }

  /// Writes `image` as a JPEG (our encoder) and returns its path.
  func save(_ image: DecodedImage, quality: Int, name: String) throws -> String {
    let path = try temporaryDirectory().appendingPathComponent(name).path
    try Data(try JPEGCodec.encode(image, quality: quality)).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func aGoodScanIsAccepted() throws {
    let file = try save(try page(dpi: 150), quality: 90, name: "scan.jpg")
    let r = try run(["inspect", file, "--as", "form"])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.contains("结论：✓ 通过"))
    #expect(r.stdout.contains("JPEG，1241×1754"))
  }

  /// A 40 dpi page is illegible however it is enlarged: smoothly (bilinear: BLURRY, too
  /// little detail) or by replicating pixels (blocky: RESOLUTION_TOO_LOW), to the working
  /// size or beyond, at a good and at a poor JPEG quality.
  @Test(arguments: [
    ("smooth", 1240, 90), ("smooth", 1240, 50), ("smooth", 2480, 75), ("blocky", 1240, 90), ("blocky", 1240, 60),
    ("blocky", 2480, 75), ("blocky", 3000, 90),
  ])
  func anEnlargedLowResolutionScanIsRejected(_ how: String, _ width: Int, _ quality: Int) throws {
    let low = try page(dpi: 40)
    let height = low.height * width / low.width
    let big = how == "smooth" ? enlarged(low, width: width, height: height) : replicated(low, width: width, height: height)
    let file = try save(big, quality: quality, name: "enlarged.jpg")
    let r = try run(["inspect", file, "--as", "contract", "--json"])
    #expect(r.status == 1, "\(r.stdout)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["decision"] as? String == "reject")
    let reasons = try #require(object["reasons"] as? [[String: Any]])
    let expected = how == "smooth" ? "BLURRY" : "RESOLUTION_TOO_LOW"
    #expect(reasons.contains { $0["code"] as? String == expected && $0["material"] as? String == "contract" }, "\(reasons)")
    let metrics = try #require(object["metrics"] as? [String: Any])
    #expect(metrics["sharpness"] is Double && metrics["fineSteps"] is Double && metrics["width"] as? Int == width)
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

  /// The measurements line names each metric in the user's language: words in English,
  /// not the JSON's camelCase keys.
  @Test func measurementsAreNamedInWords() throws {
    let page = "samples/submissions/2026-0001-initial-ok/contract-1.jpg",
      photo = "samples/submissions/2026-0001-initial-ok/photo.jpg"
    for (file, material) in [(page, "contract"), (photo, "photo")] {
      let en = try run(["inspect", file, "--as", material, "--lang", "en"]).stdout
      let line = try #require(en.split(separator: "\n").first { $0.hasPrefix("Measured:") }, "\(en)")
      #expect(line.contains("mean luminance"), "\(line)")
      #expect(line.range(of: "[a-z][A-Z]", options: .regularExpression) == nil, "a camelCase key: \(line)")
      let zh = try run(["inspect", file, "--as", material]).stdout
      #expect(zh.contains("平均亮度"), "\(zh)")
    }
  }

  /// No one to frame: the dogs of the test photos are not cropped into an ID photo.
  @Test func theFixerWritesNothingWithoutAFace() throws {
    let dir = try temporaryDirectory().path
    let r = try run(["photo", repoPath("Tests/MaterialChecksTests/Photos/friends.jpg"), "--fix", "out.jpg"], in: dir)
    #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("[NO_FACE]") && r.stdout.contains("未写出文件"), "\(r.stdout)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out.jpg"))
    let json = try run(
      ["photo", repoPath("Tests/MaterialChecksTests/Photos/friends.jpg"), "--fix", "out.jpg", "--json"], in: dir)
    #expect(json.status == 1 && json.stdout.contains("\"NO_FACE\""))
    #expect(!FileManager.default.fileExists(atPath: dir + "/out.jpg"))
  }

  @Test func thePhotoToolChecksAndFixes() throws {
    let dir = try temporaryDirectory()
    // A phone-sized picture of a real person (1200 × 1600, the head in the middle with room
    // around, a white wall; Tests/Fixtures/portraits).
    let source = dir.appendingPathComponent("selfie.jpg").path
    try FileManager.default.copyItem(atPath: repoPath("Tests/Fixtures/portraits/derived-selfie-white.jpg"), toPath: source)
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
    #expect(((object["fix"] as? [String: Any])?["faceFound"] as? Bool) == true, "cropped by the face")
    #expect(try run(["photo", fixedPath]).status == 0, "the fixed photo passes its own check")
  }

  @Test func usage() throws {
    #expect(try run(["inspect", "x.jpg"]).status == 2, "--as is required")
    #expect(try run(["inspect", "x.jpg", "--as", "passport"]).status == 2)
    #expect(try run(["inspect", "/nonexistent.jpg", "--as", "form"]).status == 2)
  }
}
