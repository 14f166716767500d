import CZlibSystem
import Foundation

/// Reads members of a ZIP archive held in memory: the central directory, then one
/// member at a time, stored or deflated (all an .xlsx uses), with zlib.
///
/// Written for hostile files, after ZIPFoundation trapped on a directory pointing past the
/// end and looped for ever on a deflate stream cut short by the end of the file (both
/// found by FuzzSpreadsheet). Every offset and size is checked against the bytes there
/// are before it is used; output is capped while it is inflated; a stream that ends early,
/// runs on, or fails its CRC is damage. ZIP64, encryption and other methods are refused.
struct ZipReader {
  struct Member {
    var name: String
    var method: UInt16
    var flags: UInt16
    var crc: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
  }

  enum Problem: Error, Equatable {
    /// Not a ZIP archive, or its directory cannot be read.
    case notAZip
    /// The member's data lies (partly) outside the file, is truncated, or fails its CRC.
    case damaged
    /// Inflating would give more than the caller allows.
    case tooLarge
    /// Encrypted, ZIP64, or a compression method other than stored and deflate.
    case unsupported
  }

  let bytes: [UInt8]
  /// The first member of each name (as ZIPFoundation did, and as Excel writes no other).
  private(set) var members: [String: Member] = [:]

  /// At most this many directory entries are read (an .xlsx has a dozen or so).
  static let maxMembers = 10_000

  init(_ bytes: [UInt8]) throws(Problem) {
    self.bytes = bytes
    guard let end = Self.endOfCentralDirectory(bytes) else { throw .notAZip }
    let count = Int(u16(end + 10))
    let size = Int(u32(end + 12))
    let start = Int(u32(end + 16))
    guard count <= Self.maxMembers, start <= end, size <= end - start else { throw .notAZip }
    var at = start
    for _ in 0..<count {
      guard at + 46 <= start + size, u32(at) == 0x0201_4b50 else { throw .notAZip }
      let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
      let next = at + 46 + nameLength + extraLength + commentLength
      guard next <= start + size else { throw .notAZip }
      let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
      let member = Member(
        name: name, method: u16(at + 10), flags: u16(at + 8), crc: u32(at + 16), compressedSize: Int(u32(at + 20)),
        uncompressedSize: Int(u32(at + 24)), localHeaderOffset: Int(u32(at + 42)))
      if members[name] == nil { members[name] = member }
      at = next
    }
  }

  subscript(name: String) -> Member? { members[name] }

  /// The member's content, refused past `limit` bytes (whatever its header says).
  func extract(_ member: Member, limit: Int) throws(Problem) -> [UInt8] {
    // 0xFFFFFFFF sizes mean ZIP64; bit 0 is encryption.
    guard member.flags & 1 == 0, member.compressedSize != 0xFFFF_FFFF, member.uncompressedSize != 0xFFFF_FFFF,
      member.localHeaderOffset != 0xFFFF_FFFF
    else { throw .unsupported }
    guard member.uncompressedSize <= limit else { throw .tooLarge }
    let header = member.localHeaderOffset
    guard header <= bytes.count - 30, u32(header) == 0x0403_4b50 else { throw .damaged }
    let dataStart = header + 30 + Int(u16(header + 26)) + Int(u16(header + 28))
    // The sizes of the central directory are the true ones (the local header may hold
    // zeros and put them in a descriptor after the data).
    guard dataStart <= bytes.count, member.compressedSize <= bytes.count - dataStart else { throw .damaged }
    let data = bytes[dataStart..<(dataStart + member.compressedSize)]
    let output: [UInt8]
    switch member.method {
    case 0:
      guard member.compressedSize == member.uncompressedSize else { throw .damaged }
      output = Array(data)
    case 8:
      output = try Self.inflate(data, expected: member.uncompressedSize, limit: limit)
    default:
      throw .unsupported
    }
    guard output.count == member.uncompressedSize, Self.crc32(output) == member.crc else { throw .damaged }
    return output
  }

  /// Raw deflate (no zlib header), all of `data` and no more, to at most `limit` bytes.
  static func inflate(_ data: ArraySlice<UInt8>, expected: Int, limit: Int) throws(Problem) -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .damaged
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: min(max(expected, 1), limit) + 1)
    var produced = 0
    var status: Int32 = Z_OK
    let input = Array(data)
    input.withUnsafeBufferPointer { source in
      stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
      stream.avail_in = UInt32(source.count)
      while status == Z_OK {
        if produced == output.count {
          // The header's size was a lie (or too small): grow, but never past the limit.
          guard output.count <= limit else { break }
          output += [UInt8](repeating: 0, count: min(output.count, limit + 1 - output.count))
        }
        let before = stream.avail_in
        let room = output.count - produced
        status = output.withUnsafeMutableBufferPointer { target in
          stream.next_out = target.baseAddress! + produced
          stream.avail_out = UInt32(room)
          let result = CZlibSystem.inflate(&stream, Z_NO_FLUSH)
          produced += room - Int(stream.avail_out)
          return result
        }
        // No input left and no progress: the stream was cut short.
        if status == Z_OK && stream.avail_in == 0 && before == 0 { status = Z_BUF_ERROR }
      }
    }
    guard produced <= limit else { throw .tooLarge }
    // The stream must end exactly where the member's data does.
    guard status == Z_STREAM_END, stream.avail_in == 0 else { throw .damaged }
    return Array(output.prefix(produced))
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { UInt32(CZlibSystem.crc32(0, $0.baseAddress, UInt32($0.count))) }
  }

  /// The end-of-central-directory record: searched from the end, over the longest
  /// comment a ZIP may have.
  static func endOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 22 else { return nil }
    var at = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 65_535)
    while at >= lowest {
      if bytes[at] == 0x50, bytes[at + 1] == 0x4b, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 { return at }
      at -= 1
    }
    return nil
  }

  private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  private func u32(_ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
