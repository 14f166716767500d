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
      v.missing("workExperience", zh: "请至少填写一条从事安全生产相关业务的工作经历", en: "add at least one period of safety-related work")
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
        "applicant.phone", zh: "“\(phone)”不是有效的手机号码（11 位数字，以 13–19 开头）或固定电话（区号-号码，如 010-12345678）",
        en:
          "\"\(phone)\" is not a valid mobile number (11 digits starting 13–19) or landline (area code-number, e.g. 010-12345678)"
      )
    }
    if let phone = e.phone, PhoneNumber.kind(of: phone) == nil {
      v.invalid(
        "employer.phone", zh: "“\(phone)”不是有效的电话号码，固定电话请写区号，如 010-12345678",
        en: "\"\(phone)\" is not a valid phone number; give landlines with the area code, e.g. 010-12345678")
    }
    if let email = a.email, !EmailAddress.isValid(email) {
      v.invalid("applicant.email", zh: "“\(email)”不是有效的电子邮箱地址", en: "\"\(email)\" is not a valid e-mail address")
    }
    checkWorkHistory(app.workExperience, birth: a.birthDate, today: today, &v)
    checkCERecords(app.continuingEducation, today: today, &v)
    checkChange(app, &v)
    return v.findings
  }

  static func checkName(_ name: String, _ v: inout Collector) {
    let forbidden = Set("0123456789<>{}[]@#$%^&*=+\\|/~`\"")
    if let bad = name.first(where: forbidden.contains) {
      v.invalid("applicant.name", zh: "姓名中不能有“\(bad)”", en: "a name cannot contain \"\(bad)\"")
    } else if name.count < 2 {
      v.invalid("applicant.name", zh: "姓名至少两个字", en: "a name has at least two characters")
    }
  }

  static func checkIdentity(_ a: Applicant, _ v: inout Collector) {
    guard let number = a.idNumber else { return }
    let type = a.idType ?? .residentID
    guard type == .residentID else {
      if let format = OtherIDNumber.expectedFormat(type, number) {
        v.invalid("applicant.idNumber", zh: "“\(number)”：\(format.zh)", en: "\"\(number)\": \(format.en)")
      }
      return
    }
    switch ResidentIDNumber.parse(number) {
    case .failure(.fifteenDigit(let upgraded)):
      v.invalid(
        "applicant.idNumber",
        zh: "15 位旧身份证号码须升级为 18 位后再申请：\(number) 的 18 位号码为 \(upgraded)，请核对后填写",
        en:
          "an old 15-digit ID number must be upgraded to 18 digits: the 18-digit form of \(number) is \(upgraded); check and use it",
        measured: .text(number), limit: .text(upgraded))
    case .failure(.wrongLength(let n)):
      v.invalid(
        "applicant.idNumber", zh: "身份证号码应为 18 位，实为 \(n) 位", en: "a resident ID number has 18 characters, not \(n)",
        measured: Measure(n), limit: Measure(18))
    case .failure(.notDigits(let position, let ch)):
      v.invalid(
        "applicant.idNumber", zh: "身份证号码第 \(position) 位“\(ch)”无效：前 17 位须为数字，第 18 位为数字或 X",
        en: "character \(position) (\"\(ch)\") is invalid: the first 17 are digits, the 18th a digit or X")
    case .failure(.unknownRegion(let region)):
      v.invalid("applicant.idNumber", zh: "身份证号码的地区码 \(region) 不存在", en: "the region code \(region) does not exist")
    case .failure(.invalidBirthDate(let text)):
      v.invalid(
        "applicant.idNumber", zh: "身份证号码中的出生日期 \(text) 不是有效日期",
        en: "the birth date \(text) inside the ID number is not a real date")
    case .failure(.checksum(let expected, let found)):
      v.invalid(
        "applicant.idNumber",
        zh: "身份证号码校验位错误：按前 17 位计算应为 \(expected)，实为 \(found)；请逐位核对号码",
        en: "wrong check character: the first 17 digits give \(expected), the number ends in \(found); check every digit",
        measured: .text(String(found)), limit: .text(String(expected)))
    case .success(let id):
      if number.last == "x" {
        v.warn("applicant.idNumber", .invalidField, zh: "身份证号码末位请用大写 X", en: "write the final check character as a capital X")
      }
      if let birth = a.birthDate, birth != id.birthDate {
        v.invalid(
          "applicant.birthDate", zh: "出生日期 \(birth) 与身份证号码中的 \(id.birthDate) 不一致",
          en: "the birth date \(birth) does not match \(id.birthDate) in the ID number",
          measured: Measure(birth), limit: Measure(id.birthDate))
      }
      if let gender = a.gender, gender != id.gender {
        v.invalid(
          "applicant.gender", zh: "性别“\(gender.label.zh)”与身份证号码（第 17 位为\(id.gender == .male ? "奇数，男" : "偶数，女")）不一致",
          en:
            "gender \(gender.rawValue) does not match the ID number (digit 17 is \(id.gender == .male ? "odd: male" : "even: female"))"
        )
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
        path, zh: "统一社会信用代码应为 18 位，实为 \(n) 位", en: "a credit code has 18 characters, not \(n)",
        measured: Measure(n), limit: Measure(18))
    case .failure(.invalidCharacter(let position, let ch)):
      v.invalid(
        path, zh: "统一社会信用代码第 \(position) 位“\(ch)”无效（不使用 I、O、Z、S、V）",
        en: "character \(position) (\"\(ch)\") is not allowed (I, O, Z, S and V are never used)")
    case .failure(.regionNotDigits(let region)):
      v.invalid(
        path, zh: "统一社会信用代码第 3–8 位应为行政区划代码（数字），实为 \(region)",
        en: "characters 3–8 must be a numeric region code, found \(region)")
    case .failure(.checksum(let expected, let found)):
      v.invalid(
        path, zh: "统一社会信用代码校验位错误：应为 \(expected)，实为 \(found)；请对照营业执照核对",
        en: "wrong check character: expected \(expected), found \(found); compare with the business licence",
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
            zh: "申请日期 \(reference) 时申请人已满 \(age) 周岁，超过注册条件“年龄不超过\(policy.maximumAge)周岁”（注册安全工程师职业资格制度规定）",
            en:
              "on the application date (\(reference)) the applicant is \(age), over the condition of registration \"at most \(policy.maximumAge) years old\"",
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
          zh:
            "注册有效期至 \(expiry) 不可能：有效期为 \(policy.validityYears) 年，即使提前 \(policy.renewalEarliestMonthsBeforeExpiry) 个月延续，最晚也只到 \(furthest)；请核对注册证书",
          en:
            "a registration valid until \(expiry) is impossible: the validity is \(policy.validityYears) years, so even renewed \(policy.renewalEarliestMonthsBeforeExpiry) months early it ends by \(furthest); check the registration certificate",
          measured: Measure(expiry), limit: Measure(furthest))
      }
    }
    if let birth = a.birthDate {
      if birth > today {
        v.invalid("applicant.birthDate", zh: "出生日期 \(birth) 在今天之后", en: "the birth date \(birth) is in the future")
      } else if birth < today.adding(years: -100) {
        v.invalid(
          "applicant.birthDate", zh: "出生日期 \(birth) 距今超过 100 年，请核对",
          en: "the birth date \(birth) is more than 100 years ago; check it")
      } else if let qualified = a.qualificationDate, qualified < birth.adding(years: policy.minimumAge) {
        v.invalid(
          "applicant.birthDate", zh: "按出生日期 \(birth)，取得资格（\(qualified)）时未满 \(policy.minimumAge) 岁，请核对日期",
          en: "born \(birth), the applicant was under \(policy.minimumAge) when qualified (\(qualified)); check the dates")
      }
    }
    if let qualified = a.qualificationDate, qualified > today {
      v.invalid(
        "applicant.qualificationDate", zh: "取得资格日期 \(qualified) 在今天之后", en: "the qualification date \(qualified) is in the future"
      )
    }
    if let date = app.applicationDate, date > today {
      v.warn(
        "applicationDate", .invalidField, zh: "申请日期 \(date) 在今天（\(today)）之后，规则按申请日期判断",
        en: "the application date \(date) is after today (\(today)); the rules use the application date")
    }
    if let expiry = a.registrationExpiry, let qualified = a.qualificationDate, expiry <= qualified {
      v.invalid(
        "applicant.registrationExpiry", zh: "注册有效期 \(expiry) 早于取得资格日期 \(qualified)",
        en: "the registration expiry \(expiry) is before the qualification date \(qualified)")
    }
  }

  static func checkWorkHistory(_ periods: [WorkPeriod], birth: CalendarDate?, today: CalendarDate, _ v: inout Collector) {
    let now = today.yearMonth
    for (i, p) in periods.enumerated() {
      let path = "workExperience[\(i)]"
      let row = LocalizedText(zh: "第 \(i + 1) 条工作经历", en: "work period \(i + 1)")
      v.require(p.from, "\(path).from")
      v.require(p.employer, "\(path).employer")
      v.require(p.position, "\(path).position")
      if let from = p.from, from > now {
        v.invalid("\(path).from", zh: "\(row.zh)的起始年月 \(from) 在将来", en: "\(row.en) starts in the future (\(from))")
      }
      if let to = p.to, to > now {
        v.invalid(
          "\(path).to", zh: "\(row.zh)的截止年月 \(to) 在将来；仍在职请写“至今”",
          en: "\(row.en) ends in the future (\(to)); write \"present\" for a current position")
      }
      if let from = p.from, let to = p.to, to < from {
        v.invalid(
          "\(path).to", zh: "\(row.zh)的截止年月 \(to) 早于起始年月 \(from)", en: "\(row.en) ends (\(to)) before it starts (\(from))")
      }
      if let from = p.from, let birth = birth, from < birth.yearMonth.adding(years: 16) {
        v.warn(
          "\(path).from", .invalidField, zh: "\(row.zh)开始时（\(from)）申请人未满 16 岁，请核对",
          en: "\(row.en) starts (\(from)) before the applicant was 16; check it")
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
        let zh =
          "第 \(second.index + 1) 条工作经历（\(second.from) 起）与第 \(first.index + 1) 条（\(first.from) 至 \(until ?? "至今")）时间重叠"
          + (same ? "，且是同一单位：请合并为一条或更正日期" : "（兼职可以重叠，请确认无误）")
        let en =
          "work period \(second.index + 1) (from \(second.from)) overlaps period \(first.index + 1) (\(first.from) to \(until ?? "present"))"
          + (same
            ? " at the same employer; merge them or correct the dates" : " (a part-time role may overlap; make sure it is right)")
        if same {
          v.invalid("workExperience[\(second.index)].from", zh: zh, en: en)
        } else {
          v.warn("workExperience[\(second.index)].from", .invalidField, zh: zh, en: en)
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
          "\(path).date", zh: "第 \(i + 1) 条继续教育记录的日期 \(date) 在将来",
          en: "continuing-education record \(i + 1) is dated in the future (\(date))")
      }
      if let hours = r.hours, hours <= 0 {
        v.invalid("\(path).hours", zh: "学时必须大于 0", en: "hours must be more than 0", measured: .number(hours))
      }
    }
  }

  static func checkChange(_ app: Application, _ v: inout Collector) {
    guard app.kind == .change else {
      if app.change != nil, app.kind != nil {
        v.warn("change", .unknownField, zh: "只有变更注册需要填写 change，已忽略", en: "only a change of registration uses 'change'; ignored")
      }
      return
    }
    guard let change = app.change, !change.reasons.isEmpty else {
      v.missing(
        "change.reasons", zh: "请填写变更事项：employer（变更聘用单位）、category（变更注册类别）或 employer_renamed（单位更名）",
        en: "say what changes: employer, category or employer_renamed")
      return
    }
    let reasons = change.reasons
    if reasons.contains(.employer) || reasons.contains(.employerRenamed) {
      v.require(change.previousEmployer, "change.previousEmployer")
      if let old = change.previousEmployer, old == app.employer.name {
        v.invalid("change.previousEmployer", zh: "原聘用单位与现聘用单位相同，不是变更", en: "the previous employer is the same as the current one")
      }
    }
    if reasons.contains(.category) {
      v.require(change.previousCategory, "change.previousCategory")
      if let old = change.previousCategory, old == app.category {
        v.invalid("change.previousCategory", zh: "原注册类别与现注册类别相同，不是变更", en: "the previous category is the same as the new one")
      }
    }
  }

  /// Gathers findings; keeps the call sites one line each.
  struct Collector {
    var findings: [Finding] = []

    mutating func require<T>(_ value: T?, _ path: String, hint: String? = nil) {
      guard value == nil else { return }
      let label = FieldLabels.label(path)
      missing(
        path, zh: "请填写\(label?.zh ?? path)" + (hint.map { "（可选：\($0)）" } ?? ""),
        en: "fill in the \(label?.en ?? path)" + (hint.map { " (one of: \($0))" } ?? ""))
    }

    mutating func missing(_ path: String, zh: String, en: String) {
      findings.append(.error(.invalidField, field: path, zh: "缺少必填项：" + zh, en: "required field missing: " + en))
    }

    mutating func invalid(_ path: String, zh: String, en: String, measured: Measure? = nil, limit: Measure? = nil) {
      findings.append(.error(.invalidField, field: path, zh: zh, en: en, measured: measured, limit: limit))
    }

    mutating func warn(_ path: String, _ code: ReasonCode, zh: String, en: String) {
      findings.append(.warning(code, field: path, zh: zh, en: en))
    }
  }
}
