internal import CFontconfig
internal import CHarfBuzzSubset
import Core
import Foundation
import Glibc
import RegistrationRules
import Synchronization

/// Cut-down copies of the form fonts, so that PDFs stay small and fast to write.
///
/// A Noto CJK face holds 65,000 glyphs behind shared subroutines; cairo's CFF subsetter
/// copies and compresses far more of it than the few hundred glyphs a form uses (about
/// 500 KB per PDF, most of the time spent in zlib). HarfBuzz's subsetter
/// (`hb_subset_or_fail`) makes, once, a desubroutinised copy holding GB 2312 (the 6,763
/// common hanzi), ASCII, Latin-1, punctuation and every character of the templates. It is
/// cached on disk and registered with fontconfig under a family name of its own
/// (`safetyreg Noto Serif CJK SC`). Styles ask for that family first and the full font
/// second, so a rare character the subset lacks is still drawn, by the full font.
enum FontSubsets {
  /// Bump when the character set or the subsetting changes, to renew cached files.
  /// 2: hints dropped (HB_SUBSET_FLAGS_NO_HINTING): print needs none, and PDFs shrink 14 %.
  static let version = 2
  static let prefix = "safetyreg "

  /// The face a style draws with.
  struct Face: Hashable, Sendable {
    var family: String
    var bold: Bool
  }

  /// Registers subsets of `faces` (once per process and face) and returns, per face, the
  /// family to ask pango for first. Faces that cannot be subset (no cache folder, an
  /// unusual font file) keep the full font: slower and larger, never wrong.
  /// - Parameters:
  ///   - dataFaces: faces that print application data: they get GB 2312 as well. Faces
  ///     that print only the templates' own text (the bold headings) get just that.
  static func register(_ faces: Set<Face>, dataFaces: Set<Face>, templateCharacters: Set<Character>) -> [Face: Registered] {
    registry.withLock { state in
      var result: [Face: Registered] = [:]
      for face in faces {
        let wide = dataFaces.contains(face)
        let key = "\(face.family)|\(face.bold)|\(wide)"
        if let registered = state[key] ?? make(face, characters: characters(gb2312: wide, extra: templateCharacters)) {
          state[key] = registered
          result[face] = registered
        }
      }
      return result
    }
  }

  /// A registered subset: the family to ask for, and the characters it has.
  struct Registered: Sendable {
    var family: String
    var characters: Set<UInt32>
  }

  private static let registry = Mutex<[String: Registered]>([:])

  private static func make(_ face: Face, characters: [UInt32]) -> Registered? {
    guard let (file, index) = fontFile(face), let cache = cacheDirectory() else { return nil }
    let attributes = try? FileManager.default.attributesOfItem(atPath: file)
    let stamp =
      "\(version)|\(file)|\(index)|\((attributes?[.size] as? Int) ?? 0)|\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)|\(characters.map(String.init).joined(separator: ","))"
    let hash = FNV1a.of(stamp).hex  // a short stable name for the cache key
    // The family name carries the hash: two subsets of one face never share a name.
    let family = prefix + face.family + " " + hash
    let name = face.family.replacingOccurrences(of: " ", with: "-") + (face.bold ? "-Bold" : "-Regular") + "-" + hash + ".otf"
    let path = (cache as NSString).appendingPathComponent(name)
    // On the disk, whatever `FileAccess` the caller reads with: fontconfig opens it by path.
    let disk = DiskFiles()
    if disk.status(of: path) != .file {
      guard let bytes = subset(file: file, index: index, characters: characters),
        (try? disk.write(bytes, to: path, readers: .umask)) != nil
      else { return nil }
    }
    // fontconfig must see the subset under its own family name, or it would tie with the
    // installed font of the same name and never be chosen.
    let rule = """
      <?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>
      <match target="scan"><test name="file"><string>\(path)</string></test>
      <edit name="family" mode="assign_replace"><string>\(family)</string></edit></match></fontconfig>
      """
    let config = FcConfigGetCurrent()
    guard FcConfigParseAndLoadFromMemory(config, rule, 1) != 0, FcConfigAppFontAddFile(config, path) != 0 else { return nil }
    return Registered(family: family, characters: Set(characters))
  }

  /// The file and face index fontconfig uses for `face` (a TTC holds several faces).
  private static func fontFile(_ face: Face) -> (String, Int32)? {
    guard let pattern = FcPatternCreate() else { return nil }
    defer { FcPatternDestroy(pattern) }
    FcPatternAddString(pattern, FC_FAMILY, face.family)
    FcPatternAddInteger(pattern, FC_WEIGHT, face.bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)
    FcConfigSubstitute(nil, pattern, FcMatchPattern)
    FcDefaultSubstitute(pattern)
    var result = FcResultMatch
    guard let match = FcFontMatch(nil, pattern, &result) else { return nil }
    defer { FcPatternDestroy(match) }
    var file: UnsafeMutablePointer<FcChar8>? = nil
    var familyName: UnsafeMutablePointer<FcChar8>? = nil
    var index: Int32 = 0
    guard FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch, let file,
      FcPatternGetString(match, FC_FAMILY, 0, &familyName) == FcResultMatch, let familyName,
      String(cString: familyName) == face.family,
      FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch
    else { return nil }
    let path = String(cString: file)
    // Only OpenType/TrueType files are subset; anything else is used as it is.
    guard [".ttc", ".otc", ".otf", ".ttf"].contains(where: path.lowercased().hasSuffix) else { return nil }
    return (path, index)
  }

  /// hb-subset with desubroutinised CFF, keeping the layout tables for these characters.
  private static func subset(file: String, index: Int32, characters: [UInt32]) -> [UInt8]? {
    guard let blob = hb_blob_create_from_file_or_fail(file) else { return nil }
    defer { hb_blob_destroy(blob) }
    guard let source = hb_face_create(blob, UInt32(index)) else { return nil }
    defer { hb_face_destroy(source) }
    guard let input = hb_subset_input_create_or_fail() else { return nil }
    defer { hb_subset_input_destroy(input) }
    let unicodes = hb_subset_input_unicode_set(input)
    for c in characters { hb_set_add(unicodes, c) }
    hb_subset_input_set_flags(input, UInt32(HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue | HB_SUBSET_FLAGS_NO_HINTING.rawValue))
    guard let subsetFace = hb_subset_or_fail(source, input) else { return nil }
    defer { hb_face_destroy(subsetFace) }
    guard let out = hb_face_reference_blob(subsetFace) else { return nil }
    defer { hb_blob_destroy(out) }
    var length: UInt32 = 0
    guard let data = hb_blob_get_data(out, &length), length > 0 else { return nil }
    return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
      Array(UnsafeBufferPointer(start: $0, count: Int(length)))
    }
  }

  /// Whatever the templates print and ASCII; with `gb2312` also Latin-1, general
  /// punctuation, CJK symbols and punctuation, fullwidth forms and the GB 2312 hanzi.
  static func characters(gb2312: Bool, extra: Set<Character>) -> [UInt32] {
    var set = Set<UInt32>()
    let ranges =
      gb2312
      ? [
        0x20...0x7E, 0xA0...0xFF, 0x2000...0x206F, 0x2100...0x218F, 0x2460...0x24FF, 0x25A0...0x25FF, 0x3000...0x303F,
        0xFF00...0xFFEF,
      ]
      : [0x20...0x7E]
    for range in ranges {
      for c in range { set.insert(UInt32(c)) }
    }
    if gb2312 { set.formUnion(gb2312Hanzi()) }
    for ch in extra { for s in ch.unicodeScalars { set.insert(s.value) } }
    return set.sorted()
  }

  /// Every character of GB 2312 rows 16–87 (the hanzi), via glibc's iconv.
  static func gb2312Hanzi() -> Set<UInt32> {
    let cd = iconv_open("UTF-32LE", "GB2312")
    guard cd != iconv_t(bitPattern: -1) else { return [] }
    defer { iconv_close(cd) }
    var result = Set<UInt32>()
    for b1 in 0xB0...0xF7 {
      for b2 in 0xA1...0xFE {
        var input: [CChar] = [CChar(bitPattern: UInt8(b1)), CChar(bitPattern: UInt8(b2))]
        var output = [UInt32](repeating: 0, count: 2)
        var inLeft = 2, outLeft = 8
        let converted = input.withUnsafeMutableBufferPointer { inBuffer in
          output.withUnsafeMutableBytes { outBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
            var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            return iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
          }
        }
        if converted != -1, outLeft == 4 { result.insert(UInt32(littleEndian: output[0])) }
      }
    }
    return result
  }

  /// `$XDG_CACHE_HOME/safetyreg/fonts`, `~/.cache/safetyreg/fonts`, or a per-user folder
  /// in the temporary directory, whichever can be created first.
  static func cacheDirectory() -> String? {
    let env = ProcessInfo.processInfo.environment
    var candidates: [String] = []
    if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { candidates.append(xdg + "/safetyreg/fonts") }
    if let home = env["HOME"], !home.isEmpty { candidates.append(home + "/.cache/safetyreg/fonts") }
    candidates.append(NSTemporaryDirectory() + "safetyreg-fonts-\(getuid())")
    for candidate in candidates {
      if (try? DiskFiles().createFolder(candidate, readers: .umask)) != nil,
        access(candidate, W_OK) == 0
      {
        return candidate
      }
    }
    return nil
  }
}
