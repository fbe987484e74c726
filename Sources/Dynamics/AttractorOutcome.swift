/// What a trajectory reached, relative to the normalization branch (the sweep's `from_*`
/// columns, `organics simulate --json` key `outcome`):
/// `branch` — a fixed point within 1e-6 (relative, ∞-norm) of the branch fixed point after
/// Newton polish; `other-fixed-point` — any other fixed point (or any, when the branch was
/// lost); `limit-cycle`; `diverging`; `undecided`; `not-simulated` (the sweep skipped it).
public enum AttractorOutcome: String, Sendable, CaseIterable, Equatable {
    case branch
    case otherFixedPoint = "other-fixed-point"
    case limitCycle = "limit-cycle"
    case diverging
    case undecided
    case notSimulated = "not-simulated"

    /// Relative distance ‖x − x_branch‖∞ / max(‖x_branch‖∞, tiny) below which a fixed point is the branch's.
    public static let branchTolerance = 1e-6

    public init(_ classification: AttractorClassification, branch: [Double]?) {
        switch classification.kind {
        case .limitCycle: self = .limitCycle
        case .divergent: self = .diverging
        case .undecided: self = .undecided
        case .fixedPoint:
            guard let branch, let point = classification.fixedPoint,
                  (point.polishedState ?? point.settledState).count == branch.count else {
                self = .otherFixedPoint
                return
            }
            self = Self.isBranch(point.polishedState ?? point.settledState, branch: branch) ? .branch : .otherFixedPoint
        }
    }

    /// ‖state − branch‖∞ ≤ `branchTolerance` · ‖branch‖∞.
    public static func isBranch(_ state: [Double], branch: [Double]) -> Bool {
        guard state.count == branch.count else { return false }
        let distance = maximumNorm(zip(state, branch).map { $0 - $1 })
        return distance <= branchTolerance * max(maximumNorm(branch), .leastNormalMagnitude)
    }
}
