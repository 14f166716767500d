import BatchReview
import Core
import MaterialChecks
import RegistrationRules

/// The human-readable verdict of `inspect` and `photo`.
public enum CheckText {
  public static func render(_ result: CheckResult, language lang: Language, title: String? = nil) -> String {
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
    if let line = personLine(result, lang) { out.append(line) }
    for page in FormScanVerdict.pages(of: m) { out.append(formLine(page, lang)) }
    return out.joined(separator: "\n") + "\n"
  }

  /// `人像：1 张人脸 · 倾斜 1.3° · 侧转 2.1° · 俯仰 4.0° · 头部占高 63.5% · 头顶距上边 8.3% · 双眼在 43.0% 处 · 偏离中心 0.2%`
  public static func personLine(_ result: CheckResult, _ lang: Language) -> String? {
    guard let f = result.measurement.face else { return nil }
    let zh = lang == .zh
    func percent(_ x: Double) -> String { "\(Measure((x * 1000).rounded() / 10))%" }
    func degrees(_ x: Double) -> String { "\(Measure((x * 10).rounded() / 10))°" }
    var parts = [zh ? "\(f.faces.count) 张人脸" : "\(f.faces.count) face\(f.faces.count == 1 ? "" : "s")"]
    if f.quarterTurns != 0 {
      parts.append(zh ? "照片需转 \(f.quarterTurns * 90)° 才正" : "upright after a \(f.quarterTurns * 90)° turn")
    }
    if let g = f.geometry {
      parts +=
        zh
        ? ["倾斜 \(degrees(g.roll))", "侧转 \(degrees(g.yaw))", "俯仰 \(degrees(g.pitch))"]
        : ["roll \(degrees(g.roll))", "yaw \(degrees(g.yaw))", "pitch \(degrees(g.pitch))"]
    }
    if result.material == .photo, let r = f.framing {
      parts +=
        zh
        ? [
          "头部占高 \(percent(r.headHeight))", "头顶距上边 \(percent(r.crownMargin))", "双眼在 \(percent(r.eyeLine)) 处",
          "偏离中心 \(percent(r.centre))",
        ]
        : [
          "head \(percent(r.headHeight)) of the height", "crown \(percent(r.crownMargin)) below the top",
          "eyes \(percent(r.eyeLine)) down", "off centre \(percent(r.centre))",
        ]
    }
    if f.cardSearched {
      parts.append(zh ? (f.card == nil ? "未找到身份证件" : "找到身份证件") : (f.card == nil ? "no ID card found" : "ID card found"))
    }
    return (zh ? "人像：" : "Person: ") + parts.joined(separator: " · ")
  }

  /// `二维码：申请 2026-000101 · 初始注册 · 第 2 页；申请人签字：有（笔迹 11.8%）；单位公章：有（直径 40.8 毫米）`
  public static func formLine(_ page: FormScanVerdict.ScannedPage, _ lang: Language) -> String {
    let zh = lang == .zh
    let prefix = page.pagesInFile > 1 ? (zh ? "第 \(page.index + 1) 页 " : "Page \(page.index + 1) ") : ""
    guard let p = page.scan.payload else {
      return prefix + (zh ? "二维码：未能识别" : "QR code: not read")
    }
    var parts = [
      (zh ? "二维码：" : "QR code: ")
        + [
          p.id.map { zh ? "申请 \($0)" : "application \($0)" } ?? (p.digest == nil ? (zh ? "空白表" : "blank form") : nil),
          p.kind.label(lang), zh ? "第 \(p.page) 页" : "page \(p.page)",
        ].compactMap { $0 }.joined(separator: " · ")
    ]
    if let s = page.scan.signature {
      let ink = "\(Measure((s.inkShare * 1000).rounded() / 10))%"
      parts.append(zh ? "申请人签字处笔迹 \(ink)" : "ink on the applicant's signature line \(ink)")
    }
    if let s = page.scan.seal {
      parts.append(
        s.redArea > 0
          ? (zh
            ? "红色印记直径 \(Measure((s.diameter * 10).rounded() / 10)) 毫米、外圈可见 \(Measure((s.ring * 100).rounded()))%"
            : "red mark \(Measure((s.diameter * 10).rounded() / 10)) mm across, \(Measure((s.ring * 100).rounded()))% of its ring visible")
          : (zh ? "单位意见栏无红色" : "no red in the employer's box"))
    }
    return prefix + parts.joined(separator: zh ? "；" : "; ")
  }

  public static func colorMode(_ mode: ColorMode, _ lang: Language) -> String {
    switch mode {
    case .gray: lang == .zh ? "灰度" : "grayscale"
    case .rgb: lang == .zh ? "彩色" : "colour"
    case .cmyk: "CMYK"
    case .palette: lang == .zh ? "调色板" : "palette"
    }
  }

  public static func metricName(_ name: String, _ lang: Language) -> String {
    let zh: [String: String] = [
      "sharpness": "清晰度", "meanLuminance": "平均亮度", "contrast": "对比度", "darkest": "最暗处",
      "backgroundColor": "背景色", "backgroundDistance": "背景色差", "faceMeanLuminance": "面部亮度", "aspect": "高宽比",
    ]
    // English names in words: the keys are the JSON's, not prose.
    let en: [String: String] = [
      "meanLuminance": "mean luminance", "backgroundColor": "background colour",
      "backgroundDistance": "background distance", "faceMeanLuminance": "face luminance",
    ]
    return (lang == .zh ? zh[name] : en[name]) ?? name
  }
}

/// `inspect --json` and `photo --json`: DESIGN.md's `{decision, reasons, warnings,
/// metrics}` with the file and material, in a fixed key order.
public enum CheckJSON {
  public static func of(_ result: CheckResult, language: Language) -> JSONValue {
    .fields([
      ("file", .string(result.measurement.file)),
      ("material", .string(result.material.rawValue)),
      ("decision", .string(result.accepted ? "accept" : "reject")),
      ("reasons", .array(result.reasons.map { ReasonRecord($0, language: language).json })),
      ("warnings", .array(result.warnings.map { ReasonRecord($0, language: language).json })),
      ("metrics", .object(result.metrics.map { ($0.name, JSONValue($0.value)) })),
      ("formScan", result.measurement.formScans.isEmpty ? nil : .array(result.measurement.formScans.map(formScan))),
      ("marks", result.marks.isEmpty ? nil : .array(result.marks.map(mark))),
    ])
  }

  /// A box to draw over the photo, in shares of its upright size.
  public static func mark(_ m: PageMark) -> JSONValue {
    func share(_ x: Double) -> JSONValue { .number((x * 10000).rounded() / 10000) }
    return .fields([
      ("kind", .string(m.kind.rawValue)), ("found", .bool(m.found)), ("x", share(m.x)), ("y", share(m.y)),
      ("width", share(m.width)), ("height", share(m.height)),
    ])
  }

  /// A form page's scan: what its QR code says, and how long the scan took (the QR code's
  /// search, then all of it; milliseconds).
  public static func formScan(_ scan: FormPageScan) -> JSONValue {
    .fields([
      ("qr", scan.qr.map { .string($0) }), ("page", scan.payload.map { .number(Double($0.page)) }),
      ("application", scan.payload?.id.map { .string($0) }), ("kind", scan.payload.map { .string($0.kind.rawValue) }),
      ("qrMilliseconds", .number((scan.qrMilliseconds * 10).rounded() / 10)),
      ("milliseconds", .number((scan.milliseconds * 10).rounded() / 10)),
    ])
  }
}
