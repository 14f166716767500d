import Foundation
import Testing

@testable import Core
@testable import RegistrationRules

/// Conversions and ranges that input could once trap (SECURITY.md, "Total from bytes to
/// verdict"): each now gives an answer.
@Suite struct TotalConversionTests {
  /// At the calendar's first day the period's start was clamped past its end: a range
  /// with its bounds reversed traps. `--today 0001-01-01` reached it on re-registration.
  @Test func aRegistrationPeriodEndingOnTheFirstDayIsOneDay() throws {
    let first = try #require(CalendarDate(year: 1, month: 1, day: 1))
    let period = TimingRules.registrationPeriod(endingOn: first, shippedPolicy.registration)
    #expect(period == first...first)
    var app = try ApplicationLoader.load(path: repoPath("samples/applications/reregistration.json")).application
    app.applicationDate = nil
    let assessment = Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: first)
    #expect(!assessment.isValid)
  }

  /// The face rules must fit in one photo, and the head's share is divided by.
  @Test func faceSharesThatCannotFitAreRefused() throws {
    let text = try String(contentsOfFile: repoPath("templates/policy.yaml"), encoding: .utf8)
    func problems(_ edited: String) -> [String] {
      do {
        _ = try Policy.parse(Array(edited.utf8), file: "p.yaml")
        return []
      } catch let error as ConfigError {
        return error.problems.map(\.path)
      } catch {
        return ["?"]
      }
    }
    let headLine = try #require(
      text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("headHeight:") })
    let indent = headLine.prefix { $0 == " " }
    #expect(
      problems(text.replacingOccurrences(of: String(headLine), with: indent + "headHeight: {min: 0, max: 0}"))
        .contains("photo.face.headHeight"))
    #expect(
      problems(text.replacingOccurrences(of: String(headLine), with: indent + "headHeight: {min: 0.95, max: 0.99}"))
        .contains("photo.face"))
  }
}
