import BatchReview
import Core
import Foundation
import RegistrationRules
import TestSupport
import Testing

/// The file-access seam: a review over `MemoryFiles` reads and writes nothing on disk and
/// writes what a review on disk writes; a memory folder refuses what a disk folder does.
@Suite(.serialized) struct MemoryReviewTests {
  /// Paths that exist nowhere on disk: a run that touched the disk would fail or leave them.
  static let input = "/nonexistent-safetyreg-memory/submissions"
  static let output = "/nonexistent-safetyreg-memory/reports"

  /// Sample submissions copied into memory as they are on disk, links as links.
  func memoryCopy(_ names: [String], into files: MemoryFiles, at root: String) throws {
    for name in names {
      let folder = samples + "/" + name
      for entry in try FileManager.default.contentsOfDirectory(atPath: folder) {
        let path = folder + "/" + entry
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
          files.addLink(root + "/" + name + "/" + entry, to: target)
        } else {
          files.add(root + "/" + name + "/" + entry, try #require(FileManager.default.contents(atPath: path)))
        }
      }
    }
  }

  /// A report without its fingerprint, which hashes each file's stamp: on disk its
  /// times and inode, in memory a count of writes.
  func withoutFingerprint(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.contains("\"fingerprint\"") }
      .joined(separator: "\n")
  }

  @Test func aReviewInMemoryWritesWhatAReviewOnDiskWrites() throws {
    let names = [
      "2026-0001-initial-ok", "2026-0005-form-page-missing", "2026-0011-corrupt-form-page", "2026-0012-invalid-data",
      "2026-0013-hostile-upload",
    ]
    let memory = MemoryFiles()
    try memoryCopy(names, into: memory, at: Self.input)
    // A file where a submission folder should be is a submission too.
    memory.add(Self.input + "/stray.txt", Array("not a folder".utf8))
    let inMemory = try ReviewRun(
      submissions: Self.input, output: Self.output, settings: settings(policy: unhurriedPolicy), workers: 2, shard: nil,
      page: try indexPage(),
      files: memory
    ).run { _ in }
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent-safetyreg-memory"))
    #expect(inMemory.reviewed == 6 && inMemory.reused == 0)

    let input = try temporaryDirectory(), output = try temporaryDirectory()
    try copySamples(names, to: input)
    try Data("not a folder".utf8).write(to: URL(fileURLWithPath: input + "/stray.txt"))
    let onDisk = try ReviewRun(
      submissions: input, output: output, settings: settings(policy: unhurriedPolicy), workers: 2, shard: nil,
      page: try indexPage()
    ).run { _ in }
    #expect(onDisk.items.map(\.submission) == inMemory.items.map(\.submission))
    #expect(onDisk.items.map(\.codes) == inMemory.items.map(\.codes))

    let disk = tree(output)
    let written = memory.files(under: Self.output)
    #expect(written.map { String($0.dropFirst(Self.output.count + 1)) } == disk.keys.sorted())
    // Reports, previews, summaries and the page: the same bytes.
    #expect(disk.count > 6 + 3 + 10, "reports, summaries, page and previews: \(disk.keys.sorted())")
    for (name, bytes) in disk {
      let mine = try #require(memory.contents(Self.output + "/" + name), "\(name) is not in memory")
      if name.hasSuffix(".json") && name != "summary.json" {
        #expect(withoutFingerprint(mine) == withoutFingerprint(bytes), "\(name) differs")
      } else {
        #expect(mine == bytes, "\(name) differs")
      }
    }
    // The hostile upload's link was refused in memory as it is on disk.
    let hostile = try #require(memory.contents(Self.output + "/2026-0013-hostile-upload.json"))
    #expect(String(decoding: hostile, as: UTF8.self).contains("UNSAFE_PATH"))
  }

  @Test func aSecondRunInMemoryReusesItsReportsAndRedoesAChangedSubmission() throws {
    let memory = MemoryFiles()
    try memoryCopy(["2026-0001-initial-ok", "2026-0005-form-page-missing"], into: memory, at: Self.input)
    func run() throws -> ReviewRunResult {
      try ReviewRun(
        submissions: Self.input, output: Self.output, settings: settings(policy: unhurriedPolicy), workers: 2, shard: nil,
        page: try indexPage(), files: memory
      ).run { _ in }
    }
    let first = try run()
    #expect(first.reviewed == 2 && first.reused == 0)
    let second = try run()
    #expect(second.reviewed == 0 && second.reused == 2)
    // The missing page uploaded: that submission is reviewed again, the other reused.
    memory.add(
      Self.input + "/2026-0005-form-page-missing/form-2.jpg",
      try #require(memory.contents(Self.input + "/2026-0001-initial-ok/form-2.jpg")))
    let third = try run()
    #expect(third.reviewed == 1 && third.reused == 1)
    let redone = try #require(third.items.first { $0.submission == "2026-0005-form-page-missing" })
    #expect(redone.codes == [.formMismatch], "\(redone.codes)")
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent-safetyreg-memory"))
  }

  @Test func mergingShardsInMemoryEqualsOneRunInMemory() throws {
    let memory = MemoryFiles()
    let names = ["2026-0001-initial-ok", "2026-0005-form-page-missing", "2026-0012-invalid-data"]
    try memoryCopy(names, into: memory, at: Self.input)
    func run(_ output: String, shard: Shard?) throws {
      _ = try ReviewRun(
        submissions: Self.input, output: output, settings: settings(policy: unhurriedPolicy), workers: 1, shard: shard,
        page: try indexPage(),
        files: memory
      ).run { _ in }
    }
    try run("/whole", shard: nil)
    try run("/part1", shard: Shard(index: 1, count: 2)!)
    try run("/part2", shard: Shard(index: 2, count: 2)!)
    _ = try ReviewMerge.merge(["/part1", "/part2"], into: "/merged", page: try indexPage(), files: memory)
    let whole = memory.files(under: "/whole"), merged = memory.files(under: "/merged")
    #expect(whole.map { $0.dropFirst(6) } == merged.map { $0.dropFirst(7) })
    for path in whole { #expect(memory.contents(path) == memory.contents("/merged" + path.dropFirst(6)), "\(path)") }
  }

  @Test(arguments: ["disk", "memory"]) func aFolderRefusesWhatLeavesIt(_ kind: String) throws {
    let files: [String: [UInt8]] = ["a/b.jpg": [1, 2, 3], "big.bin": [UInt8](repeating: 0, count: 100)]
    let folder: any ConfinedFolder
    if kind == "disk" {
      let root = try temporaryDirectory()
      let dir = try makeSubmission(in: root, id: "f", files: files)
      #expect(symlink("/etc/hostname", dir + "/link.jpg") == 0)
      #expect(symlink(dir + "/a", dir + "/linked") == 0)
      #expect(mkfifo(dir + "/fifo.jpg", 0o644) == 0)
      folder = try DiskFiles().openFolder(dir)
    } else {
      let memory = MemoryFiles()
      for (name, bytes) in files { memory.add("/f/" + name, bytes) }
      memory.addLink("/f/link.jpg", to: "/etc/hostname")
      memory.addLink("/f/linked", to: "/f/a")
      memory.addSpecial("/f/fifo.jpg")
      memory.add("/etc/hostname", Array("host".utf8))
      folder = try memory.openFolder("/f")
    }
    #expect(try folder.read("a/b.jpg", limit: 10) == [1, 2, 3])
    #expect(try folder.read("./a//b.jpg", limit: 10) == [1, 2, 3])
    #expect(throws: PathRefusal.leavesFolder) { try folder.read("a/../a/b.jpg", limit: 10) }
    #expect(throws: PathRefusal.absolute) { try folder.read("/etc/hostname", limit: 10) }
    #expect(throws: PathRefusal.missing) { try folder.read("nope.jpg", limit: 10) }
    #expect(throws: PathRefusal.tooLarge(size: 100)) { try folder.read("big.bin", limit: 99) }
    #expect(throws: PathRefusal.notRegularFile) { try folder.read("a", limit: 10) }
    #expect(throws: PathRefusal.notRegularFile) { try folder.read("fifo.jpg", limit: 10) }
    #expect(throws: PathRefusal.link) { try folder.read("link.jpg", limit: 10) }
    #expect(throws: PathRefusal.link) { try folder.read("linked/b.jpg", limit: 10) }
    #expect(throws: PathRefusal.link) { try folder.entries(of: "linked", limit: 10) }

    let entries = try folder.entries()
    #expect(entries.map(\.name) == ["a", "big.bin", "fifo.jpg", "link.jpg", "linked"])
    #expect(entries.map(\.kind) == [.directory, .file, .other, .link, .link])
    #expect(entries.first { $0.name == "big.bin" }?.size == 100)
    #expect(try folder.entries(of: "", limit: 2).count == 2)
    let linked = try #require(entries.first { $0.name == "linked" })
    #expect(throws: PathRefusal.link) { try folder.folder(linked) }
    let inner = try folder.folder(try #require(entries.first { $0.name == "a" }))
    #expect(try inner.read("b.jpg", limit: 10) == [1, 2, 3])
  }

  /// The folder a reviewer names may itself be a link (a mounted share, `latest` → a
  /// dated folder): it is followed, on disk and in memory alike; only links inside it are
  /// refused.
  @Test(arguments: ["disk", "memory"]) func aLinkedFolderIsOpenedWhereItLeads(_ kind: String) throws {
    let access: any FileAccess, link: String
    if kind == "disk" {
      let root = try temporaryDirectory()
      try FileManager.default.createDirectory(atPath: root + "/dated/a", withIntermediateDirectories: true)
      try Data([7, 8]).write(to: URL(fileURLWithPath: root + "/dated/a/b.jpg"))
      #expect(symlink("dated", root + "/latest") == 0)
      access = DiskFiles()
      link = root + "/latest"
    } else {
      let memory = MemoryFiles()
      memory.add("/r/dated/a/b.jpg", [7, 8])
      memory.addLink("/r/latest", to: "dated")
      access = memory
      link = "/r/latest"
    }
    let folder = try access.openFolder(link)
    #expect(try folder.entries().map(\.name) == ["a"])
    #expect(try folder.read("a/b.jpg", limit: 10) == [7, 8])
    #expect(access.resolved(link).hasSuffix("/dated"))
  }

  @Test(arguments: ["disk", "memory"]) func ownFilesAreReadUnderTheirLimit(_ kind: String) throws {
    let access: any FileAccess, root: String
    if kind == "disk" {
      access = DiskFiles()
      root = try temporaryDirectory()
      try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: root + "/five"))
      try FileManager.default.createDirectory(atPath: root + "/folder", withIntermediateDirectories: false)
      #expect(mkfifo(root + "/fifo", 0o644) == 0)
    } else {
      let memory = MemoryFiles()
      root = "/r"
      memory.add("/r/five", [1, 2, 3, 4, 5])
      memory.addFolder("/r/folder")
      memory.addSpecial("/r/fifo")
      access = memory
    }
    #expect(try access.readFile(root + "/five", limit: 10) == [1, 2, 3, 4, 5])
    // One byte more than the limit says the file is larger.
    #expect(try access.readFile(root + "/five", limit: 3) == [1, 2, 3, 4])
    #expect(access.size(of: root + "/five") == 5)
    #expect(throws: FileReadError.missing) { try access.readFile(root + "/none", limit: 10) }
    #expect(throws: FileReadError.folder) { try access.readFile(root + "/folder", limit: 10) }
    #expect(throws: FileReadError.notRegularFile) { try access.readFile(root + "/fifo", limit: 10) }
    #expect(access.status(of: root + "/folder") == .folder)
    #expect(access.status(of: root + "/five") == .file)
    #expect(access.status(of: root + "/fifo") == .other)
    #expect(access.status(of: root + "/none") == .missing)

    try access.createFolder(root + "/out/deeper", readers: .owner)
    try access.write("written", to: root + "/out/deeper/file.txt", readers: .owner)
    #expect(try access.readFile(root + "/out/deeper/file.txt", limit: 100) == Array("written".utf8))
    #expect(throws: WriteError.self) { try access.write("x", to: root + "/missing-folder/file.txt", readers: .owner) }
    // A failed stream leaves nothing behind.
    #expect(throws: WriteError.self) {
      try access.stream(to: root + "/out/half.txt", readers: .owner) { out throws(WriteError) in
        try out.write("half")
        throw WriteError(path: root + "/out/half.txt", code: 28)
      }
    }
    #expect(access.status(of: root + "/out/half.txt") == .missing)
    #expect(access.resolved(root + "/out/deeper/../deeper/./file.txt") == access.resolved(root + "/out/deeper/file.txt"))
  }
}
