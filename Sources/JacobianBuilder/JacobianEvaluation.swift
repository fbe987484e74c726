import LinearAlgebra

/// The Jacobian of a circuit at a state, proofs/jacobian.md eq. (3.10), with the
/// residual computed on the way and the kinks met.
public struct JacobianEvaluation: Sendable {
    /// Which matrix `matrix` is.
    public enum Kind: String, Sendable {
        /// DF, the Jacobian of the fixed-point residual F (no time constants; Newton's).
        case residual
        /// diag(1/τ)·DF, the Jacobian of the flow dx/dt (stability's).
        case flow
    }

    public let kind: Kind
    /// 2n × 2n, state order (y_1..y_n, a_1..a_n), column-major ((i, j) at i + j·2n).
    public let matrix: ColumnMajorMatrix
    /// F(x), the unscaled residual (eqs. 3.6–3.7), whatever `kind` is.
    public let residual: [Double]
    /// Rectifier arguments that are exactly 0, sorted by neuron then location; empty
    /// when the field is differentiable at the state and `matrix` is its Jacobian.
    public let kinks: [JacobianKink]

    /// True when no kink was met: `matrix` is the derivative, not a one-sided choice.
    public var isDifferentiable: Bool { kinks.isEmpty }
}
