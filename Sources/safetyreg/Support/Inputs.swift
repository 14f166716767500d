import ArgumentParser
import Foundation
import RegistrationRules

/// The applications named on a command line: files as given, folders by their data files.
enum Inputs {
  /// The extensions of application data files in a folder.
  static let dataExtensions: Set<String> = ["yaml", "yml", "json"]

  /// Every application in `paths`, in order; a folder contributes its data files, sorted.
  /// - Throws: `ExitCode(2)` after saying why, when a path is missing, unreadable, or a
  ///   folder holds no application at all (a silent no-op would look like success).
  static func collect(_ paths: [String], limits: DocumentLimits, language: Language) throws -> [ApplicationInput] {
    let zh = language == .zh
    var inputs: [ApplicationInput] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw Console.fail(zh ? "\(path)：文件或文件夹不存在" : "\(path): no such file or folder")
      }
      guard isDirectory.boolValue else {
        inputs.append(.file(path))
        continue
      }
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: path)
      } catch {
        throw Console.fail(zh ? "\(path)：无法读取文件夹（没有权限？）" : "\(path): cannot read the folder (no permission?)")
      }
      let found = names.filter { !$0.hasPrefix(".") && dataExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        .sorted()
      guard !found.isEmpty else {
        throw Console.fail(
          zh
            ? "\(path)：文件夹中没有申请数据文件（.yaml、.yml、.json）"
            : "\(path): the folder holds no application files (.yaml, .yml, .json)")
      }
      inputs += found.map { .file((path as NSString).appendingPathComponent($0)) }
    }
    return inputs
  }
}
