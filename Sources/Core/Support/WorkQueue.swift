import Dispatch
import Synchronization

/// The one worker pool of the package: `count` items, `workers` threads, each thread
/// taking the next item when it is done with one, so that memory holds `workers` items
/// at a time whatever `count` is. Forms, batch checks and reviews all run through it.
public enum WorkQueue {
  /// Calls `body` once for every index in `0..<count`, from up to `workers` threads.
  public static func forEach(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
    forEach(count, workers: workers, setUp: { () }, { _, index in body(index) })
  }

  /// The same, with per-thread state made by `setUp` (a renderer, a decoder) and handed
  /// to every call on that thread.
  public static func forEach<State>(
    _ count: Int, workers: Int, setUp: @Sendable () -> State, _ body: @Sendable (inout State, Int) -> Void
  ) {
    guard count > 0 else { return }
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
      var state = setUp()
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < count else { return }
        body(&state, index)
      }
    }
  }

  /// `transform` of every index, in index order.
  public static func map<T: Sendable>(_ count: Int, workers: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    map(count, workers: workers, setUp: { () }, { _, index in transform(index) })
  }

  /// `transform` of every index with per-thread state, in index order.
  public static func map<State, T: Sendable>(
    _ count: Int, workers: Int, setUp: @Sendable () -> State, _ transform: @Sendable (inout State, Int) -> T
  ) -> [T] {
    let results = Mutex<[T?]>(Array(repeating: nil, count: count))
    forEach(count, workers: workers, setUp: setUp) { state, index in
      let value = transform(&state, index)
      results.withLock { $0[index] = value }
    }
    // Every index was visited exactly once above.
    return results.withLock { $0.compactMap { $0 } }
  }
}
