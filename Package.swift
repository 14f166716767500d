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

let package = Package(
  name: "safetyreg",
  products: [
    .executable(name: "safetyreg", targets: ["safetyreg"]),
    .library(name: "RegistrationRules", targets: ["RegistrationRules"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // C libraries, wrapped once at the edge.
    systemLibrary("CCairo", pkgConfig: "cairo", apt: "libcairo2-dev"),
    systemLibrary("CPangoCairo", pkgConfig: "pangocairo", apt: "libpango1.0-dev"),
    systemLibrary("CPoppler", pkgConfig: "poppler-glib", apt: "libpoppler-glib-dev"),
    systemLibrary("CPNG", pkgConfig: "libpng", apt: "libpng-dev"),
    systemLibrary("CJPEG", pkgConfig: "libjpeg", apt: "libjpeg-dev"),

    // Pure Swift: the model, validators, policy and rules.
    .target(
      name: "RegistrationRules",
      dependencies: [.product(name: "Yams", package: "Yams")]
    ),

    // The command-line tool, thin over the libraries.
    .executableTarget(
      name: "safetyreg",
      dependencies: [
        "RegistrationRules",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    .testTarget(name: "RegistrationRulesTests", dependencies: ["RegistrationRules"]),
    .testTarget(name: "CLITests", dependencies: ["safetyreg"]),
  ]
)
