import LinearAlgebra

/// Pseudo-arclength continuation in u = (x, θ), θ = (p − p₀)/(p₁ − p₀) the normalized parameter
/// (proofs/newton.md §7.7). The branch is a curve u(s) with H(u(s)) = 0; at a fold it turns
/// back in θ but stays a smooth curve, and the bordered matrix
///
///     B(u; τ) = [ D_xH(x, θ)   ∂_θH(x, θ) ]        (m + 1) × (m + 1)
///               [      τ_xᵀ          τ_θ  ]
///
/// is nonsingular there (D_xH has a one-dimensional kernel not orthogonal to τ, and ∂_θH is
/// outside its range), so Newton on the bordered system converges through the turning point.
///
/// - Tangent: B(u; τ_prev) w = (0, …, 0, 1), τ = w/‖w‖₂ (oriented along τ_prev: τ_prevᵀτ = 1/‖w‖ > 0).
/// - Corrector: Newton on G(u) = (H(u), τ_prevᵀ(u − u_prev) − h) with Jacobian B(u; τ_prev).
struct PseudoArclength {
    let family: ParameterFamily
    let start: Double
    let target: Double
    /// ε_rel of the corrector (eq. (7.4′)).
    let relativeTolerance: Double

    var interval: Double { target - start }

    func parameter(_ theta: Double) -> Double { theta == 1 ? target : start + theta * interval }

    /// H and ∂_θH = (p₁ − p₀) ∂_pH at u.
    func residual(_ u: [Double]) -> [Double] {
        let m = family.dimension
        return family.residual(Array(u[0..<m]), parameter(u[m]))
    }

    /// B(u; border) as a dense (m+1)×(m+1) matrix.
    func borderedMatrix(_ u: [Double], border: [Double]) -> ColumnMajorMatrix {
        let m = family.dimension
        let x = Array(u[0..<m]), p = parameter(u[m])
        let jacobian = family.jacobian(x, p)
        let derivative = family.derivativeWithRespectToParameter(at: x, p)
        var matrix = ColumnMajorMatrix(rows: m + 1, columns: m + 1)
        for j in 0..<m { for i in 0..<m { matrix[i, j] = jacobian[i, j] } }
        for i in 0..<m { matrix[i, m] = interval * derivative[i] }
        for j in 0...m { matrix[m, j] = border[j] }
        return matrix
    }

    /// B(u; border) factored: through the reduced (n + 2) × (n + 2) matrix of proofs/newton.md
    /// §7.10 when D_xH has the structured form, by dense LU of the (m+1) × (m+1) B otherwise (or
    /// when the reduced matrix is numerically singular: 1/κ₁ < 1e-14 — B itself is not, near a
    /// simple fold, and the dense LU then decides).
    func borderedFactorization(_ u: [Double], border: [Double]) -> BorderedFactorization? {
        let m = family.dimension
        let x = Array(u[0..<m]), p = parameter(u[m])
        if let jacobian = family.linearize(x, p).structuredJacobian {
            let column = family.derivativeWithRespectToParameter(at: x, p).map { interval * $0 }
            if let structured = try? StructuredFactorization(jacobian, borderColumn: column, borderRow: border),
               ((try? structured.reduced.reciprocalAmplification()) ?? 0) >= 1e-14 {
                return .structured(structured)
            }
        }
        return (try? LUFactorization(borderedMatrix(u, border: border))).map { .dense($0) }
    }

    /// The unit tangent at u oriented along `border` (a previous tangent), or nil when B is
    /// singular or non-finite.
    func tangent(at u: [Double], orientedAlong border: [Double]) -> [Double]? {
        let m = family.dimension
        guard let lu = borderedFactorization(u, border: border) else { return nil }
        var rhs = [Double](repeating: 0, count: m + 1)
        rhs[m] = 1
        guard let w = try? lu.solve(rhs), w.allSatisfy(\.isFinite) else { return nil }
        let length = euclideanNorm(w)
        guard length > 0 else { return nil }
        return w.map { $0 / length }
    }

    /// The tangent at a point of the branch with θ increasing: (ẋ, 1)/‖(ẋ, 1)‖, ẋ = dx/dθ.
    func initialTangent(at u: [Double]) -> [Double]? {
        let m = family.dimension
        var border = [Double](repeating: 0, count: m + 1)
        border[m] = 1
        return tangent(at: u, orientedAlong: border)
    }

    /// The zero of H on the hyperplane τᵀ(u − anchor) = h, by Newton from anchor + h τ; nil when
    /// the corrector does not converge in 8 contracting iterations or leaves the domain.
    func correct(from anchor: [Double], along tangent: [Double], step h: Double) -> (point: [Double], iterations: Int)? {
        let m = family.dimension
        var u = zip(anchor, tangent).map { $0 + h * $1 }
        var previousLength = Double.infinity
        for iteration in 0...8 {
            let x = Array(u[0..<m])
            guard family.domain.contains(x) else { return nil }
            let f = residual(u)
            guard f.allSatisfy(\.isFinite) else { return nil }
            let plane = zip(tangent, zip(u, anchor)).reduce(0) { $0 + $1.0 * ($1.1.0 - $1.1.1) } - h
            let problem = family.problem(at: parameter(u[m]), initialGuess: x)
            if abs(plane) <= 1e-14 * max(1, abs(h)),
               problem.isConverged(f, at: x, absoluteTolerance: 0, relativeTolerance: relativeTolerance) {
                return (u, iteration)
            }
            guard iteration < 8, let lu = borderedFactorization(u, border: tangent),
                  let d = try? lu.solve(f + [plane]), d.allSatisfy(\.isFinite) else { return nil }
            let length = infinityNorm(d)
            if length > 0.5 * previousLength, iteration > 0 { return nil }
            previousLength = length
            u = zip(u, d).map { $0 - $1 }
        }
        return nil
    }

    /// sign det D_xH at u and its 1/κ₁, or nil when it cannot be factored.
    func determinantSign(at u: [Double]) -> (sign: Int, reciprocalCondition: Double)? {
        let m = family.dimension
        guard let local = LocalLinearization(family.problem(at: parameter(u[m]), initialGuess: Array(u[0..<m])),
                                             at: Array(u[0..<m]), parameter(u[m])) else { return nil }
        return (local.determinantSign, local.reciprocalCondition)
    }
}

/// A factored bordered matrix B(u; τ) (proofs/newton.md §7.7, §7.10).
enum BorderedFactorization {
    case dense(LUFactorization)
    case structured(StructuredFactorization)

    func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        switch self {
        case .dense(let lu): return try lu.solve(b)
        case .structured(let factorization): return try factorization.solve(b)
        }
    }
}
