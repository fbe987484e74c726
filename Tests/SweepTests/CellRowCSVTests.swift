import PropertyBased
import Randomness
import Testing
@testable import Sweep

@Suite("cells.csv rows: round trip and truncation")
struct CellRowCSVTests {
    static let outcomeColumns = ["from_closed_form", "from_first_order", "literature_euler"]

    static func randomRow(seed: UInt64) -> CellRow {
        var g = Xoshiro256StarStar(seed: seed)
        func value() -> Double { g.nextGaussian() * g.nextLogUniform(1e-300, 1e300) }
        func maybe() -> Double? { g.nextBernoulli(0.3) ? nil : value() }
        var row = CellRow(cell: Int(g.next() >> 34), trial: 3, inputNormIndex: 1, deltaIndex: 2, seed: g.next(),
                       ensemble: "symmetric", recurrence: "scaled", neuronCount: 100, mean: value(), delta: value(),
                       inputNorm: value(), inputKind: "random", spectralRadiusRecurrent: value(), branchStatus: "folded",
                       branchT: value(), newtonIterations: 17, residual: value(), spectralAbscissa: maybe(),
                       abscissaTimesTau: maybe(), leadingFrequencyHz: maybe(), verdict: "undecided",
                       certificate: "not-computed", attractor: "limit-cycle", periodSeconds: maybe(),
                       firstOrderError: maybe(), boundaryDelta: maybe(), foldDelta: maybe(), seconds: value())
        row.outcomeColumns = outcomeColumns
        row.outcomes = outcomeColumns.map { _ in ["branch", "diverging", "limit-cycle", "undecided"][Int(g.next() % 4)] }
        return row
    }

    @Test("parse(format(row)) == row exactly (round-trip description)")
    func roundTrip() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            let row = Self.randomRow(seed: seed)
            #expect(CellRow(csvLine: Substring(row.csvLine), outcomeColumns: Self.outcomeColumns) == row)
            #expect(CellRow(csvLine: Substring(row.csvLine)) == nil)
        }
    }

    @Test("a row cut anywhere before its end does not parse, or the file drops it")
    func truncatedRows() throws {
        let row = Self.randomRow(seed: 4)
        let header = CellRow.header(outcomeColumns: Self.outcomeColumns)
        let text = "# c\n" + header + "\n" + row.csvLine + "\n"
        for cut in stride(from: text.count - 1, to: text.count - row.csvLine.count, by: -7) {
            let parsed = try SweepFiles.parseCells(String(text.prefix(cut)), path: "x")
            #expect(parsed.rows.isEmpty && parsed.dropped == 1)
        }
        #expect(try SweepFiles.parseCells(text, path: "x").rows == [row])
        #expect(header.split(separator: ",").count == CellRow.columns.count + Self.outcomeColumns.count)
        #expect(CellRow.outcomeColumns(header: Substring(header)) == Self.outcomeColumns)
    }
}
