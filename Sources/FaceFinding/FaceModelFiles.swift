internal import CFaceShim
import Foundation

/// The two files a `FaceEngine` opens: dlib's face detector, saved in dlib's own format
/// (it loads in milliseconds where building it takes a third of a second), and the
/// 68-landmark model converted to our flat layout (mapped in microseconds where dlib's
/// file takes most of a second to read). Both are made once from what Debian installs
/// (`libdlib-dev`, `libdlib-data`) and kept in the user's cache; a process that finds
/// them there opens them at once.
public struct FaceModelFiles: Sendable, Codable, Equatable {
  /// dlib's detector, serialized by dlib (nil: build it in the process, slowly).
  public var detector: String?
  /// The flat landmark model.
  public var landmarks: String

  public init(detector: String?, landmarks: String) {
    self.detector = detector
    self.landmarks = landmarks
  }

  /// Where Debian's `libdlib-data` puts the model; `SAFETYREG_FACE_MODEL` overrides it.
  public static func dlibModel(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    environment["SAFETYREG_FACE_MODEL"] ?? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
  }

  /// The layout version of the files we write: a new one makes them again.
  static let version = 2

  /// The files for dlib's model, made now if the cache does not have them yet (about a
  /// second, once per model and user).
  /// - Throws: `FaceModelError` when the model is missing or cannot be read, or no cache
  ///   folder can be written.
  public static func prepare(environment: [String: String] = ProcessInfo.processInfo.environment) throws(FaceModelError)
    -> FaceModelFiles
  {
    let model = dlibModel(environment: environment)
    var info = stat()
    guard stat(model, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .missingModel(path: model) }
    guard let folder = cacheFolder(environment: environment) else { throw .noCache }
    // The model's size and time name the converted file: a new model converts again.
    let landmarks = folder + "/landmarks-v\(version)-\(info.st_size)-\(info.st_mtim.tv_sec).bin"
    let detector = folder + "/detector-v\(version).dat"
    try make(detector) { temporary, message in cfaceshim_save_detector(temporary, message) }
    try make(landmarks) { temporary, message in cfaceshim_convert_landmarks(model, temporary, message) }
    return FaceModelFiles(detector: detector, landmarks: landmarks)
  }

  /// Makes `path` with `write` unless a file of ours is there: into a temporary file,
  /// renamed into place, so that two processes at once, or one killed midway, never leave
  /// half a file.
  static func make(_ path: String, _ write: (String, UnsafeMutablePointer<CChar>) -> Int32) throws(FaceModelError) {
    if ownedRegularFile(path) { return }
    let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    var message = [CChar](repeating: 0, count: Int(CFACESHIM_MESSAGE_LENGTH))
    let status = message.withUnsafeMutableBufferPointer { write(temporary, $0.baseAddress!) }
    guard status == 0, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw .conversion(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
  }

  /// A regular file that this user owns and no one else can write.
  static func ownedRegularFile(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_uid == geteuid()
      && info.st_mode & 0o022 == 0
  }

  /// `$XDG_CACHE_HOME/safetyreg/faces`, `~/.cache/safetyreg/faces`, or a per-user folder
  /// in /tmp: the first that can be made, belongs to this user and no one else can write
  /// (a model planted by another account would steer every decision).
  static func cacheFolder(environment: [String: String]) -> String? {
    var candidates: [String] = []
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { candidates.append(xdg + "/safetyreg/faces") }
    if let home = environment["HOME"], !home.isEmpty { candidates.append(home + "/.cache/safetyreg/faces") }
    candidates.append("/tmp/safetyreg-faces-\(geteuid())")
    for candidate in candidates {
      try? FileManager.default.createDirectory(
        atPath: candidate, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      var info = stat()
      if lstat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
        info.st_mode & 0o022 == 0, access(candidate, W_OK) == 0
      {
        return candidate
      }
    }
    return nil
  }
}

/// Why faces cannot be looked for.
public enum FaceModelError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
  /// dlib's landmark model is not installed.
  case missingModel(path: String)
  /// No cache folder of ours could be written.
  case noCache
  /// The model could not be read or converted, or the converted files opened.
  case conversion(String)

  public var description: String {
    switch self {
    case .missingModel(let path): "the face landmark model \(path) is missing (install libdlib-data)"
    case .noCache: "no cache folder can be written for the face models"
    case .conversion(let why): "the face models cannot be prepared: \(why)"
    }
  }
}
