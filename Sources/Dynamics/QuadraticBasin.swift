import LinearAlgebra
import Stability

/// A certified region of attraction of a stable fixed point x* of x' = f(x), proofs/attractors.md:
///
///     E = { x : (x − x*)ᵀ P (x − x*) ≤ level },   Jᵀ P + P J = −Q (Lyapunov, J = f'(x*)).
///
/// With Q = −(JᵀP + PJ) and κ = λ_min(Q) > 0 (less the rounding of forming Q),
/// φ = ‖f(x*)‖₂ (Newton leaves it at rounding level), λ_max = λ_max(P), and M a bound on the
/// second derivative, ‖D²f(x)[e, e]‖₂ ≤ M ‖e‖₂² for every x with ‖x − x*‖₂ ≤ r (the
/// problem's `SecondDerivativeBound`), V(e) = eᵀPe satisfies along the flow (eq. A.3)
///
///     dV/dt ≤ ρ (λ_max M ρ² − κ ρ + 2 λ_max φ),   ρ = ‖e‖₂ ≤ r,
///
/// which is < 0 for ρ in (r_in, r_out), the roots of the quadratic. `certify` picks r ≤ r_out
/// with M valid on the ball of radius r, level = λ_min(P) r² (so E lies in that ball), and
/// requires r_in √(λ_max/λ_min) < r. Then E is forward invariant and every trajectory
/// entering E stays within `limitRadius` = r_in √(λ_max/λ_min) of x* from some time on
/// (Theorem A.1); `contains(_:)` tests the computed state against half the level, the margin
/// for the integration error (assumption A.4).
public struct QuadraticBasin: Sendable {
    public let center: [Double]
    /// P (m × m, symmetric positive definite).
    public let lyapunovMatrix: ColumnMajorMatrix
    /// The certified level; `contains` uses `level / 2`.
    public let level: Double
    /// r: E ⊂ { ‖x − x*‖₂ ≤ r }, and dV/dt < 0 on that ball outside `innerRadius`.
    public let radius: Double
    /// r_in: below this distance the decrease is not claimed (it is ~ λ_max φ / κ, rounding level).
    public let innerRadius: Double
    /// M used, valid on the ball of radius r.
    public let secondDerivativeBound: Double
    public let smallestEigenvalue: Double
    public let largestEigenvalue: Double
    /// κ = λ_min(−(JᵀP + PJ)) less the rounding allowance.
    public let decayMargin: Double

    /// Every trajectory that enters E ends (and stays) within this distance of x* (2-norm).
    public var limitRadius: Double { innerRadius * (largestEigenvalue / smallestEigenvalue).squareRoot() }

    /// (x − x*)ᵀ P (x − x*).
    public func energy(_ state: [Double]) -> Double {
        let m = center.count
        guard state.count == m else { return .infinity }
        var e = [Double](repeating: 0, count: m)
        for i in 0..<m { e[i] = state[i] - center[i] }
        var total = 0.0
        lyapunovMatrix.elements.withUnsafeBufferPointer { p in
            for j in 0..<m {
                let ej = e[j]
                if ej == 0 { continue }
                var column = 0.0
                let base = j * m
                for i in 0..<m { column += p[base + i] * e[i] }
                total += column * ej
            }
        }
        return total
    }

    /// True when V(x − x*) ≤ level/2. Cheap exits first: ‖e‖₂² ≤ level/(2λ_max) is inside,
    /// ‖e‖₂² > level/(2λ_min) is outside; only in between is V evaluated (O(m²)).
    public func contains(_ state: [Double]) -> Bool {
        guard state.count == center.count else { return false }
        var squared = 0.0
        for i in 0..<state.count {
            let d = state[i] - center[i]
            squared += d * d
        }
        guard squared.isFinite else { return false }
        let target = 0.5 * level
        if squared * largestEigenvalue <= target { return true }
        if squared * smallestEigenvalue > target { return false }
        return energy(state) <= target
    }

    /// The certificate for the fixed point `center` of f with P from Jᵀ P + P J = −I
    /// (`LyapunovCertificate`, Bartels–Stewart; its balanced retry when the direct solve does
    /// not certify), or nil when none can be given (J not certified Hurwitz, κ ≤ 0, no
    /// admissible radius). Q is then taken as −(JᵀP + PJ) as computed, and
    /// κ = λ_min(Q) − 4 m ε ‖J‖_F ‖P‖_F (the rounding of forming the product), so that the
    /// residual of the Lyapunov solve is accounted for exactly (proofs/attractors.md §A.3).
    /// - Parameters:
    ///   - jacobian: J = f'(x*).
    ///   - residual: f(x*).
    ///   - bound: r ↦ M(r), a bound of ‖D²f[e, e]‖₂/‖e‖₂² on the ball of radius r about x*,
    ///     nil when the problem has none there (e.g. the ball leaves the smooth domain).
    ///   - maximumRadius: the first radius tried.
    /// - Complexity: one `LyapunovCertificate` (≈ 30 m³ flops), two m × m products and two
    ///   symmetric eigensolves.
    public static func certify(center: [Double], jacobian: ColumnMajorMatrix, residual: [Double],
                               maximumRadius: Double,
                               bound: (Double) -> Double?) -> QuadraticBasin? {
        let m = center.count
        guard m > 0, jacobian.rows == m, jacobian.columns == m, residual.count == m, jacobian.isFinite,
              maximumRadius.isFinite, maximumRadius > 0,
              let lyapunov = try? LyapunovCertificate(jacobian: jacobian), lyapunov.isCertified,
              let p = lyapunov.solution
        else { return nil }
        return certify(center: center, jacobian: jacobian, lyapunovMatrix: p, residual: residual,
                       maximumRadius: maximumRadius, bound: bound)
    }

    /// The certificate with a given symmetric positive definite P (Theorem A.1).
    public static func certify(center: [Double], jacobian: ColumnMajorMatrix, lyapunovMatrix p: ColumnMajorMatrix,
                               residual: [Double], maximumRadius: Double,
                               bound: (Double) -> Double?) -> QuadraticBasin? {
        let m = center.count
        guard p.rows == m, p.columns == m, p.isFinite,
              let extremes = try? SymmetricEigendecomposition(p).eigenvalues,
              let smallest = extremes.min(), let largest = extremes.max(), smallest > 0 else { return nil }
        var q = jacobian.transposed() * p + p * jacobian
        for index in q.elements.indices { q.elements[index] = -q.elements[index] }
        q = symmetrized(q)
        guard let decay = try? SymmetricEigendecomposition(q).eigenvalues.min() else { return nil }
        let rounding = 4 * Double(m) * Double.ulpOfOne * jacobian.frobeniusNorm * p.frobeniusNorm
        let kappa = decay - rounding
        var phiSquared = 0.0
        for value in residual { phiSquared += value * value }
        let phi = phiSquared.squareRoot()
        guard kappa > 0, phi.isFinite else { return nil }
        // Rounding in M, κ, λ: 10 % either way (the quantities are computed to ~1e-12 relative).
        let safeKappa = 0.9 * kappa, safeLargest = 1.1 * largest, safeSmallest = 0.9 * smallest
        var radius = maximumRadius
        for _ in 0..<60 {
            guard let rawBound = bound(radius), rawBound.isFinite, rawBound >= 0 else {
                radius *= 0.5
                continue
            }
            let curvature = 1.1 * max(rawBound, .leastNormalMagnitude)
            // Roots of λ_max M ρ² − κ ρ + 2 λ_max φ.
            let a = safeLargest * curvature, b = -safeKappa, c = 2 * safeLargest * phi
            let discriminant = b * b - 4 * a * c
            guard discriminant > 0 else { return nil }
            let outer = (-b + discriminant.squareRoot()) / (2 * a)
            let inner = c / (a * outer)
            if outer >= radius {
                let level = safeSmallest * radius * radius
                guard inner * (safeLargest / safeSmallest).squareRoot() < radius else { return nil }
                return QuadraticBasin(center: center, lyapunovMatrix: p, level: level, radius: radius,
                                      innerRadius: inner, secondDerivativeBound: curvature,
                                      smallestEigenvalue: safeSmallest, largestEigenvalue: safeLargest,
                                      decayMargin: safeKappa)
            }
            radius = 0.9 * outer
        }
        return nil
    }

    /// (A + Aᵀ)/2.
    static func symmetrized(_ matrix: ColumnMajorMatrix) -> ColumnMajorMatrix {
        var result = matrix
        for j in 0..<matrix.columns {
            for i in 0..<j {
                let average = 0.5 * (matrix[i, j] + matrix[j, i])
                result[i, j] = average
                result[j, i] = average
            }
        }
        return result
    }
}
