import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One message between a check worker and its parent: a JSON header and a byte payload,
/// framed as `[header length: UInt32 BE][header][payload length: UInt64 BE][payload]`.
struct WorkerMessage {
  var header: Data
  var payload: [UInt8]

  /// The largest header and payload a reader accepts (a worker's answer is a few KB of
  /// JSON and a preview of a few KB; a request is one upload).
  static let maxHeader = 64 << 20
  static let maxPayload = 1 << 31

  var encoded: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(12 + header.count + payload.count)
    let h = UInt32(header.count), p = UInt64(payload.count)
    for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: h >> UInt32(shift))) }
    out += header
    for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: p >> UInt64(shift))) }
    out += payload
    return out
  }
}

/// Why a channel operation stopped.
enum ChannelError: Error, Equatable {
  /// The other end closed, or died.
  case closed
  /// The deadline passed first.
  case timedOut
  /// The other end sent something that is not a message (a compromised or broken worker).
  case garbled
  case system(Int32)
}

/// Blocking reads and writes on the worker's end (its parent is trusted and waits).
enum WorkerSide {
  static func read(_ fd: Int32) throws(ChannelError) -> WorkerMessage {
    let headerLength = Int(try bigEndian(readExactly(fd, 4)))
    guard headerLength <= WorkerMessage.maxHeader else { throw .garbled }
    let header = Data(try readExactly(fd, headerLength))
    let payloadLength = try bigEndian(readExactly(fd, 8))
    guard payloadLength <= UInt64(WorkerMessage.maxPayload) else { throw .garbled }
    return WorkerMessage(header: header, payload: try readExactly(fd, Int(payloadLength)))
  }

  static func write(_ fd: Int32, _ message: WorkerMessage) throws(ChannelError) {
    let bytes = message.encoded
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .closed
      }
      sent += n
    }
  }

  static func readExactly(_ fd: Int32, _ count: Int) throws(ChannelError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var got = 0
    while got < count {
      let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, count - got) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .system(errno)
      }
      if n == 0 { throw .closed }
      got += n
    }
    return out
  }
}

func bigEndian(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }

/// The parent's end: non-blocking, every wait bounded by a deadline, the worker's
/// standard error drained meanwhile (so that it can never block on a full pipe) and its
/// last few kilobytes kept (they say how a worker died).
struct ParentSide {
  let socket: Int32
  let errors: Int32
  var errorTail: [UInt8] = []

  static let keptErrorBytes = 8192

  mutating func send(_ message: WorkerMessage, until deadline: UInt64) throws(ChannelError) {
    let bytes = message.encoded
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      if n > 0 {
        sent += n
        continue
      }
      if n < 0 && errno != EAGAIN && errno != EINTR { throw .closed }
      try wait(for: Int16(POLLOUT), until: deadline)
    }
  }

  mutating func receive(until deadline: UInt64) throws(ChannelError) -> WorkerMessage {
    var buffer: [UInt8] = []
    func need(_ count: Int) throws(ChannelError) {
      while buffer.count < count {
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, max(65536, count - buffer.count)))
        let n = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
        if n > 0 {
          buffer += chunk.prefix(n)
        } else if n == 0 {
          throw .closed
        } else if errno == EAGAIN || errno == EINTR {
          try wait(for: Int16(POLLIN), until: deadline)
        } else {
          throw .closed
        }
      }
    }
    try need(4)
    let headerLength = Int(bigEndian(Array(buffer[0..<4])))
    guard headerLength <= WorkerMessage.maxHeader else { throw .garbled }
    try need(4 + headerLength + 8)
    let payloadLength = bigEndian(Array(buffer[(4 + headerLength)..<(12 + headerLength)]))
    guard payloadLength <= UInt64(WorkerMessage.maxPayload) else { throw .garbled }
    try need(12 + headerLength + Int(payloadLength))
    return WorkerMessage(
      header: Data(buffer[4..<(4 + headerLength)]), payload: Array(buffer[(12 + headerLength)...]))
  }

  /// Waits until the socket is ready for `events`, draining standard error meanwhile.
  mutating func wait(for events: Int16, until deadline: UInt64) throws(ChannelError) {
    while true {
      let now = monotonicNanoseconds()
      guard now < deadline else { throw .timedOut }
      var fds = [pollfd(fd: socket, events: events, revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
      let timeout = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
      let ready = poll(&fds, nfds_t(errors >= 0 ? 2 : 1), timeout)
      if ready < 0 {
        if errno == EINTR { continue }
        throw .system(errno)
      }
      if errors >= 0, fds[1].revents != 0 { drainErrors() }
      if fds[0].revents & events != 0 { return }
      if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { throw .closed }
    }
  }

  mutating func drainErrors() {
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(errors, $0.baseAddress, $0.count) }
      guard n > 0 else { return }
      errorTail += chunk.prefix(n)
      if errorTail.count > Self.keptErrorBytes { errorTail.removeFirst(errorTail.count - Self.keptErrorBytes) }
    }
  }
}

func monotonicNanoseconds() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
