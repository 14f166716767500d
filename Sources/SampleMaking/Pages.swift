import CCairo
import Core
import FormRendering
import Foundation
import ImageCodecs
import PDFReading
import RegistrationRules

/// The pages an applicant photographs, drawn flat at `width` pixels across an A4 page.
public struct Pages {
  public let policy: Policy
  public let renderer: FormRenderer
  public let templates: String
  /// Where each kind's form is signed and stamped.
  public let geometry: FormGeometrySet

  public init(policy: Policy, renderer: FormRenderer, templates: String, geometry: FormGeometrySet) {
    self.policy = policy
    self.renderer = renderer
    self.templates = templates
    self.geometry = geometry
  }

  /// What is done to the printed form before it is photographed.
  public struct Marking: Sendable {
    /// The applicant signs the declaration.
    public var signed = true
    /// The employer stamps its cell; `sealInk` is the seal's opacity (a faint one is low),
    /// `sealShift` moves it (millimetres) right and down, off the paper if far enough.
    public var stamped = true
    public var sealInk = 0.82
    public var sealShift = (x: 0.0, y: 0.0)
    /// Whose seal it is (nil: the employer's) and what kind (the words across it).
    public var sealName: String?
    public var sealKind = "人事专用章"

    public init(
      signed: Bool = true, stamped: Bool = true, sealInk: Double = 0.82, sealShift: (x: Double, y: Double) = (0, 0),
      sealName: String? = nil, sealKind: String = "人事专用章"
    ) {
      self.signed = signed
      self.stamped = stamped
      self.sealInk = sealInk
      self.sealShift = sealShift
      self.sealName = sealName
      self.sealKind = sealKind
    }
  }

  /// The two pages of the application form, rendered by our renderer, rasterised by
  /// poppler, then signed and stamped where the template's geometry says (page 2): the
  /// applicant's signature on its line, the employer's opinion, signature and red seal.
  public func form(_ app: Application, photo: String?, width: Int, seed: UInt64, marking: Marking = Marking()) throws
    -> [DecodedImage]
  {
    guard let kind = app.kind, let geometry = geometry[kind] else { throw SampleError("no kind") }
    let formPhoto = try photo.map {
      try FormPhoto.load(path: $0, limits: DecodeLimits(maxPixels: policy.limits.maxPixels, maxBytes: 1 << 24, timeout: 10))
    }
    let pdf = try renderer.pdf(
      kind: kind, values: FormValues(app, policy: policy), photo: formPhoto, creationDate: "D:20261123000000Z")
    let file = try PDFFile(bytes: pdf)
    var pages: [DecodedImage] = []
    for index in 0..<file.pageCount {
      guard let page = file.page(index) else { throw SampleError("page \(index)") }
      let dpi = Double(width) / (page.size.width / 72)
      let canvas = Canvas(try page.render(dpi: dpi, channels: 3, maxPixels: 200_000_000))
      let k = dpi / 25.4  // millimetres → pixels
      let marks = geometry.page(index + 1)
      if marking.signed, let line = marks?.applicantSignature {
        canvas.signature(
          x: (line.x + 4) * k, y: (line.baseline - 2.5) * k, width: line.width * 0.7 * k, seed: seed)
      }
      if let cell = marks?.employerSealCell {
        // The employer writes its opinion and its head signs, then the seal goes over the room.
        canvas.color(0.08, 0.12, 0.45)
        canvas.font(4.6 * k)
        canvas.text("情况属实，同意申报。", x: (cell.x + 12) * k, y: (cell.y + 10) * k)
        canvas.signature(x: (cell.x + 62) * k, y: (cell.maxY - 7) * k, width: 25 * k, seed: seed + 1)
        if marking.stamped, let room = marks?.employerSealRoom {
          canvas.seal(
            name: marking.sealName ?? app.employer.name ?? "聘用单位",
            centerX: (room.x + room.width / 2 + marking.sealShift.x) * k,
            centerY: (room.y + room.height / 2 + marking.sealShift.y) * k, radius: 21 * k,
            rotation: Double(seed % 20) / 100 - 0.1, ink: marking.sealInk, label: marking.sealKind)
        }
      }
      pages.append(canvas.image)
    }
    return pages
  }

  /// A page of the application form as other software prints it (the official
  /// registration system's layout, not ours): a ruled table, no QR code, the applicant's
  /// signature label under the declaration and the employer's seal label in its opinion
  /// cell (page 2), signed and stamped as `marking` says.
  public func officialForm(_ app: Application, page: Int, width: Int, seed: UInt64, marking: Marking = Marking())
    -> DecodedImage
  {
    let height = Int(Double(width) * 297 / 210)
    let c = Canvas(width: width, height: height)
    let k = Double(width) / 210  // millimetres → pixels
    let left = 20.0, right = 190.0
    c.color(0.05, 0.05, 0.05)
    func cellText(_ s: String, _ x: Double, _ y: Double, size: Double = 4.2) {
      c.font(size * k, serif: true)
      c.text(s, x: x * k, y: y * k)
    }
    func rule(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
      c.rectangle(x0 * k, y0 * k, max(0.3, x1 - x0) * k, max(0.3, y1 - y0) * k)
    }
    if page == 1 {
      c.font(7 * k, bold: true, serif: true)
      let title = "注册安全工程师\(app.kind?.label.zh ?? "初始注册")申请表"
      c.text(title, x: (Double(width) - c.textWidth(title)) / 2, y: 30 * k)
      cellText("申请编号：\(app.id ?? "")", left, 42, size: 3.5)
      let rows: [(String, String)] = [
        ("姓　　名", app.applicant.name ?? ""), ("性　　别", app.applicant.gender == .female ? "女" : "男"),
        ("出生日期", app.applicant.birthDate?.description ?? ""), ("身份证件号码", app.applicant.idNumber ?? ""),
        ("学　　历", app.applicant.education ?? ""), ("所学专业", app.applicant.major ?? ""),
        ("联系电话", app.applicant.phone ?? ""), ("资格证书编号", app.applicant.qualificationCertificateNo ?? ""),
        ("聘用单位", app.employer.name ?? ""), ("统一社会信用代码", app.employer.creditCode ?? ""),
        ("单位地址", app.employer.address ?? ""), ("单位联系人", app.employer.contact ?? ""),
      ]
      var y = 48.0
      rule(left, y, right, y + 0.4)
      for (label, value) in rows {
        cellText(label, left + 2, y + 8.5)
        cellText(value, 62, y + 8.5)
        y += 12
        rule(left, y, right, y + 0.4)
      }
      rule(left, 48, left + 0.4, y)
      rule(58, 48, 58.4, y)
      rule(right - 0.4, 48, right, y)
      cellText("本表由全国注册安全工程师注册管理系统生成", left, y + 10, size: 3.2)
    } else {
      var y = 30.0
      rule(left, y, right, y + 0.4)
      cellText("申请人承诺", left + 2, y + 9, size: 4.6)
      let promise =
        "本人承诺：本表所填写的信息及提交的材料真实、准确、有效，本人与聘用单位存在劳动关系，不存在同时在两个或两个以上单位执业的情形。如有虚假，本人愿承担相应的法律责任。"
      c.font(4.2 * k, serif: true)
      y = c.paragraph(promise, x: (left + 2) * k, y: (y + 20) * k, perLine: 38, leading: 7 * k) / k
      let signY = y + 14
      cellText("申请人签字：", left + 2, signY)
      cellText("日期：　　年　　月　　日", 130, signY)
      if marking.signed {
        c.signature(x: (left + 32) * k, y: (signY - 3) * k, width: 40 * k, seed: seed)
      }
      y = signY + 10
      rule(left, y, right, y + 0.4)
      cellText("聘用单位意见", left + 2, y + 9, size: 4.6)
      c.color(0.08, 0.12, 0.45)
      c.font(4.6 * k)
      c.text("情况属实，同意申报。", x: (left + 10) * k, y: (y + 24) * k)
      c.color(0.05, 0.05, 0.05)
      let stampY = y + 62
      cellText("（单位盖章）", 140, stampY)
      cellText("　　年　　月　　日", 136, stampY + 10)
      if marking.stamped {
        c.seal(
          name: marking.sealName ?? app.employer.name ?? "聘用单位", centerX: (152 + marking.sealShift.x) * k,
          centerY: (stampY - 10 + marking.sealShift.y) * k, radius: 21 * k, rotation: Double(seed % 20) / 100 - 0.1,
          ink: marking.sealInk, label: marking.sealKind)
      }
      y = stampY + 16
      rule(left, y, right, y + 0.4)
      cellText("注册机构审查意见", left + 2, y + 9, size: 4.6)
      cellText("经办人：", left + 2, y + 40)
      y += 50
      rule(left, y, right, y + 0.4)
      rule(left, 30, left + 0.4, y)
      rule(right - 0.4, 30, right, y)
    }
    return c.image
  }

  /// A page of a labour contract: title, parties, clauses, both signatures and the seal.
  public func contract(_ app: Application, page: Int, width: Int, seed: UInt64) -> DecodedImage {
    let height = Int(Double(width) * 297 / 210)
    let c = Canvas(width: width, height: height)
    let k = Double(width) / 595
    c.color(0.1, 0.1, 0.1)
    let employer = app.employer.name ?? "聘用单位", name = app.applicant.name ?? "劳动者"
    var y = 80 * k
    if page == 1 {
      c.font(24 * k, bold: true, serif: true)
      let title = "劳 动 合 同 书"
      c.text(title, x: (Double(width) - c.textWidth(title)) / 2, y: y)
      y += 50 * k
      c.font(12 * k, serif: true)
      for line in [
        "甲方（用人单位）：\(employer)", "统一社会信用代码：\(app.employer.creditCode ?? "")", "住所：\(app.employer.address ?? "")",
        "乙方（劳动者）：\(name)", "居民身份证号码：\(app.applicant.idNumber ?? "")",
      ] {
        c.text(line, x: 60 * k, y: y)
        y += 22 * k
      }
      y += 10 * k
    }
    c.font(11 * k, serif: true)
    let clauses = [
      "第一条 合同期限：本合同为固定期限劳动合同，自 2024 年 7 月 1 日起至 2029 年 6 月 30 日止。",
      "第二条 工作内容：乙方在甲方安全管理部门从事安全生产管理工作，岗位为注册安全工程师，负责安全生产检查、隐患排查治理、安全教育培训及应急管理等工作。",
      "第三条 工作地点：甲方注册地及生产经营场所。因工作需要，甲方可以安排乙方到其他地点工作。",
      "第四条 工作时间和休息休假：甲方实行标准工时制度，乙方每日工作不超过八小时，每周工作不超过四十小时，依法享有法定节假日、年休假等。",
      "第五条 劳动报酬：甲方按月以货币形式支付乙方工资，不低于当地最低工资标准，并依法为乙方缴纳社会保险。",
      "第六条 劳动保护和劳动条件：甲方为乙方提供符合国家规定的劳动安全卫生条件和必要的劳动防护用品。",
      "第七条 双方应当遵守国家法律法规和甲方依法制定的规章制度，本合同未尽事宜按国家有关规定执行。",
    ]
    let perLine = Int((Double(width) - 120 * k) / (11 * k))
    for (i, clause) in clauses.enumerated() where page == 1 ? i < 4 : i >= 4 {
      y = c.paragraph(clause, x: 60 * k, y: y, perLine: perLine, leading: 19 * k) + 8 * k
    }
    if page == 2 || page == 0 {
      y = max(y + 40 * k, Double(height) - 220 * k)
      c.font(12 * k, serif: true)
      c.text("甲方（盖章）：", x: 60 * k, y: y)
      c.text("乙方（签字）：", x: 330 * k, y: y)
      c.signature(x: 420 * k, y: y - 4 * k, width: 70 * k, seed: seed)
      c.text("签订日期：2024 年 6 月 28 日", x: 60 * k, y: y + 110 * k)
      c.seal(name: employer, centerX: 170 * k, centerY: y + 30 * k, radius: 55 * k, rotation: 0.08, ink: 0.8)
    }
    c.font(10 * k, serif: true)
    c.text("第 \(max(page, 1)) 页", x: Double(width) / 2 - 15 * k, y: Double(height) - 30 * k)
    return c.image
  }

  /// The renewal's written statement of duties (履职情况书面陈述), signed.
  public func statement(_ app: Application, width: Int, seed: UInt64) -> DecodedImage {
    let height = Int(Double(width) * 297 / 210)
    let c = Canvas(width: width, height: height)
    let k = Double(width) / 595
    c.color(0.1, 0.1, 0.1)
    c.font(20 * k, bold: true, serif: true)
    let title = "执业期间履职情况书面陈述"
    c.text(title, x: (Double(width) - c.textWidth(title)) / 2, y: 90 * k)
    c.font(11.5 * k, serif: true)
    let perLine = Int((Double(width) - 120 * k) / (11.5 * k))
    var y = 140 * k
    for text in [
      "本人\(app.applicant.name ?? "")，注册证书编号\(app.applicant.registrationCertificateNo ?? "")，在\(app.employer.name ?? "")从事安全生产管理工作。现将注册有效期内的履职情况陈述如下：",
      "一、组织开展安全生产检查和隐患排查治理，建立隐患台账，督促整改闭环。",
      "二、参与制定和修订安全生产规章制度、操作规程和生产安全事故应急救援预案，组织应急演练。",
      "三、组织从业人员安全教育培训，如实记录培训情况。",
      "四、按规定参加继续教育，累计学时符合要求。",
      "本人承诺以上陈述真实。",
    ] {
      y = c.paragraph(text, x: 60 * k, y: y, perLine: perLine, leading: 20 * k) + 10 * k
    }
    c.font(12 * k, serif: true)
    c.text("陈述人（签字）：", x: 320 * k, y: y + 50 * k)
    c.signature(x: 420 * k, y: y + 46 * k, width: 70 * k, seed: seed)
    c.text("2026 年 11 月 18 日", x: 380 * k, y: y + 90 * k)
    return c.image
  }

  /// The applicant holding their ID card, as a phone takes it (portrait frame): the
  /// person (a real portrait, cut out of its backdrop) in front of a wall, the card held
  /// up before the chest with the applicant's data and the ID photo on it. Without
  /// `card`, the same photo with empty hands.
  public func idHandheld(
    _ app: Application, width: Int, seed: UInt64, person: (image: DecodedImage, person: [Double]), sitter: Portraits.Sitter,
    cardPhoto: DecodedImage, card: Bool = true
  ) -> DecodedImage {
    let height = width * 4 / 3
    let c = Canvas(width: width, height: height, background: (0.86, 0.84, 0.8))
    let k = Double(width) / 600
    // A wall with a little texture, then the person in a dark jacket.
    for i in 0..<60 {
      c.color(0.8, 0.78, 0.74, 0.5)
      c.rectangle(0, Double(i) * 14 * k, Double(width), 3 * k)
    }
    c.color(0.2, 0.25, 0.38)
    c.ellipse(300 * k, 720 * k, 230 * k, 200 * k)
    c.rectangle(70 * k, 720 * k, 460 * k, 200 * k)
    // The portrait scaled so that the head is 290 units tall, the eyes at (300, 300).
    let s = 290 * k / (sitter.chin - sitter.crown)
    let side = Double(person.image.width) * s
    c.draw(
      person.image, alpha: person.person, x: 300 * k - sitter.eyeX * s, y: 300 * k - sitter.eyeY * s, width: side,
      height: Double(person.image.height) * s)
    guard card else { return c.image }
    // The card, held up in front of the chest, with its text legible and the ID photo.
    let cx = 160 * k, cy = 540 * k, cw = 290 * k, ch = 183 * k
    c.color(0.82, 0.9, 0.96)
    c.rectangle(cx, cy, cw, ch)
    c.color(0.2, 0.3, 0.45)
    c.rectangle(cx, cy, cw, ch, fill: false)
    c.font(13 * k)
    c.color(0.15, 0.15, 0.2)
    c.text("姓名  \(app.applicant.name ?? "")", x: cx + 16 * k, y: cy + 32 * k)
    c.text("性别  \(app.applicant.gender == .female ? "女" : "男")    民族  汉", x: cx + 16 * k, y: cy + 58 * k)
    c.text("出生  \(app.applicant.birthDate?.description ?? "")", x: cx + 16 * k, y: cy + 84 * k)
    c.font(10 * k)
    c.text("住址  \(String((app.applicant.address ?? "").prefix(14)))", x: cx + 16 * k, y: cy + 110 * k)
    c.font(12 * k, bold: true)
    c.text("公民身份号码  \(app.applicant.idNumber ?? "")", x: cx + 16 * k, y: cy + 160 * k)
    c.draw(cardPhoto, x: cx + 200 * k, y: cy + 14 * k, width: 76 * k, height: 76 * k * 579 / 413)
    // Fingers over the card's edge.
    c.color(0.86, 0.7, 0.58)
    for i in 0..<4 { c.ellipse(cx - 4 * k, cy + (50 + Double(i) * 22) * k, 18 * k, 10 * k) }
    var noise = Noise(state: seed)
    _ = noise.next()
    return c.image
  }
}

public struct SampleError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
