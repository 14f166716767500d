import ArgumentParser
import Core
import Foundation
import RegistrationRules
import Service

@main
struct SafetyReg: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "safetyreg",
    abstract: "Registration of Certified Safety Engineers (注册安全工程师注册): forms, checks and review.",
    discussion: """
      Exit codes: 0 accepted or completed, 1 rejected (validate, photo, inspect), 2 usage \
      error or the tool could not run. Messages are in Chinese unless --lang en is given \
      or the locale is English.
      """,
    version: "0.1.0",
    subcommands: [
      FormCommand.self, ValidateCommand.self, TemplateCommand.self, PhotoCommand.self, InspectCommand.self, ReviewCommand.self,
      MergeCommand.self, ServeCommand.self,
      CheckWorkerCommand.self,
    ]
  )

  /// DESIGN.md's exit codes: ArgumentParser would use 64 for usage errors; we use 2.
  static func main() async {
    Memory.keepLargeBlocksInTheHeap()
    // A file-size limit (RLIMIT_FSIZE) or a full disk is a write error with a message
    // naming the path, not a signal that ends the run without one.
    signal(SIGXFSZ, SIG_IGN)
    if let message = unknownSubcommand(Array(CommandLine.arguments.dropFirst())) {
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(2)
    }
  }
}

extension SafetyReg {
  /// What to say when the first word is not a command: ArgumentParser suggests close
  /// option names but says only "unexpected argument" for a mistyped command.
  static func unknownSubcommand(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.map { $0.configuration.commandName ?? "" }.filter { !$0.hasPrefix("_") }
    guard !names.contains(first), first != "help", !first.hasPrefix("__") else { return nil }
    var language = Language.fromEnvironment(ProcessInfo.processInfo.environment)
    if let i = arguments.firstIndex(of: "--lang"), i + 1 < arguments.count, let l = Language(rawValue: arguments[i + 1]) {
      language = l
    } else if let l = arguments.first(where: { $0.hasPrefix("--lang=") }).flatMap({ Language(rawValue: String($0.dropFirst(7))) })
    {
      language = l
    }
    let guess = Suggestion.closest(to: first, among: names)
    let unknown = LocalizedText("safetyReg.unknownCommand", ["command": first])
    let guessed = guess.map { LocalizedText("safetyReg.didYouMean", ["guess": $0]) } ?? LocalizedText(verbatim: "")
    return LocalizedText(
      "safetyReg.unknownCommandAndList", ["unknown": unknown, "guess": guessed, "commands": LocalizedText.list(names)])(language)
  }
}

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Policy file (default: the shipped templates/policy.yaml).", valueName: "FILE"))
  var policy: String?

  @Option(name: .long, help: "Language of messages: zh (default) or en.")
  var lang: Language?

  var language: Language { lang ?? Language.fromEnvironment(ProcessInfo.processInfo.environment) }
}
