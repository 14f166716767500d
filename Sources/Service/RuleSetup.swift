import Core
import FormRendering
import Foundation
import RegistrationRules

/// Finds the shipped `templates/` folder, so the tool works from any directory: an
/// explicit `SAFETYREG_TEMPLATES`, the installed `PREFIX/share/safetyreg/templates`, a
/// `templates/` beside or above the executable (a build inside the repository), or the
/// current directory's.
public struct Templates: Sendable {
  public let directory: URL

  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Templates? {
    TemplatesFolder.locate(environment: environment).map { Templates(directory: URL(fileURLWithPath: $0)) }
  }

  public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Why the tool cannot start: a message naming the file and what is wrong with it, in
/// the language asked for. The command line prints it and exits with 2.
public struct SetupFailure: Error, Sendable {
  public let message: String
}

/// What every command needs before it can apply a rule: the policy and the authority list.
public struct RuleSetup: Sendable {
  public let policy: Policy
  public let authorities: AuthorityDirectory
  public let templates: Templates

  /// Loads both (the policy from `policyFile`, else the shipped one), or fails with a
  /// message naming the file and every problem in it.
  public static func load(policyFile: String?, language: Language) throws(SetupFailure) -> RuleSetup {
    guard let templates = Templates.locate() else {
      throw SetupFailure(
        message: language == .zh
          ? "找不到 templates/ 目录（policy.yaml 所在处）。请在仓库中运行、执行 make install，或设置 SAFETYREG_TEMPLATES。"
          : "cannot find the templates/ folder (with policy.yaml); run inside the repository, `make install`, or set SAFETYREG_TEMPLATES."
      )
    }
    do {
      let policy = try Policy.load(path: policyFile ?? templates.path("policy.yaml"))
      let authorities = try AuthorityDirectory.load(path: templates.path("authorities.yaml"))
      return RuleSetup(policy: policy, authorities: authorities, templates: templates)
    } catch let error as ConfigError {
      throw SetupFailure(message: error.message(language))
    } catch let error as DocumentSyntaxError {
      throw SetupFailure(message: error.message(language))
    } catch {
      throw SetupFailure(message: language == .zh ? "无法读取规则文件（\(type(of: error))）" : "cannot read the rules (\(type(of: error)))")
    }
  }

  /// Where the form scan looks on each kind's form, from the form templates.
  public func formGeometry(language: Language) throws(SetupFailure) -> FormGeometrySet {
    do {
      return try FormRenderer(templates: try FormTemplateSet.load(directory: templates.path("forms"))).geometry()
    } catch {
      throw SetupFailure(
        message: (language == .zh
          ? "无法读取申请表模板，不能检查申请表的二维码、签字和盖章："
          : "cannot read the form templates to check the forms' QR codes, signatures and seals: ")
          + error.message(language))
    }
  }
}
