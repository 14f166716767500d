internal import Yams

/// Reads YAML through Yams (libyaml) into a `DocumentNode` tree.
///
/// libyaml recurses once per nesting level and Yams shares aliased nodes, so an untrusted
/// file could exhaust the stack or expand exponentially when walked. Both are refused:
/// nesting is bounded by a scan of the text *before* libyaml sees it, and the walk counts
/// every node it visits, aliases included.
enum YAMLDocumentReader {
  static func read(_ text: String, file: String, limits: DocumentLimits) throws(DocumentSyntaxError) -> DocumentNode {
    if let line = deepestLine(text, limit: limits.maxDepth) {
      throw DocumentSyntaxError(
        file: file, line: line,
        problem: LocalizedText(
          zh: "嵌套层数超过 \(limits.maxDepth)", en: "nesting deeper than \(limits.maxDepth)"))
    }
    if let line = aliasBeyond(text, limit: limits.maxAliases) {
      throw DocumentSyntaxError(
        file: file, line: line,
        problem: LocalizedText(
          zh: "YAML 别名（*名称）超过 \(limits.maxAliases) 个：申请数据中无需别名，请直接写出各项内容",
          en: "more than \(limits.maxAliases) YAML aliases (*name); an application needs none, write the values out"))
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw DocumentSyntaxError(file: file, problem: LocalizedText(zh: "无法读取 YAML：\(error)", en: "cannot read YAML: \(error)"))
    }
    guard let root else {
      throw DocumentSyntaxError(file: file, problem: LocalizedText(zh: "文件是空的", en: "the file is empty"))
    }
    var budget = limits.maxNodes
    return try convert(root, file: file, limits: limits, depth: 0, budget: &budget)
  }

  /// The first line at which the nesting could exceed `limit`: leading spaces, block
  /// sequence dashes and open flow brackets each add at most one level. Over-counting is
  /// harmless (the limit is far above any real application file).
  static func deepestLine(_ text: String, limit: Int) -> Int? {
    var flow = 0
    var deepestFlow = 0
    var lineNumber = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var indent = 0
      var dashes = 0
      var atStart = true
      var quote: Character? = nil
      for ch in line {
        if let q = quote {
          if ch == q { quote = nil }
          continue
        }
        switch ch {
        case " " where atStart: indent += 1
        case "-" where atStart: dashes += 1
        case "#": break
        case "\"", "'": quote = ch; atStart = false
        case "[", "{":
          flow += 1
          deepestFlow = max(deepestFlow, flow)
          atStart = false
        case "]", "}": flow = max(0, flow - 1); atStart = false
        default: atStart = false
        }
        if ch == "#" { break }
      }
      if indent / 2 + dashes + deepestFlow > limit { return lineNumber }
      deepestFlow = flow
    }
    return nil
  }

  /// The line of the first alias (`*name` where a value can start) past `limit`, found in
  /// the text before libyaml sees it. Over-counting (a `*` that starts a plain value) is
  /// harmless: applications hold no such values.
  static func aliasBeyond(_ text: String, limit: Int) -> Int? {
    var count = 0
    var lineNumber = 1
    var quote: Character? = nil
    var previous: Character = "\n"
    var comment = false
    for ch in text {
      if ch == "\n" {
        lineNumber += 1
        comment = false
        quote = nil
        previous = ch
        continue
      }
      if comment { continue }
      if let q = quote {
        if ch == q { quote = nil }
        previous = ch
        continue
      }
      switch ch {
      case "#" where previous == " " || previous == "\n": comment = true
      case "\"", "'": quote = ch
      case "*" where " \n[{,:-".contains(previous):
        count += 1
        if count > limit { return lineNumber }
      default: break
      }
      previous = ch
    }
    return nil
  }

  private static func syntaxError(_ error: YamlError, file: String) -> DocumentSyntaxError {
    func make(_ problem: String, _ mark: Mark?) -> DocumentSyntaxError {
      DocumentSyntaxError(
        file: file, line: mark?.line, column: mark?.column,
        problem: LocalizedText(
          zh: "YAML 语法错误：\(problem)（常见原因：缩进不一致、冒号后缺少空格、值中含有未加引号的特殊字符）",
          en: "YAML syntax error: \(problem)"))
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
      return make(text, mark)
    case .reader(let problem, _, _, _):
      return make(problem, nil)
    case .duplicatedKeysInMapping(let keys, let context):
      let names = keys.map { "“\($0)”" }.joined(separator: "、")
      return DocumentSyntaxError(
        file: file, line: context.mark.line, column: context.mark.column,
        problem: LocalizedText(
          zh: "字段\(names)重复出现，请只保留一个", en: "duplicate key \(keys.map { "\"\($0)\"" }.joined(separator: ", ")); keep one"))
    default:
      return make("\(error)", nil)
    }
  }

  private static func convert(
    _ node: Node, file: String, limits: DocumentLimits, depth: Int, budget: inout Int
  ) throws(DocumentSyntaxError) -> DocumentNode {
    budget -= 1
    let line = node.mark?.line ?? 0
    let column = node.mark?.column ?? 0
    // The text scan above kept libyaml's recursion shallow; this is the exact count, the
    // same as the JSON reader's (the root is depth 0).
    guard depth <= limits.maxDepth else {
      throw DocumentSyntaxError(
        file: file, line: line,
        problem: LocalizedText(zh: "嵌套层数超过 \(limits.maxDepth)", en: "nesting deeper than \(limits.maxDepth)"))
    }
    guard budget >= 0 else {
      throw DocumentSyntaxError(
        file: file, line: line,
        problem: LocalizedText(
          zh: "文件展开后的内容过多（可能滥用了 YAML 别名）", en: "the document expands to too many values (YAML aliases?)"))
    }
    switch node {
    case .scalar(let scalar) where scalar.string.utf8.count > limits.maxValueBytes:
      throw DocumentSyntaxError(
        file: file, line: line,
        problem: LocalizedText(
          zh: "值过长：\(scalar.string.utf8.count) 字节，至多 \(limits.maxValueBytes) 字节",
          en: "a value is too long: \(scalar.string.utf8.count) bytes, at most \(limits.maxValueBytes)"))
    case .scalar(let scalar):
      if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
        return DocumentNode(.null, line: line, column: column)
      }
      return DocumentNode(.scalar(scalar.string), line: line, column: column)
    case .sequence(let sequence):
      var items: [DocumentNode] = []
      for item in sequence {
        items.append(try convert(item, file: file, limits: limits, depth: depth + 1, budget: &budget))
      }
      return DocumentNode(.sequence(items), line: line, column: column)
    case .mapping(let mapping):
      // Yams has already refused duplicate keys.
      var entries: [DocumentNode.Entry] = []
      for (key, value) in mapping {
        guard case .scalar(let k) = key else {
          throw DocumentSyntaxError(
            file: file, line: key.mark?.line,
            problem: LocalizedText(
              zh: "字段名必须是文本", en: "a key must be a plain text"))
        }
        let keyLine = key.mark?.line ?? line
        entries.append(
          DocumentNode.Entry(
            key: k.string, keyLine: keyLine,
            value: try convert(value, file: file, limits: limits, depth: depth + 1, budget: &budget)))
      }
      return DocumentNode(.mapping(entries), line: line, column: column)
    case .alias:
      throw DocumentSyntaxError(
        file: file, line: line, problem: LocalizedText(zh: "不支持 YAML 别名", en: "YAML aliases are not supported"))
    }
  }
}
