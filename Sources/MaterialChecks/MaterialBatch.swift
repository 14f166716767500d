import Dispatch
import RegistrationRules
import Synchronization

/// Checks many files, `workers` at a time, each worker holding one file at a time, so that
/// memory stays bounded whatever the number of files. Results come back in input order.
public enum MaterialBatch {
  public static func check(
    _ paths: [String], as material: MaterialType, policy: Policy, workers: Int,
    read: @Sendable (String) throws(DocumentSyntaxError) -> (bytes: [UInt8], size: Int)
  ) -> [Result<CheckResult, DocumentSyntaxError>] {
    let next = Atomic<Int>(0)
    let results = Mutex<[Result<CheckResult, DocumentSyntaxError>?]>(Array(repeating: nil, count: paths.count))
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, paths.count))) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < paths.count else { return }
        let result = Result { () throws(DocumentSyntaxError) -> CheckResult in
          let file = try read(paths[index])
          let measurement = MaterialInspector.measure(
            file.bytes, size: file.size, file: paths[index], as: material, policy: policy)
          return MaterialVerdict.judge(measurement, as: material, policy: policy)
        }
        results.withLock { $0[index] = result }
      }
    }
    return results.withLock { $0.map { $0! } }
  }
}
