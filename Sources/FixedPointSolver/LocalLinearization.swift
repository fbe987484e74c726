import LinearAlgebra

/// DF at a point, factored once: its condition, sign det and the tangent.
struct LocalLinearization {
    let point: [Double]
    let parameter: Double
    let factorization: LUFactorization
    let reciprocalCondition: Double
    /// sign det DF = sign(P) Π sign(U_ii) (no overflow, unlike the product itself).
    let determinantSign: Int

    /// max_i ‖DF_i,:‖₁ (the ∞-norm of DF), for the corrector's coarse bound on (7.4′).
    let jacobianNorm: Double

    init?(_ problem: FixedPointProblem, at x: [Double], _ p: Double) {
        let jacobian = problem.jacobian(x)
        var norm = 0.0
        for i in 0..<jacobian.rows {
            var row = 0.0
            for j in 0..<jacobian.columns { row += abs(jacobian[i, j]) }
            norm = max(norm, row)
        }
        jacobianNorm = norm
        guard let lu = try? LUFactorization(jacobian) else { return nil }
        point = x
        parameter = p
        factorization = lu
        reciprocalCondition = (try? lu.reciprocalConditionNumber()) ?? 0
        var sign = 1
        for i in 0..<lu.order {
            if lu.factors[i, i] < 0 { sign = -sign }
            if lu.pivots[i] != Int32(i + 1) { sign = -sign }
        }
        determinantSign = sign
    }

    /// The same factorization standing for DF at the nearby point `x` (after a final, tiny
    /// Newton correction): the tangent is then −DF(x_prev)⁻¹ ∂F/∂p(x), accurate to O(‖x − x_prev‖).
    func moved(to x: [Double]) -> LocalLinearization {
        LocalLinearization(point: x, parameter: parameter, factorization: factorization,
                           reciprocalCondition: reciprocalCondition, determinantSign: determinantSign, jacobianNorm: jacobianNorm)
    }

    private init(point: [Double], parameter: Double, factorization: LUFactorization, reciprocalCondition: Double,
                 determinantSign: Int, jacobianNorm: Double) {
        self.jacobianNorm = jacobianNorm
        self.point = point
        self.parameter = parameter
        self.factorization = factorization
        self.reciprocalCondition = reciprocalCondition
        self.determinantSign = determinantSign
    }

    /// ẋ = −DF⁻¹ ∂F/∂p, or nil when non-finite.
    func tangent(_ family: ParameterFamily) -> [Double]? {
        let derivative = family.derivativeWithRespectToParameter(at: point, parameter)
        guard let solved = try? factorization.solve(derivative) else { return nil }
        let tangent = solved.map { -$0 }
        return allFinite(tangent) ? tangent : nil
    }
}
