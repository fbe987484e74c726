import LinearAlgebra

/// How a Lyapunov certificate is computed and judged.
public struct LyapunovOptions: Sendable, Equatable {
    /// The relative residual ‖JᵀP + PJ + I‖_F / (2‖J‖_F‖P‖_F + 1) must be at most
    /// `residualFactor · m · ε`. Bartels–Stewart is backward stable in this relative sense
    /// (residual O(m ε)); 1000 leaves room for the two orthogonal transformations.
    public let residualFactor: Double

    public init(residualFactor: Double = 1000) {
        self.residualFactor = residualFactor.isFinite && residualFactor > 0 ? residualFactor : 1000
    }
}

/// Why a certificate could be neither given nor refused.
public enum LyapunovInconclusiveReason: String, Sendable, Equatable {
    /// dtrsyl reported nearly singular Tᵀ X + X T (some λ_i + λ_j ≈ 0, e.g. an imaginary pair).
    case sylvesterNearlySingular
    /// P has a NaN or infinite entry (overflow in the back substitution).
    case nonFiniteSolution
    /// The relative residual exceeds `residualFactor · m · ε`.
    case residualTooLarge
    /// The floating-point Cholesky of P succeeded (the old, unverified rule), but P ≻ 0 and
    /// −(JᵀP + PJ) ≻ 0 could not both be verified with rounding accounted for (eqs. 6.9a–6.9b).
    case marginNotVerified
}

/// The outcome of the Lyapunov test (proofs/energy.md, eqs. 6.7–6.10).
public enum LyapunovStatus: Sendable, Equatable {
    /// Proved: P ≻ 0 and −(JᵀP + PJ) ≻ 0 hold in exact arithmetic for the floating-point J
    /// (or its exactly similar balanced J') and P, with every rounding error of the check
    /// bounded (`verifiedMargin`, eqs. 6.9a–6.9d). The floating-point J is Hurwitz with
    /// α(J) ≤ −β, β the verified margin.
    case certified
    /// Cholesky of P failed at the leading minor of this order: P is not positive definite,
    /// so J is not Hurwitz, or is too close to the boundary to tell (eq. 6.11).
    case refuted(failedMinorOrder: Int)
    /// Neither could be concluded.
    case inconclusive(LyapunovInconclusiveReason)

    /// "certified", "refuted" or "inconclusive" (for CSV and the CLI).
    public var name: String {
        switch self {
        case .certified: return "certified"
        case .refuted: return "refuted"
        case .inconclusive: return "inconclusive"
        }
    }
}

/// The solution P of Jᵀ P + P J = −I (Bartels–Stewart) and what it certifies.
///
/// For Hurwitz J, P = ∫₀^∞ exp(Jᵀt) exp(Jt) dt is the unique solution and P ≻ 0; then
/// V(δx) = δxᵀ P δx decreases along every linearized trajectory with dV/dt = −|δx|²
/// (proofs/energy.md, eq. 6.8). Computed by `LyapunovCertificate(jacobian:options:)`.
public struct LyapunovCertificate: Sendable {
    public let status: LyapunovStatus
    /// P, symmetrized (JᵀP + PJ = −diag(`equationWeights`)); `nil` when dtrsyl failed or P is
    /// not finite.
    public let solution: ColumnMajorMatrix?
    /// ‖JᵀP + PJ + I‖_F / (2‖J‖_F‖P‖_F + 1) — for a `balanced` certificate the same with
    /// J', P' (eq. 6.7b); NaN without P.
    public let relativeResidual: Double
    /// ‖JᵀP + PJ + I‖_F (J', P' when `balanced`); NaN without P.
    public let absoluteResidual: Double
    /// The tolerance the relative residual was held to: residualFactor · m · ε.
    public let residualTolerance: Double
    /// min_i L_ii of the Cholesky factor P = L Lᵀ, when it succeeded (λ_min(P) ≤ min_i L_ii²).
    public let choleskyMinimumDiagonal: Double?
    /// λ_min(P) and λ_max(P) by dsyevd, when P is available. For a `balanced` certificate these
    /// (and `choleskyMinimumDiagonal`) describe P = D⁻¹P'D⁻¹ as computed in floating point,
    /// which can be too ill-conditioned to resolve λ_min (even reported ≤ 0, or no Cholesky
    /// factor); the certificate itself rests on P' ≻ 0.
    public let smallestEigenvalue: Double?
    public let largestEigenvalue: Double?
    /// ‖R‖_F / (2 λ_min(P)), R = JᵀP + PJ + I: with E = −P⁻¹R/2, (J + E)ᵀP + P(J + E) = −I
    /// exactly, so P certifies J + E (eq. 6.10) — a backward-error statement about some nearby
    /// J + E, not a proof about J. `nil` unless dsyevd reports λ_min(P) > 0.
    public let perturbationBound: Double?
    /// True when dpotrf factored P: the pre-verification rule for `certified`, kept to compare
    /// (it proves nothing by itself: the computed factor is exact only for P + ΔP).
    public let floatingPointCholeskySucceeded: Bool
    /// The verified bounds behind `.certified` (`nil` otherwise): β = `margin` with α(J) ≤ −β.
    public let verifiedMargin: VerifiedLyapunovMargin?
    /// dtrsyl's scale factor (1 unless the back substitution was rescaled against overflow).
    public let sylvesterScale: Double
    /// True when the verdict comes from the balanced J' = D⁻¹JD, J'ᵀP' + P'J' = −I (eq. 6.7b),
    /// because the direct attempt did not certify; `solution` is then P = D⁻¹P'D⁻¹.
    public let balanced: Bool
    /// The diagonal of Q in JᵀP + PJ = −Q for the returned P: all ones, or D⁻² when `balanced`.
    /// Along δẋ = Jδx, dV/dt = −δxᵀQδx (eq. 6.8).
    public let equationWeights: [Double]

    /// True for `.certified`.
    public var isCertified: Bool { status == .certified }

    /// True when the floating-point J is proved Hurwitz: the same as `isCertified` since
    /// certification is verified (eqs. 6.9a–6.9d).
    public var provesExactStability: Bool { verifiedMargin != nil }
}
