import CircuitModel
import FixedPointSolver

extension CellPipeline {
    /// One solver value for the whole sweep (FixedPointSolver: "one value serves a whole sweep"),
    /// with steps of at most a tenth of the interval (first step 0.05). The default options
    /// (first step = the whole interval) were seen to jump to another fixed point: for cells 3
    /// and 4 of `SweepRunnerTests.smallConfig` (n = 6, δ = 4.47 and 20) `normalizationBranch`
    /// returned an unstable fixed point 0.74–0.92 away (∞-norm) from the branch that a
    /// 2000-step route and `BranchContinuation` both reach; with these options it agrees
    /// (test "the sweep's branch equals a 2000-step route").
    static let fixedPointSolver = CircuitFixedPointSolver(
        continuation: ContinuationOptions(initialStep: 0.05, maximumStep: 0.1))

    /// Stage 1 with the project's `FixedPointSolver` (proofs/newton.md §7):
    /// `.identity` → `normalizationBranch(of:)` (closed form at W_r = I continued along
    /// I + t (W_r − I)); `.previous` → `continueBranch(of:coupling:from:scale:to:)` (the
    /// previous δ's fixed point continued in δ along I + δK, the same path). Status:
    /// `converged` when the target was reached and the corrector converged there; `folded`
    /// for `ContinuationStatus.folded` (condition collapse or step underflow); `lost`
    /// otherwise (start not converged, step budget, closed form undefined). `reached` is t
    /// on I + t (W_r − I) (δ reached / δ for `.previous`).
    public static func solverBranch(_ circuit: Circuit, _ start: BranchStart) -> BranchOutcome {
        let solution: BranchSolution
        var reached: Double
        switch start {
        case .identity:
            guard let branch = try? fixedPointSolver.normalizationBranch(of: circuit) else {
                return BranchOutcome(status: .lost, reached: 0, state: [], newtonIterations: 0, residual: .infinity)
            }
            solution = branch
            reached = branch.parameterReached
        case .previous(let coupling, let scale, let target, let state):
            guard let branch = try? fixedPointSolver.continueBranch(of: circuit, coupling: coupling,
                                                                    from: CircuitState(flattened: state),
                                                                    scale: scale, to: target) else {
                return BranchOutcome(status: .lost, reached: 0, state: [], newtonIterations: 0, residual: .infinity)
            }
            solution = branch
            reached = target > 0 ? branch.parameterReached / target : 1
        }
        let status: BranchStatus
        if solution.isConverged {
            status = .converged
            reached = 1
        } else if case .folded = solution.continuation.status {
            status = .folded
        } else {
            status = .lost
        }
        return BranchOutcome(status: status, reached: reached, state: solution.state.flattened,
                             newtonIterations: solution.continuation.newtonIterations, residual: solution.residualNorm)
    }
}
