import Foundation
import Hummingbird

/// One line per request on standard error: method, path (without the query), status,
/// milliseconds. Never a body, a header value or a query string: they may hold an ID
/// number or a photo.
public struct RequestLog<Context: RequestContext>: RouterMiddleware {
  public init() {}

  public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    var status = 500
    defer {
      let ms = (ContinuousClock.now - start).components
      let elapsed = Double(ms.seconds) * 1000 + Double(ms.attoseconds) / 1e15
      FileHandle.standardError.write(
        Data("\(request.method) \(request.uri.path) \(status) \(Int(elapsed)) ms\n".utf8))
    }
    do {
      let response = try await next(request, context)
      status = Int(response.status.code)
      return response
    } catch let error as HTTPError {
      status = Int(error.status.code)
      throw error
    }
  }
}
