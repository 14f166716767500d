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
      throw SetupFailure(message: LocalizedText("ruleSetup.noTemplates")(language))
    }
    // A catalog that cannot be read would show its language's messages in another one,
    // or as bare keys: refuse to start, naming every bad line, rather than mislead.
    let catalogs = MessageCatalogs.shipped
    if !catalogs.problems.isEmpty {
      let problems = catalogs.problems.map(\.description).joined(separator: "; ")
      let text = LocalizedText("ruleSetup.brokenCatalog", ["problems": problems])(language)
      // With no readable catalog at all, the key is all there is: say it in English.
      throw SetupFailure(
        message: text.hasPrefix("ruleSetup.") ? "the message catalogs cannot be used: \(problems)" : text)
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
      throw SetupFailure(message: LocalizedText("ruleSetup.rulesUnreadable", ["type": "\(type(of: error))"])(language))
    }
  }

  /// Where the form scan looks on each kind's form, from the form templates.
  public func formGeometry(language: Language) throws(SetupFailure) -> FormGeometrySet {
    do {
      return try FormRenderer(templates: try FormTemplateSet.load(directory: templates.path("forms"))).geometry()
    } catch {
      throw SetupFailure(message: LocalizedText("ruleSetup.formTemplatesUnreadable", ["problem": error.message])(language))
    }
  }
}
