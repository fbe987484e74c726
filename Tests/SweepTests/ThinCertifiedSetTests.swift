import CircuitModel
import Dynamics
import Foundation
import Sweep
import Testing

/// Two cells of the default sweep (n = 100, α·τ ≈ −0.009) were `undecided` after 2000 τ though
/// their trajectories converge to the branch point: the certified set (proofs/attractors.md
/// Theorem A.1) is thin there (√(λ₊/λ₋) ≈ 66, radius 1.5e-5), and the integration at rtol 1e-8
/// hovered at its own error level, 2–4e-7 away in a ≈ 20, outside it. The classifier now
/// tightens its tolerances when the approach to a certified centre stalls (A.5).
@Suite("Default-sweep cells with a thin certified set")
struct ThinCertifiedSetTests {
    @Test("cells 941 (closed-form start) and 1548 (first-order start) of sweeps/default.json reach the branch, certified")
    func thinSetCells() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try SweepConfig.load(path: root.appendingPathComponent("sweeps/default.json").path)
        let unit = SweepUnit(config: config, master: try #require(config.seed))
        for (cell, start) in [(941, CircuitStart.closedForm), (1548, .firstOrder)] {
            let circuit = try unit.circuit(ofCell: cell)
            let branch = try #require(CircuitDynamics.branchFixedPoint(of: circuit), "cell \(cell): the branch reaches δ")
            let outcomes = CellPipeline.dynamicsOutcomes(circuit, branch: branch.flattened, starts: [start], replay: false, seed: 0)
            #expect(outcomes == [AttractorOutcome.branch.rawValue], "cell \(cell) from \(start.rawValue): \(outcomes)")
        }
    }
}
