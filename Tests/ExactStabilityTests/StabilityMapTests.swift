import ExactArithmetic
import ExactStability
import Testing

@Suite("Stability maps over a parameter grid (map2d's library side)")
struct StabilityMapTests {
    typealias T = TestCircuits

    @Test("Axes are exact: wr:0:3:4 is 0, 1, 2, 3 and z:-1/2:1/2:3 is -1/2, 0, 1/2; bad specifications name the problem")
    func axisParsing() throws {
        #expect(try GridAxis2D(parsing: "wr:0:3:4").values == [0, 1, 2, 3])
        #expect(try GridAxis2D(parsing: "z:-1/2:1/2:3").values == [T.r(-1, 2), 0, T.r(1, 2)])
        #expect(try GridAxis2D(parsing: "tau-y:0.1:0.1:1").values == [T.r(1, 10)])
        #expect(throws: GridAxisError.unknownParameter("bz")) { try GridAxis2D(parsing: "bz:0:1:3") }
        #expect(throws: GridAxisError.badCount("0")) { try GridAxis2D(parsing: "wr:0:1:0") }
        #expect(throws: GridAxisError.malformed("wr:0:1")) { try GridAxis2D(parsing: "wr:0:1") }
    }

    @Test("Each cell equals the analysis of its own circuit; CSV has one row per grid point; SVG has one cell per point")
    func cellsMatchAnalyses() throws {
        guard let base = T.circuit(wr: T.r(1, 2), w: 1, input: T.r(1, 100), c: T.r(1, 10)) else { Issue.record("refused"); return }
        let x = try GridAxis2D(parsing: "wr:0:3:3"), y = try GridAxis2D(parsing: "z:-1/100:1/100:3")
        let map = try StabilityMap2D.compute(base: base, x: x, y: y)
        #expect(map.rows.count == 3 && map.rows.allSatisfy { $0.count == 3 })
        for (j, row) in map.rows.enumerated() {
            for (i, cell) in row.enumerated() {
                let circuit = try base.setting(.wr, to: x.values[i]).setting(.z, to: y.values[j])
                let analysis = ExactAnalyzer2D.analyze(circuit)
                #expect(cell.classes == analysis.fixedPoints.map(\.classification))
                #expect(cell.stableCount == analysis.stableCount && cell.isNonIsolated == analysis.isNonIsolated)
            }
        }
        #expect(map.rows[2][2].classes.contains(.saddle))  // w_r = 3, small input: Remark 4.15
        #expect(map.csv.split(separator: "\n").count == 1 + 9)
        #expect(map.csv.hasPrefix("wr,z,wr_decimal,z_decimal,fixed_points,stable,non_isolated,classes,branch_stable\n"))
        // branch_stable (issue 18): w_r ≥ 0, w ≥ 0 here, so every on-branch point is stable
        // (proofs/two-dimensional.md, g > 0 ⇒ stable); a grid point without one has an empty field.
        for cell in map.rows.joined() {
            #expect(cell.branchStable != false, "w_r = \(cell.x), z = \(cell.y)")
        }
        #expect(map.rows.joined().contains { $0.branchStable == true })
        #expect(map.svg.components(separatedBy: "<rect").count - 1 == 9 + 2 + 5)  // cells, background + frame, legend
        #expect(map.svg.hasSuffix("</svg>\n"))
    }
}
