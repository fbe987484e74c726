/// Why a continuation step was rejected (the last reason is kept as fold evidence).
public enum StepRejection: Sendable, Equatable {
    /// The predicted point violates the domain (a > 0).
    case predictorLeftDomain
    /// The corrector did not converge within its budget (its status).
    case correctorFailed(NewtonStatus)
    /// The corrector converged but too slowly (contraction above the limit): the predictor
    /// was outside the quadratic basin, possibly of another zero.
    case correctorContractionTooWeak
    /// sign det DF changed: the step crossed a fold (or a branch point) or jumped branches.
    case determinantSignChanged
    /// DF at the corrected point is singular.
    case singularJacobian
}

/// How a continuation ended.
public enum ContinuationStatus: Sendable, Equatable {
    /// The branch was followed to p₁.
    case reachedTarget
    /// The branch was lost at `atParameter` (the last accepted p): DF's condition collapsed,
    /// or the step size fell below the minimum (the last rejection says why) — a fold
    /// (saddle-node) in the generic case, proofs/newton.md §7.4.
    case folded(atParameter: Double, evidence: FoldEvidence)
    /// The start is not a zero of F(·, p₀) (Newton from it ended with this status).
    case startNotConverged(NewtonStatus)
    /// `maximumSteps` attempts ran out before p₁.
    case maximumStepsReached

    public var label: String {
        switch self {
        case .reachedTarget: return "continued"
        case .folded: return "folded"
        case .startNotConverged: return "start-not-converged"
        case .maximumStepsReached: return "maximum-steps"
        }
    }
}

/// The evidence for a fold.
public enum FoldEvidence: Sendable, Equatable {
    /// 1/κ₁(DF) at an accepted point fell below `foldReciprocalCondition`.
    case conditionCollapsed(reciprocalCondition: Double)
    /// A step of `minimumStep` was rejected, for this reason.
    case stepSizeUnderflow(lastRejection: StepRejection)
}

/// One accepted continuation step.
public struct ContinuationStep: Sendable, Equatable {
    /// p after the step.
    public let parameter: Double
    /// The step p_{k+1} − p_k.
    public let stepSize: Double
    /// Corrector iterations.
    public let correctorIterations: Int
    /// 1/κ₁(DF) at the corrected point.
    public let reciprocalCondition: Double
}

/// What happened along the branch.
public struct ContinuationSolution: Sendable {
    /// The last point on the branch (a zero of F(·, parameterReached)).
    public let point: [Double]
    /// p₀ … the last accepted p (p₁ when the target was reached).
    public let parameterReached: Double
    /// p₀ and p₁.
    public let start: Double
    public let target: Double
    public let status: ContinuationStatus
    /// Accepted steps (0 when p₀ = p₁).
    public let steps: Int
    /// Rejected step attempts.
    public let rejectedSteps: Int
    /// Corrector iterations (chord and Newton) summed over the start correction and every step.
    public let newtonIterations: Int
    /// LU factorizations of DF (start, correctors, accepted points): the dominant cost.
    public let factorizations: Int
    /// The smallest 1/κ₁(DF) met at accepted points (including the start).
    public let minimumReciprocalCondition: Double
    /// ‖F(point, parameterReached)‖∞ and its scaled form (max |F_i|/scale_i).
    public let residualNorm: Double
    public let scaledResidualNorm: Double
    /// Accepted steps in order.
    public let history: [ContinuationStep]

    public var reachedTarget: Bool { status == .reachedTarget }
}
