import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules

@testable import FormRendering

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
func repoPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

let shippedPolicy: Policy = try! Policy.load(path: repoPath("templates/policy.yaml"))
let shippedAuthorities: AuthorityDirectory = try! AuthorityDirectory.load(path: repoPath("templates/authorities.yaml"))
let shippedTemplates: FormTemplateSet = try! FormTemplateSet.load(directory: repoPath("templates/forms"))

/// A renderer per test: pango objects must stay on one thread.
func makeRenderer() throws -> FormRenderer { try FormRenderer(templates: shippedTemplates) }

func sample(_ name: String) throws -> Application {
  try ApplicationLoader.load(path: repoPath("samples/applications/\(name)")).application
}

func values(_ app: Application) -> FormValues { FormValues(app, policy: shippedPolicy) }

/// Page texts with all white space removed, so wrapped values can be found whole.
func pageTexts(_ pdf: [UInt8]) throws -> [String] {
  let file = try PDFFile(bytes: pdf)
  return (0..<file.pageCount).map { file.page($0)!.text.filter { !$0.isWhitespace } }
}

func squeezed(_ s: String) -> String { s.filter { !$0.isWhitespace } }

/// Runs a command-line checker (qpdf, pdffonts, pdfinfo) on PDF bytes.
func runTool(_ tool: String, _ arguments: [String], pdf: [UInt8]) throws -> (status: Int32, output: String) {
  let file = FileManager.default.temporaryDirectory.appendingPathComponent("form-\(UUID().uuidString).pdf")
  try Data(pdf).write(to: file)
  defer { try? FileManager.default.removeItem(at: file) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [tool] + arguments + [file.path]
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A real JPEG (libjpeg) of a face-like test card: `width` × `height`, optionally with an
/// EXIF orientation segment.
func testJPEG(width: Int, height: Int, orientation: Int? = nil) throws -> [UInt8] {
  var pixels = [UInt8](repeating: 255, count: width * height * 3)
  for y in 0..<height {
    for x in 0..<width where (x / 20 + y / 20) % 2 == 0 || y < height / 10 {
      let i = (y * width + x) * 3
      pixels[i] = UInt8(x * 255 / width)
      pixels[i + 1] = 60
      pixels[i + 2] = UInt8(y * 255 / height)
    }
  }
  var jpeg = try JPEGCodec.encode(DecodedImage(width: width, height: height, channels: 3, pixels: pixels), quality: 85)
  if let orientation {
    // APP1 "Exif", little-endian TIFF, IFD0 with one entry: 0x0112 SHORT = orientation.
    let tiff: [UInt8] = [
      0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
      UInt8(orientation), 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]
    let payload = Array("Exif".utf8) + [0, 0] + tiff
    let length = payload.count + 2
    jpeg.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload, at: 2)
  }
  return jpeg
}

/// Millimetres in points.
func mm(_ value: Double) -> Double { value * 72 / 25.4 }
