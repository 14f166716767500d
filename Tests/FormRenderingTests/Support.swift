import Core
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules
@_exported import TestSupport

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
  let jpeg = try JPEGCodec.encode(DecodedImage(width: width, height: height, channels: 3, pixels: pixels), quality: 85)
  return orientation.map { withOrientation(jpeg, $0) } ?? jpeg
}

/// Millimetres in points.
func mm(_ value: Double) -> Double { value * 72 / 25.4 }
