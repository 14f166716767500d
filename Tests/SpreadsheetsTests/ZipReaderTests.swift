import Foundation
import TestSupport
import Testing

@testable import Spreadsheets

/// The ZIP reader on a real workbook (LibreOffice's), and on copies of it with one field
/// of its central directory changed as a hostile file would.
struct ZipReaderTests {
  let workbook = try! [UInt8](
    Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/Fixtures/spreadsheets/libreoffice-template.xlsx"))))

  /// The offset of `name`'s central-directory entry.
  func entry(_ bytes: [UInt8], _ name: String) throws -> Int {
    let wanted = Array(name.utf8)
    for at in 0..<(bytes.count - 46) where bytes[at] == 0x50 && bytes[at + 1] == 0x4b && bytes[at + 2] == 1 && bytes[at + 3] == 2
    {
      let length = Int(bytes[at + 28]) | Int(bytes[at + 29]) << 8
      if Array(bytes[(at + 46)..<(at + 46 + length)]) == wanted { return at }
    }
    throw CancellationError()
  }

  func patched(_ name: String, at field: Int, _ value: UInt32, width: Int = 4) throws -> [UInt8] {
    var bytes = workbook
    let at = try entry(bytes, name) + field
    for i in 0..<width { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    return bytes
  }

  func extract(_ bytes: [UInt8], _ name: String = "xl/workbook.xml", limit: Int = 1 << 20) throws(ZipReader.Problem) -> [UInt8] {
    let zip = try ZipReader(bytes)
    guard let member = zip[name] else { throw .notAZip }
    return try zip.extract(member, limit: limit)
  }

  @Test func aRealWorkbookReads() throws {
    let xml = try extract(workbook)
    #expect(String(decoding: xml, as: UTF8.self).contains("<sheets>"))
    #expect(try ZipReader(workbook).members.count >= 8)
  }

  @Test func aWrongCRCIsDamage() throws {
    let crc = try #require(try ZipReader(workbook)["xl/workbook.xml"]).crc
    #expect(throws: ZipReader.Problem.damaged) { try extract(try patched("xl/workbook.xml", at: 16, crc ^ 1)) }
  }

  /// A size that lies either way: smaller is damage, larger than the limit is refused
  /// before anything is inflated, and a stream that inflates past the limit whatever
  /// its header says is stopped there.
  @Test func sizesThatLieAreCaught() throws {
    let real = try #require(try ZipReader(workbook)["xl/workbook.xml"]).uncompressedSize
    #expect(throws: ZipReader.Problem.damaged) { try extract(try patched("xl/workbook.xml", at: 24, UInt32(real - 1))) }
    #expect(throws: ZipReader.Problem.tooLarge) { try extract(workbook, limit: real - 1) }
    #expect(throws: ZipReader.Problem.tooLarge) {
      try extract(try patched("xl/workbook.xml", at: 24, 10), limit: real / 2)
    }
  }

  @Test func dataPastTheEndIsDamageNotAWait() throws {
    #expect(throws: ZipReader.Problem.damaged) { try extract(try patched("xl/workbook.xml", at: 20, UInt32(workbook.count))) }
    #expect(throws: ZipReader.Problem.damaged) {
      try extract(try patched("xl/workbook.xml", at: 42, UInt32(workbook.count - 10)))
    }
    // Cut inside the member's data, directory kept: its local header no longer matches.
    let member = try #require(try ZipReader(workbook)["xl/workbook.xml"])
    var cut = workbook
    cut.removeSubrange((member.localHeaderOffset + 40)..<(member.localHeaderOffset + 60))
    #expect(throws: ZipReader.Problem.self) { try extract(cut) }
  }

  @Test func encryptionZIP64AndOtherMethodsAreUnsupported() throws {
    #expect(throws: ZipReader.Problem.unsupported) { try extract(try patched("xl/workbook.xml", at: 8, 1, width: 2)) }
    #expect(throws: ZipReader.Problem.unsupported) { try extract(try patched("xl/workbook.xml", at: 10, 12, width: 2)) }
    #expect(throws: ZipReader.Problem.unsupported) { try extract(try patched("xl/workbook.xml", at: 20, 0xFFFF_FFFF)) }
  }

  @Test func aDirectoryOutsideTheFileIsNotAZip() throws {
    var bytes = workbook
    let end = try #require(ZipReader.endOfCentralDirectory(bytes))
    bytes[end + 16] = 0xFF
    bytes[end + 17] = 0xFF
    bytes[end + 18] = 0xFF
    #expect(throws: ZipReader.Problem.notAZip) { try ZipReader(bytes) }
    #expect(throws: ZipReader.Problem.notAZip) { try ZipReader(Array(workbook.prefix(workbook.count - 23))) }
    #expect(throws: ZipReader.Problem.notAZip) { try ZipReader([]) }
  }
}
