import CircuitModel
import Dynamics
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
    /// target circuit, whose W_r is I + `target`·K (identity-plus sweeps). `couplingEigenbasis`:
    /// K = QΘQᵀ made once for the unit's pieces (`CellPipeline.couplingEigenbasis`), or nil.
    case previous(coupling: ColumnMajorMatrix, scale: Double, target: Double, state: [Double],
                  couplingEigenbasis: SymmetricEigenbasis? = nil)
}

/// The stages of a cell, as replaceable closures so the sweep does not depend on how each is
/// computed (problem/options/solution kept in the stage's own module):
/// 1. `continueBranch(target, start)`: follow the normalization branch to the target circuit;
///    the outcome's `reached` is t on W_r(t) = I + t (W_r − I) (for `.previous`, δ reached / δ);
/// 2. `analyzeSpectrum(circuit, x)`: eigenvalues of the flow Jacobian and verdict;
/// 3. `simulate(circuit, x_start, seed)`: attractor reached from near x_start (an unstable or
///    lost branch point); `seed` (for the random perturbation of the start) is
///    SplitMix64.derivedSeed(master: trial seed, index: cell);
/// 4. `simulateStarts(circuit, branch, starts, replay, seed)`: the `AttractorOutcome` raw value
///    reached from each named start (`branch` = the converged branch fixed point, nil when
///    lost), then, when `replay`, the literature's Euler replay from `starts[0]`.
public struct CellPipeline: Sendable {
    public var continueBranch: @Sendable (Circuit, BranchStart) -> BranchOutcome
    /// The last argument: an eigendecomposition of the unit's coupling K (W_r = I + δK), which the
    /// spectrum may reuse (structure.md §9.7), or nil.
    public var analyzeSpectrum: @Sendable (Circuit, [Double], _ certificate: Bool, SymmetricEigenbasis?) -> SpectrumSummary?
    public var simulate: @Sendable (Circuit, [Double], UInt64) -> AttractorSummary
    public var simulateStarts: @Sendable (Circuit, _ branch: [Double]?, [CircuitStart], _ replay: Bool, UInt64) -> [String]

    public init(continueBranch: @escaping @Sendable (Circuit, BranchStart) -> BranchOutcome,
                analyzeSpectrum: @escaping @Sendable (Circuit, [Double], Bool, SymmetricEigenbasis?) -> SpectrumSummary?,
                simulate: @escaping @Sendable (Circuit, [Double], UInt64) -> AttractorSummary,
                simulateStarts: @escaping @Sendable (Circuit, [Double]?, [CircuitStart], Bool, UInt64) -> [String]) {
        self.continueBranch = continueBranch; self.analyzeSpectrum = analyzeSpectrum; self.simulate = simulate
        self.simulateStarts = simulateStarts
    }

    /// The pipeline in use: branch by `FixedPointSolver` (`solverBranch`), spectrum, verdict
    /// and certificate by `JacobianBuilder` + `Stability` (`stabilitySpectrum`), attractors by
    /// `Dynamics` (`dynamicsAttractor`, `dynamicsOutcomes`).
    public static let standard = CellPipeline(
        continueBranch: { solverBranch($0, $1) },
        analyzeSpectrum: { circuit, state, certificate, eigenbasis in
            stabilitySpectrum(circuit, state, certificate: certificate, recurrentEigenbasis: eigenbasis)
        },
        simulate: { circuit, state, seed in dynamicsAttractor(circuit, state, seed: seed) },
        simulateStarts: { circuit, branch, starts, replay, seed in
            dynamicsOutcomes(circuit, branch: branch, starts: starts, replay: replay, seed: seed)
        })
}
