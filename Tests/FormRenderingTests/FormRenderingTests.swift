import Core
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules
import Testing

@testable import FormRendering

@Suite struct FilledFormTests {
  static let samples = ["initial.yaml", "initial-overdue.yaml", "renewal.yaml", "change.yaml", "reregistration.json"]

  /// Every filled value is read back by poppler on page 1, where the data belongs.
  @Test(arguments: samples)
  func everyValueIsOnPageOneOfATwoPageA4Form(_ name: String) throws {
    let app = try sample(name)
    let v = values(app)
    let pdf = try makeRenderer().pdf(kind: app.kind!, values: v, creationDate: "2026-11-23T10:00:00+08:00")
    let file = try PDFFile(bytes: pdf)
    #expect(file.pageCount == 2)
    for i in 0..<2 {
      let size = file.page(i)!.size
      #expect(abs(size.width - 595.28) < 0.5 && abs(size.height - 841.89) < 0.5, "page \(i + 1) is A4")
    }
    let pages = try pageTexts(pdf)
    for (field, value) in v.fields where field != "continuingEducation.total" || !app.continuingEducation.isEmpty {
      #expect(pages[0].contains(squeezed(value)), "\(field) = \(value) on page 1")
      if field.hasPrefix("applicant.") || field.hasPrefix("employer.") {
        #expect(!pages[1].contains(squeezed(value)) || value.count < 3, "\(field) is not repeated on page 2")
      }
    }
    for (source, rows) in v.rows {
      for row in rows {
        for (column, text) in row where !text.isEmpty {
          #expect(pages[0].contains(squeezed(text)), "\(source).\(column) = \(text)")
        }
      }
    }
    #expect(pages[0].contains(squeezed(shippedTemplates.template(for: app.kind!).title)))
    #expect(pages[0].contains("第1页共2页") && pages[1].contains("第2页共2页"))
    #expect(
      pages[1].contains("申请人承诺") && pages[1].contains("聘用单位意见") && pages[1].contains("初审机构意见") && pages[1].contains("终审机构意见"))
  }

  @Test func changeFormTicksWhatChanges() throws {
    let app = try sample("change.yaml")
    let pages = try pageTexts(
      try makeRenderer().pdf(kind: .change, values: values(app), creationDate: "2026-11-23T10:00:00+08:00"))
    #expect(pages[0].contains("深圳市安泰建设工程有限公司"))
    #expect(pages[0].contains("变更聘用单位") && pages[0].contains("聘用单位更名"))
  }

  @Test func fontsAreEmbeddedSubsetsByPopplerAndByPdffonts() throws {
    let app = try sample("renewal.yaml")
    let pdf = try makeRenderer().pdf(kind: .renewal, values: values(app), creationDate: "2026-11-23T10:00:00+08:00")
    let fonts = try PDFFile(bytes: pdf).fonts
    #expect(!fonts.isEmpty)
    for font in fonts {
      #expect(font.embedded && font.subset, "\(font.name)")
      #expect(font.name.contains("NotoSerifCJK") || font.name.contains("NotoSansCJK"), "\(font.name)")
    }
    // The independent reader: pdffonts' "emb" and "sub" columns.
    let listing = try runTool("pdffonts", [], pdf: pdf)
    let rows = listing.output.split(separator: "\n").dropFirst(2)
    #expect(!rows.isEmpty)
    for row in rows {
      let columns = row.split(separator: " ", omittingEmptySubsequences: true)
      #expect(columns.suffix(5).prefix(2) == ["yes", "yes"], "\(row)")
    }
  }

  @Test func printSettingsAndMetadataAreReadByPopplerAndQpdf() throws {
    let app = try sample("initial.yaml")
    let pdf = try makeRenderer().pdf(kind: .initial, values: values(app), creationDate: "2026-11-23T10:00:00+08:00")
    let file = try PDFFile(bytes: pdf)
    #expect(file.duplexFlipLongEdge)
    #expect(file.printScalingNone)
    #expect(file.title == "注册安全工程师初始注册申请表 — 张伟")
    #expect(file.creator == "safetyreg")
    // qpdf: the file is sound, and its catalog holds the viewer preferences.
    #expect(try runTool("qpdf", ["--check"], pdf: pdf).status == 0)
    let json = try runTool("qpdf", ["--json=2", "--json-key=qpdf"], pdf: pdf)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
    let objects = try #require((object["qpdf"] as? [Any])?[1] as? [String: Any])
    let trailer = try #require((objects["trailer"] as? [String: Any])?["value"] as? [String: Any])
    let rootKey = "obj:" + (try #require(trailer["/Root"] as? String))
    let root = try #require((objects[rootKey] as? [String: Any])?["value"] as? [String: Any])
    let preferences = try #require(root["/ViewerPreferences"] as? [String: Any])
    #expect(preferences["/Duplex"] as? String == "/DuplexFlipLongEdge")
    #expect(preferences["/PrintScaling"] as? String == "/None")
    let info = try runTool("pdfinfo", [], pdf: pdf).output
    #expect(info.contains("CreationDate:"))
    #expect(info.contains("2026"))
  }

  @Test func combinedFileStartsEveryFormOnAFrontSide() throws {
    let renderer = try makeRenderer()
    let names = ["initial.yaml", "renewal.yaml", "change.yaml", "reregistration.json", "initial-overdue.yaml"]
    let forms = try names.map { name in
      let app = try sample(name)
      return try renderer.prepare(kind: app.kind!, values: values(app))
    }
    let pdf = try renderer.pdf(forms, title: "combined", creationDate: "2026-11-23T10:00:00+08:00")
    let pages = try pageTexts(pdf)
    #expect(pages.count == 2 * names.count)
    for (i, name) in names.enumerated() {
      let applicant = try sample(name).applicant.name!
      #expect(pages[2 * i].contains(applicant), "form \(i + 1) starts on page \(2 * i + 1), a front side")
      #expect(pages[2 * i + 1].contains("第2页共2页"))
    }
    #expect(try PDFFile(bytes: pdf).duplexFlipLongEdge)
    #expect(try runTool("qpdf", ["--check"], pdf: pdf).status == 0)
  }

  /// The fixed layer (grid, captions, paragraphs) is one form XObject per kind and page,
  /// shared by every form of a combined file: ten forms cost far less than ten files.
  @Test func combinedFileSharesTheFixedLayer() throws {
    let renderer = try makeRenderer()
    let app = try sample("initial.yaml")
    let form = try renderer.prepare(kind: .initial, values: values(app))
    let one = try renderer.pdf([form], title: "one", creationDate: "2026-11-23T10:00:00+08:00")
    let ten = try renderer.pdf(Array(repeating: form, count: 10), title: "ten", creationDate: "2026-11-23T10:00:00+08:00")
    #expect(try PDFFile(bytes: ten).pageCount == 20)
    #expect(ten.count < one.count * 2, "\(ten.count) bytes for ten forms, \(one.count) for one")
    let qdf = try runTool("sh", ["-c", "qpdf --qdf --object-streams=disable \"$0\" - | grep -a -c '/Subtype /Form'"], pdf: ten)
    #expect(Int(qdf.output.trimmingCharacters(in: .whitespacesAndNewlines)) == 2, "one form XObject per page of the kind")
  }
}

@Suite struct BlankFormTests {
  /// Every caption, heading and fixed paragraph of the template is on the blank form.
  @Test(arguments: RegistrationKind.allCases)
  func blankFormHasEveryLabel(_ kind: RegistrationKind) throws {
    let template = shippedTemplates.template(for: kind)
    let pdf = try makeRenderer().pdf(kind: kind, values: .blank(policy: shippedPolicy), creationDate: "2026-11-23T10:00:00+08:00")
    let pages = try pageTexts(pdf)
    #expect(pages.count == 2)
    for (p, sections) in template.pages.enumerated() {
      for placed in sections {
        if let title = placed.section.title { #expect(pages[p].contains(squeezed(title)), "heading \(title)") }
        for header in placed.section.header { #expect(pages[p].contains(squeezed(header)), "header \(header)") }
        for row in placed.section.rows {
          for cell in row.cells {
            switch cell.content {
            case .label(let text), .text(let text): #expect(pages[p].contains(squeezed(text)), "\(text) on page \(p + 1)")
            case .checks(_, let options): for o in options { #expect(pages[p].contains(squeezed(o.label))) }
            default: break
            }
          }
        }
      }
    }
    #expect(!pages[0].contains("张伟"))
    #expect(pages[0].contains("48学时"), "the policy's CE requirement is printed even on a blank form")
  }
}

@Suite struct LongTextTests {
  @Test func aLongValueWrapsThenShrinksAndStaysWhole() throws {
    var app = try sample("initial.yaml")
    app.applicant.address = "北京市东城区东直门南大街十号院三号楼二单元一千二百零三室（安全生产科学研究院家属区西侧）"
    app.applicant.email = "zhangwei.safety@beijing-huaan-chemical.com.cn"
    let renderer = try makeRenderer()
    let form = try renderer.prepare(kind: .initial, values: values(app))
    let email = try #require(form.shrunk["applicant.email"], "the e-mail shrank to fit")
    #expect(email < 10.5 && email >= 6.5)
    let pages = try pageTexts(try renderer.pdf([form], title: "t", creationDate: "2026-11-23T10:00:00+08:00"))
    #expect(pages[0].contains(squeezed(app.applicant.address!)))
    #expect(pages[0].contains(app.applicant.email!))
  }

  @Test func aValueTooLongEvenAtTheSmallestSizeIsAnErrorNamingFieldAndPage() throws {
    var app = try sample("initial.yaml")
    app.employer.name = String(repeating: "北京市某某安全生产技术服务有限责任公司", count: 8)
    #expect(throws: FormError.textDoesNotFit(field: "employer.name", page: 1, text: app.employer.name!, minSize: 6.5)) {
      try makeRenderer().prepare(kind: .initial, values: values(app))
    }
    let message = FormError.textDoesNotFit(field: "employer.name", page: 1, text: "x", minSize: 6.5).message
    #expect(message.zh.contains("第 1 页“聘用单位名称”（employer.name）的内容过长"))
  }

  @Test func moreWorkPeriodsThanRowsIsAnErrorWithTheCapacity() throws {
    var app = try sample("initial.yaml")
    let renderer = try makeRenderer()
    let capacity = try #require(FormLayout.layout(shippedTemplates.template(for: .initial))[0].capacity["workExperience"])
    #expect(capacity >= 4)
    let period = WorkPeriod(
      from: YearMonth(year: 2000, month: 1), to: YearMonth(year: 2000, month: 2), employer: "某单位", position: "安全员")
    app.workExperience = Array(repeating: period, count: capacity)
    _ = try renderer.prepare(kind: .initial, values: values(app))
    app.workExperience.append(period)
    #expect(throws: FormError.tooManyRows(source: "workExperience", count: capacity + 1, capacity: capacity, page: 1)) {
      try renderer.prepare(kind: .initial, values: values(app))
    }
  }
}

@Suite struct RareCharacterTests {
  /// 䶮 (U+4DAE, CJK Extension A, as in 刘䶮) is outside GB 2312: the subset lacks it and
  /// the full font draws it.
  @Test func aRareCharacterTheFullFontHasIsDrawn() throws {
    var app = try sample("initial.yaml")
    app.applicant.name = "刘䶮"
    let pdf = try makeRenderer().pdf(kind: .initial, values: values(app), creationDate: "2026-11-23T10:00:00+08:00")
    #expect(try pageTexts(pdf)[0].contains("刘䶮"))
  }

  /// 𠀀 (U+20000, Extension B) is in no installed font: an error, never an empty box.
  @Test func aCharacterNoFontHasIsAnErrorNamingFieldAndCharacter() throws {
    var app = try sample("initial.yaml")
    app.applicant.name = "张𠀀"
    #expect(throws: FormError.undrawableCharacter(field: "applicant.name", page: 1, character: "𠀀")) {
      try makeRenderer().prepare(kind: .initial, values: values(app))
    }
    #expect(FormError.undrawableCharacter(field: "applicant.name", page: 1, character: "𠀀").message.zh.contains("U+20000"))
  }

  @Test func aMissingFontFamilyIsAClearError() throws {
    var templates = shippedTemplates
    templates.templates[.initial]!.styles["value"]!.family = "No Such Font CJK"
    #expect(throws: FormError.missingFont(family: "No Such Font CJK")) { try FormRenderer(templates: templates) }
    #expect(FormError.missingFont(family: "x").message.zh.contains("fonts-noto-cjk"))
  }
}

@Suite struct PhotoBoxTests {
  @Test func thePhotoBoxIsExactly35By49Millimetres() throws {
    for kind in RegistrationKind.allCases {
      let form = try makeRenderer().prepare(kind: kind, values: FormValues())
      let box = try #require(form.photoBoxes.first)
      #expect(form.photoBoxes.count == 1)
      #expect(abs(box.width - mm(35)) < 0.01 && abs(box.height - mm(49)) < 0.01, "\(kind): \(box)")
    }
  }

  @Test func sealRoomHoldsA42MillimetreRoundSeal() throws {
    let form = try makeRenderer().prepare(kind: .initial, values: FormValues())
    #expect(form.sealBoxes.count == 3)
    for box in form.sealBoxes { #expect(box.width >= mm(42) - 0.01 && box.height >= mm(42) - 0.01) }
  }

  /// A tall photo fills the box's height, keeps its aspect, and is embedded as a JPEG.
  @Test func aPhotoIsPlacedInTheBoxWithItsAspectKept() throws {
    let photo = try FormPhoto.make(
      try testJPEG(width: 300, height: 500), limits: DecodeLimits(maxPixels: 100_000_000, maxBytes: 1 << 24, timeout: 5))
    let app = try sample("initial.yaml")
    let renderer = try makeRenderer()
    let form = try renderer.prepare(kind: .initial, values: values(app), photo: photo)
    let pdf = try renderer.pdf([form], title: "t", creationDate: "2026-11-23T10:00:00+08:00")
    // poppler finds one image near the box (its image areas are approximate)…
    let areas = try PDFFile(bytes: pdf).page(0)!.imageAreas
    #expect(areas.count == 1)
    #expect(abs((areas.first?.height ?? 0) - mm(49)) < 2)
    // …and qpdf's uncompressed view gives the exact placement matrix: "w 0 0 -h x y cm … Do".
    let qdf = try runTool("sh", ["-c", "qpdf --qdf --object-streams=disable \"$0\" - | tr -d '\\r'"], pdf: pdf).output
    let placement = try #require(qdf.firstMatch(of: /([\d.]+) 0 0 -([\d.]+) ([\d.]+) ([\d.]+) cm\s*(?:\/\w+ gs\s*)?\/x\d+ Do/))
    let (w, h, x) = (Double(placement.1)!, Double(placement.2)!, Double(placement.3)!)
    #expect(abs(h - mm(49)) < 0.01, "the photo fills the box's 49 mm height")
    #expect(abs(w / h - 300.0 / 500.0) < 0.005, "and keeps its aspect")
    let box = form.photoBoxes[0]
    #expect(x >= box.x - 0.01 && x + w <= box.maxX + 0.01, "inside the box")
    #expect(qdf.contains("/DCTDecode"), "the JPEG is embedded as is")
  }

  /// A photo stored sideways with EXIF orientation 6 is printed upright.
  @Test func exifOrientationIsHonoured() throws {
    let limits = DecodeLimits(maxPixels: 100_000_000, maxBytes: 1 << 24, timeout: 5)
    let photo = try FormPhoto.make(try testJPEG(width: 500, height: 300, orientation: 6), limits: limits)
    // 300 × 500 fits the 413 × 579 box: printed at its own size, turned upright.
    #expect(photo.image.width == 300 && photo.image.height == 500)
    // The stored top band (coloured across the whole width) is now the right-hand strip;
    // turned the wrong way, it would be on the left.
    let image = photo.image
    func white(_ x: Int, _ y: Int) -> Bool { image.pixels[(y * image.width + x) * 3 + 1] > 200 }
    #expect((0..<image.height).allSatisfy { !white(image.width - 5, $0) }, "the band is on the right")
    #expect((0..<image.height).contains { white(4, $0) }, "the left is the checkerboard")
  }

  @Test func aFileThatIsNotAnImageIsAPhotoError() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("photo-\(UUID().uuidString).jpg")
    try Data("<html>not a photo</html>".utf8).write(to: file)
    do {
      _ = try FormPhoto.load(path: file.path, limits: DecodeLimits(maxPixels: 1 << 26, maxBytes: 1 << 24, timeout: 5))
      Issue.record("accepted HTML as a photo")
    } catch {
      #expect(error.message.en.contains("not a JPEG or PNG image (the content is HTML)"))
    }
  }
}

/// SOURCE_DATE_EPOCH outside years 0–9999 (NaN, 1e300, negative) is ignored, not a trap
/// in the date's conversion.
@Suite struct SourceDateEpochTests {
  @Test func anEpochOutOfRangeMeansNow() {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let plain = pdfCreationDate(now: now, environment: [:])
    for value in ["nan", "inf", "1e300", "-1", "not a number"] {
      #expect(pdfCreationDate(now: now, environment: ["SOURCE_DATE_EPOCH": value]) == plain, "\(value)")
    }
    #expect(pdfCreationDate(now: now, environment: ["SOURCE_DATE_EPOCH": "0"]) == "1970-01-01T08:00:00+08:00")
  }
}
