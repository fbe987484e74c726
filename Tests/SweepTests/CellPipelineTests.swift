import CircuitModel
import Foundation
import Testing
@testable import Sweep

@Suite("Per-cell pipeline: which stages run where (SWEEPS.md 'What ours must do')")
struct CellPipelineTests {
    /// A pipeline whose spectrum stage calls every cell with δ > 1 unstable, and whose
    /// simulation stage counts its calls and answers "limit-cycle" with period 0.5 s.
    private final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var deltas: [Double] = []
        func record(_ delta: Double) { lock.lock(); deltas.append(delta); lock.unlock() }
        var recorded: [Double] { lock.lock(); defer { lock.unlock() }; return deltas }
    }

    @Test("simulation runs exactly where the branch is unstable or lost; stable cells keep the branch fixed point")
    func simulationOnlyWhereNeeded() throws {
        var config = try SweepRunnerTests.smallConfig()
        config.trials = 1
        let calls = Calls()
        let pipeline = CellPipeline(
            continueBranch: { ReferenceBranchContinuation().continueBranch(to: $0, from: $1) },
            analyzeSpectrum: { circuit, state, _, _ in
                let spectrum = ReferenceSpectrum.summary(circuit, state)
                let unstable = (circuit.name ?? "").contains("delta 20.0") || (circuit.name ?? "").contains("delta 4.47")
                return spectrum.map {
                    SpectrumSummary(eigenvalues: $0.eigenvalues, abscissa: unstable ? 1 : $0.abscissa,
                                    leadingFrequencyHz: 0, verdict: unstable ? "unstable" : $0.verdict, certificate: "not-computed")
                }
            },
            simulate: { circuit, _, _ in
                calls.record(circuit.recurrentWeights.denseMatrix(order: circuit.neuronCount).frobeniusNorm)
                return AttractorSummary(kind: "limit-cycle", periodSeconds: 0.5)
            },
            simulateStarts: { _, _, starts, _, _ in starts.map { _ in "branch" } })
        let unit = SweepUnit(config: config, master: 11, pipeline: pipeline)
        var rows: [CellRow] = []
        for index in 0..<SweepGrid(config).unitCount { rows += try unit.run(unit: index) }
        let needing = rows.filter { $0.verdict == "unstable" || $0.branchStatus != "converged" }
        #expect(!needing.isEmpty)
        #expect(calls.recorded.count == needing.count)
        #expect(needing.allSatisfy { $0.attractor == "limit-cycle" && $0.periodSeconds == 0.5 })
        #expect(rows.filter { $0.verdict == "stable" }.allSatisfy { $0.attractor == "branch-fixed-point" && $0.periodSeconds == nil })
    }
}
