/// A located turning point (fold, saddle-node) of a branch (proofs/newton.md §7.8): the point
/// where the branch's tangent τ = (ẋ, θ̇) has θ̇ = 0 while it stays a smooth curve in (x, θ).
/// There D_xH is singular with kernel spanned by τ_x.
///
/// It is found as the zero of τ_θ(s) along the pseudo-arclength between two accepted points
/// where τ_θ changes sign (Illinois regula falsi; τ_θ is linear in s near a simple fold, so
/// θ*, quadratic in s there, is located to far below 1e-10).
public struct FoldLocation: Sendable, Equatable {
    /// p at the fold (t for the homotopy, δ for a sweep's coupling).
    public let parameter: Double
    /// x at the fold.
    public let point: [Double]
    /// 1/κ₁(D_xH) at the fold (LAPACK's estimate): ≈ 0 at a true fold.
    public let reciprocalCondition: Double
    /// |cos ∠(v, τ_x)|, v the direction of the smallest singular value of D_xH (three steps of
    /// inverse iteration from a fixed vector) and τ_x the x-part of the branch tangent: ≈ 1
    /// at a fold (two independent routes to the kernel).
    public let nullVectorOverlap: Double
    /// τ_θ at the accepted points on either side (opposite signs: the branch turns back).
    public let tangentParameterBefore: Double
    public let tangentParameterAfter: Double
    /// |τ_θ| at the located point (≈ 0).
    public let tangentParameterAtFold: Double
    /// Pseudo-arclength steps taken before the fold was bracketed.
    public let arclengthSteps: Int
    /// The point (x, θ) and unit tangent at the fold, oriented past it, for `--follow-fold`
    /// (θ = (p − p₀)/(p₁ − p₀)).
    public let normalizedPoint: [Double]
    public let tangent: [Double]
}

/// A simple branch point met by pseudo-arclength continuation: sign det D_xH changed between
/// two accepted points while τ_θ kept its sign (no turning point). Located by bisection on
/// the sign of det D_xH along the arclength (proofs/newton.md §7.9).
public struct BranchPointLocation: Sendable, Equatable {
    /// p at the branch point.
    public let parameter: Double
    /// x there.
    public let point: [Double]
    /// 1/κ₁(D_xH) at the located point (≈ 0).
    public let reciprocalCondition: Double
    /// τ_θ on either side (same sign: not a fold).
    public let tangentParameterBefore: Double
    public let tangentParameterAfter: Double
}

/// What `CircuitFixedPointSolver.followFold` reached past a located fold.
public enum FoldFollowingOutcome: Sendable, Equatable {
    /// The branch came back to the target parameter: `point` is another zero of F(·, p₁), a
    /// fixed point of the circuit reached from the normalization branch through `folds` turning
    /// points (named "fixed point past the fold").
    case reachedTarget(point: [Double], folds: [FoldLocation], branchPoints: [BranchPointLocation])
    /// The branch went back to the start parameter p₀ at `point` (another zero of F(·, p₀)).
    case returnedToStart(point: [Double], folds: [FoldLocation], branchPoints: [BranchPointLocation])
    /// Pseudo-arclength could not continue (corrector failure, a ≤ 0) at parameter p.
    case lost(parameter: Double, point: [Double], folds: [FoldLocation], branchPoints: [BranchPointLocation])
    /// The step budget ran out at parameter p.
    case budgetExhausted(parameter: Double, point: [Double], folds: [FoldLocation], branchPoints: [BranchPointLocation])

    public var label: String {
        switch self {
        case .reachedTarget: return "fixed-point-past-fold"
        case .returnedToStart: return "returned-to-start"
        case .lost: return "lost"
        case .budgetExhausted: return "step-budget"
        }
    }

    /// The last point reached.
    public var point: [Double] {
        switch self {
        case .reachedTarget(let x, _, _), .returnedToStart(let x, _, _), .lost(_, let x, _, _), .budgetExhausted(_, let x, _, _):
            return x
        }
    }

    /// Further folds met (the one followed from is not included).
    public var folds: [FoldLocation] {
        switch self {
        case .reachedTarget(_, let f, _), .returnedToStart(_, let f, _), .lost(_, _, let f, _), .budgetExhausted(_, _, let f, _):
            return f
        }
    }

    /// Branch points met.
    public var branchPoints: [BranchPointLocation] {
        switch self {
        case .reachedTarget(_, _, let b), .returnedToStart(_, _, let b), .lost(_, _, _, let b), .budgetExhausted(_, _, _, let b):
            return b
        }
    }
}
