import Core
import FaceFinding
import Foundation
import ImageCodecs
import RegistrationRules
import Synchronization

/// The face engine of one process: opened from the prepared model files at the first
/// photo that needs it, then kept (a review's worker opens it once, whatever it checks).
public final class Faces: Sendable {
  /// The model files, or why there are none.
  public let files: Result<FaceModelFiles, FaceModelError>
  let engine = Mutex<Result<FaceEngine, FaceModelError>?>(nil)

  public init(files: Result<FaceModelFiles, FaceModelError>) {
    self.files = files
  }

  /// Prepares the model files (made once per user, then found in the cache) when the
  /// policy looks for faces; nil when it does not.
  public static func forPolicy(_ policy: Policy) -> Faces? {
    guard policy.photo.person.enabled else { return nil }
    return Faces(files: Result { () throws(FaceModelError) in try FaceModelFiles.prepare() })
  }

  /// The engine, opened on first use.
  public func get() -> Result<FaceEngine, FaceModelError> {
    engine.withLock { opened in
      if let opened { return opened }
      let result = files.flatMap { files in Result { () throws(FaceModelError) in try FaceEngine(files: files) } }
      opened = result
      return result
    }
  }

  /// The people in `image` (upright, as displayed), or why they could not be looked for.
  func measure(_ image: DecodedImage, findCrown: Bool, findCard: Bool = false) -> Result<FaceMeasurement, FaceModelError> {
    get().map { FaceAnalysis.measure(image, engine: $0, findCrown: findCrown, findCard: findCard) }
  }

  /// The holder and the card in a hand-held photo, from a grey copy of it `page` (as
  /// stored, before EXIF `orientation`), whose upright size is `width` × `height`.
  func measureHandheld(_ page: GrayImage, orientation: Int, width: Int, height: Int) -> Result<FaceMeasurement, FaceModelError> {
    get().map { engine in
      let size = FaceAnalysis.workingSize(width: page.width, height: page.height)
      let small = page.resized(width: size.width, height: size.height)
      let upright = GrayImage(
        DecodedImage(width: small.width, height: small.height, channels: 1, pixels: small.pixels).applyingOrientation(orientation)
      )
      return FaceAnalysis.measure(upright, width: width, height: height, engine: engine, findCard: true)
    }
  }
}

extension FaceModelError {
  /// The `CHECK_FAILED` reason when faces could not be looked for: the installation is
  /// incomplete, and the reviewer must look at the photo.
  func finding(material: MaterialType, file: String) -> Finding {
    let why: LocalizedText
    switch self {
    case .missingModel(let path):
      why = LocalizedText("faces.theFaceLandmarkModelIs", ["path": path])
    case .noCache:
      why = LocalizedText("faces.noCacheFolderCanBe")
    case .conversion(let detail):
      why = LocalizedText("faces.theFaceModelsCannotBe", ["detail": detail])
    }
    return Finding(
      .checkFailed, material: material, file: file,
      message: LocalizedText("faces.thePersonInThePhoto", ["why": why, "label": material.label]))
  }
}
