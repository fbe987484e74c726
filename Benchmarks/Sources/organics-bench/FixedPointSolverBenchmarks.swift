import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Randomness
import Sweep

/// The normalization-branch solve against one eigendecomposition of the 2n × 2n Jacobian
/// (the sweep's other per-cell cost). Circuit: SWEEPS.md defaults, n = 100, W = ones,
/// b = b0 = 1, σ = 0.1, τ = 2 ms, delocalized ‖z‖ = 0.1, W_r = I + K, K = (M + Mᵀ)/2,
/// M_ij ~ N(0, Δ²/n).
enum FixedPointSolverBenchmarks {
    /// DF of variant `paper` by the hand-written block formula of MATH.md §2
    /// (`BlockJacobian.residualJacobian`, the bench's own copy of the formula that the tests'
    /// reference tracker checks against central differences): timed beside JacobianBuilder's
    /// DF to show what the symbolic route costs.
    static let blockJacobian = CircuitJacobian { circuit, x in
        let n = circuit.neuronCount
        return BlockJacobian.residualJacobian(circuit, circuit.recurrentWeights.denseMatrix(order: n),
                                              circuit.normalizationWeights.denseMatrix(order: n), x)
    }

    static func run() throws {
        print("## FixedPointSolver: normalization branch vs one eigendecomposition (median of 5)")
        print("")
        print("DF from JacobianBuilder (`CircuitJacobian.standard`); LU = factorizations of the 2n×2n DF.")
        print("")
        print("| n | Δ | branch, default (steps / LU) | branch, `.chordCorrector` (steps / LU) | branch, block DF | dgeev 2n×2n (values) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for (n, delta) in [(100, 0.1), (100, 0.3), (100, 0.8), (200, 0.3)] {
            let circuit = try BenchmarkCircuits.literature(n: n, delta: delta, seed: 42)
            var byDefault: BranchSolution?, byChord: BranchSolution?
            let defaultTime = try medianSeconds { byDefault = try CircuitFixedPointSolver().normalizationBranch(of: circuit) }
            let chordTime = try medianSeconds {
                byChord = try CircuitFixedPointSolver(continuation: .chordCorrector).normalizationBranch(of: circuit)
            }
            let blockTime = try medianSeconds { _ = try CircuitFixedPointSolver(jacobian: blockJacobian).normalizationBranch(of: circuit) }
            guard let byDefault, let byChord else { continue }
            let jacobian = blockJacobian.evaluate(circuit, byDefault.state.flattened)
            let eig = try medianSeconds { _ = try Eigendecomposition(jacobian) }
            let d = byDefault.continuation, c = byChord.continuation
            print("| \(n) | \(delta) | \(formatSeconds(defaultTime)) (\(d.steps) / \(d.factorizations), \(d.status.label)) | \(formatSeconds(chordTime)) (\(c.steps) / \(c.factorizations)) | \(formatSeconds(blockTime)) | \(formatSeconds(eig)) |")
        }
        print("")
    }
}
