import ArgumentParser
import Core
import RegistrationRules

// The values the command line takes as arguments, parsed as the data files spell them.

extension Language: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) {
    guard let date = CalendarDate.parse(argument) else { return nil }
    self = date
  }
}

extension MaterialType: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument) }
}

extension RegistrationKind: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument) }
}
