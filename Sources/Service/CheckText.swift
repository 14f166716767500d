import BatchReview
import Core
import MaterialChecks
import RegistrationRules

/// The human-readable verdict of `inspect` and `photo`.
public enum CheckText {
  public static func render(_ result: CheckResult, language lang: Language, title: String? = nil) -> String {
    let m = result.measurement
    var out: [String] = []
    func say(_ key: String, _ arguments: KeyValuePairs<String, Any> = [:]) { out.append(LocalizedText(key, arguments)(lang)) }
    if let title { out.append(title) }
    say("checkText.file", ["file": m.file, "material": result.material.label])
    var facts: [LocalizedText] = []
    if let f = m.format { facts.append(f.label) }
    if let w = m.width, let h = m.height { facts.append(LocalizedText(verbatim: "\(w)×\(h)")) }
    if m.pageCount > 1 { facts.append(LocalizedText("checkText.pages", ["count": m.pageCount])) }
    facts.append(LocalizedText(verbatim: MaterialVerdict.kb(m.bytes)))
    if let mode = m.colorMode { facts.append(colorMode(mode)) }
    say("checkText.content", ["facts": LocalizedText.list(facts, separator: LocalizedText("core.clauseSeparator"))])
    if result.accepted {
      say("checkText.resultAccepted")
    } else {
      say(result.reasons.count == 1 ? "checkText.resultRejectedOne" : "checkText.resultRejected", ["count": result.reasons.count])
    }
    for f in result.reasons { out.append("  ✗ [\(f.code.rawValue)] \(f.message(lang))") }
    for f in result.warnings { out.append("  ! [\(f.code.rawValue)] \(f.message(lang))") }
    let shown = result.metrics.compactMap { metric in metricName(metric.name).map { ($0, metric.value) } }
    if !shown.isEmpty {
      say("checkText.measured", ["metrics": shown.map { "\($0.0(lang)) \($0.1)" }.joined(separator: " · ")])
    }
    if let line = personLine(result, lang) { out.append(line) }
    for page in FormScanVerdict.pages(of: m) { out.append(formLine(page, lang)) }
    return out.joined(separator: "\n") + "\n"
  }

  /// `人像：1 张人脸 · 倾斜 1.3° · 侧转 2.1° · 俯仰 4.0° · 头部占高 63.5% · 头顶距上边 8.3% · 双眼在 43.0% 处 · 偏离中心 0.2%`
  public static func personLine(_ result: CheckResult, _ lang: Language) -> String? {
    guard let f = result.measurement.face else { return nil }
    func percent(_ x: Double) -> String { "\(Measure((x * 1000).rounded() / 10))%" }
    func degrees(_ x: Double) -> String { "\(Measure((x * 10).rounded() / 10))°" }
    var parts = [LocalizedText(f.faces.count == 1 ? "checkText.faceOne" : "checkText.faces", ["count": f.faces.count])]
    if f.quarterTurns != 0 { parts.append(LocalizedText("checkText.turnedBy", ["degrees": f.quarterTurns * 90])) }
    if let g = f.geometry {
      parts += [
        LocalizedText("checkText.roll", ["angle": degrees(g.roll)]), LocalizedText("checkText.yaw", ["angle": degrees(g.yaw)]),
        LocalizedText("checkText.pitch", ["angle": degrees(g.pitch)]),
      ]
    }
    if result.material == .photo, let r = f.framing {
      parts += [
        LocalizedText("checkText.headHeight", ["share": percent(r.headHeight)]),
        LocalizedText("checkText.crownMargin", ["share": percent(r.crownMargin)]),
        LocalizedText("checkText.eyeLine", ["share": percent(r.eyeLine)]),
        LocalizedText("checkText.offCentre", ["share": percent(r.centre)]),
      ]
    }
    if f.cardSearched { parts.append(LocalizedText(f.card == nil ? "checkText.noIDCard" : "checkText.idCardFound")) }
    return LocalizedText("checkText.person", ["parts": parts.map { $0(lang) }.joined(separator: " · ")])(lang)
  }

  /// `二维码：申请 2026-000101 · 初始注册 · 第 2 页；申请人签字：有（笔迹 11.8%）；单位公章：有（直径 40.8 毫米）`
  public static func formLine(_ page: FormScanVerdict.ScannedPage, _ lang: Language) -> String {
    let prefix = page.pagesInFile > 1 ? LocalizedText("checkText.pagePrefix", ["page": page.index + 1])(lang) : ""
    guard let p = page.scan.payload else {
      return prefix + LocalizedText("checkText.qrCodeNotRead")(lang)
    }
    let facts = [
      p.id.map { LocalizedText("checkText.application", ["id": $0]) }
        ?? (p.digest == nil ? LocalizedText("checkText.blankForm") : nil),
      p.kind.label, LocalizedText("checkText.page", ["page": p.page]),
    ].compactMap { $0 }
    var parts = [LocalizedText("checkText.qrCode", ["facts": facts.map { $0(lang) }.joined(separator: " · ")])]
    if let s = page.scan.signature {
      parts.append(LocalizedText("checkText.signatureInk", ["ink": "\(Measure((s.inkShare * 1000).rounded() / 10))%"]))
    }
    if let s = page.scan.seal {
      parts.append(
        s.redArea > 0
          ? LocalizedText(
            "checkText.redMark",
            ["diameter": Measure((s.diameter * 10).rounded() / 10), "ring": Measure((s.ring * 100).rounded())])
          : LocalizedText("checkText.noRedInTheEmployer"))
    }
    return prefix + LocalizedText.list(parts, separator: LocalizedText("core.problemSeparator"))(lang)
  }

  public static func colorMode(_ mode: ColorMode) -> LocalizedText {
    switch mode {
    case .gray: LocalizedText("checkText.grayscale")
    case .rgb: LocalizedText("checkText.colour")
    case .cmyk: LocalizedText(verbatim: "CMYK")
    case .palette: LocalizedText("checkText.palette")
    }
  }

  /// The name of a measurement shown in the text verdict; nil for those not shown.
  public static func metricName(_ name: String) -> LocalizedText? {
    switch name {
    case "sharpness": LocalizedText("checkText.metric.sharpness")
    case "meanLuminance": LocalizedText("checkText.metric.meanLuminance")
    case "contrast": LocalizedText("checkText.metric.contrast")
    case "darkest": LocalizedText("checkText.metric.darkest")
    case "backgroundColor": LocalizedText("checkText.metric.backgroundColor")
    case "backgroundDistance": LocalizedText("checkText.metric.backgroundDistance")
    case "faceMeanLuminance": LocalizedText("checkText.metric.faceMeanLuminance")
    case "aspect": LocalizedText("checkText.metric.aspect")
    default: nil
    }
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
