import Foundation
import TestSupport
import Testing

/// Who can read what the tool writes, whatever the umask: `review` and `merge` write
/// applicants' personal data for their owner alone (or the group, on request); `form` and
/// `photo --fix` write the applicant's own files and follow the umask.
@Suite struct FileModeTests {
  /// Runs the tool under `umask`, as `sh -c 'umask …; exec safetyreg …'`.
  func run(umask: String, _ arguments: [String], in directory: String) throws -> RunResult {
    try runProgram("/bin/sh", ["-c", "umask \(umask) && exec \"$0\" \"$@\"", safetyregBinary.path] + arguments, in: directory)
  }

  /// Every file and folder under `root` (itself included) with its permission bits.
  func modes(_ root: String) -> [String: mode_t] {
    var out: [String: mode_t] = [:]
    var info = stat()
    if lstat(root, &info) == 0 { out["."] = info.st_mode & 0o7777 }
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let name = enumerator?.nextObject() as? String {
      if lstat(root + "/" + name, &info) == 0 { out[name] = info.st_mode & 0o7777 }
    }
    return out
  }

  func isFolder(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// Folders `folder`, files `file`, for everything under `root`.
  func expectModes(_ root: String, folder: mode_t, file: mode_t, sourceLocation: SourceLocation = #_sourceLocation) {
    let all = modes(root)
    #expect(all.count > 30, "the review wrote its reports, previews and page: \(all.count)", sourceLocation: sourceLocation)
    for (name, mode) in all {
      let expected = isFolder(root + "/" + name) ? folder : file
      #expect(
        mode == expected, "\(name): \(String(mode, radix: 8)), not \(String(expected, radix: 8))", sourceLocation: sourceLocation)
    }
  }

  @Test func reviewAndMergeWriteForTheirOwnerWhateverTheUmask() throws {
    let work = try temporaryDirectory().path
    let review = try run(
      umask: "000", ["review", repoPath("samples/submissions"), "-o", "out/reports", "--today", "2026-11-23", "--quiet"],
      in: work)
    #expect(review.status == 0, "\(review.stderr)")
    expectModes(work + "/out", folder: 0o700, file: 0o600)
    let merge = try run(umask: "000", ["merge", "out/reports", "-o", "merged"], in: work)
    #expect(merge.status == 0, "\(merge.stderr)")
    expectModes(work + "/merged", folder: 0o700, file: 0o600)
  }

  @Test func groupReadableWidensToTheGroupOnly() throws {
    let work = try temporaryDirectory().path
    let args = ["review", repoPath("samples/submissions"), "-o", "reports", "--today", "2026-11-23", "--quiet"]
    #expect(try run(umask: "000", args + ["--group-readable"], in: work).status == 0)
    expectModes(work + "/reports", folder: 0o750, file: 0o640)
    #expect(try run(umask: "000", ["merge", "reports", "-o", "merged", "--group-readable"], in: work).status == 0)
    expectModes(work + "/merged", folder: 0o750, file: 0o640)
    // A re-run without the flag reuses every report, and takes the group's access back.
    let again = try run(umask: "000", args.filter { $0 != "--quiet" }, in: work)
    #expect(again.stderr.contains("沿用未变化的报告 29 份"), "\(again.stderr)")
    expectModes(work + "/reports", folder: 0o700, file: 0o600)
  }

  @Test func theApplicantsOwnFilesFollowTheUmask() throws {
    let work = try temporaryDirectory().path
    let form = try run(
      umask: "027", ["form", repoPath("samples/applications/initial.yaml"), "-o", "forms/zhang.pdf", "--today", "2026-11-30"],
      in: work)
    #expect(form.status == 0, "\(form.stdout)\(form.stderr)")
    #expect(modes(work + "/forms") == [".": 0o750, "zhang.pdf": 0o640])
    let fix = try run(
      umask: "002", ["photo", repoPath("Tests/Fixtures/portraits/frl-london-030-lightgrey.jpg"), "--fix", "fixed.jpg"], in: work)
    #expect(fix.status != 2, "\(fix.stdout)\(fix.stderr)")
    #expect(modes(work)["fixed.jpg"] == 0o664)
  }
}
