import CircuitModel
import FixedPointSolver
import LinearAlgebra

/// The fold / branch-point evidence of `organics solve` (proofs/newton.md §7.8–7.9), as JSON
/// members and text lines.
enum BifurcationReport {
    static func members(_ status: ContinuationStatus) -> [(String, String)] {
        switch status {
        case .folded(let fold):
            return [("fold_t", number(fold.parameter)), ("fold_rcond", number(fold.reciprocalCondition)),
                    ("fold_null_vector_overlap", number(fold.nullVectorOverlap)),
                    ("fold_tangent_t_before", number(fold.tangentParameterBefore)),
                    ("fold_tangent_t_after", number(fold.tangentParameterAfter))]
        case .passedBranchPoint(let point):
            return [("branch_point_t", number(point.parameter)), ("branch_point_rcond", number(point.reciprocalCondition))]
        case .lost(let at, let evidence):
            return [("lost_t", number(at)), ("lost_reason", CaseFile.jsonQuoted(describe(evidence)))]
        default:
            return []
        }
    }

    static func lines(_ status: ContinuationStatus) -> [String] {
        switch status {
        case .folded(let fold):
            return ["  fold located at t = \(fold.parameter): rcond(DF) = \(fold.reciprocalCondition), "
                    + "null vector · tangent = \(fold.nullVectorOverlap), dt/ds \(fold.tangentParameterBefore) → "
                    + "\(fold.tangentParameterAfter) (the branch turns back; --follow-fold follows it)"]
        case .passedBranchPoint(let point):
            return ["  branch point (sign det DF changes, no turning point) at t = \(point.parameter), "
                    + "rcond(DF) = \(point.reciprocalCondition)"]
        case .lost(let at, let evidence):
            return ["  lost at t = \(at) (\(describe(evidence))); no turning point was found, so no fold is claimed"
                    + " (a large ‖x‖∞ below means the branch escapes to infinity)"]
        default:
            return []
        }
    }

    static func members(_ outcome: FoldFollowingOutcome, circuit: Circuit) -> [(String, String)] {
        let n = circuit.neuronCount
        let x = outcome.point
        var members: [(String, String)] = [("past_fold", CaseFile.jsonQuoted(outcome.label))]
        if case .reachedTarget = outcome {
            members += [("past_fold_y", array(Array(x[0..<n]))), ("past_fold_a", array(Array(x[n...]))),
                        ("past_fold_residual", number(infinityNorm(circuit.vectorField(at: x))))]
        }
        members.append(("past_fold_folds_t", array(outcome.folds.map(\.parameter))))
        members.append(("past_fold_branch_points_t", array(outcome.branchPoints.map(\.parameter))))
        return members
    }

    static func lines(_ outcome: FoldFollowingOutcome, circuit: Circuit) -> [String] {
        let n = circuit.neuronCount
        let x = outcome.point
        var lines: [String]
        switch outcome {
        case .reachedTarget:
            lines = ["  past the fold: the branch comes back to t = 1 at another fixed point of this circuit "
                     + "(‖dx/dt‖∞ = \(infinityNorm(circuit.vectorField(at: x))) 1/s):",
                     "    y = [\(x[0..<n].map { "\($0)" }.joined(separator: ", "))]",
                     "    a = [\(x[n...].map { "\($0)" }.joined(separator: ", "))]"]
        case .returnedToStart:
            lines = ["  past the fold: the curve returns to t = 0 (another zero at W_r = I)"]
        case .lost(let theta, _, _, _):
            lines = ["  past the fold: the curve was lost at t = \(theta)"]
        case .budgetExhausted(let theta, _, _, _):
            lines = ["  past the fold: step budget exhausted at t = \(theta)"]
        }
        if !outcome.folds.isEmpty { lines.append("    further folds at t = \(outcome.folds.map { "\($0.parameter)" }.joined(separator: ", "))") }
        if !outcome.branchPoints.isEmpty {
            lines.append("    branch points at t = \(outcome.branchPoints.map { "\($0.parameter)" }.joined(separator: ", "))")
        }
        return lines
    }

    private static func describe(_ evidence: StallEvidence) -> String {
        switch evidence {
        case .conditionCollapsed(let rcond): return "rcond(DF) = \(rcond) at an accepted point"
        case .stepSizeUnderflow(let rejection): return "step-size underflow, last rejection \(rejection)"
        }
    }

    private static func number(_ value: Double) -> String { value.isFinite ? CaseFile.jsonNumber(value) : "null" }

    private static func array(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }
}
