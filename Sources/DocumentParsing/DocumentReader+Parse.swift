import Core

extension DocumentReader {
  /// Reads YAML or JSON, deciding by content: a document whose first character is `{` is
  /// JSON (a file named `.json` is JSON whatever it starts with).
  public static func read(_ bytes: [UInt8], file: String, limits: DocumentLimits = DocumentLimits()) throws(DocumentSyntaxError)
    -> DocumentNode
  {
    guard bytes.count <= limits.maxBytes else {
      throw DocumentSyntaxError(
        file: file,
        problem: LocalizedText("documentReaderParse.theFileIsTooLarge", ["bytesCount": bytes.count, "maxBytes": limits.maxBytes]))
    }
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    guard let text = String(validating: body, as: UTF8.self) else {
      throw DocumentSyntaxError(
        file: file,
        problem: LocalizedText("documentReaderParse.theFileIsNotUTF"))
    }
    let first = text.first { !$0.isWhitespace }
    if first == "{" || file.lowercased().hasSuffix(".json") {
      return try JSONDocumentReader.read(text, file: file, limits: limits)
    }
    return try YAMLDocumentReader.read(text, file: file, limits: limits)
  }
}
