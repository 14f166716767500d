import Foundation
import Core
import RegistrationRules

/// Finds the shipped `templates/` folder, so the tool works from any directory: an
/// explicit `SAFETYREG_TEMPLATES`, the installed `PREFIX/share/safetyreg/templates`, a
/// `templates/` beside or above the executable (a build inside the repository), or the
/// current directory's.
struct Templates {
  let directory: URL

  static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Templates? {
    var candidates: [URL] = []
    if let explicit = environment["SAFETYREG_TEMPLATES"] { candidates.append(URL(fileURLWithPath: explicit)) }
    let exe = URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    ).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    candidates.append(dir.appendingPathComponent("../share/safetyreg/templates").standardized)
    for _ in 0..<6 {
      candidates.append(dir.appendingPathComponent("templates"))
      dir = dir.deletingLastPathComponent()
    }
    candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates"))
    let found = candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("policy.yaml").path) }
    return found.map(Templates.init(directory:))
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// What every command needs before it can apply a rule: the policy and the authority list.
struct RuleSetup {
  let policy: Policy
  let authorities: AuthorityDirectory
  let templates: Templates

  /// Loads both, or fails with a message naming the file and every problem in it.
  static func load(_ options: GlobalOptions) throws -> RuleSetup {
    let language = options.language
    guard let templates = Templates.locate() else {
      throw Console.fail(
        language == .zh
          ? "找不到 templates/ 目录（policy.yaml 所在处）。请在仓库中运行、执行 make install，或设置 SAFETYREG_TEMPLATES。"
          : "cannot find the templates/ folder (with policy.yaml); run inside the repository, `make install`, or set SAFETYREG_TEMPLATES."
      )
    }
    do {
      let policy = try Policy.load(path: options.policy ?? templates.path("policy.yaml"))
      let authorities = try AuthorityDirectory.load(path: templates.path("authorities.yaml"))
      return RuleSetup(policy: policy, authorities: authorities, templates: templates)
    } catch let error as ConfigError {
      throw Console.fail(error.message(language))
    } catch let error as DocumentSyntaxError {
      throw Console.fail(error.message(language))
    }
  }
}
