import Core
import RegistrationRules

/// Why a form could not be rendered. Every case says what to do about it.
public enum FormError: Error, Sendable, Equatable {
  /// A font family the templates name is not installed.
  case missingFont(family: String)
  /// A template file is wrong; `message` lists every problem.
  case template(file: String, line: Int?, message: LocalizedText)
  /// A value does not fit its cell even at the template's smallest size.
  case textDoesNotFit(field: String, page: Int, text: String, minSize: Double)
  /// No installed font can draw a character of a value (a rare character, 生僻字).
  case undrawableCharacter(field: String, page: Int, character: Character)
  /// More list items (work periods, CE records) than the form has rows for.
  case tooManyRows(source: String, count: Int, capacity: Int, page: Int)
  /// The photo cannot be used.
  case photo(path: String, problem: LocalizedText)
  /// cairo failed.
  case cairo(CairoError)
  /// The PDF cairo wrote could not be amended.
  case pdf(String)

  public var message: LocalizedText {
    switch self {
    case .missingFont(let family):
      LocalizedText("formError.theFontIsNotInstalled", ["family": family])
    case .template(let file, let line, let message):
      LocalizedText("formError.formTemplateIsWrong", ["file": file, "map": line.map { ":\($0)" } ?? "", "message": message])
    case .textDoesNotFit(let field, let page, let text, let minSize):
      LocalizedText(
        "formError.textDoesNotFit",
        ["page": page, "label": Self.label(field), "field": field, "minSize": Measure(minSize), "text": text])
    case .undrawableCharacter(let field, let page, let character):
      LocalizedText(
        "formError.undrawableCharacter",
        [
          "page": page, "label": Self.label(field), "field": field, "character": character,
          "codePoints": Self.codePoints(character),
        ])
    case .tooManyRows(let source, let count, let capacity, let page):
      LocalizedText(
        "formError.tooManyRows", ["page": page, "label": Self.label(source), "count": count, "capacity": capacity])
    case .photo(let path, let problem):
      LocalizedText("formError.thePhotoCannotBeUsed", ["path": path, "problem": problem])
    case .cairo(let error):
      LocalizedText("formError.cairoFailed", ["error": error])
    case .pdf(let problem):
      LocalizedText("formError.cannotAddThePDFPrint", ["problem": problem])
    }
  }

  /// A field's name as people know it, or its path.
  static func label(_ path: String) -> LocalizedText { FieldLabels.label(path) ?? LocalizedText(verbatim: path) }

  /// Whether the data (not the program or the machine) is at fault: such forms are
  /// "rejected" (exit 1) while the rest of a batch goes on.
  public var isDataProblem: Bool {
    switch self {
    case .textDoesNotFit, .undrawableCharacter, .tooManyRows, .photo: true
    case .missingFont, .template, .cairo, .pdf: false
    }
  }

  static func codePoints(_ c: Character) -> String {
    c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
  }
}
