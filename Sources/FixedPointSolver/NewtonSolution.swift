/// How a Newton solve ended. Non-convergence is an outcome, not an error.
public enum NewtonStatus: Sendable, Equatable {
    /// |F_i| ≤ ε_abs + ε_rel · scale_i for every i.
    case converged
    /// The iteration budget ran out first.
    case maximumIterationsReached
    /// DF could not be factored, or its 1/κ₁ fell below `minimumReciprocalCondition`.
    case singularJacobian(atIteration: Int)
    /// F, DF or the step had a NaN or infinite entry.
    case nonFinite(atIteration: Int)
    /// The start violates the domain (a > 0), or no admissible step of useful length exists.
    case leftDomain(atIteration: Int)
    /// Backtracking went below `minimumStepFraction` without sufficient decrease: a local
    /// minimum of ‖F‖ that is not a zero, or rounding noise above the tolerance.
    case lineSearchFailed(atIteration: Int)

    /// A short label for tables and JSON: "converged", "maximum-iterations", …
    public var label: String {
        switch self {
        case .converged: return "converged"
        case .maximumIterationsReached: return "maximum-iterations"
        case .singularJacobian: return "singular-jacobian"
        case .nonFinite: return "non-finite"
        case .leftDomain: return "left-domain"
        case .lineSearchFailed: return "line-search-failed"
        }
    }
}

/// One Newton iteration k: the state of x_k and the step taken from it.
public struct NewtonIteration: Sendable, Equatable {
    /// k (0 = the initial guess).
    public let iteration: Int
    /// ‖F(x_k)‖∞.
    public let residualNorm: Double
    /// ‖x_{k+1} − x_k‖∞ = α‖d_k‖∞.
    public let stepLength: Double
    /// α, the accepted fraction of the Newton step d_k = −DF(x_k)⁻¹ F(x_k).
    public let stepFraction: Double
    /// Estimated 1/κ₁(DF(x_k)) (LAPACK dgecon).
    public let reciprocalCondition: Double
}

/// What happened: the last iterate and why the iteration stopped.
public struct NewtonSolution: Sendable {
    /// The last iterate x_k (the zero when converged).
    public let point: [Double]
    /// ‖F(x_k)‖∞.
    public let residualNorm: Double
    /// max_i |F_i(x_k)| / scale_i (scale_i as in the problem): the relative residual.
    public let scaledResidualNorm: Double
    /// Newton steps taken (k).
    public let iterations: Int
    public let status: NewtonStatus
    /// Per-iteration record, only when `NewtonOptions.recordsHistory`; the final iterate
    /// appears as an entry with step length 0.
    public let history: [NewtonIteration]

    public var isConverged: Bool { status == .converged }
}
