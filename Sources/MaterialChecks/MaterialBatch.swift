import Core
import RegistrationRules

/// Checks many files, `workers` at a time, each holding one file at a time, so that memory
/// stays bounded whatever the number of files. Results come back in input order.
public enum MaterialBatch {
  public static func check(
    _ paths: [String], as material: MaterialType, policy: Policy, checker: any MaterialChecking, workers: Int,
    read: @Sendable (String) throws(DocumentSyntaxError) -> (bytes: [UInt8], size: Int)
  ) -> [Result<CheckResult, DocumentSyntaxError>] {
    WorkQueue.map(paths.count, workers: workers) { index in
      Result { () throws(DocumentSyntaxError) -> CheckResult in
        let file = try read(paths[index])
        return checker.check(file.bytes, size: file.size, file: paths[index], as: material, policy: policy)
      }
    }
  }
}
