/// Reads the EXIF orientation tag (0x0112) of a JPEG without a library: walk the markers
/// to the APP1 "Exif" segment, then the TIFF header and IFD0. Every offset is checked, so
/// a damaged segment gives orientation 1, never a crash.
public enum ExifOrientation {
  /// 1 (as stored) to 8; 1 when there is no EXIF or no orientation.
  public static func of(jpeg bytes: [UInt8]) -> Int {
    guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return 1 }
    var i = 2
    while i + 4 <= bytes.count {
      guard bytes[i] == 0xFF else { return 1 }
      let marker = bytes[i + 1]
      if marker == 0xFF { i += 1; continue }  // fill byte
      if marker == 0xDA || marker == 0xD9 { return 1 }  // start of scan / end: no EXIF before
      let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
      guard length >= 2, i + 2 + length <= bytes.count else { return 1 }
      if marker == 0xE1 {
        let segment = bytes[(i + 4)..<(i + 2 + length)]
        if segment.starts(with: Array("Exif".utf8) + [0, 0]) {
          return orientation(tiff: Array(segment.dropFirst(6)))
        }
      }
      i += 2 + length
    }
    return 1
  }

  static func orientation(tiff t: [UInt8]) -> Int {
    guard t.count >= 8 else { return 1 }
    let little: Bool
    switch (t[0], t[1]) {
    case (0x49, 0x49): little = true
    case (0x4D, 0x4D): little = false
    default: return 1
    }
    func u16(_ o: Int) -> Int? {
      guard o >= 0, o + 2 <= t.count else { return nil }
      return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
    }
    func u32(_ o: Int) -> Int? {
      guard let a = u16(o), let b = u16(o + 2) else { return nil }
      return little ? a | b << 16 : a << 16 | b
    }
    guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return 1 }
    for k in 0..<min(count, 512) {
      let entry = ifd + 2 + k * 12
      guard let tag = u16(entry) else { return 1 }
      if tag == 0x0112, let type = u16(entry + 2), type == 3, let value = u16(entry + 8) {
        return (1...8).contains(value) ? value : 1
      }
    }
    return 1
  }
}
