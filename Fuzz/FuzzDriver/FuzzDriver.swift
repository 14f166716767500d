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
