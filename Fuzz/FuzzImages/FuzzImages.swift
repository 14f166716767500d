import FuzzDriver
import ImageCodecs
import MaterialChecks
import Core
import RegistrationRules

// libFuzzer target: sniff, decode and measure an upload as a document and as an ID photo
// (libjpeg and libpng through our shims, then every metric), and make its preview; scan
// it as a form page (zbar's QR search, then the homography, signature and seal when a
// QR code is found); and fix it as `photo --fix` does (also HEIC and WebP, through libheif
// and libwebp). Any crash, trap, leak or sanitizer report is a finding.

let policy = Shipped.policy
let forms = Shipped.forms

func fuzzImages(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for material in [MaterialType.form, .photo] {
    let inspection = MaterialInspector.inspect(
      bytes, size: bytes.count, file: "fuzz", as: material, policy: policy, preview: true, forms: forms)
    _ = MaterialVerdict.judge(inspection.measurement, as: material, policy: policy)
  }
  // `photo --fix`: JPEG, PNG, and what phones save (HEIC through libheif, WebP).
  _ = try? PhotoFixer.fix(bytes, policy: policy)
  return 0
}

@_cdecl("FuzzImages_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer { data, size in fuzzImages(data, size) }
}
