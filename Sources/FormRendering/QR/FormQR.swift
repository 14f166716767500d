internal import CQRencode
import Core
import RegistrationRules

/// A QR symbol from libqrencode: its side in modules and which modules are dark.
struct QRSymbol: Sendable, Equatable {
  var size: Int
  var dark: [Bool]

  /// Error correction M (15 %): a smudge or a fold still reads; byte mode (the id may
  /// hold anything once percent-encoded, but is ASCII).
  static func encode(_ text: String) -> QRSymbol? {
    guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
    defer { QRcode_free(code) }
    let width = Int(code.pointee.width)
    guard width > 0, let data = code.pointee.data else { return nil }
    return QRSymbol(size: width, dark: (0..<(width * width)).map { data[$0] & 1 == 1 })
  }

  /// The dark modules as rectangles, one per horizontal run, in `box` (points).
  func rectangles(in box: Rect) -> [Rect] {
    let module = box.width / Double(size)
    var out: [Rect] = []
    for y in 0..<size {
      var x = 0
      while x < size {
        guard dark[y * size + x] else {
          x += 1
          continue
        }
        let start = x
        while x < size && dark[y * size + x] { x += 1 }
        out.append(
          Rect(
            x: box.x + Double(start) * module, y: box.y + Double(y) * module, width: Double(x - start) * module, height: module))
      }
    }
    return out
  }
}
