import LinearAlgebra

/// The stopping rule of every solver in this module (proofs/newton.md eq. (7.4′)):
///
///     |F_i(x)| ≤ ε_abs + ε_rel · scale_i(x) + η · ‖DF_i,:(x)‖₁ ‖x‖∞   for all i,  η = 2⁻⁴⁶ ≈ 1.4e-14.
///
/// `scale_i` is the size of the terms F_i sums (`residualScale`); the last term is how much
/// F_i moves when x moves by η‖x‖∞ (64 ulps of ‖x‖∞) in any direction, i.e. the residual
/// that the rounding of a normwise-accurate solver may leave. Why it is needed: LU with partial pivoting (and so
/// every Newton correction) is normwise, not componentwise, accurate — a component whose
/// exact value is 0 (a silent neuron: z_i = 0 and a zero row of W_r − I, so y_i = 0 on the
/// whole branch) comes back as ±ε‖d‖ and stalls near ε²‖x‖, where F_i = −s_i y_i while
/// scale_i ≈ (1 + |1 − s_i|)|y_i|: the ratio stays ≈ 0.3 for ever, the purely componentwise
/// test can never pass, and the continuation's contraction test then rejects every step down
/// to the minimum, which was reported as a fold (issue 14's false folds).
///
/// The componentwise test is tried first (O(n²) for the circuit); DF is evaluated only when
/// some component fails it, so regular problems pay nothing extra.
extension FixedPointProblem {
    /// η of (7.4′): 64 ulps, far below every ε_rel in use (1e-11, 1e-12), so regular components
    /// are judged by the componentwise rule as before; only components whose own terms are
    /// at rounding level (scale_i ≲ η‖DF_i‖‖x‖/ε_rel) are judged normwise.
    public static let normwiseRoundingFloor = 0x1p-46

    /// ε_rel·scale_i + η·‖DF_i,:‖₁‖x‖∞ for the given ε_rel (what (7.4′) compares |F_i − …| to,
    /// ε_abs aside).
    public func convergenceScale(at x: [Double], relativeTolerance: Double) -> [Double] {
        var scale = residualScale(x).map { relativeTolerance * $0 }
        let rowNorms = linearize(x).rowOneNorms()
        let size = x.reduce(0) { max($0, abs($1)) }
        guard rowNorms.count == scale.count else { return scale }
        for i in scale.indices { scale[i] += Self.normwiseRoundingFloor * rowNorms[i] * size }
        return scale
    }

    /// scale_i(x) + (η/ε_rel)‖DF_i,:(x)‖₁ ‖x‖∞ with ε_rel = 1e-12: the denominator of the
    /// reported scaled residual, so "scaled residual ≤ 1e-12" is (7.4′) at the default tolerance.
    public func convergenceScale(at x: [Double]) -> [Double] {
        convergenceScale(at: x, relativeTolerance: 1e-12).map { $0 / 1e-12 }
    }

    /// (7.4′) with the given tolerances. With `jacobianNormBound` B ≥ max_i ‖DF_i,:(x)‖₁ (e.g.
    /// twice ‖DF‖∞ at a nearby point, as the continuation's corrector assumes), a component with
    /// |F_i| > ε_abs + ε_rel·scale_i + η·B·‖x‖∞ refutes (7.4′) without evaluating DF.
    public func isConverged(_ residual: [Double], at x: [Double], absoluteTolerance: Double,
                            relativeTolerance: Double, jacobianNormBound: Double? = nil) -> Bool {
        let scale = residualScale(x)
        if residual.indices.allSatisfy({ abs(residual[$0]) <= absoluteTolerance + relativeTolerance * scale[$0] }) {
            return true
        }
        guard residual.allSatisfy(\.isFinite) else { return false }
        if let jacobianNormBound {
            let floor = Self.normwiseRoundingFloor * jacobianNormBound * x.reduce(0) { max($0, abs($1)) }
            if residual.indices.contains(where: { abs(residual[$0]) > absoluteTolerance + relativeTolerance * scale[$0] + floor }) {
                return false
            }
        }
        let full = convergenceScale(at: x, relativeTolerance: relativeTolerance)
        return residual.indices.allSatisfy { abs(residual[$0]) <= absoluteTolerance + full[$0] }
    }

    /// (7.4′) with the tolerances of `options`.
    public func isConverged(_ residual: [Double], at x: [Double], _ options: NewtonOptions) -> Bool {
        isConverged(residual, at: x, absoluteTolerance: options.absoluteTolerance,
                    relativeTolerance: options.relativeTolerance)
    }

    /// max_i |F_i| / (scale_i + (η/1e-12)‖DF_i,:‖₁ ‖x‖∞): ≤ 1e-12 exactly when (7.4′) holds
    /// at the default tolerances (|F_i| where the denominator is 0; NaN propagates).
    public func scaledResidualNorm(_ residual: [Double], at x: [Double]) -> Double {
        scaledNorm(residual, convergenceScale(at: x))
    }
}
