import Foundation
import LinearAlgebra
import Testing
@testable import Sweep

/// The sweep's `linear_algebra` key (proofs/newton.md §7.10): forcing the dense route changes
/// nothing a row reports beyond rounding.
@Suite("Sweep: linear_algebra = dense vs auto")
struct LinearAlgebraRouteSweepTests {
    /// Checks proofs/newton.md §7.10 on a whole sweep (every stage, simulations from both starts).
    @Test("SweepRunnerTests.smallConfig (40 cells, n = 6, δ up to 20) by dense and auto: identical verdict, branch_status, attractor and from_* columns; abscissas within 1e-8 of 1/τ")
    func denseAndAutomaticAgree() throws {
        var dense = try SweepRunnerTests.smallConfig()
        dense.linearAlgebra = .dense
        var automatic = try SweepRunnerTests.smallConfig()
        automatic.linearAlgebra = .automatic
        #expect(try SweepConfig.decode(dense.encoded()) == dense, "the key round-trips")
        let a = try SweepRunnerTests.run(dense).rows, b = try SweepRunnerTests.run(automatic).rows
        #expect(a.count == 40 && b.count == 40)
        var largestGap = 0.0
        for (x, y) in zip(a, b) {
            #expect(x.attractor == y.attractor, "cell \(x.cell): attractor")
            #expect(x.outcomes == y.outcomes, "cell \(x.cell): \(x.outcomes) vs \(y.outcomes)")
            #expect(x.outcomeColumns == y.outcomeColumns)
            largestGap = max(largestGap, Self.expectBranchAndSpectrumAgree(x, y))
        }
        print("linear_algebra dense vs auto: largest |Δ abscissa| = \(largestGap) 1/s over \(a.count) cells")
    }

    /// Checks proofs/newton.md §7.11 on a sweep: the default config's setting (symmetric K, W = ones, one b0 and σ)
    /// at n = 64, where `auto` solves the branch and its pieces through K's eigenbasis.
    @Test("the default config at n = 64 (eigenbasis solves, newton.md §7.11) by dense and auto: identical verdict and branch_status, abscissas and δ* agree")
    func eigenbasisSweepAgreesWithDense() throws {
        func config(_ route: LinearAlgebraRoute) throws -> SweepConfig {
            var config = try SweepConfig.decode("""
                {"ensemble": "symmetric", "normalization_weights": "ones", "n": 64, "trials": 2, "seed": 5,
                 "delta": {"min": 0.05, "max": 10, "count": 6, "spacing": "log"},
                 "input_norm": {"min": 0.01, "max": 1, "count": 2, "spacing": "log"}, "simulate": "none"}
                """)
            config.linearAlgebra = route
            return config
        }
        let automatic = try config(.automatic)
        // The route is really taken: the sweep's solver has an eigenbasis for this K.
        let draw = try TrialDraw(config: automatic, master: 5, trial: 0)
        let circuit = try SweepUnit(config: automatic, master: 5).circuit(ofCell: 0)
        #expect(CellPipeline.couplingEigenbasis(of: circuit, coupling: draw.coupling) != nil)
        let a = try SweepRunnerTests.run(try config(.dense)).rows, b = try SweepRunnerTests.run(automatic).rows
        #expect(a.count == 24 && b.count == 24)
        for (x, y) in zip(a, b) { Self.expectBranchAndSpectrumAgree(x, y) }
    }

    /// Two runs' rows of one cell: identical verdict and branch_status; abscissas within 1e-8 of
    /// 1/τ = 500/s (the fixed points differ by ≲ 1e-12 relative, proofs/newton.md §7.10–7.11 tests,
    /// and the eigenvalues of J move by the same relative amount); δ* within the bisection
    /// tolerance. Returns |Δ abscissa| (0 when absent).
    @discardableResult
    static func expectBranchAndSpectrumAgree(_ x: CellRow, _ y: CellRow) -> Double {
        #expect(x.verdict == y.verdict, "cell \(x.cell): verdict \(x.verdict) vs \(y.verdict)")
        #expect(x.branchStatus == y.branchStatus, "cell \(x.cell): branch_status \(x.branchStatus) vs \(y.branchStatus)")
        var gap = 0.0
        if let p = x.spectralAbscissa, let q = y.spectralAbscissa {
            gap = abs(p - q)
            #expect(gap <= 1e-8 * 500, "cell \(x.cell): abscissa \(p) vs \(q)")
        } else {
            #expect(x.spectralAbscissa == nil && y.spectralAbscissa == nil, "cell \(x.cell): abscissa present in one run only")
        }
        if let p = x.boundaryDelta, let q = y.boundaryDelta {
            #expect(abs(p - q) <= 2e-3 * p, "cell \(x.cell): δ* \(p) vs \(q) (bisection tolerance 1e-3)")
        } else {
            #expect(x.boundaryDelta == nil && y.boundaryDelta == nil, "cell \(x.cell): δ*")
        }
        return gap
    }
}
