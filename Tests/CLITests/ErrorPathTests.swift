import Foundation
import TestSupport
import Testing

/// Every failure a user can cause says what failed, where and why, in the user's
/// language, never in Foundation's words; and every command exits alike: 0 done, 1
/// rejected or invalid, 2 could not run.
@Suite struct ErrorPathTests {
  static let application = repoPath("samples/applications/initial.yaml")
  static let photo = repoPath("samples/submissions/2026-0001-initial-ok/photo.jpg")

  /// A folder with a file, an empty folder and the usual fixtures; in `/tmp` itself when
  /// `reachableByOthers` (another user must enter it, whatever TMPDIR says).
  func workspace(reachableByOthers: Bool = false) throws -> String {
    let work = reachableByOthers ? "/tmp/safetyreg-test-\(UUID().uuidString)" : try temporaryDirectory().path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: URL(fileURLWithPath: work + "/afile"))
    try FileManager.default.createDirectory(atPath: work + "/empty", withIntermediateDirectories: true)
    return work
  }

  static func expectPlain(_ r: RunResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let all = r.stdout + r.stderr
    for dump in ["Error Domain", "NSCocoaErrorDomain", "CocoaError", "NSPOSIXErrorDomain", "Code="] {
      #expect(!all.contains(dump), "\(what): \(all)", sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: [
    (["validate", "nope.yaml"], "nope.yaml: 文件不存在"),
    (["validate", "empty"], "empty: 这是一个文件夹，不是文件"),
    (["validate", application, "--policy", "nope.yaml"], "nope.yaml: 文件不存在"),
    (["form", "nope.yaml", "-o", "out"], "nope.yaml：文件或文件夹不存在"),
    (["form", "empty", "-o", "out"], "empty：文件夹中没有申请数据文件"),
    (["form", application, "-o", "afile/x.pdf"], "无法写入 afile：路径中有一部分不是目录"),
    (["photo", "nope.jpg"], "nope.jpg: 文件不存在"),
    (["photo", "empty"], "empty: 这是一个文件夹，不是文件"),
    (["photo", photo, "--fix", "afile/x.jpg"], "无法写入 afile：路径中有一部分不是目录"),
    (["inspect", "nope.jpg", "--as", "photo"], "nope.jpg: 文件不存在"),
    (["inspect", photo, "nope.jpg", "--as", "photo"], "nope.jpg: 文件不存在"),
    (["review", "nope", "-o", "r"], "nope：文件夹不存在"),
    (["review", "afile", "-o", "r"], "afile：不是文件夹"),
    (["review", "empty", "-o", "afile"], "无法写入 afile/thumbs：路径中有一部分不是目录"),
    (["review", "empty", "-o", "empty"], "报告文件夹不能就是提交文件夹"),
    (["merge", "nope", "-o", "m"], "nope：文件夹不存在"),
    (["merge", "afile", "-o", "m"], "afile：不是文件夹"),
    (["merge", "empty", "-o", "m"], "empty：没有可读的 summary.json"),
    (["valdiate", "x.yaml"], "未知命令“valdiate”。是否应为“validate”？"),
  ])
  func failuresSayWhatAndWhere(arguments: [String], message: String) throws {
    let work = try workspace()
    let r = try run(arguments, in: work)
    #expect(r.status == 2, "\(arguments): \(r.stdout)\(r.stderr)")
    #expect((r.stdout + r.stderr).contains(message), "\(arguments): \(r.stdout)\(r.stderr)")
    Self.expectPlain(r, "\(arguments)")
    // Nothing half-made is left behind by a command that could not run.
    #expect(!FileManager.default.fileExists(atPath: work + "/m"), "merge wrote before checking its inputs")
  }

  @Test(arguments: [
    (["validate", "nope.yaml"], "nope.yaml: no such file"),
    (["form", "empty", "-o", "out"], "empty: the folder holds no application files"),
    (["review", "afile", "-o", "r"], "afile: not a folder"),
    (["merge", "empty", "-o", "m"], "empty: no readable summary.json"),
    (["revue", "x"], "unknown command 'revue'. Did you mean 'review'?"),
  ])
  func inEnglishOnRequest(arguments: [String], message: String) throws {
    let r = try run(arguments + ["--lang", "en"], in: try workspace())
    #expect(r.status == 2)
    #expect((r.stdout + r.stderr).contains(message), "\(arguments): \(r.stdout)\(r.stderr)")
    Self.expectPlain(r, "\(arguments)")
  }

  /// Permission denied, as a user without the right sees it. Root reads everything, so as
  /// root the command runs as nobody, from copies in the test's own workspace: the clone
  /// may sit in a private folder (as /root does) that nobody cannot enter, and then the
  /// binary, the templates and the sample would fail for the wrong reason.
  @Test func permissionDenied() throws {
    let asRoot = geteuid() == 0
    let work = try workspace(reachableByOthers: asRoot)
    let reachable = asRoot ? try Self.reachableCopies(in: work) : nil
    let application = reachable?.application ?? Self.application
    try FileManager.default.copyItem(atPath: Self.application, toPath: work + "/locked.yaml")
    try FileManager.default.createDirectory(atPath: work + "/readonly", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: work + "/closed", withIntermediateDirectories: true)
    chmod(work + "/locked.yaml", 0o000)
    chmod(work + "/readonly", 0o555)
    chmod(work + "/closed", 0o000)
    chmod(work, 0o777)
    defer {
      chmod(work + "/closed", 0o755)
      chmod(work + "/readonly", 0o755)
    }
    func asUser(_ arguments: [String]) throws -> RunResult {
      guard let reachable else { return try run(arguments, in: work) }
      return try runProgram(
        "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", reachable.binary] + arguments, in: work,
        environment: ["SAFETYREG_TEMPLATES": reachable.templates])
    }
    if let reachable {
      // The copies work for nobody: what follows fails for the reason it names, no other.
      let fine = try asUser(["validate", reachable.application, "--today", "2026-11-30"])
      try #require(fine.status == 0, "nobody cannot run the copied binary: \(fine.stdout)\(fine.stderr)")
    }
    let read = try asUser(["validate", "locked.yaml"])
    #expect(read.status == 2 && read.stderr.contains("locked.yaml: 没有读取权限"), "\(read.stderr)")
    let write = try asUser(["form", application, "-o", "readonly/x.pdf", "--today", "2026-11-30", "--lang", "en"])
    #expect(write.status == 2 && write.stdout.contains("cannot write readonly/x.pdf: permission denied"), "\(write.stdout)")
    let folder = try asUser(["review", "closed", "-o", "r"])
    #expect(folder.status == 2 && folder.stderr.contains("closed：没有读取权限"), "\(folder.stderr)")
    for r in [read, write, folder] { Self.expectPlain(r, "permission") }
  }

  /// The binary, the templates and the sample application copied into `work/shared`, each
  /// readable (and the binary executable) by every user whatever the umask.
  static func reachableCopies(in work: String) throws -> (binary: String, templates: String, application: String) {
    let shared = work + "/shared"
    let fm = FileManager.default
    try fm.createDirectory(atPath: shared, withIntermediateDirectories: true)
    try fm.copyItem(atPath: safetyregBinary.path, toPath: shared + "/safetyreg")
    try fm.copyItem(atPath: repoPath("templates"), toPath: shared + "/templates")
    try fm.copyItem(atPath: application, toPath: shared + "/application.yaml")
    chmod(shared, 0o755)
    chmod(shared + "/safetyreg", 0o755)
    chmod(shared + "/application.yaml", 0o644)
    let enumerator = fm.enumerator(atPath: shared + "/templates")
    chmod(shared + "/templates", 0o755)
    while let name = enumerator?.nextObject() as? String {
      var isFolder: ObjCBool = false
      let path = shared + "/templates/" + name
      guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
      chmod(path, isFolder.boolValue ? 0o755 : 0o644)
    }
    return (shared + "/safetyreg", shared + "/templates", shared + "/application.yaml")
  }

  /// Whether this machine lets a test mount a tmpfs in a private mount namespace (as
  /// root, or through a user namespace).
  static let canMountPrivately: Bool = {
    ["-m", "-rm"].contains { flag in
      (try? runProgram("/usr/bin/unshare", [flag, "true"], in: "/").status) == 0
    }
  }()

  /// A full disk, for real: a 64 KiB tmpfs in a private mount namespace.
  @Test(.enabled(if: canMountPrivately, "needs a private mount namespace (root, or user namespaces enabled)"))
  func diskFull() throws {
    let work = try workspace()
    try FileManager.default.createDirectory(atPath: work + "/tiny", withIntermediateDirectories: true)
    let script = """
      unshare -m true 2>/dev/null && U="unshare -m" || U="unshare -rm"
      exec $U sh -c 'mount -t tmpfs -o size=64k tmpfs tiny && exec "$0" form "$1" -o tiny/out --today 2026-11-30' "$0" "$1"
      """
    let r = try runProgram("/bin/sh", ["-c", script, safetyregBinary.path, repoPath("samples/applications")], in: work)
    #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("无法写入 tiny/out/") && r.stdout.contains("磁盘空间不足"), "\(r.stdout)\(r.stderr)")
    Self.expectPlain(r, "disk full")
  }

  @Test func exitCodesAgreeAcrossCommands() throws {
    let work = try workspace()
    let invalid = repoPath("samples/applications/invalid-data.yaml")
    #expect(try run(["validate", Self.application, "--today", "2026-11-30"]).status == 0)
    #expect(try run(["validate", invalid, "--today", "2026-11-30"]).status == 1)
    #expect(try run(["form", invalid, "-o", work + "/f", "--today", "2026-11-30"]).status == 1)
    #expect(try run(["inspect", Self.photo, "--as", "photo"]).status == 0)
    #expect(
      try run(["inspect", repoPath("samples/submissions/2026-0008-photo-blue-background/photo.jpg"), "--as", "photo"]).status == 1
    )
  }
}
