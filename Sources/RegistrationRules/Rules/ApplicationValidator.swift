import Core

/// Field-level checks of an application: required fields per kind, identity numbers and
/// their agreement with the other fields, contacts, dates and work periods.
/// Pure: everything it needs is in its arguments.
public enum ApplicationValidator {
  public static func validate(_ app: Application, policy: RegistrationPolicy, today: CalendarDate) -> [Finding] {
    var v = Collector()
    let a = app.applicant
    let e = app.employer

    v.require(app.kind, "kind", hint: "initial | renewal | change | reregistration")
    v.require(app.category, "category", hint: RegistrationCategory.codeList)
    v.require(a.name, "applicant.name")
    v.require(a.gender, "applicant.gender", hint: "male | female")
    v.require(a.birthDate, "applicant.birthDate")
    v.require(a.idNumber, "applicant.idNumber")
    v.require(a.education, "applicant.education")
    v.require(a.phone, "applicant.phone")
    v.require(a.address, "applicant.address")
    v.require(a.qualificationCertificateNo, "applicant.qualificationCertificateNo")
    v.require(a.qualificationDate, "applicant.qualificationDate")
    v.require(e.name, "employer.name")
    v.require(e.creditCode, "employer.creditCode")
    v.require(e.nature, "employer.nature")
    v.require(e.address, "employer.address")
    v.require(e.contact, "employer.contact")
    v.require(e.phone, "employer.phone")
    if app.workExperience.isEmpty {
      v.missing("workExperience", LocalizedText("applicationValidator.addAtLeastOnePeriod"))
    }
    if let kind = app.kind, kind.hasCurrentRegistration {
      v.require(a.registrationCertificateNo, "applicant.registrationCertificateNo")
      if kind != .reregistration || a.registrationCancelled == nil {
        v.require(a.registrationExpiry, "applicant.registrationExpiry")
      }
    }

    if let name = a.name { checkName(name, &v) }
    checkIdentity(a, &v)
    checkDates(app, policy: policy, today: today, &v)
    if let code = e.creditCode { checkCreditCode(code, &v) }
    if let phone = a.phone, PhoneNumber.kind(of: phone) == nil || PhoneNumber.isServiceNumber(phone) {
      v.invalid(
        "applicant.phone", LocalizedText("applicationValidator.isNotAValidMobile", ["phone": phone])
      )
    }
    if let phone = e.phone, PhoneNumber.kind(of: phone) == nil {
      v.invalid(
        "employer.phone", LocalizedText("applicationValidator.isNotAValidPhone", ["phone": phone]))
    }
    if let email = a.email, !EmailAddress.isValid(email) {
      v.invalid("applicant.email", LocalizedText("applicationValidator.isNotAValidE", ["email": email]))
    }
    checkWorkHistory(app.workExperience, birth: a.birthDate, today: today, &v)
    checkCERecords(app.continuingEducation, today: today, &v)
    checkChange(app, &v)
    return v.findings
  }

  static func checkName(_ name: String, _ v: inout Collector) {
    let forbidden = Set("0123456789<>{}[]@#$%^&*=+\\|/~`\"")
    if let bad = name.first(where: forbidden.contains) {
      v.invalid("applicant.name", LocalizedText("applicationValidator.aNameCannotContain", ["bad": bad]))
    } else if name.count < 2 {
      v.invalid("applicant.name", LocalizedText("applicationValidator.aNameHasAtLeast"))
    }
  }

  static func checkIdentity(_ a: Applicant, _ v: inout Collector) {
    guard let number = a.idNumber else { return }
    let type = a.idType ?? .residentID
    guard type == .residentID else {
      if let format = OtherIDNumber.expectedFormat(type, number) {
        v.invalid("applicant.idNumber", LocalizedText("applicationValidator.message", ["number": number, "format": format]))
      }
      return
    }
    switch ResidentIDNumber.parse(number) {
    case .failure(.fifteenDigit(let upgraded)):
      v.invalid(
        "applicant.idNumber",
        LocalizedText("applicationValidator.anOld15DigitID", ["number": number, "upgraded": upgraded]),
        measured: .text(number), limit: .text(upgraded))
    case .failure(.wrongLength(let n)):
      v.invalid(
        "applicant.idNumber", LocalizedText("applicationValidator.aResidentIDNumberHas", ["n": n]),
        measured: Measure(n), limit: Measure(18))
    case .failure(.notDigits(let position, let ch)):
      v.invalid(
        "applicant.idNumber", LocalizedText("applicationValidator.characterIsInvalidTheFirst", ["position": position, "ch": ch]))
    case .failure(.unknownRegion(let region)):
      v.invalid("applicant.idNumber", LocalizedText("applicationValidator.theRegionCodeDoesNot", ["region": region]))
    case .failure(.invalidBirthDate(let text)):
      v.invalid(
        "applicant.idNumber", LocalizedText("applicationValidator.theBirthDateInsideThe", ["text": text]))
    case .failure(.checksum(let expected, let found)):
      v.invalid(
        "applicant.idNumber",
        LocalizedText("applicationValidator.wrongCheckCharacterTheFirst", ["expected": expected, "found": found]),
        measured: .text(String(found)), limit: .text(String(expected)))
    case .success(let id):
      if number.last == "x" {
        v.warn("applicant.idNumber", .invalidField, LocalizedText("applicationValidator.writeTheFinalCheckCharacter"))
      }
      if let birth = a.birthDate, birth != id.birthDate {
        v.invalid(
          "applicant.birthDate",
          LocalizedText("applicationValidator.theBirthDateDoesNot", ["birth": birth, "birthDate": id.birthDate]),
          measured: Measure(birth), limit: Measure(id.birthDate))
      }
      if let gender = a.gender, gender != id.gender {
        let stated = LocalizedText("applicationValidator.genderStated", ["code": gender.rawValue, "label": gender.label])
        let digit = LocalizedText(
          id.gender == .male ? "applicationValidator.digitOddMale" : "applicationValidator.digitEvenFemale")
        v.invalid("applicant.gender", LocalizedText("applicationValidator.genderMismatch", ["gender": stated, "digit": digit]))
      }
    }
  }

  static func checkCreditCode(_ code: String, _ v: inout Collector) {
    let path = "employer.creditCode"
    switch CreditCode.validate(code) {
    case .success:
      break
    case .failure(.wrongLength(let n)):
      v.invalid(
        path, LocalizedText("applicationValidator.aCreditCodeHas18", ["n": n]),
        measured: Measure(n), limit: Measure(18))
    case .failure(.invalidCharacter(let position, let ch)):
      v.invalid(
        path, LocalizedText("applicationValidator.characterIsNotAllowedI", ["position": position, "ch": ch]))
    case .failure(.regionNotDigits(let region)):
      v.invalid(
        path, LocalizedText("applicationValidator.characters38MustBe", ["region": region]))
    case .failure(.checksum(let expected, let found)):
      v.invalid(
        path, LocalizedText("applicationValidator.wrongCheckCharacterExpectedFound", ["expected": expected, "found": found]),
        measured: .text(String(found)), limit: .text(String(expected)))
    }
  }

  static func checkDates(_ app: Application, policy: RegistrationPolicy, today: CalendarDate, _ v: inout Collector) {
    let a = app.applicant
    let reference = app.applicationDate ?? today
    // 注册安全工程师职业资格制度规定 (2019): 年龄不超过70周岁, in full years on the
    // application date; the birthday of the first year too many is the first day refused.
    if let birth = a.birthDate, birth <= reference {
      let tooOld = birth.adding(years: policy.maximumAge + 1)
      if reference >= tooOld {
        let age = (0...200).last { birth.adding(years: $0) <= reference } ?? policy.maximumAge + 1
        v.findings.append(
          .error(
            .notEligible, field: "applicant.birthDate",
            LocalizedText(
              "applicationValidator.onTheApplicationDateThe",
              ["reference": reference, "age": age, "maximumAge": policy.maximumAge]),
            measured: Measure(age), limit: Measure(policy.maximumAge)))
      }
    }
    // An expiry further away than one validity period plus the earliest renewal cannot
    // come from a real registration (renewed at the earliest: validity + that many months).
    if let expiry = a.registrationExpiry {
      let furthest = reference.adding(years: policy.validityYears).adding(months: policy.renewalEarliestMonthsBeforeExpiry)
      if expiry > furthest {
        v.invalid(
          "applicant.registrationExpiry",
          LocalizedText(
            "applicationValidator.aRegistrationValidUntilIs",
            [
              "expiry": expiry, "validityYears": policy.validityYears,
              "renewalEarliestMonthsBeforeExpiry": policy.renewalEarliestMonthsBeforeExpiry, "furthest": furthest,
            ]),
          measured: Measure(expiry), limit: Measure(furthest))
      }
    }
    if let birth = a.birthDate {
      if birth > today {
        v.invalid("applicant.birthDate", LocalizedText("applicationValidator.theBirthDateIsIn", ["birth": birth]))
      } else if birth < today.adding(years: -100) {
        v.invalid(
          "applicant.birthDate", LocalizedText("applicationValidator.theBirthDateIsMore", ["birth": birth]))
      } else if let qualified = a.qualificationDate, qualified < birth.adding(years: policy.minimumAge) {
        v.invalid(
          "applicant.birthDate",
          LocalizedText(
            "applicationValidator.bornTheApplicantWasUnder",
            ["birth": birth, "qualified": qualified, "minimumAge": policy.minimumAge]))
      }
    }
    if let qualified = a.qualificationDate, qualified > today {
      v.invalid(
        "applicant.qualificationDate", LocalizedText("applicationValidator.theQualificationDateIsIn", ["qualified": qualified])
      )
    }
    if let date = app.applicationDate, date > today {
      v.warn(
        "applicationDate", .invalidField,
        LocalizedText("applicationValidator.theApplicationDateIsAfter", ["date": date, "today": today]))
    }
    if let expiry = a.registrationExpiry, let qualified = a.qualificationDate, expiry <= qualified {
      v.invalid(
        "applicant.registrationExpiry",
        LocalizedText("applicationValidator.theRegistrationExpiryIsBefore", ["expiry": expiry, "qualified": qualified]))
    }
  }

  static func checkWorkHistory(_ periods: [WorkPeriod], birth: CalendarDate?, today: CalendarDate, _ v: inout Collector) {
    let now = today.yearMonth
    for (i, p) in periods.enumerated() {
      let path = "workExperience[\(i)]"
      let row = LocalizedText("applicationValidator.workPeriod", ["i": i + 1])
      v.require(p.from, "\(path).from")
      v.require(p.employer, "\(path).employer")
      v.require(p.position, "\(path).position")
      if let from = p.from, from > now {
        v.invalid("\(path).from", LocalizedText("applicationValidator.startsInTheFuture", ["row": row, "from": from]))
      }
      if let to = p.to, to > now {
        v.invalid(
          "\(path).to", LocalizedText("applicationValidator.endsInTheFutureWrite", ["row": row, "to": to]))
      }
      if let from = p.from, let to = p.to, to < from {
        v.invalid(
          "\(path).to", LocalizedText("applicationValidator.endsBeforeItStarts", ["row": row, "to": to, "from": from]))
      }
      if let from = p.from, let birth = birth, from < birth.yearMonth.adding(years: 16) {
        v.warn(
          "\(path).from", .invalidField,
          LocalizedText("applicationValidator.startsBeforeTheApplicantWas", ["row": row, "from": from]))
      }
    }
    // Overlaps: sharing the month of a job change is normal, and a part-time role can
    // overlap a job (a warning); the same employer twice at once cannot be real (an error).
    // Each period is reported once at most, against an earlier-starting period it overlaps
    // (one at the same employer first): a file of thousands of overlapping periods gets a
    // line per period, not one per pair, and is checked in O(n log n).
    typealias Dated = (index: Int, from: YearMonth, to: YearMonth, employer: String?)
    let dated: [Dated] = periods.enumerated()
      .compactMap { i, p in p.from.map { (i, $0, p.to ?? now, p.employer.map(TimingRules.normalizedName)) } }
      .sorted { ($0.from, $0.index) < ($1.from, $1.index) }
    var endsLast: Dated? = nil
    var endsLastAt: [String: Dated] = [:]
    for second in dated {
      func overlaps(_ first: Dated?) -> Dated? {
        guard let first, second.from < first.to, first.from < second.to else { return nil }
        return first
      }
      let sameEmployer = second.employer.flatMap { overlaps(endsLastAt[$0]) }
      if let first = sameEmployer ?? overlaps(endsLast) {
        let same = sameEmployer != nil
        let until = periods[first.index].to?.description
        let text = LocalizedText(
          same ? "applicationValidator.periodsOverlapAtOneEmployer" : "applicationValidator.periodsOverlap",
          [
            "second": second.index + 1, "secondFrom": second.from, "first": first.index + 1, "firstFrom": first.from,
            "until": until.map { LocalizedText(verbatim: $0) } ?? LocalizedText("applicationValidator.present"),
          ])
        if same {
          v.invalid("workExperience[\(second.index)].from", text)
        } else {
          v.warn("workExperience[\(second.index)].from", .invalidField, text)
        }
      }
      if endsLast.map({ second.to > $0.to }) ?? true { endsLast = second }
      if let key = second.employer, endsLastAt[key].map({ second.to > $0.to }) ?? true { endsLastAt[key] = second }
    }
  }

  static func checkCERecords(_ records: [CERecord], today: CalendarDate, _ v: inout Collector) {
    for (i, r) in records.enumerated() {
      let path = "continuingEducation[\(i)]"
      v.require(r.date, "\(path).date")
      v.require(r.provider, "\(path).provider")
      v.require(r.course, "\(path).course")
      v.require(r.hours, "\(path).hours")
      if let date = r.date, date > today {
        v.invalid(
          "\(path).date", LocalizedText("applicationValidator.continuingEducationRecordIsDated", ["i": i + 1, "date": date]))
      }
      if let hours = r.hours, hours <= 0 {
        v.invalid("\(path).hours", LocalizedText("applicationValidator.hoursMustBeMoreThan"), measured: .number(hours))
      }
    }
  }

  static func checkChange(_ app: Application, _ v: inout Collector) {
    guard app.kind == .change else {
      if app.change != nil, app.kind != nil {
        v.warn("change", .unknownField, LocalizedText("applicationValidator.onlyAChangeOfRegistration"))
      }
      return
    }
    guard let change = app.change, !change.reasons.isEmpty else {
      v.missing(
        "change.reasons", LocalizedText("applicationValidator.sayWhatChangesEmployerCategory"))
      return
    }
    let reasons = change.reasons
    if reasons.contains(.employer) || reasons.contains(.employerRenamed) {
      v.require(change.previousEmployer, "change.previousEmployer")
      if let old = change.previousEmployer, old == app.employer.name {
        v.invalid("change.previousEmployer", LocalizedText("applicationValidator.thePreviousEmployerIsThe"))
      }
    }
    if reasons.contains(.category) {
      v.require(change.previousCategory, "change.previousCategory")
      if let old = change.previousCategory, old == app.category {
        v.invalid("change.previousCategory", LocalizedText("applicationValidator.thePreviousCategoryIsThe"))
      }
    }
  }

  /// Gathers findings; keeps the call sites one line each.
  struct Collector {
    var findings: [Finding] = []

    mutating func require<T>(_ value: T?, _ path: String, hint: String? = nil) {
      guard value == nil else { return }
      let label = FieldLabels.label(path)
      let field = label ?? LocalizedText(verbatim: path)
      missing(
        path,
        hint.map { LocalizedText("applicationValidator.fillInOneOf", ["field": field, "hint": $0]) }
          ?? LocalizedText("applicationValidator.fillIn", ["field": field]))
    }

    mutating func missing(_ path: String, _ what: LocalizedText) {
      findings.append(
        .error(.invalidField, field: path, LocalizedText("applicationValidator.requiredFieldMissing", ["what": what])))
    }

    mutating func invalid(_ path: String, _ text: LocalizedText, measured: Measure? = nil, limit: Measure? = nil) {
      findings.append(.error(.invalidField, field: path, text, measured: measured, limit: limit))
    }

    mutating func warn(_ path: String, _ code: ReasonCode, _ text: LocalizedText) {
      findings.append(.warning(code, field: path, text))
    }
  }
}
