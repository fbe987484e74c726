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
    /// The corrected point is not on the curve the tangents at both ends describe (a jump to
    /// another branch, e.g. over a fold the step skipped).
    case inconsistentWithTangents
    /// The step would change the state by more than `ContinuationOptions.maximumRelativeChange`
    /// of its size (‖ẋ‖ grows without bound at a fold: the step is capped, not taken blind).
    case changeTooLarge
}

/// How a continuation ended.
public enum ContinuationStatus: Sendable, Equatable {
    /// The branch was followed to p₁.
    case reachedTarget
    /// The branch turns back at a located fold (proofs/newton.md §7.8): D_xH singular there,
    /// τ_θ changing sign. `point` is the fold; `parameterReached` its p.
    case folded(FoldLocation)
    /// The curve was continued through a simple branch point (sign det D_xH changed, no
    /// turning point; §7.9) to p₁. `point` is the zero at p₁ on the continued curve, a fixed
    /// point of the circuit, but past a bifurcation: not the normalization branch (7.5).
    case passedBranchPoint(BranchPointLocation)
    /// Natural-parameter steps stalled (the evidence says why) and pseudo-arclength found no
    /// turning point either: the branch is lost at `atParameter`, no fold is claimed.
    case lost(atParameter: Double, evidence: StallEvidence)
    /// The start is not a zero of F(·, p₀) (Newton from it ended with this status).
    case startNotConverged(NewtonStatus)
    /// `maximumSteps` attempts ran out before p₁.
    case maximumStepsReached

    public var label: String {
        switch self {
        case .reachedTarget: return "continued"
        case .folded: return "folded"
        case .passedBranchPoint: return "branch-point"
        case .lost: return "lost"
        case .startNotConverged: return "start-not-converged"
        case .maximumStepsReached: return "maximum-steps"
        }
    }

    /// The located fold, if any.
    public var fold: FoldLocation? {
        if case .folded(let location) = self { return location }
        return nil
    }
}

/// Why natural-parameter steps stopped and pseudo-arclength took over (§7.4, §7.7). Not a
/// fold by itself: a fold is claimed only when located (`ContinuationStatus.folded`).
public enum StallEvidence: Sendable, Equatable {
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
    /// Of the correctors' factorizations: made by the structured route (proofs/newton.md §7.10),
    /// and asked of it but done by dense LU because the reduced matrix was predicted to be much
    /// worse conditioned than DF (the fallback count).
    public var structuredFactorizations: Int = 0
    public var denseFallbacks: Int = 0
    /// Of `structuredFactorizations`: how many solved the reduced system through the y-block's
    /// eigenbasis instead of an LU (symmetric W_r, uniform a: proofs/newton.md §7.11).
    public var eigenbasisFactorizations: Int = 0
    /// The smallest 1/κ₁(DF) met at accepted points (including the start).
    public let minimumReciprocalCondition: Double
    /// ‖F(point, parameterReached)‖∞ and its scaled form (max |F_i|/scale_i).
    public let residualNorm: Double
    public let scaledResidualNorm: Double
    /// Accepted steps in order.
    public let history: [ContinuationStep]
    /// Why natural-parameter steps stalled, when they did (pseudo-arclength then took over).
    public let stall: StallEvidence?
    /// Pseudo-arclength steps taken after a stall (0 when none was needed).
    public let arclengthSteps: Int

    public var reachedTarget: Bool { status == .reachedTarget }
}
