import Core
import DocumentParsing
import Foundation
import Testing

@testable import RegistrationRules

/// The example applicant is defined once (`ExampleApplication`); the shipped sample file
/// must say exactly the same, and the starter files and hints take it from there.
@Suite struct ExampleApplicationTests {
  /// Every scalar of a document by its path (`applicant.name`, `workExperience[1].to`).
  static func flatten(_ node: DocumentNode, _ path: String = "") -> [String: String] {
    switch node.value {
    case .null: return [:]
    case .scalar(let text): return [path: text]
    case .mapping(let entries):
      return entries.reduce(into: [:]) { all, e in
        all.merge(flatten(e.value, path.isEmpty ? e.key : path + "." + e.key)) { a, _ in a }
      }
    case .sequence(let items):
      return items.enumerated().reduce(into: [:]) { all, item in
        all.merge(flatten(item.element, "\(path)[\(item.offset)]")) { a, _ in a }
      }
    }
  }

  @Test func theShippedSampleIsTheExample() throws {
    let path = repoPath("samples/applications/initial.yaml")
    let sample = Self.flatten(try DocumentReader.read(try DocumentReader.readFile(path, limit: 1 << 20), file: path))
    var expected = ExampleApplication.values
    for (i, period) in ExampleApplication.workExperience.enumerated() {
      for (key, value) in period { expected["workExperience[\(i)].\(key)"] = value }
    }
    #expect(sample == expected, "differs at \(Set(sample.keys).symmetricDifference(expected.keys).sorted())")
    // And it is a valid application, as the starter files promise.
    let loaded = try ApplicationLoader.load(path: path)
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
  }

  @Test func theHintsAreTheExample() {
    for section in ApplicationFields.sections where !section.repeated {
      for field in section.fields {
        let path = section.path(field)
        guard let value = ExampleApplication.values[path] else { continue }
        switch field.type {
        case .choice, .choices: #expect(field.example.isEmpty, "\(path): a choice list has no typed hint")
        default: #expect(field.example == value, "\(path)")
        }
      }
    }
    #expect(ExampleApplication.chineseText("kind") == "初始注册")
    #expect(ExampleApplication.chineseText("applicant.idType") == "居民身份证")
  }
}
