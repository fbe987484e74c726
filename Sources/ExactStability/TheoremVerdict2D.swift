import ExactArithmetic

/// The hypotheses of the 2D stability theorem as exact predicates on the parameters
/// (proofs/two-dimensional.md Theorem 4.13). c² > 0 and τ > 0 hold for every `Circuit2D`.
public struct TheoremConditions2D: Sendable, Hashable {
    /// w ≥ 0.
    public let normalizationWeightNonnegative: Bool
    /// w_r ≥ 0.
    public let recurrentWeightNonnegative: Bool
    /// 0 ≤ w_r ≤ 1: the branch point then exists when 0 < w_r ≤ 1, and at w_r = 0
    /// exactly when w (b z)² < 1 (Proposition 4.14).
    public let recurrentWeightInUnitInterval: Bool

    public init(_ circuit: Circuit2D) {
        normalizationWeightNonnegative = circuit.normalizationWeight.signum >= 0
        recurrentWeightNonnegative = circuit.recurrentWeight.signum >= 0
        recurrentWeightInUnitInterval = recurrentWeightNonnegative && circuit.recurrentWeight <= .one
    }

    /// w ≥ 0 and w_r ≥ 0: every fixed point with g > 0 is asymptotically stable (4.13),
    /// and there is at most one (4.14).
    public var hold: Bool { normalizationWeightNonnegative && recurrentWeightNonnegative }
}

/// The verdict "every fixed point on the normalization branch is stable" for one circuit.
public enum TheoremVerdict2D: Sendable, Hashable {
    /// The hypotheses hold, so the statement is proved by (4.13); `branchExists` says
    /// whether the branch fixed point exists for these parameters (always when
    /// 0 < w_r ≤ 1), and `confirmedByExactSigns` whether the exact classes computed
    /// independently agree (they must; false would be a bug to investigate).
    case proved(branchExists: Bool, confirmedByExactSigns: Bool)
    /// The hypotheses fail; the reason names the parameter.
    case outsideHypotheses(reason: String)

    /// Builds the verdict from the conditions and the classified fixed points.
    init(_ circuit: Circuit2D, fixedPoints: [ExactFixedPoint2D], isNonIsolated: Bool) {
        let conditions = TheoremConditions2D(circuit)
        guard conditions.normalizationWeightNonnegative else {
            self = .outsideHypotheses(reason: "w = \(circuit.normalizationWeight) < 0"); return
        }
        guard conditions.recurrentWeightNonnegative else {
            self = .outsideHypotheses(reason: "w_r = \(circuit.recurrentWeight) < 0"); return
        }
        let branch = fixedPoints.filter { $0.isOnNormalizationBranch == true }
        let confirmed = branch.allSatisfy { $0.classification.isStable || !$0.isDifferentiable }
        self = .proved(branchExists: !branch.isEmpty, confirmedByExactSigns: confirmed)
    }

    /// "proved", "proved (no branch fixed point)", or "outside hypotheses: …".
    public var summary: String {
        switch self {
        case let .proved(exists, confirmed):
            return "proved" + (exists ? "" : " (no fixed point on the branch)")
                + (confirmed ? "" : " but NOT confirmed by exact signs")
        case let .outsideHypotheses(reason):
            return "outside hypotheses: \(reason)"
        }
    }
}
