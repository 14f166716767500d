import Testing

@testable import Core
@testable import RegistrationRules

/// The field list a page builds itself from holds every key of the format that a person
/// types in, and nothing else.
struct ApplicationFieldsTests {
  @Test func everyKeyTheLoaderReadsHasAField() {
    let loader: [String: [String]] = [
      "": ApplicationLoader.topKeys, "applicant": ApplicationLoader.applicantKeys,
      "employer": ApplicationLoader.employerKeys, "workExperience": ApplicationLoader.workKeys,
      "continuingEducation": ApplicationLoader.ceKeys, "change": ApplicationLoader.changeKeys,
    ]
    var sections: [String: [String]] = [:]
    for section in ApplicationFields.sections { sections[section.key] = section.fields.map(\.key) }
    for (key, keys) in loader {
      // Sections are fields of the top level; photo and materials name files.
      let expected = key.isEmpty ? keys.filter { loader[$0] == nil && !["photo", "materials"].contains($0) } : keys
      #expect(Set(sections[key] ?? []) == Set(expected), "section \(key)")
    }
    #expect(Set(sections.keys) == Set(loader.keys))
  }

  @Test func everyFieldHasALabelAndEveryChoiceAVocabulary() throws {
    let json = ApplicationFields.json()
    guard case .object(let top) = json, case .object(let vocabularies)? = top.first(where: { $0.0 == "vocabularies" })?.1
    else {
      Issue.record("no vocabularies")
      return
    }
    let names = Set(vocabularies.map(\.0))
    for section in ApplicationFields.sections {
      for field in section.fields {
        let label = ApplicationFields.label(section, field)
        #expect(!label.zh.contains(".") && !label.en.contains("."), "\(field.key) has no label")
        switch field.type {
        case .choice(let name), .choices(let name): #expect(names.contains(name), "\(name)")
        default: break
        }
      }
    }
    // Paths as findings name them.
    let work = try #require(ApplicationFields.sections.first { $0.key == "workExperience" })
    #expect(work.path(work.fields[0], index: 2) == "workExperience[2].from")
    let first = try #require(ApplicationFields.sections.first { $0.key.isEmpty })
    #expect(first.path(first.fields[0]) == "kind")
  }
}
