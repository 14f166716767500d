import Foundation
import ImageCodecs

/// What was found about the people in a photo, in its displayed (upright) pixels: every
/// face the detector found, the first one's landmarks geometry, and where the top of the
/// head is. Only what the decisions need: no landmark list, no face image.
public struct FaceMeasurement: Sendable, Equatable, Codable {
  /// The faces found, the largest first (the person, before a face on a card they hold).
  public var faces: [FaceBox]
  /// Quarter turns (clockwise) the photo needed before a face was found: 0 upright, 1 or
  /// 3 on its side, 2 upside down.
  public var quarterTurns: Int
  /// The first face's geometry (upright photos only).
  public var geometry: FaceGeometry?
  /// The top of the head (hair included), as a row: found against the background, or,
  /// when the background gives no edge, where the skull would be.
  public var crown: Double?
  public var crownFromPixels: Bool
  public var imageWidth: Int
  public var imageHeight: Int
  /// The ID card held up in a hand-held photo, when one was looked for and found.
  public var card: CardMeasurement?
  /// Whether a card was looked for.
  public var cardSearched = false
  /// The first face, for comparing with another picture of it (the ID photo and the
  /// photo printed on the form); never written to a report.
  public var print: FacePrint?

  public init(
    faces: [FaceBox], quarterTurns: Int = 0, geometry: FaceGeometry? = nil, crown: Double? = nil,
    crownFromPixels: Bool = false, imageWidth: Int, imageHeight: Int
  ) {
    self.faces = faces
    self.quarterTurns = quarterTurns
    self.geometry = geometry
    self.crown = crown
    self.crownFromPixels = crownFromPixels
    self.imageWidth = imageWidth
    self.imageHeight = imageHeight
  }

  /// Where the head sits in the frame, as shares of the photo's height and width.
  public var framing: FaceFraming? {
    guard let geometry, quarterTurns == 0, imageWidth > 0, imageHeight > 0 else { return nil }
    return FaceFraming(geometry: geometry, crown: crown ?? geometry.estimatedCrown.y, width: imageWidth, height: imageHeight)
  }

  /// Faces at least `share` as wide as the first one: people, not a portrait on a card or
  /// a face on a poster far behind.
  public func people(share: Double) -> [FaceBox] {
    guard let first = faces.first else { return [] }
    return faces.filter { $0.width >= share * first.width }
  }
}

/// The head's place in the frame, each a share of the photo's height (or width):
/// the numbers the certificate-photo specifications give in millimetres of a 48 mm high,
/// 33 mm wide photo.
public struct FaceFraming: Sendable, Equatable, Codable {
  /// Chin to crown.
  public var headHeight: Double
  /// Top edge to crown (0 when the hair touches the edge).
  public var crownMargin: Double
  /// Chin to bottom edge.
  public var chinMargin: Double
  /// Top edge to the eye line.
  public var eyeLine: Double
  /// The eyes' middle from the photo's middle, a share of the width (negative: left).
  public var centre: Double
  /// Edges that cut off part of the head: the skull above the top, the chin below the
  /// bottom, the jaw beyond a side.
  public var cutOff: [Edge]

  public enum Edge: String, Sendable, Codable, Equatable {
    case top, bottom, left, right
  }

  public init(geometry g: FaceGeometry, crown: Double, width: Int, height: Int) {
    let h = Double(height), w = Double(width)
    headHeight = (g.chin.y - crown) / h
    crownMargin = max(0, crown) / h
    chinMargin = (h - g.chin.y) / h
    eyeLine = g.eyeMiddle.y / h
    centre = (g.eyeMiddle.x - w / 2) / w
    var cut: [Edge] = []
    if g.skullTop.y < 0 { cut.append(.top) }
    if g.chin.y > h - 1 { cut.append(.bottom) }
    if g.jawLeft.x < 0 { cut.append(.left) }
    if g.jawRight.x > w - 1 { cut.append(.right) }
    cutOff = cut
  }
}

/// Finds the faces in a photo and measures the first one.
public enum FaceAnalysis {
  /// The longest side faces are looked for at; a larger photo is shrunk first. dlib's
  /// detector finds faces from about 80 pixels wide, so a head a fifth of a photo this
  /// size is still found.
  static let workingSide = 800

  /// The working size of an image `width` × `height`: its longer side at most
  /// `workingSide`.
  public static func workingSize(width: Int, height: Int) -> (width: Int, height: Int) {
    let longer = max(width, height)
    guard longer > workingSide else { return (width, height) }
    let scale = Double(longer) / Double(workingSide)
    return (max(1, Int((Double(width) / scale).rounded())), max(1, Int((Double(height) / scale).rounded())))
  }

  /// An ID photo (`findCrown`: where the top of the head is) or a hand-held ID photo
  /// (`findCard`: the card held up), upright as displayed (RGB or grey).
  public static func measure(_ image: DecodedImage, engine: FaceEngine, findCrown: Bool, findCard: Bool = false)
    -> FaceMeasurement
  {
    let size = workingSize(width: image.width, height: image.height)
    let working = size.width < image.width ? image.resized(width: size.width, height: size.height) : image
    return measure(
      GrayImage(working), width: image.width, height: image.height, engine: engine, findCard: findCard,
      crownFrom: findCrown ? image : nil)
  }

  /// The people in `plane`, an upright grey copy (at most `workingSide` on its longer side)
  /// of an image `width` × `height`, measured in that image's pixels; the top of the head
  /// found in `crownFrom` when given.
  public static func measure(
    _ plane: GrayImage, width: Int, height: Int, engine: FaceEngine, findCard: Bool, crownFrom image: DecodedImage? = nil
  ) -> FaceMeasurement {
    let factor = Double(width) / Double(plane.width)
    var result = FaceMeasurement(faces: [], imageWidth: width, imageHeight: height)
    result.cardSearched = findCard
    let faces = detect(plane, engine: engine).sorted { $0.width > $1.width }
    guard let first = faces.first else {
      // On its side or upside down: say so, rather than that there is no one.
      for turns in [1, 3, 2] {
        let turned = detect(plane.rotated(quarterTurns: turns), engine: engine)
        if !turned.isEmpty {
          result.quarterTurns = turns
          result.faces = turned.map { $0.scaled(factor) }
          return result
        }
      }
      return result
    }
    result.faces = faces.map { $0.scaled(factor) }
    if findCard { result.card = CardFinder.find(plane, holder: first, engine: engine)?.scaled(factor) }
    guard let points = engine.landmarks(plane, box: first), let geometry = FaceGeometry(landmarks: points) else {
      return result
    }
    result.geometry = geometry.scaled(factor)
    if image != nil { result.print = FacePrint(plane: plane, landmarks: points, confidence: first.confidence) }
    if let image, let g = result.geometry, let crown = crownRow(image, geometry: g) {
      result.crown = crown
      result.crownFromPixels = true
    } else {
      result.crown = result.geometry?.estimatedCrown.y
    }
    return result
  }

  /// The photo printed in a form's photo box (sampled from the page, upright): its faces
  /// and the first one's print.
  public static func printedPhoto(_ plane: GrayImage, engine: FaceEngine) -> FaceMeasurement {
    var result = FaceMeasurement(faces: [], imageWidth: plane.width, imageHeight: plane.height)
    let faces = detect(plane, engine: engine).sorted { $0.width > $1.width }
    result.faces = faces
    if let first = faces.first, let points = engine.landmarks(plane, box: first) {
      result.geometry = FaceGeometry(landmarks: points)
      result.print = FacePrint(plane: plane, landmarks: points, confidence: first.confidence)
    }
    return result
  }

  /// Faces in `plane`: first on a half-size copy (four times faster, and a well-framed
  /// head is far above the detector's smallest face), then at full size if none.
  static func detect(_ plane: GrayImage, engine: FaceEngine) -> [FaceBox] {
    if min(plane.width, plane.height) >= 320 {
      let half = plane.halved()
      let found = engine.detect(half)
      if !found.isEmpty { return found.map { $0.scaled(Double(plane.width) / Double(half.width)) } }
    }
    return engine.detect(plane)
  }

  /// The first row from the top, over the middle of the face, where the head (its hair)
  /// stands out from the background, the background being the colour of the two top
  /// corners. nil when the corners are not one plain colour, or no such row is found
  /// above the brows.
  static func crownRow(_ image: DecodedImage, geometry g: FaceGeometry) -> Double? {
    let w = image.width, h = image.height, c = image.channels
    let corner = max(2, min(w, h) / 12)
    guard w > 2 * corner, h > corner else { return nil }
    var sums = [Double](repeating: 0, count: c), squares = 0.0, n = 0.0
    image.pixels.withUnsafeBufferPointer { px in
      for y in 0..<corner {
        for x in Array(0..<corner) + Array((w - corner)..<w) {
          var luma = 0.0
          for k in 0..<c {
            let v = Double(px[(y * w + x) * c + k])
            sums[k] += v
            luma += v
          }
          squares += (luma / Double(c)) * (luma / Double(c))
          n += 1
        }
      }
    }
    let background = sums.map { $0 / n }
    let meanLuma = background.reduce(0, +) / Double(c)
    // A busy corner (a room, a poster) gives no background to tell the hair from.
    guard max(0, squares / n - meanLuma * meanLuma).squareRoot() < 20 else { return nil }
    let half = max(2, (g.jawRight.x - g.jawLeft.x) * 0.3)
    let x0 = max(0, Int(g.eyeMiddle.x - half)), x1 = min(w - 1, Int(g.eyeMiddle.x + half))
    let bottom = min(h - 1, Int(g.browTop))
    guard x1 > x0, bottom > 0 else { return nil }
    let needed = max(2, (x1 - x0 + 1) / 5)
    let limit = 40.0 * 40.0
    return image.pixels.withUnsafeBufferPointer { px -> Double? in
      for y in 0...bottom {
        var differing = 0
        for x in x0...x1 {
          var d = 0.0
          for k in 0..<c {
            let v = Double(px[(y * w + x) * c + k]) - background[k]
            d += v * v
          }
          if d * (3 / Double(c)) > limit { differing += 1 }
        }
        if differing >= needed { return Double(y) }
      }
      return nil
    }
  }
}

extension GrayImage {
  /// Half the size, each pixel the mean of a 2 × 2 block.
  func halved() -> GrayImage {
    let w = max(1, width / 2), h = max(1, height / 2)
    var out = [UInt8](repeating: 0, count: w * h)
    pixels.withUnsafeBufferPointer { px in
      for y in 0..<h {
        let r0 = min(2 * y, height - 1) * width, r1 = min(2 * y + 1, height - 1) * width
        for x in 0..<w {
          let a = min(2 * x, width - 1), b = min(2 * x + 1, width - 1)
          let top: Int = Int(px[r0 + a]) + Int(px[r0 + b])
          let under: Int = Int(px[r1 + a]) + Int(px[r1 + b])
          out[y * w + x] = UInt8((top + under + 2) / 4)
        }
      }
    }
    return GrayImage(width: w, height: h, pixels: out)
  }
}
