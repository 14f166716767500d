import ImageCodecs
import Testing

@testable import FaceFinding

/// The order the card search looks in: a block of the card's shape inside the card (its
/// portrait's frame, a block of text) is looked at after the card that holds it, however
/// much more its borders stood out; other windows keep their order.
@Suite struct CardCandidateTests {
  typealias W = CardFinder.Window

  @Test func theCardComesBeforeTheBlocksInsideIt() {
    let block = W(x: 187, y: 633, width: 120, height: 76)  // inside the card
    let elsewhere = W(x: 450, y: 100, width: 120, height: 76)
    let card = W(x: 175, y: 555, width: 281, height: 199)
    let other = W(x: 20, y: 20, width: 200, height: 126)
    #expect(CardFinder.containersFirst([block, elsewhere, card, other]) == [card, block, elsewhere, other])
  }

  @Test func windowsThatOnlyOverlapKeepTheirOrder() {
    // Half of the first inside the second: not a block of it.
    let a = W(x: 0, y: 0, width: 100, height: 63), b = W(x: 50, y: 0, width: 200, height: 126)
    #expect(CardFinder.containersFirst([a, b]) == [a, b])
    // A larger window first already: nothing moves; nothing is lost or repeated.
    let c = W(x: 10, y: 10, width: 60, height: 38)
    #expect(CardFinder.containersFirst([b, a, c]) == [b, a, c])
    #expect(CardFinder.containersFirst([c, a, b]) == [a, c, b])
    #expect(CardFinder.containersFirst([]) == [])
  }

  /// A window with no pixels is enlarged to itself: nothing to sample, nothing read.
  @Test func anEmptyImageIsEnlargedAsItIs() {
    let empty = GrayImage(width: 0, height: 0, pixels: [])
    #expect(empty.scaled(by: 3) == empty)
    let column = GrayImage(width: 0, height: 4, pixels: [])
    #expect(column.scaled(by: 2) == column)
  }
}
