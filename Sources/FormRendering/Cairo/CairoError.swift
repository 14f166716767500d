internal import CCairo

/// A cairo call that failed, with cairo's own words for why.
public struct CairoError: Error, Sendable, Equatable, CustomStringConvertible {
  public var call: String
  public var status: String

  public var description: String { "\(call): \(status)" }
}

/// The one place a cairo status becomes a Swift error. Statuses that only our own bug can
/// cause (an invalid restore, a NULL pointer, …) trap; those that input or the machine can
/// cause (memory, write errors, fonts, images) throw.
func check(_ status: cairo_status_t, _ call: String) throws(CairoError) {
  switch status {
  case CAIRO_STATUS_SUCCESS:
    return
  case CAIRO_STATUS_NO_MEMORY, CAIRO_STATUS_WRITE_ERROR, CAIRO_STATUS_READ_ERROR, CAIRO_STATUS_FILE_NOT_FOUND,
    CAIRO_STATUS_FONT_TYPE_MISMATCH, CAIRO_STATUS_USER_FONT_ERROR, CAIRO_STATUS_INVALID_SIZE,
    CAIRO_STATUS_INVALID_FORMAT, CAIRO_STATUS_PNG_ERROR, CAIRO_STATUS_FREETYPE_ERROR, CAIRO_STATUS_TEMP_FILE_ERROR,
    CAIRO_STATUS_DEVICE_ERROR, CAIRO_STATUS_INVALID_STRING:
    throw CairoError(call: call, status: String(cString: cairo_status_to_string(status)))
  default:
    preconditionFailure("\(call) failed with \(String(cString: cairo_status_to_string(status))): a bug in safetyreg")
  }
}
