import FaceFinding
import Foundation
import ImageCodecs
import TestSupport
import Testing

/// The face engine on real portraits: dlib's detector finds every face, and our landmark
/// cascade over the flat model gives dlib's own landmarks.
@Suite(.serialized) struct LandmarkTests {
  static let limits = DecodeLimits(maxPixels: 100_000_000, maxBytes: 50 << 20, timeout: 20)
  static let engine: FaceEngine = {
    let files = try! FaceModelFiles.prepare()
    return try! FaceEngine(files: files)
  }()

  static func image(_ path: String) throws -> DecodedImage {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    if path.hasSuffix(".png") { return try PNGCodec.decode(bytes, channels: 3, limits: limits).image }
    return try JPEGCodec.decode(bytes, channels: 3, limits: limits).image
  }

  static let portraits: [String] = {
    let folder = repoPath("Tests/Fixtures/portraits")
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
      $0.hasSuffix(".jpg") || $0.hasSuffix(".png")
    }.sorted().map { folder + "/" + $0 }
  }()

  @Test(arguments: portraits)
  func everyPortraitHasOneFaceAndDlibsLandmarks(_ path: String) throws {
    let plane = GrayImage(try Self.image(path))
    let faces = Self.engine.detect(plane)
    try #require(faces.count == 1, "\(path): \(faces)")
    let box = faces[0]
    let ours = try #require(Self.engine.landmarks(plane, box: box))
    let dlib = try #require(FaceEngine.referenceLandmarks(model: FaceModelFiles.dlibModel(), plane: plane, box: box))
    // dlib rounds its points to whole pixels; ours keep the fraction, and the leaves are
    // 16-bit: within a pixel and a half of dlib's everywhere.
    let worst = zip(ours, dlib).map { ($0 - $1).length }.max() ?? .infinity
    #expect(worst <= 0.75, "\(path): \(worst) px")
    // Where a person would put them: the eyes side by side in the upper half of the box,
    // the nose between and below them, the mouth below the nose, the chin lowest.
    let g = try #require(FaceGeometry(landmarks: ours))
    #expect(g.leftEye.x < g.noseTip.x && g.noseTip.x < g.rightEye.x, "\(path)")
    #expect(g.leftEye.y < box.y + box.height * 0.6 && g.rightEye.y < box.y + box.height * 0.6, "\(path)")
    let mouth = Point.mean(ours[48...67])
    #expect(g.eyeMiddle.y < g.noseTip.y && g.noseTip.y < mouth.y && mouth.y < g.chin.y, "\(path)")
    #expect(abs(g.chin.x - g.eyeMiddle.x) < box.width * 0.15, "\(path)")
    #expect(g.jawLeft.x < g.leftEye.x && g.rightEye.x < g.jawRight.x, "\(path)")
    // Real, level portraits: within the policy's pose limits, eyes open.
    #expect(abs(g.roll) < 8 && abs(g.yaw) < 20 && abs(g.pitch) < 30, "\(path): \(g.roll) \(g.yaw) \(g.pitch)")
    #expect(g.eyeOpenness > 0.2, "\(path): \(g.eyeOpenness)")
  }

  /// The narrowed detector the card search uses (the frontal filters, a few pyramid
  /// levels) finds the same upright faces, names its filters among all five, and a mask
  /// with no filter finds nothing.
  @Test func theNarrowedDetectorFindsTheSameFrontalFaces() throws {
    var compared = 0
    for path in Self.portraits {
      let plane = GrayImage(try Self.image(path))
      let whole = Self.engine.detect(plane)
      guard whole.count == 1, FaceEngine.frontalFilters.contains(whole[0].filter) else { continue }
      let narrowed = Self.engine.detect(plane, filters: FaceEngine.frontalFilters)
      try #require(narrowed.count == 1, "\(path): \(narrowed)")
      #expect(abs(narrowed[0].x - whole[0].x) < 1 && abs(narrowed[0].width - whole[0].width) < 1, "\(path)")
      #expect(narrowed[0].filter == whole[0].filter)
      // Two levels: the face (far larger than the detector's 80 pixels) is not looked for.
      #expect(whole[0].width < 120 || Self.engine.detect(plane, filters: FaceEngine.frontalFilters, levels: 2).isEmpty)
      #expect(Self.engine.detect(plane, filters: []).isEmpty)
      compared += 1
    }
    #expect(compared >= 5)
  }

  /// The dogs, landscapes and objects among the test photos, a contract page, and plain
  /// or graded backgrounds: no face, whichever way up they are looked at.
  static let notPeople: [String] = {
    let photos = repoPath("Tests/MaterialChecksTests/Photos")
    return ["friends.jpg", "life.jpg", "seeding.jpg", "picture_0b.jpg"].map { photos + "/" + $0 }
      + [repoPath("samples/submissions/2026-0001-initial-ok/contract-1.jpg")]
  }()

  @Test(arguments: notPeople)
  func noFaceInWhatIsNoPerson(_ path: String) throws {
    let image = try Self.image(path)
    let m = FaceAnalysis.measure(image, engine: Self.engine, findCrown: true, findCard: true)
    #expect(m.faces.isEmpty && m.quarterTurns == 0, "\(path): \(m.faces)")
    #expect(m.card == nil)
  }

  @Test func noFaceOnPlainOrGradedBackgrounds() {
    for (w, h) in [(413, 579), (1200, 900)] {
      let plain = DecodedImage(width: w, height: h, channels: 3, filledWith: 250)
      var graded = plain
      for y in 0..<h {
        for x in 0..<w {
          for k in 0..<3 { graded.pixels[(y * w + x) * 3 + k] = UInt8((x * 255 / w + y * 128 / h) % 256) }
        }
      }
      for image in [plain, graded] {
        let m = FaceAnalysis.measure(image, engine: Self.engine, findCrown: true)
        #expect(m.faces.isEmpty && m.quarterTurns == 0)
      }
    }
  }
}

/// Prints come back from a check worker: one of the wrong size is compared as no match,
/// never read past its end.
@Suite struct UntrustedPrintTests {
  @Test func printsOfTheWrongSizeAreNoMatch() throws {
    func print(_ patch: Int, _ shape: Int) throws -> FacePrint {
      let json =
        "{\"patch\":[\(Array(repeating: "1", count: patch).joined(separator: ","))],"
        + "\"shape\":[\(Array(repeating: "0", count: shape).joined(separator: ","))],\"confidence\":1}"
      return try JSONDecoder().decode(FacePrint.self, from: Data(json.utf8))
    }
    let short = try print(10, 136), alsoShort = try print(10, 136)
    #expect(short.similarity(to: alsoShort).appearance == 0)
    #expect(short.similarity(to: alsoShort).shape == .infinity)
    let whole = try print(56 * 64, 136), fewPoints = try print(56 * 64, 4)
    #expect(fewPoints.similarity(to: fewPoints).shape == .infinity)
    #expect(whole.similarity(to: whole).shape == 0)
  }
}
