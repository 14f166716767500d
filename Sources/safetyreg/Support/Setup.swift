import Service

extension RuleSetup {
  /// The policy (`--policy`, else the shipped one) and the authority list, or the tool
  /// stops with exit code 2 and a message naming the file and what is wrong with it.
  static func load(_ options: GlobalOptions) throws -> RuleSetup {
    do {
      return try load(policyFile: options.policy, language: options.language)
    } catch {
      throw Console.fail(error.message)
    }
  }
}
