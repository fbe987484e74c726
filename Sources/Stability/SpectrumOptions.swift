/// How a `Spectrum` is computed: one value reused across a sweep (see STYLE.md,
/// "Problem, options, solution").
///
/// The verdict compares each eigenvalue's real part with its perturbation radius
/// (proofs/theorem1.md, eq. 5.9):
///
///     η   = backwardErrorFactor · m · ε · ‖J_b‖_F         (backward error of dgeev)
///     d_k = κ(λ_k) · η,   κ(λ_k) = 1 / |u_kᴴ v_k|         (first-order eigenvalue shift)
///     d_k widened for clustered or near-defective eigenvalues
///     (`VerdictRule.clusterBand`; see `Spectrum(jacobian:options:)`)
///
/// with J_b = D⁻¹ J D the diagonally balanced Jacobian (`balance: true`, the default; J_b = J
/// otherwise) and u_k, v_k the unit left and right eigenvectors of J_b (κ by dtrsna). dgeev itself balances
/// and is backward stable relative to the balanced matrix, so ‖J_b‖ — not ‖J‖, which can be
/// 10¹³ for stiff circuits with tiny a_i — is the scale of its error. `conditionNumbers: true`
/// (the default) computes the Schur form by dgees and κ(λ_k) by dtrevc + dtrsna, and widens the
/// band of clustered eigenvalues; `false` is the old rule, dgeev with κ(λ_k) = 1 for every k
/// (exact for normal J, optimistic otherwise).
public struct SpectrumOptions: Sendable, Equatable {
    /// Compute κ(λ) for every eigenvalue (dtrsna) and use it, with the cluster widening, in the verdict.
    public let conditionNumbers: Bool
    /// c in η = c · m · ε · ‖J_b‖_F. dgeev is backward stable with a modest polynomial p(m);
    /// c = 10 with the explicit factor m covers the balancing + Hessenberg + QR steps.
    public let backwardErrorFactor: Double
    /// Measure η on the balanced J_b = D⁻¹JD (D = diag of powers of two) and take κ from J_b's
    /// eigenvectors. The eigenvalues are those of J either way.
    public let balance: Bool

    /// - Parameters:
    ///   - conditionNumbers: use eigenvalue condition numbers (default true; false: κ = 1).
    ///   - backwardErrorFactor: c in η = c·m·ε·‖J_b‖_F, must be ≥ 0 (default 10).
    ///   - balance: measure η and κ on the balanced Jacobian (default true).
    public init(conditionNumbers: Bool = true, backwardErrorFactor: Double = 10, balance: Bool = true) {
        self.conditionNumbers = conditionNumbers
        self.balance = balance
        self.backwardErrorFactor = backwardErrorFactor.isFinite ? max(0, backwardErrorFactor) : 10
    }
}
