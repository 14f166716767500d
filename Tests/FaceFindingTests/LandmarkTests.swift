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
  func calibrate(_ path: String) throws {
    let image = try Self.image(path)
    let m = FaceAnalysis.measure(image, engine: Self.engine, findCrown: true)
    guard let g = m.geometry else { print("CAL2 none \(path)"); return }
    let k = m.crown.map { (g.eyeMiddle.y - $0) / (g.chin.y - g.eyeMiddle.y) }
    print("CAL2 \((path as NSString).lastPathComponent) faces=\(m.faces.count) crown=\(m.crown ?? -1) pixels=\(m.crownFromPixels) k=\(k ?? -1) framing=\(String(describing: m.framing))")
  }

  @Test(arguments: portraits)
  func everyPortraitHasOneFaceAndDlibsLandmarks(_ path: String) throws {
    let plane = GrayPlane(try Self.image(path))
    let faces = Self.engine.detect(plane)
    try #require(faces.count == 1, "\(path): \(faces)")
    let box = faces[0]
    let ours = try #require(Self.engine.landmarks(plane, box: box))
    let dlib = try #require(FaceEngine.referenceLandmarks(model: FaceModelFiles.dlibModel(), plane: plane, box: box))
    // dlib rounds its points to whole pixels; ours keep the fraction, and the leaves are
    // 16-bit: within a pixel and a half of dlib's everywhere.
    let worst = zip(ours, dlib).map { ($0 - $1).length }.max() ?? .infinity
    #expect(worst <= 0.75, "\(path): \(worst) px")
    let g = try #require(FaceGeometry(landmarks: ours))
    print(
      "CAL \((path as NSString).lastPathComponent) box=\(Int(box.x)),\(Int(box.y)) \(Int(box.width)) conf=\(box.confidence) filter=\(box.filter) roll=\(g.roll) yaw=\(g.yaw) pitch=\(g.pitch) open=\(g.eyeOpenness) worst=\(worst) nose=\((g.noseTip.y - g.eyeMiddle.y) / (g.chin.y - g.eyeMiddle.y))"
    )
  }
}
