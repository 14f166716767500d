import Testing

@testable import Core
@testable import RegistrationRules

/// Vectors come from outside this code: the GB 11643 examples, and credit codes of real,
/// publicly listed companies (checked with an independent implementation).
@Suite struct IdentityTests {
  static let validIDs = [
    "11010519491231002X",  // GB 11643-1999's example
    "440524188001010014",  // GB 11643-1999's example
    "110101198804120010", "110105199003070025", "510107199108080075",
  ]

  @Test(arguments: validIDs)
  func acceptsValidResidentIDs(_ number: String) throws {
    let id = try ResidentIDNumber.parse(number).get()
    #expect(id.number == number)
  }

  @Test func decodesBirthDateAndGender() throws {
    let a = try ResidentIDNumber.parse("11010519491231002X").get()
    #expect(a.birthDate == date("1949-12-31"))
    #expect(a.gender == .female)  // digit 17 is 2
    let b = try ResidentIDNumber.parse("440524188001010014").get()
    #expect(b.birthDate == date("1880-01-01"))
    #expect(b.gender == .male)  // digit 17 is 1
    #expect(b.regionCode == "440524")
  }

  /// MOD 11-2 catches every single-character substitution: change each position of a
  /// valid number to every other digit and the number must be refused.
  @Test(arguments: validIDs)
  func everyOneCharacterChangeIsCaught(_ number: String) {
    let chars = Array(number)
    for position in 0..<18 {
      for replacement in Array("0123456789X") where replacement != chars[position] {
        var changed = chars
        changed[position] = replacement
        if case .success = ResidentIDNumber.parse(String(changed)) {
          Issue.record("accepted \(String(changed)) (position \(position + 1))")
        }
      }
    }
  }

  @Test func reportsTheExpectedCheckCharacter() {
    #expect(ResidentIDNumber.parse("110105194912310021") == .failure(.checksum(expected: "X", found: "1")))
    #expect(ResidentIDNumber.parse("440524188001010015") == .failure(.checksum(expected: "4", found: "5")))
  }

  @Test func upgradesFifteenDigitNumbers() {
    // GB 11643's pair: 110105491231002 → 11010519491231002X.
    #expect(ResidentIDNumber.upgrade(fifteen: "110105491231002") == "11010519491231002X")
    #expect(ResidentIDNumber.parse("110105491231002") == .failure(.fifteenDigit(upgraded: "11010519491231002X")))
  }

  @Test(arguments: [
    ("1101051949123100", ResidentIDNumber.Problem.wrongLength(16)),
    ("11010519491231002Y", .notDigits(position: 18, character: "Y")),
    ("1101X519491231002X", .notDigits(position: 5, character: "X")),
    ("99010519491231002X", .unknownRegion("990105")),
    ("110105194913310025", .invalidBirthDate("19491331")),
    ("110105202302290021", .invalidBirthDate("20230229")),
  ])
  func namesWhatIsWrong(_ number: String, _ problem: ResidentIDNumber.Problem) {
    #expect(ResidentIDNumber.parse(number) == .failure(problem))
  }

  @Test func acceptsLowerCaseX() throws {
    #expect(try ResidentIDNumber.parse("11010519491231002x").get().number == "11010519491231002X")
  }

  static let validCreditCodes = [
    "91330100799655058B",  // Alibaba (China) Co., Ltd.
    "9144030071526726XG",  // Shenzhen Tencent Computer Systems Co., Ltd.
    "914403001922038216",  // Huawei Technologies Co., Ltd.
    "91350100M000100Y43",  // the example used in GB 32100 guidance
  ]

  @Test(arguments: validCreditCodes)
  func acceptsValidCreditCodes(_ code: String) {
    #expect(CreditCode.validate(code) == .success(code))
  }

  /// The mod-31 check catches every substitution by another character of the alphabet.
  @Test(arguments: validCreditCodes)
  func everyOneCharacterChangeOfACreditCodeIsCaught(_ code: String) {
    let chars = Array(code)
    for position in 0..<18 {
      for replacement in CreditCode.alphabet where replacement != chars[position] {
        var changed = chars
        changed[position] = replacement
        if case .success = CreditCode.validate(String(changed)) {
          Issue.record("accepted \(String(changed)) (position \(position + 1))")
        }
      }
    }
  }

  @Test func namesCreditCodeProblems() {
    #expect(CreditCode.validate("91330100799655058C") == .failure(.checksum(expected: "B", found: "C")))
    #expect(CreditCode.validate("9133010079965505") == .failure(.wrongLength(16)))
    #expect(CreditCode.validate("91330100799655O58B") == .failure(.invalidCharacter(position: 15, character: "O")))
    #expect(CreditCode.validate("913A0100799655058B") == .failure(.regionNotDigits("3A0100")))
    #expect(CreditCode.validate("91330100799655058b") == .success("91330100799655058B"))
    #expect(CreditCode.provinceCode(of: "9144030071526726XG") == "44")
  }

  @Test(arguments: [
    ("13800138000", PhoneNumber.Kind?.some(.mobile)), ("+86 138 0013 8000", .mobile), ("0086-13800138000", .mobile),
    ("19912345678", .mobile), ("010-62345678", .landline), ("0755 8888 6666", .landline), ("021-52345678-801", .landline),
    ("010-12345678", nil),  // local numbers starting with 1 are service numbers (110, 12345)
    ("01012345678", .landline), ("0351-7654321", .landline), ("400-810-8888", .serviceNumber),
    ("1381234567", nil), ("12800138000", nil), ("138001380001", nil), ("010-02345678", nil), ("12345678", nil),
    ("010-1234", nil), ("abc", nil), ("010-12345678-1234567", nil),
  ])
  func classifiesPhoneNumbers(_ text: String, _ kind: PhoneNumber.Kind?) {
    #expect(PhoneNumber.kind(of: text) == kind)
  }

  @Test(arguments: [
    ("zhangsan@example.com", true), ("li.na+reg@mail.example.cn", true), ("a@b.co", true),
    ("zhaomin@example", false), ("no-at.example.com", false), ("two@@example.com", false), ("sp ace@example.com", false),
    (".dot@example.com", false), ("dot.@example.com", false), ("a@-bad.com", false), ("a@example.c0m", false), ("", false),
  ])
  func checksEmailAddresses(_ text: String, _ valid: Bool) {
    #expect(EmailAddress.isValid(text) == valid)
  }

  @Test(arguments: [
    (IDType.passport, "E12345678", true), (.passport, "E1", false), (.hkMacaoPermit, "H12345678", true),
    (.hkMacaoPermit, "12345678", false), (.taiwanPermit, "12345678", true), (.taiwanPermit, "T1234567", false),
    (.foreignPermanentID, "USA123456789012", true), (.foreignPermanentID, "123", false),
  ])
  func checksOtherDocumentFormats(_ type: IDType, _ number: String, _ valid: Bool) {
    #expect((OtherIDNumber.expectedFormat(type, number) == nil) == valid)
  }
}
