/// Verified lower bounds on the smallest eigenvalue of a symmetric floating-point matrix,
/// with every rounding error of the test accounted for (proofs/energy.md §2b, eq. 6.9a).
///
/// The method is Rump's ("Verification of positive definiteness", BIT 46, 2006), built on
/// the backward error of Cholesky (Demmel 1989; Higham, *Accuracy and Stability*, Thm 10.3):
///
///  1. Ã = fl(A − s I) — only the diagonal changes, and |fl(a_ii − s) − (a_ii − s)| ≤ u |ã_ii|/(1 − u);
///  2. Cholesky of Ã in floating point (our own loop, not dpotrf, so the algorithm is the one
///     analysed: inner products and square roots with IEEE round-to-nearest, any order);
///     when it runs to completion with positive pivots, R̂ᵀR̂ = Ã + ΔA with
///     |ΔA| ≤ γ_{n+1} |R̂ᵀ||R̂|, and ‖r_i‖² ≤ ã_ii/(1 − γ_{n+1}), hence
///     ‖ΔA‖₂ ≤ γ_{n+1}/(1 − γ_{n+1}) · Σ_i ã_ii;
///  3. Ã + ΔA = R̂ᵀR̂ ⪰ 0, so λ_min(A) ≥ s − γ_{n+1}/(1 − γ_{n+1}) Σ ã_ii − max_i u|ã_ii|/(1 − u) − underflow,
///     where the underflow term (n + 2)²(1 + max ã_ii)·2⁻¹⁰⁷³ covers gradual underflow in the
///     products (Rump's Theorem 2.4 has a term of this form).
///
/// The bound is computed in floating point and then enlarged (`RoundingBounds.up`) by more
/// than the rounding of its own few operations, so the returned number is a true lower bound.
/// Assumptions: IEEE 754 binary64, round to nearest, no compiler reassociation beyond what
/// the γ_k bounds allow (any summation order, with or without fused multiply–add, satisfies them).
public enum VerifiedPositiveDefiniteness {
    /// A verified lower bound on λ_min(A) for the symmetric A (lower triangle read), trying
    /// the shifts s = fraction·`estimate` for fraction in 0.99, 0.9, 0.5, 0.1, 0.01, where
    /// `estimate` is an approximation of λ_min(A) (e.g. from dsyevd); `nil` when no shift
    /// gives a positive bound (A is then not *verified* positive definite — it may still be).
    ///
    /// A positive result proves A ≻ 0 in exact arithmetic for the matrix of floating-point
    /// numbers given.
    /// - Complexity: up to four Cholesky factorizations, n³/3 flops each.
    ///
    /// When no shift works on A itself (A badly scaled: λ_min/λ_max near u), the same test runs
    /// on the congruent S A S with S = diag(2^k_i), 2^k_i ≈ 1/√a_ii (exact: powers of two,
    /// checked entry by entry); positive definiteness is invariant under congruence, and
    /// λ_min(A) ≥ λ_min(S A S) / max_i s_i².
    public static func positiveLowerBound(of matrix: ColumnMajorMatrix, estimate: Double) -> Double? {
        guard matrix.isSquare, matrix.rows > 0, matrix.isFinite else { return nil }
        if estimate.isFinite, estimate > 0 {
            for fraction in [0.99, 0.9, 0.5, 0.1, 0.01] {
                if let bound = lowerBound(of: matrix, shift: fraction * estimate), bound > 0 { return bound }
            }
        }
        guard let (scaled, largestSquare) = diagonallyScaled(matrix) else { return nil }
        for shift in [0.5, 0.1, 0.01, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11] {
            if let bound = lowerBound(of: scaled, shift: shift), bound > 0 {
                let result = RoundingBounds.down(bound / largestSquare, operations: 1)
                return result > 0 ? result : nil
            }
        }
        return nil
    }

    /// S A S with S = diag(2^k_i), 2^k_i ≈ 1/√a_ii, and max s_i²; `nil` when a diagonal entry is
    /// not positive or the scaling is not exact (underflow or overflow).
    static func diagonallyScaled(_ matrix: ColumnMajorMatrix) -> (ColumnMajorMatrix, Double)? {
        let n = matrix.rows
        var s = [Double](repeating: 1, count: n)
        for i in 0..<n {
            let d = matrix[i, i]
            guard d > 0, d.isFinite else { return nil }
            let exponent = -Int((d.squareRoot()).exponent)
            s[i] = Double(sign: .plus, exponent: exponent, significand: 1)
        }
        var scaled = matrix
        for j in 0..<n {
            for i in 0..<n {
                let value = matrix[i, j] * s[i] * s[j]
                guard value / s[i] / s[j] == matrix[i, j], value.isFinite else { return nil }
                scaled[i, j] = value
            }
        }
        let largest = s.map { $0 * $0 }.max() ?? 1
        return largest.isFinite ? (scaled, largest) : nil
    }

    /// The verified lower bound on λ_min(A) from one shifted Cholesky (steps 1–3), or `nil`
    /// when the floating-point Cholesky of fl(A − sI) breaks down (a pivot ≤ 0 or not finite).
    public static func lowerBound(of matrix: ColumnMajorMatrix, shift: Double) -> Double? {
        guard matrix.isSquare, matrix.rows > 0, matrix.isFinite, shift.isFinite else { return nil }
        let n = matrix.rows
        var a = matrix
        var diagonalSum = 0.0, largestDiagonal = 0.0
        for i in 0..<n {
            a[i, i] = matrix[i, i] - shift
            guard a[i, i] > 0 else { return nil }
            diagonalSum += a[i, i]
            largestDiagonal = max(largestDiagonal, a[i, i])
        }
        guard diagonalSum.isFinite, choleskyCompletes(&a) else { return nil }
        let u = RoundingBounds.unitRoundoff
        let gamma = RoundingBounds.gamma(n + 1)
        guard gamma < 0.5 else { return nil }
        let choleskyError = RoundingBounds.up(gamma / (1 - gamma) * RoundingBounds.up(diagonalSum, operations: n), operations: 3)
        let shiftError = RoundingBounds.up(u * largestDiagonal / (1 - u), operations: 2)
        let underflow = Double((n + 2) * (n + 2)) * (1 + largestDiagonal) * 0x1p-1073
        let error = RoundingBounds.up(choleskyError + shiftError + underflow, operations: 2)
        return RoundingBounds.down(shift - error, operations: 1)
    }

    /// Right-looking-free, column Cholesky (the "jik" inner-product form of Higham Alg. 10.2)
    /// on the lower triangle in place; false at the first pivot that is not positive and finite.
    static func choleskyCompletes(_ a: inout ColumnMajorMatrix) -> Bool {
        let n = a.rows
        return a.elements.withUnsafeMutableBufferPointer { e -> Bool in
            for j in 0..<n {
                var pivot = e[j + j * n]
                for k in 0..<j { pivot -= e[j + k * n] * e[j + k * n] }
                guard pivot > 0, pivot.isFinite else { return false }
                let r = pivot.squareRoot()
                e[j + j * n] = r
                for i in (j + 1)..<max(j + 1, n) {
                    var sum = e[i + j * n]
                    for k in 0..<j { sum -= e[i + k * n] * e[j + k * n] }
                    e[i + j * n] = sum / r
                }
            }
            return true
        }
    }
}

/// Standard floating-point error constants (Higham, *Accuracy and Stability*, §3.1) and the
/// outward rounding of bounds that are themselves computed in floating point.
public enum RoundingBounds {
    /// u = 2⁻⁵³, the unit roundoff of binary64 round-to-nearest.
    public static let unitRoundoff = 0x1p-53

    /// γ_k = k u / (1 − k u), rounded up (+∞ when k u ≥ 1).
    public static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * unitRoundoff
        guard ku < 0.5 else { return .infinity }
        return up(ku / (1 - ku), operations: 2)
    }

    /// A number ≥ the exact value of a non-negative quantity x̂ computed with at most
    /// `operations` roundings of relative size ≤ u each: x̂ (1 + 2(k + 1)u) + 2⁻¹⁰⁷⁰
    /// (the absolute term covers underflow; (1 + u)^k ≤ 1 + 2ku for ku ≤ 1/2, and the
    /// extra (1 + 2u) covers this multiplication itself).
    public static func up(_ value: Double, operations k: Int) -> Double {
        guard value.isFinite else { return value.isNaN ? .infinity : value }
        let magnitude = abs(value) * (2 * Double(k + 1) * unitRoundoff) + 0x1p-1070
        return value + 2 * magnitude
    }

    /// A number ≤ the exact value, the mirror image of `up`.
    public static func down(_ value: Double, operations k: Int) -> Double {
        guard value.isFinite else { return value.isNaN ? -.infinity : value }
        let magnitude = abs(value) * (2 * Double(k + 1) * unitRoundoff) + 0x1p-1070
        return value - 2 * magnitude
    }
}
