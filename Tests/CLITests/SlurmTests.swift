import Foundation
import TestSupport
import Testing

/// deploy/slurm-review.sh run for real (Tests/slurm/run.sh): a one-node Slurm from
/// Debian's slurm-wlm and munge, the job array of shard reviews and the merge job after
/// it; the merged reports are byte-identical to one unsharded review. Starting Slurm's
/// daemons needs root: elsewhere the test is skipped, and says why.
@Suite struct SlurmTests {
  static let canStart =
    geteuid() == 0
    && ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"].allSatisfy {
      FileManager.default.isExecutableFile(atPath: $0)
    }

  @Test(
    .enabled(
      if: canStart,
      "needs root and Debian's slurm-wlm and munge (make test installs them; starting slurmctld, slurmd and munged needs root)"
    ), .timeLimit(.minutes(15)))
  func theSlurmExampleRunsAndMergesToTheUnshardedResult() throws {
    let work = try temporaryDirectory().path
    let submissions = work + "/submissions"
    try FileManager.default.copyItem(atPath: repoPath("samples/submissions"), toPath: submissions)
    let r = try runProgram(
      "/bin/sh", [repoPath("Tests/slurm/run.sh"), safetyregBinary.path, submissions, work + "/slurm"], in: work)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("IDENTICAL:"), "\(r.stdout)")
    #expect(r.stdout.contains("共 29 份提交"))
  }
}
