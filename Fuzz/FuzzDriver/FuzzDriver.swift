import Foundation
import Core
import RegistrationRules

// libFuzzer's driver, entered from each target's `main`: SwiftPM names an executable's
// entry point `<Target>_main`, which leaves libFuzzer's own `main` out of the link, so the
// targets call the driver themselves (`LLVMFuzzerRunDriver`, in the same runtime library).

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32

/// Runs libFuzzer with the process's arguments and `callback` as the target.
public func runFuzzer(_ callback: FuzzCallback) -> Int32 {
  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  return LLVMFuzzerRunDriver(&argc, &argv, callback)
}

/// The shipped rules, found from the working directory (`make fuzz` runs in the
/// repository). A target built before a change to them must be rebuilt: the loader
/// refuses keys it does not know.
public enum Shipped {
  public static let policy: Policy = {
    guard let p = try? Policy.load(path: "templates/policy.yaml") else { fatalError("run from the repository root") }
    return p
  }()
  public static let authorities: AuthorityDirectory = {
    guard let a = try? AuthorityDirectory.load(path: "templates/authorities.yaml") else {
      fatalError("run from the repository root")
    }
    return a
  }()
  public static let today = CalendarDate(year: 2026, month: 11, day: 30) ?? CalendarDate(dayNumber: 0)
  /// The forms' geometry as `FormRenderer.geometry()` gives it for the shipped templates
  /// (kept in `Fuzz/form-geometry.json`, checked against the templates by the tests), so
  /// that the image target runs the form scan without linking pango.
  public static let forms: FormGeometrySet = {
    guard let data = FileManager.default.contents(atPath: "Fuzz/form-geometry.json"),
      let forms = try? JSONDecoder().decode(FormGeometrySet.self, from: data)
    else { fatalError("run from the repository root") }
    return forms
  }()
}

/// What `form` does with an application before cairo draws it: the text of every field,
/// tick box and row as printed, the digest of those values, and each page's QR payload
/// written and read back (it must come back equal).
public func formPath(_ application: Application) {
  let values = FormValues(application, policy: Shipped.policy)
  for kind in RegistrationKind.allCases {
    for page in 1...2 {
      let payload = FormQRPayload(
        id: values.fields["id"], kind: kind, page: page, template: "fuzz", digest: values.printedDigest)
      // An id of "-" is written as the mark for no id; every other payload reads back.
      guard payload.id != "-" else { continue }
      if FormQRPayload(text: payload.text) != payload { fatalError("a QR payload did not read back") }
    }
  }
}
