import LinearAlgebra

/// DF at a point, factored once: its condition, sign det and the tangent.
struct LocalLinearization {
    let point: [Double]
    let parameter: Double
    /// Dense LU or the structured route (proofs/newton.md §7.10).
    let factorization: JacobianFactorization
    let reciprocalCondition: Double
    /// sign det DF = sign(P) Π sign(U_ii) (dense), or −sign det(diag g) · sign det K (structured).
    let determinantSign: Int

    /// max_i ‖DF_i,:‖₁ (the ∞-norm of DF), for the corrector's coarse bound on (7.4′).
    let jacobianNorm: Double

    /// `defersConditionEstimate`: an eigenbasis factorization reports a guaranteed lower bound of
    /// 1/κ₁ (eq. 7.18) instead of the estimate, enough to pass a singularity threshold; call
    /// `withConditionEstimate()` before the value is kept (`moved(to:)` does).
    init?(_ problem: FixedPointProblem, at x: [Double], _ p: Double, defersConditionEstimate: Bool = false) {
        let jacobian = problem.linearize(x)
        jacobianNorm = jacobian.rowOneNorms().max() ?? 0
        guard let lu = try? jacobian.factorized(defersConditionEstimate: defersConditionEstimate) else { return nil }
        point = x
        parameter = p
        factorization = lu
        reciprocalCondition = lu.reciprocalCondition
        determinantSign = lu.determinantSign
    }

    /// The same factorization standing for DF at the nearby point `x` (after a final, tiny
    /// Newton correction): the tangent is then −DF(x_prev)⁻¹ ∂F/∂p(x), accurate to O(‖x − x_prev‖).
    /// The estimate is made now if it was deferred: an accepted point always carries it.
    func moved(to x: [Double]) -> LocalLinearization {
        let estimated = withConditionEstimate()
        return LocalLinearization(point: x, parameter: parameter, factorization: estimated.factorization,
                                  reciprocalCondition: estimated.reciprocalCondition, determinantSign: determinantSign,
                                  jacobianNorm: jacobianNorm)
    }

    /// The same linearization with 1/κ₁ estimated (itself when it already is).
    func withConditionEstimate() -> LocalLinearization {
        guard !factorization.conditionIsEstimated else { return self }
        let estimated = factorization.withConditionEstimate()
        return LocalLinearization(point: point, parameter: parameter, factorization: estimated,
                                  reciprocalCondition: estimated.reciprocalCondition, determinantSign: determinantSign,
                                  jacobianNorm: jacobianNorm)
    }

    private init(point: [Double], parameter: Double, factorization: JacobianFactorization, reciprocalCondition: Double,
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
