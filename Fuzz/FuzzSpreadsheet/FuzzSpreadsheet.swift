import FuzzDriver
import Core
import RegistrationRules
import Spreadsheets

// libFuzzer target: a spreadsheet (CSV in any of its encodings, or an .xlsx: ZIP,
// XML, shared strings, styles, linked sheets) read under limits, then every row taken the
// whole way, as `validate` and `form` take it: assessed, every message built, the values
// printed on its form and their digest, and the form's QR payload read back.

let policy = Shipped.policy
let authorities = Shipped.authorities
let today = Shipped.today
let limits = SpreadsheetLoader.Limits(maxBytes: 1 << 20, maxRows: 2_000)

func fuzzSpreadsheet(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let loaded = try? SpreadsheetLoader.parse(bytes, file: "fuzz.xlsx", limits: limits) else { return 0 }
  for row in loaded.rows {
    let assessment = Assessor.assess(row.application, policy: policy, authorities: authorities, today: today)
    for finding in assessment.findings { _ = ReasonRecord(finding, language: .zh).json.rendered() }
    formPath(row.application.application)
  }
  return 0
}

@_cdecl("FuzzSpreadsheet_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer { data, size in fuzzSpreadsheet(data, size) }
}
