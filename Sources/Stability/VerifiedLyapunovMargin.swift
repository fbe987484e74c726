import LinearAlgebra

/// A proof that the floating-point matrix J (exactly as stored) is Hurwitz, from a
/// floating-point P with every rounding error bounded (proofs/energy.md §6.4, eqs. 6.13–6.16):
///
///     P ≻ 0  with  λ_min(P) ≥ p_min > 0,  λ_max(P) ≤ p_max          (eq. 6.13)
///     Q = −(JᵀP + PJ) ≻ 0  with  λ_min(Q) ≥ q_min > 0                (eq. 6.14)
///
/// in exact arithmetic, for the given floating-point J and P. Then (eq. 6.15), for every
/// eigenpair J v = λ v: 2 Re λ · vᴴPv = vᴴ(JᵀP + PJ)v ≤ −q_min|v|², so
///
///     α(J) ≤ −β,   β = q_min / (2 p_max)        (the verified margin),
///
/// and (eq. 6.16) every J + E with ‖E‖₂ < β is Hurwitz too, with the same P, because
/// (J + E)ᵀP + P(J + E) ⪯ −(q_min − 2 p_max‖E‖₂) I. β therefore also bounds how large the
/// evaluation error of J itself may be (J's entries come from rounded formulas; this type
/// does not bound that error — compare β with it).
///
/// How each quantity is verified:
///  * p_min: `VerifiedPositiveDefiniteness` (Rump's shifted Cholesky) on P;
///  * p_max: ‖P‖₂ ≤ ‖P‖_∞ (P symmetric), the row sums of |P| rounded up;
///  * q_min: Ĝ = fl(N̂ + N̂ᵀ), N̂ = fl(JᵀP) by dgemm. Because P is exactly symmetric,
///    PJ = (JᵀP)ᵀ, and the standard product bound |N̂ − JᵀP| ≤ γ_m |J|ᵀ|P| gives
///    |Ĝ − (JᵀP + PJ)| ≤ u|Ĝ| + γ_m B,  B = |J|ᵀ|P| + |P||J| (symmetric, entrywise ≥ 0),
///    so ‖Ĝ − G‖₂ ≤ u‖Ĝ‖_∞ + γ_m ‖B‖_∞ =: δ_G, with ‖B‖_∞ from B·1 = |J|ᵀ(|P|1) + |P|(|J|1)
///    rounded up. Then q_min = (verified λ_min of −Ĝ) − δ_G.
///    The dgemm bound assumes conventional (not Strassen-like) multiplication, as OpenBLAS does.
public struct VerifiedLyapunovMargin: Sendable, Equatable {
    /// Verified λ_min(P) ≥ this > 0.
    public let smallestEigenvalueOfPLowerBound: Double
    /// Verified λ_max(P) ≤ this.
    public let largestEigenvalueOfPUpperBound: Double
    /// Verified λ_min(−(JᵀP + PJ)) ≥ this > 0.
    public let smallestEigenvalueOfQLowerBound: Double
    /// δ_G, the bound on the rounding error of forming JᵀP + PJ (2-norm).
    public let productRoundingBound: Double

    /// β = q_min / (2 p_max): α(J) ≤ −β, and J + E is Hurwitz for ‖E‖₂ < β.
    public var margin: Double {
        RoundingBounds.down(smallestEigenvalueOfQLowerBound / (2 * largestEigenvalueOfPUpperBound), operations: 2)
    }

    /// Verifies P ≻ 0 and −(JᵀP + PJ) ≻ 0 for the floating-point J and P; `nil` when either
    /// cannot be verified (then nothing is claimed). P must be exactly symmetric.
    /// - Parameters:
    ///   - estimateOfSmallestEigenvalueOfP: an approximation of λ_min(P) used to choose the
    ///     Cholesky shift (from dsyevd; its accuracy affects only the sharpness).
    public static func verify(jacobian j: ColumnMajorMatrix, solution p: ColumnMajorMatrix,
                              estimateOfSmallestEigenvalueOfP: Double?) -> VerifiedLyapunovMargin? {
        let m = j.rows
        guard m > 0, j.isSquare, p.rows == m, p.columns == m, j.isFinite, p.isFinite else { return nil }
        for col in 0..<m { for row in 0..<col where p[row, col] != p[col, row] { return nil } }
        guard let pEstimate = estimateOfSmallestEigenvalueOfP,
              let pMinimum = VerifiedPositiveDefiniteness.positiveLowerBound(of: p, estimate: pEstimate) else { return nil }
        let absoluteP = ColumnMajorMatrix.absolute(p), absoluteJ = ColumnMajorMatrix.absolute(j)
        let ones = [Double](repeating: 1, count: m)
        let pRowSums = absoluteP.multiply(ones)
        let pMaximum = RoundingBounds.up(pRowSums.max() ?? 0, operations: m + 1)
        // Ĝ = fl(N̂ + N̂ᵀ) with N̂ = fl(JᵀP); exactly symmetric by construction.
        let n = j.transposed() * p
        var g = ColumnMajorMatrix(rows: m, columns: m)
        for col in 0..<m { for row in 0..<m { g[row, col] = -(n[row, col] + n[col, row]) } }
        guard g.isFinite else { return nil }
        // ‖B‖_∞ with B·1 = |J|ᵀ(|P|1) + |P|(|J|1), every term ≥ 0: ≤ 2m + 2 roundings each.
        let first = absoluteJ.transposeMultiply(pRowSums), second = absoluteP.multiply(absoluteJ.multiply(ones))
        let bRowSum = RoundingBounds.up(zip(first, second).map { $0 + $1 }.max() ?? 0, operations: 2 * m + 3)
        let gRowSum = RoundingBounds.up(ColumnMajorMatrix.absolute(g).multiply(ones).max() ?? 0, operations: m + 1)
        let u = RoundingBounds.unitRoundoff
        let rounding = RoundingBounds.up(u * gRowSum + RoundingBounds.gamma(m) * bRowSum, operations: 3)
        guard rounding.isFinite,
              let qEstimate = try? SymmetricEigendecomposition(g).eigenvalues.first, qEstimate > rounding,
              let qLower = VerifiedPositiveDefiniteness.positiveLowerBound(of: g, estimate: qEstimate) else { return nil }
        let qMinimum = RoundingBounds.down(qLower - rounding, operations: 1)
        guard qMinimum > 0, pMaximum.isFinite, pMaximum > 0 else { return nil }
        return VerifiedLyapunovMargin(smallestEigenvalueOfPLowerBound: pMinimum, largestEigenvalueOfPUpperBound: pMaximum,
                                      smallestEigenvalueOfQLowerBound: qMinimum, productRoundingBound: rounding)
    }
}

extension ColumnMajorMatrix {
    /// |A|, entrywise.
    static func absolute(_ matrix: ColumnMajorMatrix) -> ColumnMajorMatrix {
        var result = matrix
        for k in result.elements.indices { result.elements[k] = abs(result.elements[k]) }
        return result
    }
}
