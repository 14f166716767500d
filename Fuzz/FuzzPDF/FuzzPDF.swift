import FuzzDriver
import MaterialChecks
import Core
import RegistrationRules

// libFuzzer target: open a PDF with poppler, check its pages (count, size, render at the
// policy's resolution, errors reported while rendering) and measure them, and make the
// preview. poppler itself is not instrumented: what is fuzzed is everything of ours
// around it. (A crash inside poppler is what the isolated workers contain.)

let policy = Shipped.policy

func fuzzPDF(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // Every input is a PDF to the sniffer, so that the fuzzer spends its time in poppler.
  if !bytes.starts(with: Array("%PDF-".utf8)) { bytes = Array("%PDF-1.4\n".utf8) + bytes }
  let inspection = MaterialInspector.inspect(bytes, size: bytes.count, file: "fuzz.pdf", as: .form, policy: policy, preview: true)
  _ = MaterialVerdict.judge(inspection.measurement, as: .form, policy: policy)
  return 0
}

@_cdecl("FuzzPDF_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer { data, size in fuzzPDF(data, size) }
}
