import LinearAlgebra

/// A one-parameter family of problems F(x, p) = 0 (proofs/newton.md §7.4): the homotopy
/// W_r(t) = I + t(W_r − I), or W_r(δ) = I + δK in a sweep, or any scalar parameter.
///
/// ∂F/∂p feeds only the predictor (the tangent dx/dp = −DF⁻¹ ∂F/∂p); the corrector removes
/// any predictor error, so when no derivative is given a central difference is enough
/// (eq. (7.8)): h = ε^(1/3) max(1, |p|) balances truncation O(h²) against rounding O(ε/h),
/// an error ≈ ε^(2/3) ≈ 4e-11 relative, far below what step control notices.
public struct ParameterFamily: Sendable {
    /// m, the number of unknowns.
    public let dimension: Int
    /// F(x, p).
    public let residual: @Sendable ([Double], Double) -> [Double]
    /// D_x F(x, p).
    public let jacobian: @Sendable ([Double], Double) -> ColumnMajorMatrix
    /// D_x F(x, p) in the form the solver factors (dense or structured, proofs/newton.md §7.10).
    public let linearize: @Sendable ([Double], Double) -> LinearizedJacobian
    /// ∂F/∂p(x, p) when known in closed form.
    public let parameterDerivative: (@Sendable ([Double], Double) -> [Double])?
    /// Scale of the terms of F (for the relative tolerance); see `FixedPointProblem`.
    public let residualScale: @Sendable ([Double], Double) -> [Double]
    public let domain: DomainConstraint
    /// Builds F(·, p) once per parameter value (e.g. the circuit with W_r(p)), so a corrector's
    /// many evaluations at one p do not rebuild it.
    private let specialization: (@Sendable (Double, [Double]) -> FixedPointProblem)?

    public init(dimension: Int,
                residual: @escaping @Sendable ([Double], Double) -> [Double],
                jacobian: @escaping @Sendable ([Double], Double) -> ColumnMajorMatrix,
                parameterDerivative: (@Sendable ([Double], Double) -> [Double])? = nil,
                residualScale: (@Sendable ([Double], Double) -> [Double])? = nil,
                domain: DomainConstraint = .unconstrained,
                specialization: (@Sendable (Double, [Double]) -> FixedPointProblem)? = nil,
                linearize: (@Sendable ([Double], Double) -> LinearizedJacobian)? = nil) {
        self.dimension = dimension
        self.residual = residual
        self.jacobian = jacobian
        self.linearize = linearize ?? { .dense(jacobian($0, $1)) }
        self.parameterDerivative = parameterDerivative
        self.residualScale = residualScale ?? { _, _ in [Double](repeating: 1, count: dimension) }
        self.domain = domain
        self.specialization = specialization
    }

    /// The problem F(·, p) = 0 from `initialGuess`.
    public func problem(at parameter: Double, initialGuess: [Double]) -> FixedPointProblem {
        if let specialization { return specialization(parameter, initialGuess) }
        let residual = self.residual, jacobian = self.jacobian, scale = self.residualScale, linearize = self.linearize
        return FixedPointProblem(initialGuess: initialGuess,
                                 residual: { residual($0, parameter) },
                                 jacobian: { jacobian($0, parameter) },
                                 residualScale: { scale($0, parameter) },
                                 domain: domain,
                                 linearize: { linearize($0, parameter) })
    }

    /// ∂F/∂p at (x, p): the closed form if given, else (F(x, p+h) − F(x, p−h)) / 2h.
    public func derivativeWithRespectToParameter(at x: [Double], _ parameter: Double) -> [Double] {
        if let parameterDerivative { return parameterDerivative(x, parameter) }
        let h = Self.differenceStep * max(1, abs(parameter))
        let forward = residual(x, parameter + h), backward = residual(x, parameter - h)
        let width = (parameter + h) - (parameter - h)
        return zip(forward, backward).map { ($0 - $1) / width }
    }

    /// ε^(1/3) ≈ 6.06e-6.
    static let differenceStep = 6.055454452393343e-06
}
