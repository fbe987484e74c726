/// What happened when the normalization branch was continued to a circuit.
public enum BranchStatus: String, Sendable, CaseIterable {
    /// The branch reached W_r (t = 1); the fixed point is polished by Newton.
    case converged
    /// Steps shrank below the minimum where the Jacobian is nearly singular: a fold.
    case folded
    /// Steps shrank below the minimum for another reason (non-finite values, a ≤ 0, no
    /// Newton convergence with a well-conditioned Jacobian).
    case lost
}

/// The result of continuing a fixed point along W_r(s) = W_start + s (W_target − W_start).
public struct BranchOutcome: Sendable {
    public let status: BranchStatus
    /// The path parameter s in [0, 1] reached (1 when converged).
    public let reached: Double
    /// The fixed point at `reached` (state x = (y, a), length 2n).
    public let state: [Double]
    /// Newton iterations summed over all continuation steps.
    public let newtonIterations: Int
    /// ‖F(x)‖∞ at the returned state.
    public let residual: Double

    public init(status: BranchStatus, reached: Double, state: [Double], newtonIterations: Int, residual: Double) {
        self.status = status; self.reached = reached; self.state = state
        self.newtonIterations = newtonIterations; self.residual = residual
    }
}
