import ComplexModule
import LinearAlgebra
import RealModule

/// The stability verdict of a fixed point from the spectrum of its flow Jacobian.
public enum StabilityVerdict: String, Sendable, Equatable, CaseIterable {
    /// Every eigenvalue satisfies Re λ_k + κ(λ_k)·η < 0: asymptotically stable even
    /// after the worst backward error of the eigenvalue computation.
    case stable
    /// Some eigenvalue satisfies Re λ_k − κ(λ_k)·η > 0: unstable after any such error.
    case unstable
    /// Neither: the spectral abscissa is within the perturbation radius of zero
    /// (e.g. an exactly-zero or purely imaginary eigenvalue). Too close to call in double.
    case undecided
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
    /// κ(λ_k) = 1/|u_kᴴ v_k| (eigenvectors of the balanced J_b) aligned with `eigenvalues`,
    /// when `conditionNumbers` was asked;
    /// +∞ for a numerically defective eigenvalue (uᴴv = 0).
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
    /// κ(λ₁)·η for the rightmost eigenvalue (κ = 1 unless condition numbers were asked):
    /// |α| ≤ this bound means `undecided` when λ₁ decides the verdict.
    public let undecidedBound: Double
    /// stable / unstable / undecided, from every eigenvalue's radius κ(λ_k)·η.
    public let verdict: StabilityVerdict
    /// The options used.
    public let options: SpectrumOptions

    /// α · τ_max: the abscissa in units of the slowest time constant of the circuit,
    /// the dimensionless number sweeps compare.
    public func normalizedAbscissa(timeScale: Double) -> Double { spectralAbscissa * timeScale }
}
