import Core
import Testing

@Suite struct CSVTests {
  @Test func uploadedTextNeverRunsAsAFormula() {
    for formula in ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
      let cell = CSV.field(formula, formulas: .defused)
      #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"), "\(cell)")
    }
    #expect(CSV.field("张伟", formulas: .defused) == "张伟")
  }

  @Test func ourFormulasAreKept() {
    #expect(CSV.field("=\"0012345\"", formulas: .ours) == "\"=\"\"0012345\"\"\"")
    #expect(CSV.field("-", formulas: .ours) == "-")
  }

  @Test func quotedOnlyWhenNeeded() {
    #expect(CSV.field("a,b", formulas: .defused) == "\"a,b\"")
    #expect(CSV.field("say \"hi\"", formulas: .defused) == "\"say \"\"hi\"\"\"")
    #expect(CSV.field("two\nlines", formulas: .defused) == "\"two\nlines\"")
    #expect(CSV.field("plain", formulas: .defused) == "plain")
    #expect(CSV.row(["a", "b,c", ""], formulas: .ours, newline: "\r\n") == "a,\"b,c\",\r\n")
  }
}
