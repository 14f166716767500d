import Testing

@testable import ImageCodecs

@Test func builds() {}
