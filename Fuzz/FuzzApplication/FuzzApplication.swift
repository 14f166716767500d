import FuzzDriver
import Core
import RegistrationRules

// libFuzzer target: an application file (YAML or JSON, decided by content) read under the
// policy's limits, then every rule applied to it (validation, plausibility, timing,
// continuing education, materials, authority), every message built, and the values printed
// on its form with their digest and the form's QR payload read back.

let policy = Shipped.policy
let authorities = Shipped.authorities
let today = Shipped.today

func fuzzApplication(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let loaded = try? ApplicationLoader.parse(bytes, file: "fuzz.yaml", limits: policy.applicationLimits) else { return 0 }
  let assessment = Assessor.assess(loaded, policy: policy, authorities: authorities, today: today)
  for finding in assessment.findings {
    _ = ReasonRecord(finding, language: .zh).json.rendered()
    _ = ReasonRecord(finding, language: .en).json.rendered()
  }
  _ = assessment.timing?.summary(.zh)
  _ = assessment.requiredMaterials.map { $0.why(.en) }
  formPath(loaded.application)
  return 0
}

@_cdecl("FuzzApplication_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer { data, size in fuzzApplication(data, size) }
}
