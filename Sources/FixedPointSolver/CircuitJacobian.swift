import CircuitModel
import JacobianBuilder
import LinearAlgebra

/// Where the circuit's DF comes from (the residual's Jacobian, proofs/model.md; the flow's is
/// diag(1/τ) DF). A closure, so the solver does not depend on how it is built: the
/// symbolic-numeric `JacobianBuilder`, the hand-derived block formula of MATH.md §2 in
/// tests, or finite differences.
///
/// `route` chooses the linear algebra of Newton and continuation (proofs/newton.md §7.10):
/// with a `structured` evaluator and W of rank one (`WeightMatrix.rankOneFactors`), `automatic`
/// and `structured` factor DF through an (n + 1) × (n + 1) matrix; `dense` (and any circuit
/// whose W is not rank one) factors the 2n × 2n DF.
public struct CircuitJacobian: Sendable {
    /// DF(x) of `circuit` at x = (y, a), 2n × 2n.
    public let evaluate: @Sendable (Circuit, [Double]) -> ColumnMajorMatrix
    /// DF(x) in factored form for W = u wᵀ, when this source can give it.
    public let structured: (@Sendable (Circuit, [Double], RankOneFactors) -> StructuredResidualJacobian)?
    /// Which linear algebra to use where the structure is present.
    public let route: LinearAlgebraRoute
    /// The smallest n at which a structured family W_r(p) = I + pK with K symmetric solves its
    /// reduced systems through K's eigenbasis (proofs/newton.md §7.11); `Int.max` never does.
    public let eigenbasisMinimumOrder: Int

    public init(_ evaluate: @escaping @Sendable (Circuit, [Double]) -> ColumnMajorMatrix,
                structured: (@Sendable (Circuit, [Double], RankOneFactors) -> StructuredResidualJacobian)? = nil,
                route: LinearAlgebraRoute = .automatic,
                eigenbasisMinimumOrder: Int = SymmetricRecurrenceBasis.minimumOrder) {
        self.evaluate = evaluate
        self.structured = structured
        self.route = route
        self.eigenbasisMinimumOrder = eigenbasisMinimumOrder
    }

    /// The same source with another route.
    public func routed(_ route: LinearAlgebraRoute) -> CircuitJacobian {
        CircuitJacobian(evaluate, structured: structured, route: route, eigenbasisMinimumOrder: eigenbasisMinimumOrder)
    }

    /// The same source with another threshold for the eigenbasis solves (tests force them at
    /// small n with 1, or switch them off with `Int.max`).
    public func eigenbasisSolves(fromOrder minimumOrder: Int) -> CircuitJacobian {
        CircuitJacobian(evaluate, structured: structured, route: route, eigenbasisMinimumOrder: minimumOrder)
    }

    /// W = u wᵀ for `circuit` when this source and route will use the structure, else nil.
    public func rankOneFactors(for circuit: Circuit) -> RankOneFactors? {
        guard route != .dense, structured != nil else { return nil }
        return circuit.normalizationWeights.rankOneFactors(order: circuit.neuronCount)
    }

    /// DF at x in the form to factor: structured with `factors` (from `rankOneFactors(for:)`),
    /// dense otherwise.
    public func linearization(of circuit: Circuit, at x: [Double], factors: RankOneFactors?) -> LinearizedJacobian {
        if let factors, let structured { return .structured(structured(circuit, x, factors)) }
        return .dense(evaluate(circuit, x))
    }

    /// The Jacobian the CLI and sweeps use: `JacobianBuilder`'s exact DF (proofs/jacobian.md
    /// eq. 3.10; one-sided at the kinks of the rectified variants), automatic route. Built
    /// once, on first use.
    public static let standard = symbolic(JacobianBuilder())

    /// DF from a `JacobianBuilder` (the residual's Jacobian, no time constants), dense or
    /// structured.
    public static func symbolic(_ builder: JacobianBuilder, route: LinearAlgebraRoute = .automatic) -> CircuitJacobian {
        CircuitJacobian({ circuit, x in builder.residualJacobian(of: circuit, at: x).matrix },
                        structured: { circuit, x, factors in
                            builder.structuredResidualJacobian(of: circuit, at: x, factors: factors).jacobian
                        },
                        route: route)
    }

    /// Central differences, column j: (F(x + h_j e_j) − F(x − h_j e_j)) / 2h_j with
    /// h_j = ε^(1/3) max(|x_j|, 1), capped at a_j/2 for a-columns so √a⁺ stays away from its
    /// kink at 0. Accuracy ≈ ε^(2/3) relative (≈ 1e-10 after scaling), enough for Newton's
    /// convergence (the zero does not depend on DF), not for spectra. Dense route only.
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
