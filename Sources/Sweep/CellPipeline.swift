import CircuitModel
import ComplexModule
import Foundation
import LinearAlgebra
import RealModule

/// The spectrum summary of a fixed point that a row records.
public struct SpectrumSummary: Sendable {
    /// Eigenvalues of the flow Jacobian diag(1/τ) J_F, 1/s.
    public let eigenvalues: [Complex<Double>]
    public let abscissa: Double
    public let leadingFrequencyHz: Double
    /// "stable", "unstable" or "undecided".
    public let verdict: String
    /// "certified", "refuted", "inconclusive", "failed" or "not-computed".
    public let certificate: String

    public init(eigenvalues: [Complex<Double>], abscissa: Double, leadingFrequencyHz: Double, verdict: String,
                certificate: String) {
        self.eigenvalues = eigenvalues; self.abscissa = abscissa; self.leadingFrequencyHz = leadingFrequencyHz
        self.verdict = verdict; self.certificate = certificate
    }
}

/// The attractor found by simulating a cell whose branch is lost or unstable.
public struct AttractorSummary: Sendable {
    /// "fixed-point", "limit-cycle", "diverging", "undecided" or "not-simulated".
    public let kind: String
    public let periodSeconds: Double?
    public init(kind: String, periodSeconds: Double? = nil) { self.kind = kind; self.periodSeconds = periodSeconds }
    public static let notSimulated = AttractorSummary(kind: "not-simulated")
}

/// Where a branch continuation starts.
public enum BranchStart: Sendable {
    /// W_r = I and the closed form (case-format.md): continue along W_r(t) = I + t (W_r − I),
    /// t: 0 → 1, to the target circuit.
    case identity
    /// `state`, a fixed point of W_r = I + `scale`·K: continue in δ along I + δK to the
    /// target circuit, whose W_r is I + `target`·K (identity-plus sweeps).
    case previous(coupling: ColumnMajorMatrix, scale: Double, target: Double, state: [Double])
}

/// The three stages of a cell, as replaceable closures so the sweep does not depend on how
/// each is computed (problem/options/solution kept in the stage's own module):
/// 1. `continueBranch(target, start)`: follow the normalization branch to the target circuit;
///    the outcome's `reached` is t on W_r(t) = I + t (W_r − I) (for `.previous`, δ reached / δ);
/// 2. `analyzeSpectrum(circuit, x)`: eigenvalues of the flow Jacobian and verdict;
/// 3. `simulate(circuit, x_start, seed)`: attractor reached from near x_start; `seed` (for a
///    random perturbation of the start) is SplitMix64.derivedSeed(master: trial seed, index: cell).
public struct CellPipeline: Sendable {
    public var continueBranch: @Sendable (Circuit, BranchStart) -> BranchOutcome
    public var analyzeSpectrum: @Sendable (Circuit, [Double], _ certificate: Bool) -> SpectrumSummary?
    public var simulate: @Sendable (Circuit, [Double], UInt64) -> AttractorSummary

    public init(continueBranch: @escaping @Sendable (Circuit, BranchStart) -> BranchOutcome,
                analyzeSpectrum: @escaping @Sendable (Circuit, [Double], Bool) -> SpectrumSummary?,
                simulate: @escaping @Sendable (Circuit, [Double], UInt64) -> AttractorSummary) {
        self.continueBranch = continueBranch; self.analyzeSpectrum = analyzeSpectrum; self.simulate = simulate
    }

    /// The pipeline in use: branch by `FixedPointSolver` (`solverBranch`), spectrum, verdict
    /// and certificate by `JacobianBuilder` + `Stability` (`stabilitySpectrum`), attractors by
    /// `Dynamics` (`dynamicsAttractor`).
    public static let standard = CellPipeline(
        continueBranch: { solverBranch($0, $1) },
        analyzeSpectrum: { circuit, state, certificate in stabilitySpectrum(circuit, state, certificate: certificate) },
        simulate: { circuit, state, seed in dynamicsAttractor(circuit, state, seed: seed) })

    /// The self-contained pipeline of this module alone (interim spectrum): a cross-check,
    /// variant `paper` only (its Jacobian is the paper's).
    public static let interim = CellPipeline(
        continueBranch: { BranchContinuation().continueBranch(to: $0, from: $1) },
        analyzeSpectrum: { circuit, state, _ in interimSpectrum(circuit, state) },
        simulate: { _, _, _ in .notSimulated })

    /// Spectrum of diag(1/τ) J_F (dgeev). Verdict: `stable` when max Re λ < −η, `unstable`
    /// when > η, else `undecided`, with η = 1e-10 ‖J‖_F (about the backward error of dgeev
    /// times a safety factor). Leading eigenvalue = largest real part (ties: largest |Im|).
    public static func interimSpectrum(_ circuit: Circuit, _ state: [Double]) -> SpectrumSummary? {
        let jacobian = flowJacobian(circuit, state)
        guard let eigenvalues = try? Eigendecomposition(jacobian).eigenvalues,
              let leading = eigenvalues.max(by: { ($0.real, abs($0.imaginary)) < ($1.real, abs($1.imaginary)) })
        else { return nil }
        let threshold = 1e-10 * jacobian.frobeniusNorm
        let verdict = leading.real < -threshold ? "stable" : leading.real > threshold ? "unstable" : "undecided"
        return SpectrumSummary(eigenvalues: eigenvalues, abscissa: leading.real,
                               leadingFrequencyHz: abs(leading.imaginary) / (2 * Double.pi), verdict: verdict,
                               certificate: "not-computed")
    }

    /// The flow Jacobian diag(1/τ) J_F at `state` (variant `paper`, shared/MATH.md §2), 1/s.
    public static func flowJacobian(_ circuit: Circuit, _ state: [Double]) -> ColumnMajorMatrix {
        let n = circuit.neuronCount
        var jacobian = BranchContinuation.residualJacobian(
            circuit, circuit.recurrentWeights.denseMatrix(order: n), circuit.normalizationWeights.denseMatrix(order: n), state)
        let tau = circuit.tauY + circuit.tauA
        for col in 0..<(2 * n) { for row in 0..<(2 * n) { jacobian[row, col] /= tau[row] } }
        return jacobian
    }
}
