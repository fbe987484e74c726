/// How a `Spectrum` is computed: one value reused across a sweep (see STYLE.md,
/// "Problem, options, solution").
///
/// The verdict compares each eigenvalue's real part with its perturbation radius
/// (proofs/theorem1.md, eq. 5.9):
///
///     η   = backwardErrorFactor · m · ε · ‖J_b‖_F         (backward error of dgeev)
///     d_k = κ(λ_k) · η,   κ(λ_k) = 1 / |u_kᴴ v_k|         (first-order eigenvalue shift)
///
/// with J_b = D⁻¹ J D the diagonally balanced Jacobian (`balance: true`, the default; J_b = J
/// otherwise) and u_k, v_k the unit left and right eigenvectors of J_b. dgeev itself balances
/// and is backward stable relative to the balanced matrix, so ‖J_b‖ — not ‖J‖, which can be
/// 10¹³ for stiff circuits with tiny a_i — is the scale of its error. `conditionNumbers: false` takes
/// κ(λ_k) = 1 for every k (exact for normal J, optimistic otherwise); `true` asks dgeev for
/// both eigenvector sets (about 2.5× the cost) and uses the true κ(λ_k).
public struct SpectrumOptions: Sendable, Equatable {
    /// Compute κ(λ) = 1/|uᴴv| for every eigenvalue and use it in the verdict.
    public let conditionNumbers: Bool
    /// c in η = c · m · ε · ‖J_b‖_F. dgeev is backward stable with a modest polynomial p(m);
    /// c = 10 with the explicit factor m covers the balancing + Hessenberg + QR steps.
    public let backwardErrorFactor: Double
    /// Measure η on the balanced J_b = D⁻¹JD (D = diag of powers of two) and take κ from J_b's
    /// eigenvectors. The eigenvalues are those of J either way.
    public let balance: Bool

    /// - Parameters:
    ///   - conditionNumbers: use eigenvalue condition numbers (default false: κ = 1).
    ///   - backwardErrorFactor: c in η = c·m·ε·‖J_b‖_F, must be ≥ 0 (default 10).
    ///   - balance: measure η and κ on the balanced Jacobian (default true).
    public init(conditionNumbers: Bool = false, backwardErrorFactor: Double = 10, balance: Bool = true) {
        self.conditionNumbers = conditionNumbers
        self.balance = balance
        self.backwardErrorFactor = backwardErrorFactor.isFinite ? max(0, backwardErrorFactor) : 10
    }
}
