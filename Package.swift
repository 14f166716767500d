// swift-tools-version: 6.0
import PackageDescription

/// One system-library target per C library, found through pkg-config, with the Debian
/// package that provides it. `make deps` installs the same packages.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
  .systemLibrary(
    name: name,
    path: "Sources/\(name)",
    pkgConfig: pkgConfig,
    providers: [.apt([apt])]
  )
}

/// The pixel loops run 20–50× slower unoptimised, which would make `make demo` and the
/// tests (debug builds) crawl; these targets are optimised in every configuration.
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
  name: "safetyreg",
  products: [
    .executable(name: "safetyreg", targets: ["safetyreg"]),
    .library(name: "RegistrationRules", targets: ["RegistrationRules"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
  ],
  targets: [
    // C libraries, wrapped once at the edge.
    systemLibrary("CCairo", pkgConfig: "cairo", apt: "libcairo2-dev"),
    systemLibrary("CPangoCairo", pkgConfig: "pangocairo", apt: "libpango1.0-dev"),
    systemLibrary("CPoppler", pkgConfig: "poppler-glib", apt: "libpoppler-glib-dev"),
    systemLibrary("CPNG", pkgConfig: "libpng", apt: "libpng-dev"),
    systemLibrary("CJPEG", pkgConfig: "libjpeg", apt: "libjpeg-dev"),
    systemLibrary("CFontconfig", pkgConfig: "fontconfig", apt: "libfontconfig-dev"),
    systemLibrary("CHarfBuzzSubset", pkgConfig: "harfbuzz-subset", apt: "libharfbuzz-dev"),
    systemLibrary("CZlibSystem", pkgConfig: "zlib", apt: "zlib1g-dev"),
    systemLibrary("CHEIF", pkgConfig: "libheif", apt: "libheif-dev"),
    systemLibrary("CWebP", pkgConfig: "libwebp", apt: "libwebp-dev"),
    systemLibrary("CQRencode", pkgConfig: "libqrencode", apt: "libqrencode-dev"),
    systemLibrary("CZbar", pkgConfig: "zbar", apt: "libzbar-dev"),
    systemLibrary("CYAML", pkgConfig: "yaml-0.1", apt: "libyaml-dev"),

    // libjpeg's errors longjmp; this C target keeps every libjpeg call behind a setjmp.
    .target(name: "CJPEGShim", dependencies: ["CJPEG"]),

    // Starting check workers needs two GNU extensions Swift's Glibc module lacks.
    .target(name: "CProcessShim"),

    // poppler reports damage only through its C++ error callback; this shim counts it.
    .target(name: "CPopplerShim", linkerSettings: [.linkedLibrary("poppler")]),

    // qpdf's page helpers and writer are C++ only; this shim gives them a C interface.
    .target(name: "CQPDFShim", linkerSettings: [.linkedLibrary("qpdf")]),

    // dlib's face detector is C++ templates that throw; this shim gives it a C interface,
    // and computes the 68 landmarks from a flat copy of dlib's model (see its header).
    // Optimised in every configuration: the landmark cascade is 7,500 tree walks a face.
    .target(
      name: "CFaceShim", cxxSettings: [.unsafeFlags(["-O2"])],
      linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("lapack"), .linkedLibrary("blas")]),

    // Tesseract's C API, opened with dlopen at the first read (see its header: linking it
    // costs every process 17 ms at start).
    .target(name: "CTextShim", linkerSettings: [.linkedLibrary("dl")]),

    // What every layer shares, in Swift with no C: findings and reason codes, messages in
    // two languages, dates, JSON values, hashing, the work queue, the parsed-document tree
    // and file access (the `FileAccess` seam: the disk, or memory; atomic writes). See ARCHITECTURE.md for what may import what.
    .target(name: "Core"),

    // YAML (from libyaml's events) and JSON, parsed into Core's `DocumentNode` with every
    // node's line, under limits for hostile files.
    .target(name: "DocumentParsing", dependencies: ["Core", "CYAML"]),

    // The model, validators, policy and rules, in Swift.
    .target(name: "RegistrationRules", dependencies: ["Core", "DocumentParsing"]),

    // HR's spreadsheets (CSV in UTF-8 or GB18030, .xlsx) as applications.
    .target(
      name: "Spreadsheets",
      dependencies: ["Core", "RegistrationRules", "CZlibSystem"]),

    // Safe decoding and encoding of uploaded images (JPEG, PNG), shared by the forms
    // (the photo box) and the material checks.
    .target(
      name: "ImageCodecs",
      dependencies: ["Core", "CJPEGShim", "CPNG", "CZlibSystem", "CHEIF", "CWebP", "CPixelKernels"],
      swiftSettings: optimizedEvenInDebug),

    // Faces in photos: dlib's detector and landmarks behind CFaceShim, the model files
    // prepared once, and the geometry (pose, eyes, where the head is) as plain numbers.
    .target(name: "FaceFinding", dependencies: ["ImageCodecs", "CFaceShim"], swiftSettings: optimizedEvenInDebug),

    // Text in photographed documents: Tesseract (simplified Chinese and English) behind
    // CTextShim, one engine per check worker.
    .target(name: "TextReading", dependencies: ["ImageCodecs", "CTextShim"]),

    // PDFs read through poppler-glib: uploads to check, and our own forms in the tests.
    .target(name: "PDFReading", dependencies: ["Core", "ImageCodecs", "CPoppler", "CPopplerShim", "CCairo", "CQPDFShim"]),

    // Checks of uploaded material: safe decoding, metrics, verdicts, the photo fixer.
    // Pixel loops that Swift cannot vectorise (gathers, float-to-byte conversion).
    .target(name: "CPixelKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),

    .target(
      name: "MaterialChecks",
      dependencies: [
        "Core", "RegistrationRules", "ImageCodecs", "PDFReading", "FaceFinding", "TextReading", "CProcessShim", "CZbar",
        "CPixelKernels",
      ],
      swiftSettings: optimizedEvenInDebug),

    // Application forms as print-ready PDFs: templates → cairo + pango.
    .target(
      name: "FormRendering",
      dependencies: [
        "Core", "RegistrationRules", "DocumentParsing", "ImageCodecs", "CCairo", "CPangoCairo", "CFontconfig", "CHarfBuzzSubset", "CQPDFShim",
        "CQRencode",
      ]),

    // Submissions → decisions → reports (JSON, CSV, the reviewer's HTML page).
    .target(
      name: "BatchReview",
      dependencies: [
        "Core", "RegistrationRules", "ImageCodecs", "PDFReading", "MaterialChecks", "FaceFinding", "TextReading",
        .product(name: "Mustache", package: "swift-mustache"),
      ]),

    // The web service (`serve`: the pages, the API, the reports behind their token) and
    // the shapes of every answer (`--json` and text), shared by the commands and the API.
    .target(
      name: "Service",
      dependencies: [
        "Core", "RegistrationRules", "DocumentParsing", "FormRendering", "MaterialChecks", "BatchReview",
        .product(name: "Hummingbird", package: "hummingbird"),
      ]),

    // The command-line tool, thin over the libraries.
    .executableTarget(
      name: "safetyreg",
      dependencies: [
        "Core",
        "RegistrationRules",
        "FormRendering",
        "MaterialChecks",
        "BatchReview",
        "Service",
        "Spreadsheets",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),

    // Pages as applicants photograph them: our forms signed and stamped, contracts, ID
    // photos, and what a phone does to a page. For the samples, the benchmark and the tests.
    .target(
      name: "SampleMaking", dependencies: ["Core", "RegistrationRules", "FormRendering", "ImageCodecs", "PDFReading", "CCairo"],
      swiftSettings: optimizedEvenInDebug),

    // Generates samples/submissions and the benchmark's submissions (deterministic).
    .executableTarget(
      name: "safetyreg-samples",
      dependencies: ["Core", "RegistrationRules", "FormRendering", "ImageCodecs", "PDFReading", "CCairo", "SampleMaking"]
    ),

    .target(name: "TestSupport", dependencies: ["Core", "RegistrationRules", "ImageCodecs"], path: "Tests/TestSupport"),
    // What may import what (ARCHITECTURE.md's table), checked against every source file.
    .testTarget(name: "ArchitectureTests", dependencies: ["TestSupport"]),
    .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
    .testTarget(name: "RegistrationRulesTests", dependencies: ["Core", "DocumentParsing", "RegistrationRules", "TestSupport"]),
    .testTarget(name: "ImageCodecsTests", dependencies: ["Core", "ImageCodecs", "TestSupport"]),
    .testTarget(name: "FaceFindingTests", dependencies: ["Core", "FaceFinding", "ImageCodecs", "TestSupport"]),
    .testTarget(
      name: "TextReadingTests", dependencies: ["Core", "TextReading", "ImageCodecs", "SampleMaking", "RegistrationRules", "TestSupport"]),
    .testTarget(
      name: "MaterialChecksTests",
      dependencies: [
        "Core", "MaterialChecks", "ImageCodecs", "PDFReading", "FormRendering", "SampleMaking", "FaceFinding", "TestSupport",
      ]),
    .testTarget(name: "FormRenderingTests", dependencies: ["Core", "FormRendering", "PDFReading", "ImageCodecs", "TestSupport"]),
    .testTarget(name: "SpreadsheetsTests", dependencies: ["Core", "Spreadsheets", "RegistrationRules", "TestSupport"]),
    .testTarget(
      name: "BatchReviewTests",
      dependencies: [
        "Core", "BatchReview", "RegistrationRules", "FormRendering", "SampleMaking", "FaceFinding", "MaterialChecks", "TextReading",
        "TestSupport",
      ]),
    .testTarget(
      name: "CLITests",
      dependencies: [
        // safetyreg-samples: built for the tests that generate photo variations with it.
        "safetyreg", "safetyreg-samples", "Service", "TestSupport", "Core", "ImageCodecs", "RegistrationRules", "MaterialChecks",
        .product(name: "Hummingbird", package: "hummingbird"),
      ]),
  ],
  cxxLanguageStandard: .cxx17
)

// libFuzzer targets (`make fuzz`): built only when SAFETYREG_FUZZ is set, with
// `-sanitize=fuzzer,address`, whose runtime brings the `main`.
if Context.environment["SAFETYREG_FUZZ"] != nil {
  let fuzzing: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
  package.targets += [
    .target(name: "FuzzDriver", dependencies: ["Core", "RegistrationRules"], path: "Fuzz/FuzzDriver"),
    .executableTarget(
      name: "FuzzImages", dependencies: ["FuzzDriver", "Core", "ImageCodecs", "MaterialChecks", "RegistrationRules"],
      path: "Fuzz/FuzzImages", swiftSettings: fuzzing),
    .executableTarget(
      name: "FuzzPDF", dependencies: ["FuzzDriver", "Core", "MaterialChecks", "RegistrationRules"], path: "Fuzz/FuzzPDF",
      swiftSettings: fuzzing),
    .executableTarget(
      name: "FuzzApplication", dependencies: ["FuzzDriver", "Core", "RegistrationRules"], path: "Fuzz/FuzzApplication",
      swiftSettings: fuzzing),
    .executableTarget(
      name: "FuzzSpreadsheet", dependencies: ["FuzzDriver", "Core", "Spreadsheets", "RegistrationRules"],
      path: "Fuzz/FuzzSpreadsheet", swiftSettings: fuzzing),
    .executableTarget(
      name: "FuzzPolicy", dependencies: ["FuzzDriver", "Core", "RegistrationRules"], path: "Fuzz/FuzzPolicy", swiftSettings: fuzzing),
  ]
}
