import CircuitModel
import FixedPointSolver

/// How a settled circuit state is polished into a fixed point.
public enum FixedPointPolish: Sendable {
    /// Report the settled state as it is.
    case none
    /// Globalized Newton (`CircuitFixedPointSolver.polish`, proofs/newton.md); a run that
    /// does not converge reports no polished state. Newton finds *a* fixed point near the
    /// settled state — the one the trajectory approached, since it is within ~1e-7 of it.
    case newton(CircuitFixedPointSolver)
    /// Any other polish; nil means it failed.
    case custom(@Sendable (CircuitState) -> CircuitState?)

    /// The default: Newton with the solver's default options.
    public static var standard: FixedPointPolish { .newton(CircuitFixedPointSolver()) }

    /// The polished state for `circuit` from `state` (flattened), nil when there is no polish or it failed.
    public func polished(circuit: Circuit, state: [Double]) -> [Double]? {
        guard state.count == circuit.stateDimension, let polish = closure(for: circuit) else { return nil }
        return polish(CircuitState(flattened: state))?.flattened
    }

    /// The closure `AttractorProblem` takes, for `circuit`.
    func closure(for circuit: Circuit) -> (@Sendable (CircuitState) -> CircuitState?)? {
        switch self {
        case .none:
            return nil
        case let .newton(solver):
            return { state in
                let solution = solver.polish(circuit, from: state)
                guard solution.isConverged, solution.point.count == 2 * circuit.neuronCount else { return nil }
                return CircuitState(flattened: solution.point)
            }
        case let .custom(polish):
            return polish
        }
    }
}

extension CircuitDynamics {
    /// The normalization branch fixed point (`CircuitFixedPointSolver.normalizationBranch`:
    /// the closed form at W_r = I continued to the circuit's W_r), or nil when the
    /// continuation did not reach t = 1 converged (a fold, or a closed form that is undefined).
    public static func branchFixedPoint(of circuit: Circuit,
                                        using solver: CircuitFixedPointSolver = CircuitFixedPointSolver()) -> CircuitState? {
        guard let branch = try? solver.normalizationBranch(of: circuit), branch.isConverged, branch.reachedTarget
        else { return nil }
        return branch.state
    }
}
