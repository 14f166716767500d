// Generates the sample submissions in samples/submissions/ (and, with --bulk, the
// benchmark's phone-sized submissions) deterministically: the same command always writes
// the same files. Forms come from our renderer, rasterised by poppler, signed and stamped,
// then "photographed" (PhoneLook); ID photos and the people in hand-held photos are real
// portraits (Tests/Fixtures/portraits, CC BY 4.0) on a white or another backdrop.
//
//   safetyreg-samples OUT                       the curated samples (24 submissions)
//   safetyreg-samples OUT --bulk N [--phone]    N valid initial submissions (--phone: 3000×4000 pages)
//   safetyreg-samples OUT --form-variations N   N looks × 6 cases of form photos, with manifest.json
//   safetyreg-samples OUT --selfie              OUT/selfie.jpg: a phone-sized portrait on white (a test fixture)
//   safetyreg-samples OUT --reading-variations N N looks × 3 cases of what the review reads (the
//                                              applicant's contract and card, another person's
//                                              contract, a card with another number)
//   safetyreg-samples OUT --seal-variations N    N looks × 6 cases of the form's seal and labels
//                                              (our form: the employer's seal, its contract seal,
//                                              another company's; the official form without our
//                                              QR code: ok, unsigned, unstamped)
//   safetyreg-samples OUT --person-variations N N looks × 4 cases of the form's photo and the hand-held
//                                               ID photo (1500 × 2000; --small 1100 × 1467), with manifest.json
import CCairo
import Core
import FormRendering
import Foundation
import ImageCodecs
import RegistrationRules
import SampleMaking

struct Generator {
  let root: String
  let out: String
  let pages: Pages
  let policy: Policy
  /// The sitters, cut out of their backdrops once.
  let man: (image: DecodedImage, person: [Double])
  let woman: (image: DecodedImage, person: [Double])
  let other: (image: DecodedImage, person: [Double])

  init(root: String, out: String) throws {
    self.root = root
    self.out = out
    let portraits = Portraits(root: root)
    man = try portraits.cutout(Portraits.man)
    woman = try portraits.cutout(Portraits.woman)
    other = try portraits.cutout(Portraits.other)
    policy = try Policy.load(path: root + "/templates/policy.yaml")
    let renderer = try FormRenderer(templates: try FormTemplateSet.load(directory: root + "/templates/forms"))
    pages = Pages(policy: policy, renderer: renderer, templates: root + "/templates", geometry: try renderer.geometry())
  }

  func application(_ name: String) throws -> (text: String, app: Application) {
    let path = root + "/samples/applications/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return (text, try ApplicationLoader.load(path: path).application)
  }

  func folder(_ id: String) throws -> String {
    let dir = out + "/" + id
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

  /// Encodes an ID photo at the best quality that fits the policy's byte range.
  func photoJPEG(_ image: DecodedImage) throws -> [UInt8] {
    for quality in stride(from: 95, through: 60, by: -5) {
      let bytes = try JPEGCodec.encode(image, quality: quality)
      if bytes.count <= policy.photo.maxBytes { return bytes }
    }
    throw SampleError("photo does not fit")
  }

  func shot(
    _ page: DecodedImage, frame: (Int, Int), seed: UInt64, quality: Int, adjust: (inout PhoneLook.Options) -> Void = { _ in }
  )
    throws -> [UInt8]
  {
    var o = PhoneLook.Options(width: frame.0, height: frame.1)
    adjust(&o)
    return try JPEGCodec.encode(PhoneLook.photograph(page, o, seed: seed), quality: quality)
  }

  /// A PDF of JPEG pages (what a scanning app uploads), A4, each image embedded as is.
  func scannedPDF(_ jpegs: [[UInt8]], path: String) throws {
    let surface = cairo_pdf_surface_create(path, 595.28, 841.89)
    // A fixed date, so that the same command writes the same bytes.
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-11-20T09:00:00")
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2026-11-20T09:00:00")
    let cr = cairo_create(surface)
    for jpeg in jpegs {
      let decoded = try JPEGCodec.decode(
        jpeg, channels: 3, limits: DecodeLimits(maxPixels: 1 << 26, maxBytes: 1 << 26, timeout: 10)
      ).image
      let canvas = Canvas(decoded)
      let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: jpeg.count)
      copy.initialize(from: jpeg, count: jpeg.count)
      cairo_surface_set_mime_data(
        canvas.surface, CAIRO_MIME_TYPE_JPEG, copy, UInt(jpeg.count), { $0?.assumingMemoryBound(to: UInt8.self).deallocate() },
        copy)
      cairo_save(cr)
      let s = min(595.28 / Double(decoded.width), 841.89 / Double(decoded.height))
      cairo_scale(cr, s, s)
      cairo_set_source_surface(cr, canvas.surface, 0, 0)
      cairo_paint(cr)
      cairo_restore(cr)
      cairo_show_page(cr)
    }
    cairo_destroy(cr)
    cairo_surface_finish(surface)
    cairo_surface_destroy(surface)
  }

  // MARK: the curated samples

  func curated() throws {
    let frame = (1100, 1467), pageWidth = 1000, q = 62
    let photoImage = Portraits.idPhoto(Portraits.man, cut: man)
    let whitePhoto = try photoJPEG(photoImage)
    let photoPath = out + "/.photo-for-forms.jpg"
    try write(whitePhoto, photoPath)
    defer { try? FileManager.default.removeItem(atPath: photoPath) }

    /// - Parameters:
    ///   - printedWith: replacements that turn the application's data into the data the
    ///     form was printed from (another applicant's, or older data).
    func standard(
      _ id: String, app file: String, edit: (String) -> String = { $0 }, seed: UInt64,
      skip: Set<String> = [], marking: Pages.Marking = Pages.Marking(), printedWith: [(String, String)] = [],
      formPhoto: String? = nil, cardInHand: Bool = true, contractOf: [(String, String)] = [],
      cardOf: [(String, String)] = [], officialForm: Bool = false,
      extra: (String, Application) throws -> Void = { _, _ in }
    ) throws {
      let dir = try folder(id)
      let (text, _) = try application(file)
      let edited = edit(text)
      let ext = (file as NSString).pathExtension
      try edited.write(toFile: dir + "/application." + ext, atomically: true, encoding: .utf8)
      let app = try ApplicationLoader.parse(Array(edited.utf8), file: file).application
      if !skip.contains("photo") { try write(whitePhoto, dir + "/photo.jpg") }
      let printedText = printedWith.reduce(edited) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
      let printed = try ApplicationLoader.parse(Array(printedText.utf8), file: file).application
      let form =
        officialForm
        ? (1...2).map { pages.officialForm(printed, page: $0, width: pageWidth, seed: seed, marking: marking) }
        : try pages.form(printed, photo: formPhoto ?? photoPath, width: pageWidth, seed: seed, marking: marking)
      for (i, page) in form.enumerated() where !skip.contains("form-\(i + 1)") {
        try write(try shot(page, frame: frame, seed: seed &+ UInt64(i), quality: q), dir + "/form-\(i + 1).jpg")
      }
      let kind = app.kind ?? .initial
      /// The application as another document names it (another person's contract or card).
      func named(_ replacements: [(String, String)]) throws -> Application {
        guard !replacements.isEmpty else { return app }
        let text = replacements.reduce(edited) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        return try ApplicationLoader.parse(Array(text.utf8), file: file).application
      }
      let contractParty = try named(contractOf), cardHolder = try named(cardOf)
      if kind != .change || app.change?.reasons.contains(.employer) == true, !skip.contains("contract") {
        for n in 1...2 {
          try write(
            try shot(
              pages.contract(contractParty, page: n, width: pageWidth, seed: seed), frame: frame, seed: seed &+ 10 &+ UInt64(n),
              quality: q),
            dir + "/contract-\(n).jpg")
        }
      }
      if kind == .initial, !skip.contains("id-handheld") {
        try write(
          try shot(
            pages.idHandheld(
              cardHolder, width: 900, seed: seed, person: man, sitter: Portraits.man, cardPhoto: photoImage, card: cardInHand),
            frame: (900, 1200), seed: seed &+ 20, quality: q
          ) {
            $0.fill = 1; $0.tilt = 0.005
          },
          dir + "/id-handheld.jpg")
      }
      if kind == .renewal, !skip.contains("statement") {
        try write(
          try shot(pages.statement(app, width: pageWidth, seed: seed), frame: frame, seed: seed &+ 30, quality: q),
          dir + "/statement-1.jpg")
      }
      try extra(dir, app)
    }
    func id(_ n: Int, _ name: String) -> String { "2026-\(String(format: "%04d", n))-\(name)" }
    func setID(_ n: Int) -> (String) -> String {
      { $0.replacingOccurrences(of: #"id: "2026-000101""#, with: "id: \"2026-\(String(format: "%06d", n))\"") }
    }

    try standard(id(1, "initial-ok"), app: "initial.yaml", seed: 101)
    try standard(id(2, "renewal-ok"), app: "renewal.yaml", seed: 202)
    try standard(id(3, "change-ok"), app: "change.yaml", seed: 303)
    // The form as one scanned two-page PDF instead of two photos.
    try standard(id(4, "reregistration-pdf-ok"), app: "reregistration.json", seed: 404, skip: ["form-1", "form-2"]) { dir, app in
      let form = try pages.form(app, photo: photoPath, width: pageWidth, seed: 404)
      let jpegs = try form.enumerated().map {
        try JPEGCodec.encode(
          PhoneLook.photograph(
            $0.element, PhoneLook.Options(width: 1000, height: 1414, tilt: 0, fill: 1, noise: 1, falloff: 0.97),
            seed: 404 &+ UInt64($0.offset)), quality: 60)
      }
      try scannedPDF(jpegs, path: dir + "/form.pdf")
    }
    try standard(id(5, "form-page-missing"), app: "initial.yaml", edit: setID(105), seed: 505, skip: ["form-2"])
    try standard(id(6, "missing-id-handheld"), app: "initial.yaml", edit: setID(106), seed: 606, skip: ["id-handheld"])
    try standard(id(7, "blurry-contract"), app: "initial.yaml", edit: setID(107), seed: 707, skip: ["contract"]) { dir, app in
      try write(
        try shot(pages.contract(app, page: 0, width: pageWidth, seed: 7), frame: frame, seed: 7071, quality: q) { $0.blur = 3.5 },
        dir + "/contract-1.jpg")
    }
    try standard(id(8, "photo-blue-background"), app: "initial.yaml", edit: setID(108), seed: 808, skip: ["photo"]) { dir, _ in
      try write(try photoJPEG(Portraits.idPhoto(Portraits.man, cut: man, background: (0.25, 0.55, 0.85))), dir + "/photo.jpg")
    }
    try standard(id(9, "dark-contract"), app: "initial.yaml", edit: setID(109), seed: 909, skip: ["contract"]) { dir, app in
      try write(
        try shot(pages.contract(app, page: 0, width: pageWidth, seed: 9), frame: frame, seed: 9091, quality: q) {
          $0.exposure = 0.22; $0.noise = 1
        },
        dir + "/contract-1.jpg")
    }
    try standard(id(10, "low-resolution-contract"), app: "initial.yaml", edit: setID(110), seed: 1010, skip: ["contract"]) {
      dir, app in
      try write(
        try shot(pages.contract(app, page: 0, width: 600, seed: 10), frame: (660, 880), seed: 1011, quality: 80),
        dir + "/contract-1.jpg")
    }
    // A damaged upload, and a PNG saved as .jpg (a warning only: PNG is allowed for documents).
    try standard(id(11, "corrupt-form-page"), app: "initial.yaml", edit: setID(111), seed: 1111, skip: ["contract"]) { dir, app in
      let form2 = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/form-2.jpg")))
      try write(Array(form2.prefix(form2.count / 3)), dir + "/form-2.jpg")
      let contract = PhoneLook.photograph(
        pages.contract(app, page: 0, width: pageWidth, seed: 11), PhoneLook.Options(width: 1100, height: 1467, noise: 0),
        seed: 1112)
      try write(
        try PNGCodec.encode(
          DecodedImage(
            width: contract.width, height: contract.height, channels: 1,
            pixels: stride(from: 0, to: contract.pixels.count, by: 3).map { contract.pixels[$0 + 1] })), dir + "/contract-1.jpg")
    }
    // Data errors: a wrong ID check digit and a renewal outside its window.
    try standard(
      id(12, "invalid-data"), app: "initial.yaml",
      edit: {
        $0.replacingOccurrences(of: #"idNumber: "110101198804120010""#, with: #"idNumber: "110101198804120011""#)
          .replacingOccurrences(of: #"id: "2026-000101""#, with: #"id: "2026-000112""#)
      }, seed: 1212)
    // Hostile: markup in the data, a materials map that reaches out of the folder, a link.
    try standard(
      id(13, "hostile-upload"), app: "initial.yaml",
      edit: {
        $0.replacingOccurrences(of: "  name: 张伟", with: "  name: \"张伟<script>alert('x')</script>\"")
          .replacingOccurrences(of: #"id: "2026-000101""#, with: #"id: "2026-000113""#)
          + "materials:\n  contract: [\"../2026-0001-initial-ok/contract-1.jpg\", \"/etc/passwd\"]\n"
      }, seed: 1313, skip: ["contract"]
    ) { dir, _ in
      try? FileManager.default.removeItem(atPath: dir + "/statement-1.jpg")
      try FileManager.default.createSymbolicLink(atPath: dir + "/ce-1.jpg", withDestinationPath: "/etc/hostname")
    }
    // The form scan: each page's QR code, the applicant's signature, the employer's seal.
    // Another applicant's form (its QR code names application 2026-000101, not 114).
    try standard(
      id(14, "form-of-another-applicant"), app: "initial.yaml", edit: setID(114), seed: 1414,
      printedWith: [(#"id: "2026-000114""#, #"id: "2026-000101""#), ("  name: 张伟", "  name: 李娜")])
    try standard(
      id(15, "form-unsigned"), app: "initial.yaml", edit: setID(115), seed: 1515, marking: Pages.Marking(signed: false))
    try standard(
      id(16, "form-unstamped"), app: "initial.yaml", edit: setID(116), seed: 1616, marking: Pages.Marking(stamped: false))
    // Printed before the applicant's phone number changed: the QR code's digest differs.
    try standard(
      id(17, "form-printed-from-older-data"), app: "initial.yaml", edit: setID(117), seed: 1717,
      printedWith: [("13800138000", "13900139000")])
    // The person: a photo lying on its side, two people, a head off centre, empty hands in
    // the hand-held photo, and a form that prints someone else's photo.
    try standard(id(18, "photo-sideways"), app: "initial.yaml", edit: setID(118), seed: 1818, skip: ["photo"]) { dir, _ in
      try write(try photoJPEG(photoImage.applyingOrientation(8)), dir + "/photo.jpg")
    }
    try standard(id(19, "photo-two-people"), app: "initial.yaml", edit: setID(119), seed: 1919, skip: ["photo"]) { dir, _ in
      try write(try photoJPEG(twoPeople()), dir + "/photo.jpg")
    }
    try standard(id(20, "photo-head-off-centre"), app: "initial.yaml", edit: setID(120), seed: 2020, skip: ["photo"]) { dir, _ in
      try write(try photoJPEG(Portraits.idPhoto(Portraits.man, cut: man, centre: -0.22)), dir + "/photo.jpg")
    }
    try standard(id(21, "id-handheld-without-card"), app: "initial.yaml", edit: setID(121), seed: 2121, cardInHand: false)
    let someoneElse = out + "/.someone-else.jpg"
    try write(try photoJPEG(Portraits.idPhoto(Portraits.other, cut: other)), someoneElse)
    defer { try? FileManager.default.removeItem(atPath: someoneElse) }
    try standard(
      id(22, "form-photo-of-someone-else"), app: "initial.yaml", edit: setID(122), seed: 2222, formPhoto: someoneElse)
    // Another person's labour contract (her name and her valid ID number), and an ID card
    // held up that carries another valid number.
    try standard(
      id(23, "contract-of-another-person"), app: "initial.yaml", edit: setID(123), seed: 2323,
      contractOf: [("  name: 张伟", "  name: 李娜"), ("110101198804120010", "110105199003071220")])
    try standard(
      id(24, "id-card-of-another-person"), app: "initial.yaml", edit: setID(124), seed: 2424,
      cardOf: [("110101198804120010", "310104198506152344")])
    // The seal: the employer's contract seal (not its legal-entity or HR seal), and the
    // seal of another company.
    try standard(
      id(25, "form-stamped-with-contract-seal"), app: "initial.yaml", edit: setID(125), seed: 2525,
      marking: Pages.Marking(sealKind: "合同专用章"))
    try standard(
      id(26, "form-seal-of-another-company"), app: "initial.yaml", edit: setID(126), seed: 2626,
      marking: Pages.Marking(sealName: "上海东方建筑工程有限公司"))
    // Forms printed by the official system, without our QR code: signed and stamped,
    // unsigned, unstamped. The signature and the seal are found by the printed labels.
    try standard(id(27, "official-form-ok"), app: "initial.yaml", edit: setID(127), seed: 2727, officialForm: true)
    try standard(
      id(28, "official-form-unsigned"), app: "initial.yaml", edit: setID(128), seed: 2828,
      marking: Pages.Marking(signed: false), officialForm: true)
    try standard(
      id(29, "official-form-unstamped"), app: "initial.yaml", edit: setID(129), seed: 2929,
      marking: Pages.Marking(stamped: false), officialForm: true)
  }

  /// Two people side by side on white, as an ID photo's frame (413 × 579).
  func twoPeople() -> DecodedImage {
    let c = Canvas(width: 413, height: 579, background: (0.99, 0.99, 0.99))
    for (cut, sitter, x) in [(man, Portraits.man, 110.0), (woman, Portraits.woman, 300.0)] {
      // Each head 230 px tall, the eyes at (x, 250).
      let s = 230 / (sitter.chin - sitter.crown)
      c.draw(
        Portraits.onBackdrop(cut, (0.99, 0.99, 0.99)), alpha: cut.person, x: x - sitter.eyeX * s, y: 250 - sitter.eyeY * s,
        width: Double(cut.image.width) * s, height: Double(cut.image.height) * s)
    }
    // A touch darker, so that the white shirts do not clip (the check is about the people).
    var image = c.image
    for i in image.pixels.indices { image.pixels[i] = UInt8(Double(image.pixels[i]) * 0.965) }
    return image
  }

  // MARK: the form scan's variations (detection rates)

  /// For `count` looks (a fixed shuffle of `FormVariations.looks`) × every case: a
  /// submission with the application and both form pages photographed at 3000 × 4000,
  /// and `manifest.json` saying what a correct review finds in each.
  func formVariations(count: Int) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (text, app) = try application("initial.yaml")
    let other = try ApplicationLoader.parse(
      Array(
        text.replacingOccurrences(of: #"id: "2026-000101""#, with: #"id: "2026-000999""#)
          .replacingOccurrences(of: "  name: 张伟", with: "  name: 李娜").utf8), file: "other.yaml"
    ).application
    let looks = shuffledLooks(seed: 2026)
    let frame = (3000, 4000), pageWidth = 2700
    var manifest: [String: Any] = [:]
    for (n, look) in looks.prefix(count).enumerated() {
      let seed = UInt64(9000 + n)
      let own = try pages.form(app, photo: nil, width: pageWidth, seed: seed)
      let theirs = try pages.form(other, photo: nil, width: pageWidth, seed: seed)
      let page1 = try FormVariations.photograph(own[0], look, frame: frame, seed: seed)
      let otherPage1 = try FormVariations.photograph(theirs[0], look, frame: frame, seed: seed)
      for c in FormVariations.cases {
        let name = String(format: "v%03d-", n + 1) + c.name
        let dir = try folder(name)
        try text.write(toFile: dir + "/application.yaml", atomically: true, encoding: .utf8)
        let page2 = try pages.form(c.otherApplicant ? other : app, photo: nil, width: pageWidth, seed: seed, marking: c.marking)[
          1]
        try write(c.otherApplicant ? otherPage1 : page1, dir + "/form-1.jpg")
        try write(try FormVariations.photograph(page2, look, frame: frame, seed: seed &+ 1), dir + "/form-2.jpg")
        manifest[name] = ["case": c.name, "look": look.description, "expected": c.expected.map(\.rawValue)] as [String: Any]
      }
      FileHandle.standardError.write(Data("look \(n + 1)/\(count): \(look)\n".utf8))
    }
    let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
    try json.write(to: URL(fileURLWithPath: out + "/manifest.json"))
  }

  // MARK: the person's variations (detection rates)

  /// For `count` looks × 4 cases: the applicant's ID photo, their form's page 1 printed with
  /// that photo, someone else's or another photo of them (smiling), or none, and their
  /// hand-held ID photo with the card or with empty hands, photographed as `look` says.
  /// `manifest.json` gives the person codes a correct review finds in each.
  func personVariations(count: Int, frame: (Int, Int) = (1500, 2000)) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (text, app) = try application("initial.yaml")
    let portraits = Portraits(root: root)
    let womanSmiling = try portraits.cutout(Portraits.womanSmiling)
    let manSmiling = try portraits.cutout(Portraits.manSmiling)
    let looks = shuffledLooks(seed: 2027)
    let pageWidth = frame.0 * 9 / 10
    var manifest: [String: Any] = [:]
    let cases: [(name: String, printed: String?, card: Bool, expected: [ReasonCode])] = [
      ("same-photo", "same", true, []), ("someone-else", "other", true, [.photoMismatch]),
      ("smiling", "smiling", false, [.photoMismatch, .noIDCard]), ("no-photo", nil, false, [.noIDCard]),
    ]
    for (n, look) in looks.prefix(count).enumerated() {
      let seed = UInt64(7000 + n)
      // The applicant: the man on even looks, the woman on odd ones.
      let (sitter, cut, smiling, smilingCut) =
        n % 2 == 0
        ? (Portraits.man, man, Portraits.manSmiling, manSmiling) : (Portraits.woman, woman, Portraits.womanSmiling, womanSmiling)
      let idPhoto = Portraits.idPhoto(sitter, cut: cut)
      let printed: [String: DecodedImage] = [
        "same": idPhoto, "other": Portraits.idPhoto(Portraits.other, cut: other),
        "smiling": Portraits.idPhoto(smiling, cut: smilingCut),
      ]
      // Page 2 and the two hand-held photos are the same in every case of a look.
      let page2 = try FormVariations.photograph(
        try pages.form(app, photo: nil, width: pageWidth, seed: seed)[1], look, frame: frame, seed: seed &+ 1)
      var handheld: [Bool: [UInt8]] = [:]
      for card in [true, false] {
        let scene = pages.idHandheld(app, width: frame.0, seed: seed, person: cut, sitter: sitter, cardPhoto: idPhoto, card: card)
        handheld[card] = try FormVariations.photograph(scene, look, frame: frame, seed: seed &+ 2, fill: 1)
      }
      for c in cases {
        let name = String(format: "p%03d-", n + 1) + c.name
        let dir = try folder(name)
        try text.write(toFile: dir + "/application.yaml", atomically: true, encoding: .utf8)
        try write(try photoJPEG(idPhoto), dir + "/photo.jpg")
        var photoPath: String?
        if let key = c.printed, let image = printed[key] {
          photoPath = dir + "/.printed.jpg"
          try write(try photoJPEG(image), photoPath!)
        }
        let page1 = try pages.form(app, photo: photoPath, width: pageWidth, seed: seed)[0]
        if let photoPath { try FileManager.default.removeItem(atPath: photoPath) }
        try write(try FormVariations.photograph(page1, look, frame: frame, seed: seed), dir + "/form-1.jpg")
        try write(page2, dir + "/form-2.jpg")
        try write(handheld[c.card] ?? [], dir + "/id-handheld.jpg")
        manifest[name] = ["case": c.name, "look": look.description, "expected": c.expected.map(\.rawValue)] as [String: Any]
      }
      FileHandle.standardError.write(Data("look \(n + 1)/\(count): \(look)\n".utf8))
    }
    let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
    try json.write(to: URL(fileURLWithPath: out + "/manifest.json"))
  }

  // MARK: what the review reads, over the phone looks (detection rates)

  /// For `count` looks × 3 cases: the applicant's contract and card ("own"), another
  /// person's contract ("other-contract": her name and valid ID number), and a card
  /// carrying another valid number ("other-card"); photographed as `FormVariations` does.
  /// `manifest.json` says which `CONTENT_MISMATCH` a correct review finds.
  func readingVariations(count: Int, frame: (Int, Int) = (1500, 2000)) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (text, app) = try application("initial.yaml")
    func edited(_ replacements: [(String, String)]) throws -> Application {
      let t = replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
      return try ApplicationLoader.parse(Array(t.utf8), file: "initial.yaml").application
    }
    let otherPerson = try edited([("  name: 张伟", "  name: 李娜"), ("110101198804120010", "110105199003071220")])
    let otherCard = try edited([("110101198804120010", "310104198506152344")])
    let idPhoto = Portraits.idPhoto(Portraits.man, cut: man)
    let looks = shuffledLooks(seed: 2028)
    let pageWidth = frame.0 * 9 / 10
    var manifest: [String: Any] = [:]
    let cases: [(name: String, contract: Application, card: Application, expected: [ReasonCode])] = [
      ("own", app, app, []), ("other-contract", otherPerson, app, [.contentMismatch]),
      ("other-card", app, otherCard, [.contentMismatch]),
    ]
    for (n, look) in looks.prefix(count).enumerated() {
      let seed = UInt64(9000 + n)
      for c in cases {
        let name = String(format: "r%03d-", n + 1) + c.name
        let dir = try folder(name)
        try text.write(toFile: dir + "/application.yaml", atomically: true, encoding: .utf8)
        try write(try photoJPEG(idPhoto), dir + "/photo.jpg")
        for page in 1...2 {
          try write(
            try FormVariations.photograph(
              pages.contract(c.contract, page: page, width: pageWidth, seed: seed), look, frame: frame,
              seed: seed &+ UInt64(page)), dir + "/contract-\(page).jpg")
        }
        let scene = pages.idHandheld(
          c.card, width: frame.0, seed: seed, person: man, sitter: Portraits.man, cardPhoto: idPhoto)
        try write(try FormVariations.photograph(scene, look, frame: frame, seed: seed &+ 3, fill: 1), dir + "/id-handheld.jpg")
        manifest[name] = ["case": c.name, "look": look.description, "expected": c.expected.map(\.rawValue)] as [String: Any]
      }
      FileHandle.standardError.write(Data("look \(n + 1)/\(count): \(look)\n".utf8))
    }
    let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
    try json.write(to: URL(fileURLWithPath: out + "/manifest.json"))
  }

  /// The phone looks in an order of their own for each set (a shuffle by `seed`), so that
  /// a few of them are a mix of the easy and the hard.
  func shuffledLooks(seed: UInt64) -> [FormVariations.Look] {
    var noise = Noise(state: seed)
    var looks = FormVariations.looks
    for i in stride(from: looks.count - 1, to: 0, by: -1) { looks.swapAt(i, Int(noise.next() % UInt64(i + 1))) }
    return looks
  }

  /// `count` looks × 6 cases of the form's seal and labels: our form stamped with the
  /// employer's HR seal, with its contract seal, with another company's seal; the
  /// official system's form (no QR code of ours) signed and stamped, unsigned, unstamped.
  /// Each submission holds the application, the photo and the form's two pages only.
  func sealVariations(count: Int, frame: (Int, Int) = (1500, 2000)) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (text, app) = try application("initial.yaml")
    let idPhoto = try photoJPEG(Portraits.idPhoto(Portraits.man, cut: man))
    let photoPath = out + "/.photo-for-forms.jpg"
    try write(idPhoto, photoPath)
    defer { try? FileManager.default.removeItem(atPath: photoPath) }
    let looks = shuffledLooks(seed: 2029)
    let pageWidth = frame.0 * 9 / 10
    var manifest: [String: Any] = [:]
    let cases: [(name: String, official: Bool, marking: Pages.Marking, expected: [ReasonCode])] = [
      ("own-seal", false, Pages.Marking(), []),
      ("contract-seal", false, Pages.Marking(sealKind: "合同专用章"), [.sealNameMismatch]),
      ("other-company", false, Pages.Marking(sealName: "上海东方建筑工程有限公司"), [.sealNameMismatch]),
      ("official-ok", true, Pages.Marking(), []),
      ("official-unsigned", true, Pages.Marking(signed: false), [.signatureMissing]),
      ("official-unstamped", true, Pages.Marking(stamped: false), [.sealMissing]),
    ]
    for (n, look) in looks.prefix(count).enumerated() {
      let seed = UInt64(9500 + n)
      for c in cases {
        let name = String(format: "s%03d-", n + 1) + c.name
        let dir = try folder(name)
        try text.write(toFile: dir + "/application.yaml", atomically: true, encoding: .utf8)
        try write(idPhoto, dir + "/photo.jpg")
        let form =
          c.official
          ? (1...2).map { pages.officialForm(app, page: $0, width: pageWidth, seed: seed, marking: c.marking) }
          : try pages.form(app, photo: photoPath, width: pageWidth, seed: seed, marking: c.marking)
        for (i, page) in form.enumerated() {
          try write(
            try FormVariations.photograph(page, look, frame: frame, seed: seed &+ UInt64(i)), dir + "/form-\(i + 1).jpg")
        }
        manifest[name] = ["case": c.name, "look": look.description, "expected": c.expected.map(\.rawValue)] as [String: Any]
      }
      FileHandle.standardError.write(Data("look \(n + 1)/\(count): \(look)\n".utf8))
    }
    let json = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
    try json.write(to: URL(fileURLWithPath: out + "/manifest.json"))
  }

  // MARK: bulk submissions for the benchmark

  /// `count` valid initial submissions, each with a photo and five pages (form ×2,
  /// contract ×2, ID in hand); pages come from a pool of `variants` shots per kind, so
  /// generating 100 does not take 100 times as long.
  /// `count` submissions from 8 variants; with `withoutQR`, their forms are printed in
  /// the official system's layout (no QR code of ours), as other software prints them.
  func bulk(count: Int, phone: Bool, withoutQR: Bool = false) throws {
    let frame = phone ? (3000, 4000) : (1100, 1467)
    let pageWidth = phone ? 2700 : 1000, quality = phone ? 88 : 72
    let variants = min(count, 8)
    let photoImage = Portraits.idPhoto(Portraits.man, cut: man)
    let photo = try photoJPEG(photoImage)
    let photoPath = out + "/.photo-for-forms.jpg"
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try write(photo, photoPath)
    defer { try? FileManager.default.removeItem(atPath: photoPath) }
    let (text, app) = try application("initial.yaml")
    var pool: [[String: [UInt8]]] = []
    for v in 0..<variants {
      let seed = UInt64(5000 + v)
      let form =
        withoutQR
        ? (1...2).map { pages.officialForm(app, page: $0, width: pageWidth, seed: seed) }
        : try pages.form(app, photo: photoPath, width: pageWidth, seed: seed)
      var files: [String: [UInt8]] = [:]
      files["form-1.jpg"] = try shot(form[0], frame: frame, seed: seed, quality: quality)
      files["form-2.jpg"] = try shot(form[1], frame: frame, seed: seed + 1, quality: quality)
      for n in 1...2 {
        files["contract-\(n).jpg"] = try shot(
          pages.contract(app, page: n, width: pageWidth, seed: seed), frame: frame, seed: seed + 10 + UInt64(n), quality: quality)
      }
      files["id-handheld.jpg"] = try shot(
        pages.idHandheld(app, width: frame.0, seed: seed, person: man, sitter: Portraits.man, cardPhoto: photoImage),
        frame: frame,
        seed: seed + 20, quality: quality
      ) {
        $0.fill = 1; $0.tilt = 0.005
      }
      pool.append(files)
      FileHandle.standardError.write(Data("variant \(v + 1)/\(variants)\n".utf8))
    }
    for n in 0..<count {
      let dir = try folder(String(format: "bulk-%05d", n + 1))
      // Every copy keeps the sample's id: its form pages come from the shared pool, and
      // their QR codes name that application (another id would be FORM_MISMATCH).
      try text.write(toFile: dir + "/application.yaml", atomically: true, encoding: .utf8)
      try write(photo, dir + "/photo.jpg")
      for (name, bytes) in pool[n % variants] { try write(bytes, dir + "/" + name) }
    }
  }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let out = arguments.first, !out.hasPrefix("-") else {
  FileHandle.standardError.write(
    Data(
      "usage: safetyreg-samples OUT [--bulk N] [--phone] [--no-qr] | [--form-variations N] | [--person-variations N [--small]] | [--reading-variations N] | [--seal-variations N]\n"
        .utf8))
  exit(2)
}
if let existing = try? FileManager.default.contentsOfDirectory(atPath: out), !existing.isEmpty {
  FileHandle.standardError.write(Data("\(out) is not empty; remove it first\n".utf8))
  exit(2)
}
// Every count is a number of things to make: a negative one is a mistake, not a trap.
for (flag, value) in zip(arguments, arguments.dropFirst()) where flag.hasPrefix("--") {
  if let n = Int(value), n < 0 {
    FileHandle.standardError.write(Data("\(flag) \(value): the count cannot be negative\n".utf8))
    exit(2)
  }
}
let root = ProcessInfo.processInfo.environment["SAFETYREG_ROOT"] ?? FileManager.default.currentDirectoryPath
do {
  let generator = try Generator(root: root, out: out)
  if let i = arguments.firstIndex(of: "--form-variations"), i + 1 < arguments.count, let count = Int(arguments[i + 1]) {
    try generator.formVariations(count: count)
  } else if arguments.contains("--selfie") {
    // The man of the London set on a white wall, 1200 × 1600, at the portrait's own scale:
    // what `photo --fix` crops to an ID photo in the tests.
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let selfie = Portraits.idPhoto(
      Portraits.man, cut: generator.man, background: (0.97, 0.97, 0.965), size: (1200, 1600), headShare: 0.449, crownShare: 0.2)
    try Data(try JPEGCodec.encode(selfie, quality: 92)).write(to: URL(fileURLWithPath: out + "/selfie.jpg"))
  } else if let i = arguments.firstIndex(of: "--person-variations"), i + 1 < arguments.count,
    let count = Int(arguments[i + 1])
  {
    // --small: 1100 × 1467 photos (the tests), instead of 1500 × 2000.
    try generator.personVariations(count: count, frame: arguments.contains("--small") ? (1100, 1467) : (1500, 2000))
  } else if let i = arguments.firstIndex(of: "--reading-variations"), i + 1 < arguments.count,
    let count = Int(arguments[i + 1])
  {
    try generator.readingVariations(count: count)
  } else if let i = arguments.firstIndex(of: "--seal-variations"), i + 1 < arguments.count,
    let count = Int(arguments[i + 1])
  {
    try generator.sealVariations(count: count)
  } else if let i = arguments.firstIndex(of: "--bulk"), i + 1 < arguments.count, let count = Int(arguments[i + 1]) {
    try generator.bulk(count: count, phone: arguments.contains("--phone"), withoutQR: arguments.contains("--no-qr"))
  } else {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try generator.curated()
  }
} catch {
  FileHandle.standardError.write(Data("safetyreg-samples: \(error)\n".utf8))
  exit(1)
}
