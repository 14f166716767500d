import Dispatch
import Foundation
import Service

/// Ctrl-C (SIGINT) and SIGTERM during a long run: say what was kept and how to go on,
/// then exit with the shell's usual 128 + signal. Every file the run writes is written
/// atomically, so stopping between two writes loses nothing.
struct Interruption {
  private let sources: [any DispatchSourceSignal]

  /// Starts watching; `report` runs once, with the signal's name, before the exit.
  static func watch(_ report: @escaping @Sendable (String) -> Void) -> Interruption {
    let sources = [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM")].map { number, name in
      // The handler replaces the default action; workers reset every signal when started.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        report(name)
        // _exit: other threads may be mid-write; their temporaries are cleared next run.
        _exit(128 + number)
      }
      source.resume()
      return source
    }
    return Interruption(sources: sources)
  }

  func cancel() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }

  /// A word as a POSIX shell reads it back.
  static func shellQuoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
    }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
