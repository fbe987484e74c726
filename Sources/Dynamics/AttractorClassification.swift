import ComplexModule
import RealModule
import Stability

/// The attractor a trajectory reached.
public enum AttractorKind: String, Sendable, Equatable {
    case fixedPoint = "fixed-point"
    case limitCycle = "limit-cycle"
    case divergent
    case undecided
}

/// A settled trajectory, polished and linearized.
public struct FixedPointAttractor: Sendable {
    /// The state where ‖τ f‖ fell below the threshold.
    public let settledState: [Double]
    /// Newton's polish of `settledState`, nil when no polish was given or Newton failed.
    public let polishedState: [Double]?
    /// ‖diag(τ) f(x)‖∞ at `polishedState` (or at `settledState` without one); ‖F‖∞ for a circuit.
    public let scaledResidual: Double
    /// ‖x − reference‖∞ from the polished (else settled) state to the problem's reference fixed point.
    public let distanceToReference: Double?
    /// The spectrum of J at the polished (else settled) state (`Stability.Spectrum`: sorted
    /// eigenvalues, abscissa, leading frequency, verdict with its backward-error margin);
    /// nil when J was not finite or dgeev failed.
    public let spectrum: Spectrum?
    /// The certified region of attraction the trajectory entered (proofs/attractors.md), nil
    /// when the verdict came from the settling test alone.
    public let basin: QuadraticBasin?
    /// Eigenvalues of J, rightmost first, in 1/time units of f (empty without a spectrum).
    public var eigenvalues: [Complex<Double>] { spectrum?.eigenvalues ?? [] }
    /// max Re λ in 1/time units of f (× τ_max for the dimensionless λτ); NaN without a spectrum.
    public var spectralAbscissa: Double { spectrum?.spectralAbscissa ?? .nan }
    /// `Stability`'s verdict: stable, unstable, or undecided (too close to call in double).
    public var verdict: StabilityVerdict? { spectrum?.verdict }
    /// True only for the verdict `.stable`.
    public var isStable: Bool { verdict == .stable }
}

/// A periodic orbit confirmed by its return map and Floquet multipliers.
public struct LimitCycleAttractor: Sendable {
    /// T, in the time unit of f.
    public let period: Double
    /// Half the peak-to-peak range of each coordinate over one period.
    public let amplitudes: [Double]
    /// The section x_k = level (k = `sectionCoordinate`), crossed upward.
    public let sectionCoordinate: Int
    public let sectionLevel: Double
    /// The last section point (on the cycle).
    public let sectionPoint: [Double]
    /// Eigenvalues of the monodromy matrix Φ(T), Φ' = J(x(t)) Φ, Φ(0) = I.
    public let floquetMultipliers: [Complex<Double>]
    /// |μ_trivial − 1| for the multiplier closest to 1 (should be ≲ 1e-6: a check of T and Φ).
    public let trivialMultiplierError: Double
    /// max |μ| over the other multipliers; < 1 for an orbitally stable cycle.
    public let largestNontrivialMultiplier: Double
    public var isStable: Bool { largestNontrivialMultiplier < 1 }
    /// Half peak-to-peak range of the section coordinate.
    public var amplitude: Double { amplitudes[sectionCoordinate] }
}

/// What happened to the trajectory.
public struct AttractorClassification: Sendable {
    public let kind: AttractorKind
    /// Time simulated (time unit of f), and where the trajectory was then.
    public let finalTime: Double
    public let finalState: [Double]
    public let fixedPoint: FixedPointAttractor?
    public let limitCycle: LimitCycleAttractor?
    /// Why: "‖x‖∞ exceeded 1e10 at t = …", "time budget of 2000 τ spent", "integrator: …".
    public let reason: String
    /// Work over all chunks (the monodromy integration excluded).
    public let statistics: ODEStatistics
}
