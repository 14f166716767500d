internal import CYAML
import Core

/// Reads YAML into a `DocumentNode` tree straight from libyaml's event stream.
///
/// A general composer builds every node first and compares them afterwards: Yams, which we
/// used before, hashes and sorts whole key subtrees to find duplicates, so 7 KB of nested
/// complex keys (`- ? - ? …`) kept it busy for more than ten minutes. Here each event is
/// looked at once, as it arrives, and every limit is enforced at the event that breaks it:
/// a key must be a scalar (compared as a string), nesting is counted as collections open,
/// values and aliases as they are met, and an alias is charged the full size of what it
/// stands for. The work is linear in the text. Neither libyaml's parser nor this composer
/// recurses, so no nesting can exhaust the stack.
enum YAMLDocumentReader {
  static func read(_ text: String, file: String, limits: DocumentLimits) throws(DocumentSyntaxError) -> DocumentNode {
    let events = try YAMLEventStream(text, file: file)
    var composer = Composer(file: file, limits: limits)
    guard case .streamStart = try events.next() else { throw composer.empty() }
    switch try events.next() {
    case .documentStart: break
    default: throw composer.empty()
    }
    var finished: DocumentNode? = nil
    while finished == nil {
      finished = try composer.take(events.next())
    }
    guard let root = finished else { throw composer.empty() }
    guard case .documentEnd = try events.next() else {
      throw composer.fail(line: nil, LocalizedText("yamlDocumentReader.theDocumentDoesNotEnd"))
    }
    if case .documentStart(let line) = try events.next() {
      throw composer.fail(
        line: line, LocalizedText("yamlDocumentReader.moreThanOneYAMLDocument"))
    }
    return root
  }

  /// The events this reader acts on, copied out of libyaml's structures.
  enum Event {
    case streamStart, streamEnd, documentEnd
    case documentStart(line: Int)
    case scalar(String, plain: Bool, anchor: String?, line: Int, column: Int)
    case alias(String, line: Int, column: Int)
    case sequenceStart(anchor: String?, line: Int, column: Int)
    case mappingStart(anchor: String?, line: Int, column: Int)
    case sequenceEnd, mappingEnd
  }

  /// Builds the tree from events with an explicit stack of open collections.
  struct Composer {
    let file: String
    let limits: DocumentLimits

    /// An open sequence or mapping, with what is known of it so far.
    private struct Frame {
      var isMapping: Bool
      var anchor: String?
      var line: Int
      var column: Int
      var items: [DocumentNode] = []
      var entries: [DocumentNode.Entry] = []
      /// A mapping's key whose value has not arrived yet.
      var pendingKey: (text: String, line: Int)? = nil
      /// Where each key of a mapping was first written.
      var keyLines: [String: Int] = [:]
      /// Nodes in this subtree and its height (0 for a scalar), for aliases to it.
      var size = 1
      var height = 0
    }

    /// What an anchor names: the node, and what it costs to use it again.
    private struct Anchored {
      var node: DocumentNode
      var size: Int
      var height: Int
    }

    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var budget: Int
    private var aliases = 0

    init(file: String, limits: DocumentLimits) {
      self.file = file
      self.limits = limits
      budget = limits.maxNodes
    }

    func fail(line: Int?, _ problem: LocalizedText) -> DocumentSyntaxError {
      DocumentSyntaxError(file: file, line: line, problem: problem)
    }

    func empty() -> DocumentSyntaxError { fail(line: nil, LocalizedText("yamlDocumentReader.theFileIsEmpty")) }

    private var expectsKey: Bool {
      guard let top = stack.last else { return false }
      return top.isMapping && top.pendingKey == nil
    }

    /// Takes one event; returns the root once the document's top node is complete.
    mutating func take(_ event: Event) throws(DocumentSyntaxError) -> DocumentNode? {
      switch event {
      case .scalar(let text, let plain, let anchor, let line, let column):
        guard text.utf8.count <= limits.maxValueBytes else {
          throw fail(
            line: line,
            LocalizedText(
              "yamlDocumentReader.aValueIsTooLong", ["utf8Count": text.utf8.count, "maxValueBytes": limits.maxValueBytes]))
        }
        if expectsKey {
          try key(text, line: line, column: column, anchor: anchor)
          return nil
        }
        let isNull = plain && ["", "~", "null", "Null", "NULL"].contains(text)
        let node = DocumentNode(isNull ? .null : .scalar(text), line: line, column: column)
        return try complete(node, size: 1, height: 0, anchor: anchor, cost: 1)

      case .alias(let name, let line, let column):
        aliases += 1
        guard aliases <= limits.maxAliases else {
          throw fail(
            line: line, LocalizedText("yamlDocumentReader.moreThanYAMLAliasesName", ["maxAliases": limits.maxAliases]))
        }
        guard let target = anchors[name] else {
          throw fail(line: line, LocalizedText("yamlDocumentReader.theYAMLAliasHasNo", ["name": name]))
        }
        if expectsKey {
          guard let text = target.node.text else { throw keyIsNotText(line) }
          try key(text, line: line, column: column, anchor: nil)
          return nil
        }
        return try complete(target.node, size: target.size, height: target.height, anchor: nil, cost: target.size, line: line)

      case .sequenceStart(let anchor, let line, let column), .mappingStart(let anchor, let line, let column):
        if expectsKey { throw keyIsNotText(line) }
        // The root is depth 0, as in the JSON reader.
        guard stack.count <= limits.maxDepth else { throw tooDeep(line) }
        try charge(1, line: line)
        var isMapping = false
        if case .mappingStart = event { isMapping = true }
        stack.append(Frame(isMapping: isMapping, anchor: anchor, line: line, column: column))
        return nil

      case .sequenceEnd, .mappingEnd:
        guard let frame = stack.popLast() else { throw fail(line: nil, LocalizedText("yamlDocumentReader.unbalancedDocument")) }
        let value: DocumentNode.Value = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
        let node = DocumentNode(value, line: frame.line, column: frame.column)
        // Its depth was checked, and its own node paid for, when it opened.
        return try complete(node, size: frame.size, height: frame.height, anchor: frame.anchor, cost: 0)

      case .streamStart, .streamEnd, .documentStart, .documentEnd:
        throw fail(line: nil, LocalizedText("yamlDocumentReader.theDocumentEndsTooEarly"))
      }
    }

    private mutating func key(_ text: String, line: Int, column: Int, anchor: String?) throws(DocumentSyntaxError) {
      let index = stack.count - 1
      if let first = stack[index].keyLines[text] {
        throw DocumentSyntaxError(
          file: file, line: first,
          problem: LocalizedText("yamlDocumentReader.duplicateKeyAgainOnLine", ["text": text, "line": line]))
      }
      stack[index].keyLines[text] = line
      stack[index].pendingKey = (text, line)
      if let anchor {
        anchors[anchor] = Anchored(node: DocumentNode(.scalar(text), line: line, column: column), size: 1, height: 0)
      }
    }

    /// Attaches a finished node to the collection that holds it, or returns it as the root.
    /// `cost` is what is still to be paid for it: 1 for a scalar, the whole subtree for an
    /// alias, nothing for a collection (paid, and its depth checked, when it opened).
    private mutating func complete(
      _ node: DocumentNode, size: Int, height: Int, anchor: String?, cost: Int, line: Int? = nil
    ) throws(DocumentSyntaxError) -> DocumentNode? {
      if cost > 0 {
        let line = line ?? node.line
        guard stack.count + height <= limits.maxDepth else { throw tooDeep(line) }
        try charge(cost, line: line)
      }
      if let anchor { anchors[anchor] = Anchored(node: node, size: size, height: height) }
      guard !stack.isEmpty else { return node }
      let index = stack.count - 1
      stack[index].size += size
      stack[index].height = max(stack[index].height, height + 1)
      if stack[index].isMapping, let key = stack[index].pendingKey {
        stack[index].entries.append(DocumentNode.Entry(key: key.text, keyLine: key.line, value: node))
        stack[index].pendingKey = nil
      } else {
        stack[index].items.append(node)
      }
      return nil
    }

    private mutating func charge(_ nodes: Int, line: Int) throws(DocumentSyntaxError) {
      budget -= nodes
      guard budget >= 0 else {
        throw fail(line: line, LocalizedText("yamlDocumentReader.theDocumentExpandsToToo"))
      }
    }

    private func tooDeep(_ line: Int) -> DocumentSyntaxError {
      fail(line: line, LocalizedText("yamlDocumentReader.nestingDeeperThan", ["maxDepth": limits.maxDepth]))
    }

    private func keyIsNotText(_ line: Int) -> DocumentSyntaxError {
      fail(
        line: line, LocalizedText("yamlDocumentReader.aKeyMustBePlain"))
    }
  }
}

/// libyaml's parser over a private copy of the text; owns both, and frees them together.
/// The parser is allocated because libyaml keeps a pointer to it once input is set.
private final class YAMLEventStream {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private let file: String

  init(_ text: String, file: String) throws(DocumentSyntaxError) {
    self.file = file
    parser = .allocate(capacity: 1)
    parser.initialize(to: yaml_parser_t())
    let utf8 = Array(text.utf8)
    input = .allocate(capacity: max(1, utf8.count))
    _ = input.initialize(fromContentsOf: utf8 + (utf8.isEmpty ? [0] : []))
    // Every stored property is set: on a throw, `deinit` frees both (and libyaml's delete
    // is safe on a parser whose initialisation failed: it has already freed and cleared
    // what it had allocated).
    guard yaml_parser_initialize(parser) == 1 else {
      throw DocumentSyntaxError(file: file, problem: LocalizedText("yamlDocumentReader.outOfMemoryReadingYAML"))
    }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input.baseAddress, utf8.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    input.deallocate()
  }

  func next() throws(DocumentSyntaxError) -> YAMLDocumentReader.Event {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
    defer { yaml_event_delete(&event) }
    let line = Int(event.start_mark.line) + 1
    let column = Int(event.start_mark.column) + 1
    switch event.type {
    case YAML_STREAM_START_EVENT: return .streamStart
    case YAML_STREAM_END_EVENT: return .streamEnd
    case YAML_DOCUMENT_START_EVENT: return .documentStart(line: line)
    case YAML_DOCUMENT_END_EVENT: return .documentEnd
    case YAML_ALIAS_EVENT: return .alias(Self.text(event.data.alias.anchor) ?? "", line: line, column: column)
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      let value = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
      return .scalar(
        value, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, anchor: Self.text(scalar.anchor), line: line, column: column)
    case YAML_SEQUENCE_START_EVENT:
      return .sequenceStart(anchor: Self.text(event.data.sequence_start.anchor), line: line, column: column)
    case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
    case YAML_MAPPING_START_EVENT:
      return .mappingStart(anchor: Self.text(event.data.mapping_start.anchor), line: line, column: column)
    case YAML_MAPPING_END_EVENT: return .mappingEnd
    default: return .streamEnd  // YAML_NO_EVENT: libyaml has nothing more to give.
    }
  }

  private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }

  /// libyaml's own description of what is wrong and where, as Yams used to report it.
  private func syntaxError() -> DocumentSyntaxError {
    let state = parser.pointee
    let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
    var line: Int? = nil
    var column: Int? = nil
    var text = problem
    switch state.error {
    case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
      line = Int(state.problem_mark.line) + 1
      column = Int(state.problem_mark.column) + 1
      if let context = state.context.map({ String(cString: $0) }), !context.isEmpty { text = context + ", " + problem }
    case YAML_MEMORY_ERROR:
      return DocumentSyntaxError(file: file, problem: LocalizedText("yamlDocumentReader.outOfMemoryReadingYAML"))
    default: break
    }
    return DocumentSyntaxError(
      file: file, line: line, column: column,
      problem: LocalizedText("yamlDocumentReader.yamlSyntaxError", ["text": text]))
  }
}
