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
      LocalizedText(
        zh: "缺少字体“\(family)”：请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）后重试",
        en: "the font \"\(family)\" is not installed: install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk) and try again")
    case .template(let file, let line, let message):
      LocalizedText(
        zh: "表格模板 \(file)\(line.map { ":\($0)" } ?? "") 有误：\(message.zh)",
        en: "form template \(file)\(line.map { ":\($0)" } ?? "") is wrong: \(message.en)")
    case .textDoesNotFit(let field, let page, let text, let minSize):
      LocalizedText(
        zh: "第 \(page) 页“\(FieldLabels.label(field)?.zh ?? field)”（\(field)）的内容过长，缩小到 \(Measure(minSize)) 磅仍放不下：“\(text)”。请精简后重试",
        en:
          "page \(page): the \(FieldLabels.label(field)?.en ?? field) (\(field)) is too long to fit even at \(Measure(minSize)) pt: \"\(text)\"; shorten it"
      )
    case .undrawableCharacter(let field, let page, let character):
      LocalizedText(
        zh:
          "第 \(page) 页“\(FieldLabels.label(field)?.zh ?? field)”（\(field)）中的字符“\(character)”（\(Self.codePoints(character))）没有任何已安装的字体能够显示。请安装含该字的字体（如 fonts-noto-cjk-extra、fonts-hanazono），或核对该字",
        en:
          "page \(page): no installed font can draw the character \"\(character)\" (\(Self.codePoints(character))) in the \(FieldLabels.label(field)?.en ?? field) (\(field)); install a font that has it (e.g. fonts-noto-cjk-extra, fonts-hanazono) or check the character"
      )
    case .tooManyRows(let source, let count, let capacity, let page):
      LocalizedText(
        zh: "第 \(page) 页“\(FieldLabels.label(source)?.zh ?? source)”有 \(count) 条，表格只有 \(capacity) 行。请合并相近的记录，使其不超过 \(capacity) 条",
        en:
          "page \(page): \(count) \(FieldLabels.label(source)?.en ?? source) entries, but the form has \(capacity) rows; merge entries to at most \(capacity)"
      )
    case .photo(let path, let problem):
      LocalizedText(zh: "照片 \(path) 无法使用：\(problem.zh)", en: "the photo \(path) cannot be used: \(problem.en)")
    case .cairo(let error):
      LocalizedText(zh: "cairo 出错：\(error)", en: "cairo failed: \(error)")
    case .pdf(let problem):
      LocalizedText(zh: "无法写入 PDF 打印设置：\(problem)", en: "cannot add the PDF print settings: \(problem)")
    }
  }

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
