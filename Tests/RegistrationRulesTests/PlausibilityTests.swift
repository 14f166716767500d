import Testing

@testable import Core
@testable import RegistrationRules

/// No date or number that parses can stop the rules: absurd values are refused once, as
/// INVALID_FIELD, and the rules that need them are skipped.
@Suite struct PlausibilityTests {
  let today = date("2026-11-23")

  func assess(_ edit: (inout Application) -> Void) -> Assessment {
    var app = validApplication()
    edit(&app)
    return Assessor.assess(app, policy: shippedPolicy, authorities: shippedAuthorities, today: today)
  }

  @Test(arguments: [
    ("applicant.birthDate", "9999-01-01"), ("applicant.birthDate", "0001-01-01"),
    ("applicant.qualificationDate", "9999-12-31"), ("applicant.registrationExpiry", "0001-01-01"),
    ("applicant.registrationExpiry", "2924-05-01"), ("applicationDate", "1899-12-31"),
    ("continuingEducation[0].date", "9999-12-31"),
  ])
  func anAbsurdDateIsInvalidAndItsRulesAreSkipped(_ field: String, _ text: String) {
    let d = date(text)
    for kind in RegistrationKind.allCases {
      let a = assess { app in
        app.kind = kind
        app.applicant.registrationCertificateNo = "2024-1"
        app.applicant.registrationExpiry = app.applicant.registrationExpiry ?? date("2027-06-30")
        app.continuingEducation = [CERecord(date: date("2025-01-01"), provider: "p", course: "c", hours: 10)]
        switch field {
        case "applicant.birthDate": app.applicant.birthDate = d
        case "applicant.qualificationDate": app.applicant.qualificationDate = d
        case "applicant.registrationExpiry": app.applicant.registrationExpiry = d
        case "applicationDate": app.applicationDate = d
        default: app.continuingEducation[0].date = d
        }
      }
      let refusals = a.findings.filter { $0.field == field && $0.code == .invalidField }
      #expect(refusals.count == 1, "\(kind): \(refusals.map(\.message.en))")
      #expect(refusals.first?.code == .invalidField && refusals.first?.severity == .error)
      #expect(refusals.first?.message.en.contains("not a plausible date") == true)
      // The rules that need it did not run on it (no window built from year 1 or 9999).
      #expect(!a.findings.contains { $0.message.en.contains(text) && $0.field != field }, "\(a.findings.map(\.message.en))")
    }
  }

  @Test(arguments: [1e308, Double.infinity, 1001])
  func implausibleHoursAreRefusedAndNotCounted(_ hours: Double) {
    let a = assess { app in
      app.kind = .renewal
      app.applicant.registrationCertificateNo = "2024-1"
      app.applicant.registrationExpiry = date("2027-01-31")
      app.continuingEducation = [
        CERecord(date: date("2025-01-01"), provider: "p", course: "c", hours: hours),
        CERecord(date: date("2025-02-01"), provider: "p", course: "c", hours: hours),
      ]
    }
    #expect(a.findings.filter { $0.field?.hasSuffix(".hours") == true }.count == 2)
    #expect(a.continuingEducation?.countedHours == 0, "nothing counted, nothing overflowed")
    #expect(a.findings.contains { $0.code == .ceHours && $0.severity == .error })
  }

  @Test func theEdgesOfThePlausibleRangeAreAccepted() {
    let range = shippedPolicy.registration.plausibleDates
    #expect(range.lowerBound == date("1900-01-01") && range.upperBound == date("2100-12-31"))
    let a = assess { $0.continuingEducation = [CERecord(date: date("1900-01-01"), provider: "p", course: "c", hours: 1000)] }
    #expect(!a.findings.contains { $0.field?.hasPrefix("continuingEducation[0]") == true && $0.code == .invalidField })
    let b = assess { $0.continuingEducation = [CERecord(date: date("1899-12-31"), provider: "p", course: "c", hours: 1000.5)] }
    #expect(b.findings.filter { $0.field?.hasPrefix("continuingEducation[0]") == true }.count == 2)
  }

  /// Calendar arithmetic stops at the ends of the calendar instead of trapping.
  @Test func dateArithmeticNeverTraps() {
    #expect(date("9999-12-31").adding(days: 1) == CalendarDate.latest)
    #expect(date("0001-01-01").adding(days: -1) == CalendarDate.earliest)
    #expect(date("9999-06-30").adding(months: 12) == CalendarDate.latest)
    #expect(date("0001-03-01").adding(years: -5) == CalendarDate.earliest)
    #expect(date("2026-01-31").adding(days: .max) == CalendarDate.latest)
    #expect(date("2026-01-31").adding(days: .min) == CalendarDate.earliest)
    #expect(date("2026-01-31").adding(months: .max) == CalendarDate.latest)
    #expect(date("2026-01-31").adding(years: .min) == CalendarDate.earliest)
    #expect(CalendarDate(dayNumber: .max) == CalendarDate.latest)
    #expect(month("9999-12").adding(years: 16) == month("9999-12"))
    #expect(date("2024-02-29").adding(years: 1) == date("2025-02-28"))
  }
}
