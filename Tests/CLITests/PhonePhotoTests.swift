import Foundation
import ImageCodecs
import TestSupport
import Testing

/// iPhones save HEIC, Android phones and browsers WebP: `photo --fix` reads both and
/// writes the JPEG an upload needs; uploads themselves must still be JPEG.
@Suite struct PhonePhotoTests {
  /// A phone-sized selfie (a real portrait on a white wall, Tests/Fixtures/portraits)
  /// converted by the real encoders: libheif's heif-enc and libwebp's cwebp.
  func selfie(as format: String, in dir: String) throws -> String {
    let jpeg = dir + "/selfie.jpg"
    try FileManager.default.copyItem(atPath: repoPath("Tests/Fixtures/portraits/derived-selfie-white.jpg"), toPath: jpeg)
    let out = dir + "/selfie." + format
    if format == "heic" {
      try runInstalled("heif-enc", ["-q", "90", "-o", out, jpeg])
    } else {
      try runInstalled("cwebp", ["-quiet", "-q", "90", jpeg, "-o", out])
    }
    return out
  }

  @Test(arguments: ["heic", "webp"])
  func aPhonePhotoInACompliantJPEGOut(format: String) throws {
    let dir = try temporaryDirectory().path
    let source = try selfie(as: format, in: dir)
    let magic = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)).prefix(12))
    #expect(format == "heic" ? Array(magic[4..<8]) == Array("ftyp".utf8) : Array(magic[8..<12]) == Array("WEBP".utf8))

    // Checked as it is: refused for its format, with the way out.
    let check = try run(["photo", source])
    #expect(check.status == 1)
    #expect(check.stdout.contains("[UNSUPPORTED_FORMAT] 文件内容是 \(format == "heic" ? "HEIC" : "WebP")"))
    #expect(check.stdout.contains("safetyreg photo 照片 --fix 证件照.jpg"))

    let fixed = dir + "/fixed.jpg"
    let fix = try run(["photo", source, "--fix", fixed])
    #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
    // A real JPEG (read by libjpeg's djpeg) at the certificate's size, and it passes.
    let size = try jpegSize(fixed)
    #expect(size.0 == 413 && size.1 == 579)
    #expect(try run(["photo", fixed]).status == 0)
    // The person is framed as from the JPEG source: the same rules place the head, from
    // landmarks found on a differently decoded copy (within 3 % of the height).
    let fromJPEG = dir + "/fixed-from-jpeg.jpg"
    #expect(try run(["photo", dir + "/selfie.jpg", "--fix", fromJPEG]).status == 0)
    func framing(_ path: String) throws -> (head: Double, crown: Double, eyes: Double) {
      let json = try JSONSerialization.jsonObject(with: Data(try run(["photo", path, "--json"]).stdout.utf8)) as? [String: Any]
      let m = json?["metrics"] as? [String: Any] ?? [:]
      return (m["headHeight"] as? Double ?? -1, m["crownMargin"] as? Double ?? -1, m["eyeLine"] as? Double ?? -1)
    }
    let a = try framing(fixed), b = try framing(fromJPEG)
    #expect(abs(a.head - b.head) < 0.03 && abs(a.crown - b.crown) < 0.03 && abs(a.eyes - b.eyes) < 0.03, "\(a) \(b)")
  }

  /// `inspect` and `review` still refuse a HEIC upload, and say how to get a JPEG.
  @Test func uploadsStayJPEGPNGOrPDF() throws {
    let dir = try temporaryDirectory().path
    let source = try selfie(as: "heic", in: dir)
    let contract = try run(["inspect", source, "--as", "contract", "--lang", "en"])
    #expect(contract.status == 1)
    #expect(contract.stdout.contains("the file holds HEIC") && contract.stdout.contains("Most Compatible"))
  }

  /// A damaged HEIC is a reason, not a crash; one that claims too many pixels is refused
  /// before decoding.
  @Test func damagedAndOversizedHEIC() throws {
    let dir = try temporaryDirectory().path
    let source = try selfie(as: "heic", in: dir)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.heic"))
    let cut = try run(["photo", dir + "/cut.heic", "--fix", dir + "/x.jpg", "--lang", "en"])
    #expect(cut.status == 1)
    #expect(cut.stdout.contains("Cannot fix") && cut.stdout.contains("CORRUPT_FILE"), "\(cut.stdout)")
    // A policy whose pixel guard is below the photo's 1.92 megapixels.
    let policy = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "maxPixels: 100_000_000", with: "maxPixels: 1_000_000")
    try policy.write(toFile: dir + "/small.yaml", atomically: true, encoding: .utf8)
    let big = try run(["photo", source, "--fix", dir + "/y.jpg", "--policy", dir + "/small.yaml", "--lang", "en"])
    #expect(big.status == 1)
    #expect(big.stdout.contains("IMAGE_TOO_LARGE"), "\(big.stdout)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/x.jpg") && !FileManager.default.fileExists(atPath: dir + "/y.jpg"))
  }
}
