import Core
import Testing

@testable import MaterialChecks

/// The verdict thresholds are rows of a table (`Thresholds`): each row compares one
/// measurement with one policy limit, and says both numbers in its message.
@Suite struct ThresholdTests {
  typealias Row = Threshold<Double, Double>

  @Test func aRowFailsOnlyPastItsLimitAndSaysBothNumbers() throws {
    let atLeast = Row(code: .blurry, message: "materialVerdict.photoBlurred", side: .atLeast, measured: { $0 }, limit: { $0 })
    #expect(atLeast.finding(35, 35, material: .photo, file: "p.jpg") == nil, "at the limit passes")
    let below = try #require(atLeast.finding(34.96, 35, material: .photo, file: "p.jpg"))
    #expect(below.code == .blurry && below.severity == .error && below.file == "p.jpg")
    #expect(below.measured == Measure(35.0) && below.limit == Measure(35), "shown as people read it: 34.96 is 35.0")
    #expect(below.message(.en).contains("sharpness 35, at least 35"), "\(below.message(.en))")

    let atMost = Row(
      code: .tooBright, message: "materialVerdict.faceBlownOut", side: .atMost, measured: { $0 }, limit: { $0 },
      shown: asPercentToTenths, shownLimit: asPercentToTenths, recorded: { Measure(round3($0)) }, recordedLimit: Measure.init)
    #expect(atMost.finding(0.02, 0.02, material: .photo, file: "p.jpg") == nil)
    let over = try #require(atMost.finding(0.12345, 0.02, material: .photo, file: "p.jpg"))
    #expect(over.message(.en).contains("12.3 % of it is blown out to white, at most 2 %"), "\(over.message(.en))")
    #expect(over.measured == Measure(0.123) && over.limit == Measure(0.02), "the report keeps the shares")

    let notApplicable = Row(
      code: .blurry, message: "materialVerdict.photoBlurred", side: .atLeast, measured: { _ in nil }, limit: { $0 })
    #expect(notApplicable.finding(0, 35, material: .photo, file: "p.jpg") == nil)
  }

  @Test func aGroupAnswersWithItsFirstFailureOnly() throws {
    let dark = Row(code: .tooDark, message: "materialVerdict.faceTooDark", side: .atLeast, measured: { $0 }, limit: { _ in 80 })
    let bright = Row(
      code: .tooBright, message: "materialVerdict.faceTooBright", side: .atMost, measured: { $0 }, limit: { _ in 200 })
    let flat = Row(
      code: .lowContrast, message: "materialVerdict.faceFlat", side: .atLeast, measured: { _ in 3 }, limit: { _ in 20 })
    #expect(Row.firstBroken([dark, bright, flat], 50, 0, material: .photo, file: "p.jpg")?.code == .tooDark)
    #expect(Row.firstBroken([dark, bright, flat], 220, 0, material: .photo, file: "p.jpg")?.code == .tooBright)
    #expect(Row.firstBroken([dark, bright, flat], 120, 0, material: .photo, file: "p.jpg")?.code == .lowContrast)
    #expect(Row.firstBroken([dark, bright], 120, 0, material: .photo, file: "p.jpg") == nil)
  }

  /// Every row's message is in both catalogs and names exactly the numbers a row fills
  /// (and a document page's place).
  @Test func everyRowsMessageNamesItsNumbers() throws {
    let catalogs = MessageCatalogs.shipped
    let photoKeys = (Thresholds.photo.flatMap { $0 } + [Thresholds.chroma, Thresholds.backgroundUnevenness]).map(\.message)
    let pageKeys = ([Thresholds.resolution, Thresholds.enlarged] + Thresholds.pageLight + Thresholds.pageSharpness).map(\.message)
    #expect(photoKeys.count == 8 && pageKeys.count == 8)
    for code in ["zh", "en"] {
      let catalog = try #require(catalogs.catalogs[code])
      for key in photoKeys { #expect(catalog.placeholders(key) == ["measured", "limit"], "\(code) \(key)") }
      for key in pageKeys { #expect(catalog.placeholders(key) == ["measured", "limit", "on"], "\(code) \(key)") }
    }
  }
}
