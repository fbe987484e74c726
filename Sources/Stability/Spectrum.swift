import ComplexModule
import LinearAlgebra
import RealModule

/// The stability verdict of a fixed point from the spectrum of its flow Jacobian.
public enum StabilityVerdict: String, Sendable, Equatable, CaseIterable {
    /// Every eigenvalue satisfies Re λ_k + d_k < 0 (d_k its band radius): stable unless the
    /// eigenvalue computation erred by more than its band (a first-order estimate, not a proof).
    case stable
    /// Some eigenvalue satisfies Re λ_k − d_k > 0.
    case unstable
    /// Neither: the spectral abscissa is within the perturbation radius of zero
    /// (e.g. an exactly-zero or purely imaginary eigenvalue). Too close to call in double.
    case undecided
}

/// Which rule decided a verdict (proofs/theorem1.md §5.9): the band of the deciding
/// eigenvalue — the one with the largest Re λ_k + d_k (stable, undecided) or Re λ_k − d_k
/// (unstable).
public enum VerdictRule: String, Sendable, Equatable, CaseIterable {
    /// d_k = κ_k η, κ_k from dtrsna; the eigenvalue is isolated (its first-order disc does not
    /// touch another eigenvalue's, and κ_k η ≤ sep_k / 4).
    case firstOrderBand = "first-order band"
    /// The eigenvalue is in a cluster (it and another lie in each other's doubled first-order
    /// discs): d_k is the hull of the cluster's doubled discs, max_j (|λ_j − λ_k| + 2κ_jη), or,
    /// when that reaches 0, Henrici's radius on the cluster's dtrsen-reordered Schur block; or
    /// it fails the sep test (near-defective), and d_k ≥ √((2‖J_b‖_F + η)η).
    case clusterBand = "cluster band"
    /// d_k = η for every eigenvalue (`SpectrumOptions(conditionNumbers: false)`): exact for
    /// normal J only, optimistic otherwise — the rule before condition numbers were used.
    case unitConditionBand = "unit-condition band"
    /// d_k = e_k + d* for every eigenvalue of the symmetric arrowhead route (e_k its location error;
    /// d* for the copies of −1/τ_a): every eigenvalue of J lies within d* of spec(M') ∪ {copies},
    /// from a bound of the resolvent of the block-triangular form, not a first-order expansion
    /// (proofs/structure.md eq. 9.16). Used when the first-order bands do not decide.
    case resolventBand = "resolvent band"
}

/// Eigenvalues of a flow Jacobian J (m × m; m = 2n; J = diag(1/τ)·DF, units 1/s) and
/// what they say about the fixed point (proofs/theorem1.md, eqs. 5.8–5.9).
///
/// Eigenvalues are sorted by **descending** real part (rightmost first); equal real parts
/// are ordered by descending imaginary part, so a complex pair appears as λ, λ̄ with
/// Im λ > 0 first.
public struct Spectrum: Sendable {
    /// All m eigenvalues, rightmost first.
    public let eigenvalues: [Complex<Double>]
    /// κ(λ_k) = 1/s_k from LAPACK dtrsna on the Schur form of the balanced J_b, aligned with
    /// `eigenvalues`, when `conditionNumbers` is true (the default); +∞ for s_k = 0.
    public let conditionNumbers: [Double]?
    /// α = max_k Re λ_k (1/s when J is in 1/s).
    public let spectralAbscissa: Double
    /// |Im λ|/(2π) of the rightmost eigenvalue(s), the largest among ties (Hz when J is in 1/s);
    /// 0 for a real rightmost eigenvalue.
    public let leadingFrequency: Double
    /// −1/α (seconds when J is in 1/s): the e-folding time of the slowest mode.
    /// `nil` unless α < 0.
    public let slowestTimeConstant: Double?
    /// ‖J‖_F.
    public let jacobianNorm: Double
    /// ‖J_b‖_F of the balanced Jacobian D⁻¹JD (= ‖J‖_F when `balance` is false).
    public let balancedNorm: Double
    /// η = c · m · ε · ‖J_b‖_F, the assumed backward error of the eigenvalue computation.
    public let backwardError: Double
    /// d₁, the band radius of the rightmost eigenvalue (κ₁η, widened in a cluster; η when
    /// `conditionNumbers` is false): |α| ≤ this bound means `undecided`.
    public let undecidedBound: Double
    /// d_k for every eigenvalue, aligned with `eigenvalues`.
    public let bandRadii: [Double]
    /// The position (in `eigenvalues`) of the eigenvalue that decided the verdict.
    public let decidingIndex: Int
    /// The band rule of that eigenvalue.
    public let rule: VerdictRule
    /// stable / unstable / undecided, from every eigenvalue's band radius d_k.
    public let verdict: StabilityVerdict
    /// The options used.
    public let options: SpectrumOptions
    /// Which linear algebra produced the eigenvalues and bands: the dense 2n × 2n Schur form,
    /// the structured (bordered) reduction of proofs/structure.md, or the dense route after the
    /// structured one was tried and refused (with the reason; sweeps count these).
    public let route: SpectrumRoute

    /// α · τ_max: the abscissa in units of the slowest time constant of the circuit,
    /// the dimensionless number sweeps compare.
    public func normalizedAbscissa(timeScale: Double) -> Double { spectralAbscissa * timeScale }
}
