import Core
import FormRendering
import Foundation
import ImageCodecs
import RegistrationRules
import SampleMaking
import Testing

@testable import MaterialChecks

/// Camera shake: a phone photo of a contract smeared along one direction. The edges
/// along the motion stay steep, so steepness over all edges can still look sharp; the
/// steepness of the weakest direction cannot.
@Suite(.serialized) struct ShakeTests {
  // Pages of its own: cairo's renderer is not thread-safe.
  nonisolated(unsafe) static let pages = ownPages()
  static let app = sampleApplication
  /// The contract's first page in a 2000 × 2667 phone photo, in grey.
  static let photo: DecodedImage = {
    let page = pages.contract(app, page: 1, width: 1800, seed: 2)
    let look = FormVariations.Look(rotation: 1, tilt: 0.03, blur: 0, exposure: 1, quality: 90)
    let jpeg = try! FormVariations.photograph(page, look, frame: (2000, 2667), seed: 2)
    return try! JPEGCodec.decode(jpeg, channels: 1, limits: roomy).image
  }()

  @Test func theSteadyPhotoIsSharpInEveryDirection() throws {
    let r = check(jpeg(Self.photo), as: .contract)
    #expect(!codes(r).contains(.blurry), "\(r.reasons.map(\.message.en))")
    let page = try #require(r.measurement.pages.first)
    let weakest = try #require(page.sharpness.weakestDirection)
    #expect(weakest >= shippedPolicy.documents.minSharpnessAnyDirection)
    #expect(weakest <= page.sharpness.score + 0.001, "one direction is never sharper than the steepest edges of all")
  }

  /// 45 pixels of shake (the case that was accepted), along the rows, the columns and
  /// two slants.
  @Test(arguments: [(45, 0.0), (45, 90.0), (45, 30.0), (45, 135.0)])
  func cameraShakeIsBlurry(_ length: Int, _ degrees: Double) throws {
    let shaken = PhoneLook.shaken(Self.photo, length: length, degrees: degrees)
    let r = check(jpeg(shaken), as: .contract)
    let blurry = try #require(r.reasons.first { $0.code == .blurry }, "\(length) px at \(degrees)°")
    let page = try #require(r.measurement.pages.first)
    let weakest = try #require(page.sharpness.weakestDirection)
    #expect(weakest < shippedPolicy.documents.minSharpnessAnyDirection, "\(page.sharpness)")
    if page.sharpness.score >= shippedPolicy.documents.minSharpness[.contract] ?? 0 {
      // What steepness over all edges let through: said as shake, with the direction's score.
      #expect(blurry.message.en.contains("smeared in one direction"), "\(blurry.message.en)")
      #expect(blurry.measured == Measure((weakest * 10).rounded() / 10))
    }
  }

  /// A little shake (10 pixels in 2000) leaves the text legible, and the page passes.
  @Test(arguments: [0.0, 45.0, 90.0])
  func aLittleShakeIsNotBlurry(_ degrees: Double) throws {
    let r = check(jpeg(PhoneLook.shaken(Self.photo, length: 10, degrees: degrees)), as: .contract)
    #expect(!codes(r).contains(.blurry), "\(degrees)°: \(r.reasons.map(\.message.en))")
  }

  /// Along the rows and the columns, steepness over all edges still scores the shaken
  /// page sharp: the measure that was there before could not see it.
  @Test func steepnessOverAllEdgesMissesShakeAlongAnAxis() throws {
    let shaken = PhoneLook.shaken(Self.photo, length: 45, degrees: 0)
    let working = GrayImage(shaken).scaled(shortSide: shippedPolicy.documents.workingShortSide)
    let sharpness = Sharpness.measure(working)
    #expect(sharpness.score >= shippedPolicy.documents.minSharpness[.contract] ?? 0, "\(sharpness)")
    #expect((sharpness.weakestDirection ?? 100) < shippedPolicy.documents.minSharpnessAnyDirection, "\(sharpness)")
  }
}

/// Real photographs (Tests/Fixtures/real-documents, sources and licences in its README):
/// no legible page is smeared in any direction by the measure; the real camera shake is.
@Suite struct RealShakeTests {
  func sharpness(_ name: String) throws -> Sharpness.Result {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/real-documents/" + name))))
    let image = GrayImage(try JPEGCodec.decode(bytes, channels: 1, limits: roomy).image)
    return Sharpness.measure(image.scaled(shortSide: shippedPolicy.documents.workingShortSide))
  }

  @Test(arguments: [
    "page_dewarp_boston_cooking_half.jpg", "page_dewarp_thesis_half.jpg", "undistort_contract_photo.jpg",
    "undistort_form_photo.jpg", "sealcut_red_seals_scan.jpg",
  ])
  func legibleRealPagesAreSharpInEveryDirection(_ name: String) throws {
    let s = try sharpness(name)
    let weakest = try #require(s.weakestDirection)
    #expect(weakest >= shippedPolicy.documents.minSharpnessAnyDirection + 10, "\(name): \(s)")
  }

  /// OpenCV's sample of real camera shake: steep enough over all edges to pass the old
  /// measure, smeared along one direction.
  @Test func realCameraShakeIsCaught() throws {
    let s = try sharpness("opencv_text_motion.jpg")
    #expect(s.score >= shippedPolicy.documents.minSharpness[.contract] ?? 0, "\(s)")
    #expect((s.weakestDirection ?? 100) < shippedPolicy.documents.minSharpnessAnyDirection, "\(s)")
  }
}

/// Too few edges to judge by (a nearly blank page: one short rule) are not judged in any
/// direction either, as they are not over all edges.
@Suite struct FewEdgesShakeTests {
  @Test func aNearlyBlankPageIsNotCalledShaken() throws {
    let w = 1240, h = 1754
    var pixels = [UInt8](repeating: 235, count: w * h)
    // A short rule whose ends fade over 30 pixels: steep across, soft along.
    for y in 800..<803 {
      for x in 580..<650 {
        let fade = min(1, Double(min(x - 580, 649 - x)) / 30)
        pixels[y * w + x] = UInt8(235 - (205 * fade).rounded())
      }
    }
    let page = DecodedImage(width: w, height: h, channels: 1, pixels: pixels)
    let r = check(jpeg(page), as: .contract)
    let sharpness = try #require(r.measurement.pages.first?.sharpness)
    #expect(sharpness.edgePixels < 200)
    #expect((sharpness.weakestDirection ?? 100) < shippedPolicy.documents.minSharpnessAnyDirection, "\(sharpness)")
    #expect(!codes(r).contains(.blurry), "\(r.reasons.map(\.message.en))")
  }
}
