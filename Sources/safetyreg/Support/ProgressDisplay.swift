import ArgumentParser
import BatchReview
import Core
import FormRendering
import Foundation
import RegistrationRules
import Service

/// A progress bar on a terminal; plain lines (about every 5 %) otherwise, for logs.
/// `@unchecked Sendable`: its mutable state is read and written only under `lock`.
final class ProgressDisplay: @unchecked Sendable {
  let quiet: Bool
  let terminal = isatty(2) != 0
  let language: Language
  let started = Date()
  let lock = NSLock()
  var lastStep = -1
  var drewBar = false
  private var latest: ReviewProgress?

  /// The latest progress reported.
  var last: ReviewProgress? {
    lock.lock()
    defer { lock.unlock() }
    return latest
  }

  init(quiet: Bool, language: Language) {
    self.quiet = quiet
    self.language = language
  }

  func update(_ p: ReviewProgress) {
    lock.lock()
    latest = p
    lock.unlock()
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    let rate = Double(p.done) / max(0.001, Date().timeIntervalSince(started))
    if terminal {
      let width = 30, filled = p.total == 0 ? width : width * p.done / p.total
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let text =
        "\r\(bar) \(p.done)/\(p.total)  "
        + LocalizedText("progressDisplay.barCounts", ["rejected": p.rejected, "reused": p.reused])(language)
        + String(format: "%.1f/s ", rate)
      FileHandle.standardError.write(Data(text.utf8))
      drewBar = true
    } else {
      let step = p.total == 0 ? 20 : p.done * 20 / p.total
      guard step != lastStep || p.done == p.total else { return }
      lastStep = step
      Console.error(
        LocalizedText(
          "progressDisplay.progress", ["done": p.done, "total": p.total, "rejected": p.rejected, "reused": p.reused])(language)
          + String(format: " %.1f/s", rate))
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    drewBar = false
  }
}
