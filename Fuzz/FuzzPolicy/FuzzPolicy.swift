import FuzzDriver
import Core
import RegistrationRules

// libFuzzer target: a policy file read and checked (every key, range and relation), and
// on success the limits derived from it.

func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let policy = try? Policy.parse(bytes, file: "fuzz-policy.yaml") else { return 0 }
  _ = policy.applicationLimits
  _ = policy.registration.plausibleDates.contains(CalendarDate(dayNumber: 20_000))
  return 0
}

@_cdecl("FuzzPolicy_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer { data, size in fuzzPolicy(data, size) }
}
