import CircuitModel
import FixedPointSolver
import LinearAlgebra

extension CellPipeline {
    /// One solver value for the whole sweep (FixedPointSolver: "one value serves a whole sweep"),
    /// with the default options, the same as `organics solve`'s: steps of at most a tenth of
    /// the interval (`ContinuationOptions.maximumStep` says why), so that a cell's row and
    /// `organics solve` on its `--emit-case` file describe the same fixed point (test
    /// "organics solve's branch (from W_r = I) is the sweep's branch").
    static let fixedPointSolver = CircuitFixedPointSolver()

    /// K = QΘQᵀ when the sweep's solver solves the pieces δ_k → δ_{k+1} of W_r = I + δK through
    /// it (symmetric K, W of rank one, `paper`, n ≥ 64: proofs/newton.md §7.11), made once per
    /// unit and carried by `BranchStart.previous`; nil otherwise.
    public static func couplingEigenbasis(of circuit: Circuit, coupling: ColumnMajorMatrix) -> SymmetricEigenbasis? {
        fixedPointSolver.couplingEigenbasis(of: circuit, coupling: coupling)
    }

    /// The same solver per linear-algebra route (proofs/newton.md §7.10).
    static func fixedPointSolver(route: LinearAlgebraRoute) -> CircuitFixedPointSolver {
        route == .automatic ? fixedPointSolver : CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(route))
    }

    /// `standard` with the branch continuation and the spectrum on `route` (a sweep's
    /// `linear_algebra` key; proofs/newton.md §7.10, proofs/structure.md).
    public static func standard(route: LinearAlgebraRoute) -> CellPipeline {
        guard route != .automatic else { return .standard }
        var pipeline = CellPipeline.standard
        let solver = fixedPointSolver(route: route)
        pipeline.continueBranch = { circuit, start in solverBranch(circuit, start, solver: solver) }
        pipeline.analyzeSpectrum = { circuit, x, certificate, eigenbasis in
            stabilitySpectrum(circuit, x, certificate: certificate, route: route, recurrentEigenbasis: eigenbasis)
        }
        return pipeline
    }

    /// Stage 1 with the project's `FixedPointSolver` (proofs/newton.md §7):
    /// `.identity` → `normalizationBranch(of:)` (closed form at W_r = I continued along
    /// I + t (W_r − I)); `.previous` → `continueBranch(of:coupling:from:scale:to:)` (the
    /// previous δ's fixed point continued in δ along I + δK, the same path). Status:
    /// `converged` when the target was reached and the corrector converged there; `folded`
    /// only for a located fold (`ContinuationStatus.folded`: τ_t changes sign, DF singular
    /// there, proofs/newton.md §7.8), `reached` then being the fold's t to ~1e-10; `lost`
    /// otherwise (start not converged, step budget, closed form undefined, a stall with no
    /// turning point, or a branch point passed: §7.9). `reached` is t on I + t (W_r − I)
    /// (δ reached / δ for `.previous`).
    public static func solverBranch(_ circuit: Circuit, _ start: BranchStart) -> BranchOutcome {
        solverBranch(circuit, start, solver: fixedPointSolver)
    }

    /// `solverBranch` with a given solver (its route).
    static func solverBranch(_ circuit: Circuit, _ start: BranchStart, solver fixedPointSolver: CircuitFixedPointSolver) -> BranchOutcome {
        let solution: BranchSolution
        var reached: Double
        switch start {
        case .identity:
            guard let branch = try? fixedPointSolver.normalizationBranch(of: circuit) else {
                return BranchOutcome(status: .lost, reached: 0, state: [], newtonIterations: 0, residual: .infinity)
            }
            solution = branch
            reached = branch.parameterReached
        case .previous(let coupling, let scale, let target, let state, let eigenbasis):
            guard let branch = try? fixedPointSolver.continueBranch(of: circuit, coupling: coupling,
                                                                    from: CircuitState(flattened: state),
                                                                    scale: scale, to: target, couplingEigenbasis: eigenbasis) else {
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
