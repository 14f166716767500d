import BatchReview
import MaterialChecks
import RegistrationRules

/// The human-readable verdict of `inspect` and `photo`.
enum CheckText {
  static func render(_ result: CheckResult, language lang: Language, title: String? = nil) -> String {
    let zh = lang == .zh
    let m = result.measurement
    var out: [String] = []
    if let title { out.append(title) }
    out.append(
      (zh ? "文件：" : "File: ") + m.file + (zh ? "（检查为：\(result.material.label.zh)）" : " (checked as: \(result.material.label.en))")
    )
    var facts: [String] = []
    if let f = m.format { facts.append(f.label(lang)) }
    if let w = m.width, let h = m.height { facts.append("\(w)×\(h)") }
    if m.pageCount > 1 { facts.append(zh ? "\(m.pageCount) 页" : "\(m.pageCount) pages") }
    facts.append(MaterialVerdict.kb(m.bytes))
    if let mode = m.colorMode { facts.append(colorMode(mode, lang)) }
    out.append((zh ? "内容：" : "Content: ") + facts.joined(separator: zh ? "，" : ", "))
    if result.accepted {
      out.append(zh ? "结论：✓ 通过" : "Result: ✓ accepted")
    } else {
      out.append(
        zh
          ? "结论：✗ 不通过，\(result.reasons.count) 个问题"
          : "Result: ✗ rejected, \(result.reasons.count) problem\(result.reasons.count == 1 ? "" : "s")")
    }
    for f in result.reasons { out.append("  ✗ [\(f.code.rawValue)] \(f.message(lang))") }
    for f in result.warnings { out.append("  ! [\(f.code.rawValue)] \(f.message(lang))") }
    let shown = result.metrics.filter {
      [
        "sharpness", "meanLuminance", "contrast", "darkest", "backgroundColor", "backgroundDistance", "faceMeanLuminance",
        "aspect",
      ].contains($0.name)
    }
    if !shown.isEmpty {
      out.append((zh ? "测量值：" : "Measured: ") + shown.map { "\(metricName($0.name, lang)) \($0.value)" }.joined(separator: " · "))
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func colorMode(_ mode: ColorMode, _ lang: Language) -> String {
    switch mode {
    case .gray: lang == .zh ? "灰度" : "grayscale"
    case .rgb: lang == .zh ? "彩色" : "colour"
    case .cmyk: "CMYK"
    case .palette: lang == .zh ? "调色板" : "palette"
    }
  }

  static func metricName(_ name: String, _ lang: Language) -> String {
    let zh: [String: String] = [
      "sharpness": "清晰度", "meanLuminance": "平均亮度", "contrast": "对比度", "darkest": "最暗处",
      "backgroundColor": "背景色", "backgroundDistance": "背景色差", "faceMeanLuminance": "面部亮度", "aspect": "高宽比",
    ]
    return lang == .zh ? zh[name] ?? name : name
  }
}

/// `inspect --json` and `photo --json`: DESIGN.md's `{decision, reasons, warnings,
/// metrics}` with the file and material, in a fixed key order.
enum CheckJSON {
  static func of(_ result: CheckResult, language: Language) -> JSONValue {
    .fields([
      ("file", .string(result.measurement.file)),
      ("material", .string(result.material.rawValue)),
      ("decision", .string(result.accepted ? "accept" : "reject")),
      ("reasons", .array(result.reasons.map { ReasonRecord($0, language: language).json })),
      ("warnings", .array(result.warnings.map { ReasonRecord($0, language: language).json })),
      ("metrics", .object(result.metrics.map { ($0.name, JSONValue($0.value)) })),
    ])
  }
}
