import CircuitModel
import LinearAlgebra

/// The normalization branch of one circuit (MATH.md §1; proofs/newton.md §7.4): the zero
/// continued from the closed form at W_r = I (or from a previous sweep point), and how far
/// the continuation got.
public struct BranchSolution: Sendable {
    /// The circuit whose fixed point was asked (its W_r is the continuation's target).
    public let circuit: Circuit
    /// The last point on the branch: the fixed point of `circuit` when `reachedTarget`,
    /// otherwise the zero at `parameterReached` (not a fixed point of `circuit`).
    public let state: CircuitState
    /// The continuation record (steps, rcond, status).
    public let continuation: ContinuationSolution
    /// ‖F(state)‖∞ for `circuit` itself.
    public let residualNorm: Double
    /// ‖diag(1/τ) F(state)‖∞, the vector field (1/s).
    public let vectorFieldResidualNorm: Double
    /// max_i |F_i| / (scale_i + ‖DF_i,:‖₁‖x‖∞) for `circuit` (proofs/newton.md eq. (7.4′)).
    public let scaledResidualNorm: Double
    /// True when the branch reached the target and the corrector converged there.
    public let isConverged: Bool

    /// The branch reached the target parameter (t = 1, or δ_{k+1}).
    public var reachedTarget: Bool { continuation.reachedTarget }
    /// t (or δ) reached: the target, or where the branch folded.
    public var parameterReached: Double { continuation.parameterReached }
    /// "continued" or "folded" (or the continuation's other labels).
    public var branchLabel: String { continuation.status.label }

    /// The eigendecomposition of W_r − I the branch solved through (proofs/newton.md §7.11), for
    /// the spectrum to reuse (structure.md §9.7); nil when it made none.
    public let recurrentEigenbasis: SymmetricEigenbasis?

    init(circuit: Circuit, continuation: ContinuationSolution, tolerance: NewtonOptions, jacobian: CircuitJacobian,
         recurrentEigenbasis: SymmetricEigenbasis? = nil) {
        self.recurrentEigenbasis = recurrentEigenbasis
        self.circuit = circuit
        self.continuation = continuation
        self.state = CircuitState(flattened: continuation.point)
        let f = circuit.residual(at: continuation.point)
        let flow = circuit.vectorField(at: continuation.point)
        self.residualNorm = f.reduce(0) { max($0, abs($1)) }
        self.vectorFieldResidualNorm = flow.reduce(0) { max($0, abs($1)) }
        let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(flattened: continuation.point),
                                        jacobian: jacobian)
        self.scaledResidualNorm = problem.scaledResidualNorm(f, at: continuation.point)
        let withinTolerance = problem.isConverged(f, at: continuation.point, tolerance)
        self.isConverged = continuation.reachedTarget && withinTolerance
    }
}
