import Core
import FormRendering
import Foundation
import ImageCodecs
import RegistrationRules
import SampleMaking
import Testing

@testable import MaterialChecks

/// The gate before zbar's QR search: a page without three finder patterns standing as a
/// code's do is not searched. It must never stop a code zbar would read.
@Suite(.serialized) struct QRGateTests {
  // Pages of its own: cairo's renderer is not thread-safe.
  nonisolated(unsafe) static let pages = ownPages()
  static let app = sampleApplication
  static let page2 = try! pages.form(app, photo: nil, width: 1350, seed: 5)[1]

  func gray(_ jpeg: [UInt8]) throws -> GrayImage { GrayImage(try JPEGCodec.decode(jpeg, channels: 1, limits: roomy).image) }

  /// Every look of the form-scan benchmark (turned, in perspective, blurred, dim,
  /// compressed, turned by EXIF): wherever zbar reads the code, the gate let it through.
  @Test func everyCodeZbarReadsPassesTheGate() throws {
    var read = 0
    for (n, look) in FormVariations.looks.enumerated() where n % 3 == 0 {
      let image = try gray(try FormVariations.photograph(Self.page2, look, frame: (1500, 2000), seed: 11))
      guard FormScanner.searchQR(image, orientation: look.orientation) != nil else { continue }
      read += 1
      #expect(QRGate.mayHoldCode(image), "\(look)")
    }
    #expect(read >= 15, "most looks are legible")
  }

  /// The finder patterns are found whatever way the code is turned: any line through a
  /// finder's centre cuts its squares 1:1:3:1:1.
  @Test(arguments: [15.0, 30.0, 45.0, -60.0])
  func aCodeTurnedAnyWayPassesTheGate(_ rotation: Double) throws {
    let look = FormVariations.Look(rotation: rotation, tilt: 0.02, blur: 0, exposure: 1, quality: 85)
    let image = try gray(try FormVariations.photograph(Self.page2, look, frame: (2000, 2000), seed: 3, fill: 0.7))
    #expect(FormScanner.searchQR(image, orientation: 1) != nil, "zbar reads it at \(rotation)°")
    #expect(QRGate.mayHoldCode(image), "\(rotation)°")
  }

  /// A code so small that its modules are under 2 pixels.
  @Test func aSmallCodePassesTheGate() throws {
    let small = GrayImage(try Self.pages.form(Self.app, photo: nil, width: 620, seed: 5)[1])
    #expect(FormScanner.searchQR(small, orientation: 1) != nil)
    #expect(QRGate.mayHoldCode(small))
  }

  /// Pages without a code: text, the official system's ruled form, a blank page, a
  /// photograph. None is searched.
  @Test func pagesWithoutACodeAreNotSearched() throws {
    let pages = Self.pages, app = Self.app
    let printed: [DecodedImage] = [
      pages.contract(app, page: 1, width: 1350, seed: 4), pages.contract(app, page: 2, width: 1350, seed: 4),
      pages.officialForm(app, page: 1, width: 1350, seed: 4), pages.officialForm(app, page: 2, width: 1350, seed: 4),
    ]
    for (n, page) in printed.enumerated() {
      for look in FormVariations.looks.prefix(6) {
        let image = try gray(try FormVariations.photograph(page, look, frame: (1500, 2000), seed: UInt64(n)))
        #expect(!QRGate.mayHoldCode(image), "page \(n), \(look): \(QRGate.finders(image).filter { $0.hits >= 2 })")
      }
    }
    #expect(!QRGate.mayHoldCode(GrayImage(width: 1240, height: 1754, pixels: [UInt8](repeating: 240, count: 1240 * 1754))))
    let photo = try JPEGCodec.decode(
      try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/portraits/derived-selfie-white.jpg"))).map { $0 },
      channels: 1, limits: roomy)
    #expect(!QRGate.mayHoldCode(GrayImage(photo.image)))
  }

  /// Three finder patterns in a right angle make a code possible; three in a row, or of
  /// different sizes, do not.
  @Test func onlyARightAngleOfLikeFindersMakesACode() {
    func f(_ x: Double, _ y: Double, _ m: Double = 3) -> QRGate.Finder { QRGate.Finder(x: x, y: y, module: m, hits: 3) }
    #expect(QRGate.hasCorner([f(100, 100), f(190, 100), f(100, 190)]))
    #expect(QRGate.hasCorner([f(100, 100), f(164, 164), f(36, 164)]), "turned 45°")
    #expect(!QRGate.hasCorner([f(100, 100), f(190, 100), f(280, 100)]), "in a row")
    #expect(!QRGate.hasCorner([f(100, 100), f(190, 100, 9), f(100, 190)]), "sizes differ")
    #expect(!QRGate.hasCorner([f(100, 100), f(110, 100), f(100, 110)]), "closer than a code's finders")
    var once = [f(100, 100), f(190, 100), f(100, 190)]
    once[2].hits = 1
    #expect(!QRGate.hasCorner(once), "a finder met on one row only")
  }
}
