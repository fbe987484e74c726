import CircuitModel
import LinearAlgebra

/// Fixed points of circuits (proofs/newton.md §7): the normalization branch by continuation,
/// its continuation in a sweep's coupling strength δ, Newton polish from any state, and
/// further fixed points by deflation. One value serves a whole sweep.
public struct CircuitFixedPointSolver: Sendable {
    public let jacobian: CircuitJacobian
    public let continuation: ContinuationOptions
    /// Polish and deflation (globalized Newton with line search).
    public let newton: NewtonOptions

    public init(jacobian: CircuitJacobian = .standard, continuation: ContinuationOptions = ContinuationOptions(),
                newton: NewtonOptions = NewtonOptions()) {
        self.jacobian = jacobian
        self.continuation = continuation
        self.newton = newton
    }

    /// The fixed point of `circuit` on the normalization branch: the closed form at W_r = I
    /// continued along W_r(t) = I + t (W_r − I) to t = 1 (never a plain Newton solve from
    /// the closed form). Throws only when the closed form itself is undefined (some
    /// c_i² + (W (b∘z)²)_i ≤ 0, possible with negative W).
    public func normalizationBranch(of circuit: Circuit) throws(NormalizationFixedPoint.Inapplicable) -> BranchSolution {
        let start = try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit)
        let (family, basis) = ParameterFamily.recurrenceHomotopyWithBasis(to: circuit, jacobian: jacobian)
        let path = ParameterContinuation(continuation).solve(family, from: start.flattened, parameter: 0, to: 1)
        return BranchSolution(circuit: circuit, continuation: path, tolerance: continuation.corrector, jacobian: jacobian,
                              recurrentEigenbasis: path.eigenbasisFactorizations > 0 ? basis?.eigenbasis : nil)
    }

    /// Past a located fold of `circuit`'s normalization branch: pseudo-arclength along the
    /// same curve of zeros (now going back in t), through further folds and branch points,
    /// until t comes back to 1 (another fixed point of the circuit, reached from the branch
    /// through the folds), t returns to 0, the curve is lost, or `maximumSteps` run out
    /// (proofs/newton.md §7.8).
    public func followFold(of circuit: Circuit, from fold: FoldLocation, maximumSteps: Int = 4000) -> FoldFollowingOutcome {
        let family = ParameterFamily.recurrenceHomotopy(to: circuit, jacobian: jacobian)
        let tracer = PseudoArclength(family: family, start: 0, target: 1,
                                     relativeTolerance: continuation.intermediateRelativeTolerance)
        let trace = tracer.trace(from: fold.normalizedPoint, tangent: fold.tangent, stopAtFold: false,
                                 maximumSteps: maximumSteps, initialStep: 1e-3, startsAtFold: true)
        let m = family.dimension
        switch trace.stop {
        case .target(let x):
            let polished = NewtonSolver(NewtonOptions(relativeTolerance: continuation.corrector.relativeTolerance,
                                                      maximumIterations: 10, usesLineSearch: false))
                .solve(FixedPointProblem(circuit: circuit, initialGuess: CircuitState(flattened: x), jacobian: jacobian))
            let point = polished.isConverged ? polished.point : x
            return .reachedTarget(point: point, folds: trace.folds, branchPoints: trace.branchPoints)
        case .start(let x):
            return .returnedToStart(point: x, folds: trace.folds, branchPoints: trace.branchPoints)
        case .lost(let u):
            return .lost(parameter: u[m], point: Array(u[0..<m]), folds: trace.folds, branchPoints: trace.branchPoints)
        case .budget(let u):
            return .budgetExhausted(parameter: u[m], point: Array(u[0..<m]), folds: trace.folds, branchPoints: trace.branchPoints)
        case .fold:
            return .lost(parameter: fold.parameter, point: fold.point, folds: trace.folds, branchPoints: trace.branchPoints)
        }
    }

    /// A sweep's next point: the branch fixed point `state` of W_r = I + δ_k K continued to
    /// W_r = I + δ_{k+1} K. `circuit` supplies everything but W_r; the returned solution's
    /// circuit has W_r = I + δ_{k+1} K. Steps are sized as fractions of |δ_{k+1}|, the length of
    /// the whole ray from W_r = I: no step is longer than `normalizationBranch` would take on
    /// the same circuit, and a short piece δ_k → δ_{k+1} takes a few steps, not 11. With
    /// `couplingEigenbasis` (from `couplingEigenbasis(of:coupling:)`, made once for all the pieces
    /// of one K) the piece solves through it (proofs/newton.md §7.11); without, by LU — one
    /// eigendecomposition per piece would cost more than a short piece's few LU.
    public func continueBranch(of circuit: Circuit, coupling: ColumnMajorMatrix, from state: CircuitState,
                               scale: Double, to newScale: Double,
                               couplingEigenbasis: SymmetricEigenbasis? = nil) throws(CaseFileError) -> BranchSolution {
        let n = circuit.neuronCount
        let target = try circuit.replacingRecurrentWeights(.dense(.identity(n) + newScale * coupling))
        let basis = couplingEigenbasis.flatMap {
            ParameterFamily.recurrenceBasis(of: circuit, offset: .identity(n), direction: coupling, jacobian: jacobian, known: $0)
        }
        let family = ParameterFamily.recurrentWeights(of: circuit, offset: .identity(n), direction: coupling,
                                                      jacobian: jacobian, exactAt: nil, recurrenceBasis: basis)
        let path = ParameterContinuation(continuation).solve(family, from: state.flattened, parameter: scale, to: newScale,
                                                             stepReference: newScale)
        return BranchSolution(circuit: target, continuation: path, tolerance: continuation.corrector, jacobian: jacobian)
    }

    /// K = QΘQᵀ when this solver would solve the pieces of W_r = I + δK (for `circuit`'s variant and
    /// W) through it (proofs/newton.md §7.11), else nil: make it once per K, pass it to every
    /// `continueBranch` of that K.
    public func couplingEigenbasis(of circuit: Circuit, coupling: ColumnMajorMatrix) -> SymmetricEigenbasis? {
        ParameterFamily.recurrenceBasis(of: circuit, offset: .identity(circuit.neuronCount), direction: coupling,
                                        jacobian: jacobian)?.eigenbasis
    }

    /// Newton polish of `circuit`'s fixed point from any state (the end of a simulation, a
    /// state file). The zero found is *a* fixed point, not necessarily the branch's.
    public func polish(_ circuit: Circuit, from state: CircuitState) -> NewtonSolution {
        NewtonSolver(newton).solve(FixedPointProblem(circuit: circuit, initialGuess: state, jacobian: jacobian))
    }

    /// Up to `count` distinct fixed points: `known` ones first (each polished), then new
    /// ones by deflation (proofs/newton.md §7.5) from `starts`, then from the default starts:
    /// the closed form at W_r = I, its first-order correction, the closed form with
    /// (y, a) → (k y, a/k²) for k = 2, 4, and the mirrors (y, a) → (−y, a) of all.
    public func fixedPoints(of circuit: Circuit, count: Int, known: [CircuitState] = [],
                            starts: [CircuitState] = []) -> [NewtonSolution] {
        let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(y: circuit.drive, a: circuit.poolConstant),
                                        jacobian: jacobian)
        let solver = NewtonSolver(newton)
        var polished: [NewtonSolution] = []
        for state in known {
            let solution = solver.solve(problem.startingAt(state.flattened))
            if solution.isConverged { polished.append(solution) }
        }
        var candidates = starts
        if let closedForm = try? NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit) {
            candidates.append(closedForm)
            if let predicted = try? FirstOrderPerturbation.predictedState(for: circuit), predicted.a.allSatisfy({ $0 > 0 }) {
                candidates.append(predicted)
            }
            // Smaller a with larger y (y ∝ 1/√a along b z = y g): reaches the fixed points near g = 0.
            for k in [2.0, 4.0] {
                candidates.append(CircuitState(y: closedForm.y.map { $0 * k }, a: closedForm.a.map { $0 / (k * k) }))
            }
        }
        candidates += candidates.map { CircuitState(y: $0.y.map { -$0 }, a: $0.a) }
        let search = DeflatedSearch(options: newton)
        return search.zeros(of: problem, known: deduplicated(polished, search), starts: candidates.map(\.flattened), count: count)
    }

    private func deduplicated(_ solutions: [NewtonSolution], _ search: DeflatedSearch) -> [NewtonSolution] {
        var kept: [NewtonSolution] = []
        for solution in solutions where kept.allSatisfy({ other in
            infinityNorm(zip(solution.point, other.point).map { $0 - $1 })
                > search.distinctnessTolerance * max(1, infinityNorm(other.point))
        }) { kept.append(solution) }
        return kept
    }
}
