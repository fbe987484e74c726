import LinearAlgebra

/// Where the unknowns may go. Newton damps every step so the iterate stays inside
/// (proofs/newton.md eq. (7.6)); a start outside is reported as `.leftDomain(atIteration: 0)`.
public enum DomainConstraint: Sendable {
    /// Every x is admissible.
    case unconstrained
    /// x_i > 0 for each listed index (the circuit's a_i > 0: √a⁺ is not differentiable at 0,
    /// and every fixed point with c² > 0 has a > 0, MATH.md §1).
    case positive(indices: [Int])
    /// An arbitrary test; steps are halved until it holds.
    case custom(@Sendable ([Double]) -> Bool)

    /// Fraction of the distance to the boundary a damped step may cover (interior-point
    /// practice): a_i never drops below 1% of its current value in one step.
    public static let fractionToBoundary = 0.99

    /// True when x is admissible.
    public func contains(_ x: [Double]) -> Bool {
        switch self {
        case .unconstrained: return true
        case .positive(let indices): return indices.allSatisfy { x[$0] > 0 }
        case .custom(let test): return test(x)
        }
    }

    /// The largest α ≤ 1 known in closed form with x + α d admissible: for `.positive`,
    /// α = min(1, 0.99 · min_{i: x_i + d_i ≤ 0.01 x_i} x_i / (−d_i)); 1 otherwise (a
    /// custom test is enforced by halving in the line search).
    public func maximumStepFraction(from x: [Double], along direction: [Double]) -> Double {
        guard case .positive(let indices) = self else { return 1 }
        var fraction = 1.0
        for i in indices where direction[i] < 0 {
            let limit = Self.fractionToBoundary * x[i] / -direction[i]
            if limit < fraction { fraction = limit }
        }
        return fraction
    }
}

/// What is asked: a zero of F: ℝᵐ → ℝᵐ near `initialGuess`, inside `domain`
/// (proofs/newton.md §7.1). F and its Jacobian DF are closures, so the same solver serves
/// the circuit, a homotopy stage and a deflated search.
///
/// Convergence is judged component by component against `residualScale`, the size of the
/// terms F_i sums (for the circuit `Circuit.residualScale(at:)`): |F_i| ≤ ε_abs + ε_rel·scale_i.
public struct FixedPointProblem: Sendable {
    /// m, the number of unknowns and of equations.
    public let dimension: Int
    /// x₀.
    public let initialGuess: [Double]
    /// F(x), length m.
    public let residual: @Sendable ([Double]) -> [Double]
    /// DF(x), m × m.
    public let jacobian: @Sendable ([Double]) -> ColumnMajorMatrix
    /// DF(x) in the form the solver factors: dense, or structured when W = u wᵀ and the
    /// route allows it (proofs/newton.md §7.10). Defaults to `.dense(jacobian(x))`.
    public let linearize: @Sendable ([Double]) -> LinearizedJacobian
    /// The magnitude of the terms of F_i at x (non-negative), for the relative tolerance.
    public let residualScale: @Sendable ([Double]) -> [Double]
    /// The admissible set.
    public let domain: DomainConstraint

    /// A problem; `residualScale` defaults to 1 for every component (then the relative
    /// tolerance acts as an absolute one).
    public init(initialGuess: [Double],
                residual: @escaping @Sendable ([Double]) -> [Double],
                jacobian: @escaping @Sendable ([Double]) -> ColumnMajorMatrix,
                residualScale: (@Sendable ([Double]) -> [Double])? = nil,
                domain: DomainConstraint = .unconstrained,
                linearize: (@Sendable ([Double]) -> LinearizedJacobian)? = nil) {
        self.dimension = initialGuess.count
        self.initialGuess = initialGuess
        self.residual = residual
        self.jacobian = jacobian
        self.linearize = linearize ?? { .dense(jacobian($0)) }
        let count = initialGuess.count
        self.residualScale = residualScale ?? { _ in [Double](repeating: 1, count: count) }
        self.domain = domain
    }

    /// The same equations from another start.
    public func startingAt(_ guess: [Double]) -> FixedPointProblem {
        precondition(guess.count == dimension, "initial guess has the wrong length")
        return FixedPointProblem(initialGuess: guess, residual: residual, jacobian: jacobian,
                                 residualScale: residualScale, domain: domain, linearize: linearize)
    }
}
