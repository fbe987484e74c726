import LinearAlgebra

/// A proof that the floating-point matrix J (exactly as stored) is Hurwitz, from a
/// floating-point P with every rounding error bounded (proofs/energy.md §2b, eqs. 6.9a–6.9d):
///
///     P ≻ 0  with  λ_min(P) ≥ p_min > 0,  λ_max(P) ≤ p_max          (eq. 6.9a)
///     Q = −(JᵀP + PJ) ≻ 0  with  λ_min(Q) ≥ q_min > 0                (eq. 6.9b)
///
/// in exact arithmetic, for the given floating-point J and P. Then (eq. 6.9c), for every
/// eigenpair J v = λ v: 2 Re λ · vᴴPv = vᴴ(JᵀP + PJ)v ≤ −q_min|v|², so
///
///     α(J) ≤ −β,   β = q_min / (2 p_max)        (the verified margin),
///
/// and (eq. 6.9d) every J + E with ‖E‖₂ < β is Hurwitz too, with the same P, because
/// (J + E)ᵀP + P(J + E) ⪯ −(q_min − 2 p_max‖E‖₂) I. β therefore also bounds how large the
/// evaluation error of J itself may be (J's entries come from rounded formulas; this type
/// does not bound that error — compare β with it).
///
/// How each quantity is verified:
///  * p_min: `VerifiedPositiveDefiniteness` (Rump's shifted Cholesky) on P;
///  * p_max: ‖P‖₂ ≤ ‖P‖_∞ (P symmetric), the row sums of |P| rounded up;
///  * q_min, fast path: N̂ = fl(JᵀP) by dgemm, Ĝ = fl(N̂ + N̂ᵀ) (P symmetric, so PJ = (JᵀP)ᵀ);
///    the conventional-product bound |N̂ − JᵀP| ≤ γ_m|J|ᵀ|P| gives ‖Ĝ − G‖₂ ≤ 2u‖Ĝ‖_∞ + γ_m‖B‖_∞
///    (assumes BLAS uses the conventional O(m³) algorithm, as OpenBLAS does). Used when
///    γ_m‖B‖_∞ < ¼ and it verifies; otherwise the accurate path:
///  * q_min, accurate path: each entry G_ij = Σ_k J_ki P_kj + Σ_k P_ik J_kj of G = JᵀP + PJ is one dot
///    product of length 2m, evaluated by Ogita–Rump–Oishi's compensated Dot2 (error-free
///    TwoProduct by fused multiply–add, TwoSum), rounded once at the end:
///    |Ĝ_ij − G_ij| ≤ u|Ĝ_ij|/(1 − u) + γ_{2m}² B_ij,  B = |J|ᵀ|P| + |P||J| (entrywise ≥ 0)
///    (their Proposition 5.5, "Accurate sum and dot product", SIAM J. Sci. Comput. 26, 2005).
///    So ‖Ĝ − G‖₂ ≤ 2u‖Ĝ‖_∞ + γ_{2m}² ‖B‖_∞ + underflow =: δ_G, with ‖B‖_∞ from
///    B·1 = |J|ᵀ(|P|1) + |P|(|J|1) rounded up. Plain fl(JᵀP) would leave γ_m‖B‖ ≈ m u‖J‖‖P‖,
///    which exceeds λ_min(Q) = 1 for stiff circuits; Dot2 squares that factor.
///    Then q_min = (verified λ_min of −Ĝ) − δ_G.
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

    /// Ĝ ≈ JᵀP + PJ for symmetric P, each entry one compensated dot product of length 2m
    /// (Dot2), rounded once: |Ĝ_ij − G_ij| ≤ u|Ĝ_ij|/(1 − u) + γ_{2m}² (|J|ᵀ|P| + |P||J|)_ij.
    /// Computed for i ≤ j and mirrored (the same operations give Ĝ_ji), so exactly symmetric.
    static func lyapunovOperator(jacobian j: ColumnMajorMatrix, solution p: ColumnMajorMatrix) -> ColumnMajorMatrix {
        let m = j.rows
        var g = ColumnMajorMatrix(rows: m, columns: m)
        j.elements.withUnsafeBufferPointer { je in
            p.elements.withUnsafeBufferPointer { pe in
                for col in 0..<m {
                    for row in 0...col {
                        // Σ_k J_k,row P_k,col + Σ_k P_row,k J_k,col  (P symmetric: P_row,k = P_k,row)
                        var sum = 0.0, compensation = 0.0
                        for k in 0..<m {
                            accumulate(je[k + row * m], pe[k + col * m], &sum, &compensation)
                            accumulate(pe[k + row * m], je[k + col * m], &sum, &compensation)
                        }
                        let value = sum + compensation
                        g[row, col] = value
                        g[col, row] = value
                    }
                }
            }
        }
        return g
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
        guard let pMinimum = VerifiedPositiveDefiniteness.positiveLowerBound(of: p, estimate: estimateOfSmallestEigenvalueOfP ?? 0) else {
            return nil
        }
        let absoluteP = ColumnMajorMatrix.absolute(p), absoluteJ = ColumnMajorMatrix.absolute(j)
        let ones = [Double](repeating: 1, count: m)
        let pRowSums = absoluteP.multiply(ones)
        let pMaximum = RoundingBounds.up(pRowSums.max() ?? 0, operations: m + 1)
        // ‖B‖_∞ with B·1 = |J|ᵀ(|P|1) + |P|(|J|1), every term ≥ 0: ≤ 2m + 2 roundings each.
        let first = absoluteJ.transposeMultiply(pRowSums), second = absoluteP.multiply(absoluteJ.multiply(ones))
        let bRowSum = RoundingBounds.up(zip(first, second).map { $0 + $1 }.max() ?? 0, operations: 2 * m + 3)
        let u = RoundingBounds.unitRoundoff
        let underflow = Double(8 * (2 * m + 2) * m) * 0x1p-1022
        /// q_min from −Ĝ and the bound δ_G on its rounding error, or nil.
        func smallestEigenvalueOfQ(_ g: ColumnMajorMatrix, productBound: Double) -> (Double, Double)? {
            guard g.isFinite else { return nil }
            let gRowSum = RoundingBounds.up(ColumnMajorMatrix.absolute(g).multiply(ones).max() ?? 0, operations: m + 1)
            let rounding = RoundingBounds.up(2 * u * gRowSum + productBound + underflow, operations: 4)
            let qEstimate = (try? SymmetricEigendecomposition(g).eigenvalues.first) ?? 0
            guard rounding.isFinite, qEstimate > rounding,
                  let qLower = VerifiedPositiveDefiniteness.positiveLowerBound(of: g, estimate: qEstimate) else { return nil }
            let qMinimum = RoundingBounds.down(qLower - rounding, operations: 1)
            return qMinimum > 0 ? (qMinimum, rounding) : nil
        }
        // Fast path: N̂ = fl(JᵀP) by dgemm (conventional product: |N̂ − JᵀP| ≤ γ_m|J|ᵀ|P|) and
        // −Ĝ = −fl(N̂ + N̂ᵀ), exactly symmetric; enough when γ_m‖B‖ ≪ λ_min(Q).
        let gammaM = RoundingBounds.gamma(m)
        var verifiedQ: (Double, Double)? = nil
        if gammaM * bRowSum < 0.25 {
            let n = j.transposed() * p
            var g = ColumnMajorMatrix(rows: m, columns: m)
            for col in 0..<m { for row in 0..<m { g[row, col] = -(n[row, col] + n[col, row]) } }
            verifiedQ = smallestEigenvalueOfQ(g, productBound: RoundingBounds.up(gammaM * bRowSum, operations: 2))
        }
        // Accurate path: Dot2, |Ĝ − G| ≤ u|Ĝ|/(1 − u) + γ_{2m}² B.
        if verifiedQ == nil {
            let gamma = RoundingBounds.gamma(2 * m)
            verifiedQ = smallestEigenvalueOfQ(-1.0 * lyapunovOperator(jacobian: j, solution: p),
                                              productBound: RoundingBounds.up(gamma * gamma * bRowSum, operations: 2))
        }
        guard let (qMinimum, rounding) = verifiedQ, pMaximum.isFinite, pMaximum > 0 else { return nil }
        return VerifiedLyapunovMargin(smallestEigenvalueOfPLowerBound: pMinimum, largestEigenvalueOfPUpperBound: pMaximum,
                                      smallestEigenvalueOfQLowerBound: qMinimum, productRoundingBound: rounding)
    }
}

/// One step of Dot2: (sum, compensation) += a·b with TwoProduct (fma) and TwoSum.
@inline(__always)
private func accumulate(_ a: Double, _ b: Double, _ sum: inout Double, _ compensation: inout Double) {
    let product = a * b
    let productError = (-product).addingProduct(a, b)        // a·b − product, exact (fma)
    let newSum = sum + product
    let z = newSum - sum
    let sumError = (sum - (newSum - z)) + (product - z)       // TwoSum: sum + product − newSum, exact
    sum = newSum
    compensation += sumError + productError
}

extension ColumnMajorMatrix {
    /// |A|, entrywise.
    static func absolute(_ matrix: ColumnMajorMatrix) -> ColumnMajorMatrix {
        var result = matrix
        for k in result.elements.indices { result.elements[k] = abs(result.elements[k]) }
        return result
    }
}
