import CircuitModel
import JacobianBuilder
import LinearAlgebra

/// Where the circuit's DF comes from (the residual's Jacobian, proofs/model.md; the flow's is
/// diag(1/τ) DF). A closure, so the solver does not depend on how it is built: the
/// symbolic-numeric `JacobianBuilder`, the hand-derived block formula of MATH.md §2 in
/// tests, or finite differences.
public struct CircuitJacobian: Sendable {
    /// DF(x) of `circuit` at x = (y, a), 2n × 2n.
    public let evaluate: @Sendable (Circuit, [Double]) -> ColumnMajorMatrix

    public init(_ evaluate: @escaping @Sendable (Circuit, [Double]) -> ColumnMajorMatrix) { self.evaluate = evaluate }

    /// The Jacobian the CLI and sweeps use: `JacobianBuilder`'s exact DF (proofs/jacobian.md
    /// eq. 3.10; one-sided at the kinks of the rectified variants). Built once, on first use.
    public static let standard = symbolic(JacobianBuilder())

    /// DF from a `JacobianBuilder` (the residual's Jacobian, no time constants).
    public static func symbolic(_ builder: JacobianBuilder) -> CircuitJacobian {
        CircuitJacobian { circuit, x in builder.residualJacobian(of: circuit, at: x).matrix }
    }

    /// Central differences, column j: (F(x + h_j e_j) − F(x − h_j e_j)) / 2h_j with
    /// h_j = ε^(1/3) max(|x_j|, 1), capped at a_j/2 for a-columns so √a⁺ stays away from its
    /// kink at 0. Accuracy ≈ ε^(2/3) relative (≈ 1e-10 after scaling), enough for Newton's
    /// convergence (the zero does not depend on DF), not for spectra.
    /// - Complexity: 4n residual evaluations, O(n³) with dense weights.
    public static let finiteDifference = CircuitJacobian { circuit, x in
        let m = x.count, n = m / 2
        var matrix = ColumnMajorMatrix(rows: m, columns: m)
        var probe = x
        for j in 0..<m {
            var h = ParameterFamily.differenceStep * max(abs(x[j]), 1)
            if j >= n, x[j] > 0 { h = min(h, 0.5 * x[j]) }
            probe[j] = x[j] + h
            let forward = circuit.residual(at: probe)
            probe[j] = x[j] - h
            let backward = circuit.residual(at: probe)
            probe[j] = x[j]
            let width = (x[j] + h) - (x[j] - h)
            for i in 0..<m { matrix[i, j] = (forward[i] - backward[i]) / width }
        }
        return matrix
    }
}
