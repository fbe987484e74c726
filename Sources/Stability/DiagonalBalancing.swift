import LinearAlgebra

/// Diagonal similarity balancing J' = D⁻¹ J D with D = diag(2^k_i), the Parlett–Reinsch
/// iteration of EISPACK `balanc` / LAPACK `dgebal` without permutations: each sweep scales
/// row and column i by a power of two so that their off-diagonal 1-norms become comparable,
/// until no sweep reduces a row + column norm by 5 %. Exact in binary floating point.
///
/// Used by the Lyapunov certificate (proofs/energy.md eq. 6.7b): stiff circuit Jacobians
/// pair entries like 10⁶ and 10⁻⁷ in one 2 × 2 block, which dtrsyl reports as nearly
/// singular at its threshold ε·max|T| although the problem is well posed after scaling.
struct DiagonalBalancing {
    /// J' = D⁻¹ J D.
    let balanced: ColumnMajorMatrix
    /// The diagonal of D (powers of two).
    let scaling: [Double]

    /// The Parlett–Reinsch step for one index: the power of two f that brings the off-diagonal
    /// column norm c·f and row norm r/f within a factor of 2 of each other, or nil when c or r is
    /// 0 or not finite, or when scaling would not reduce c + r by 5 %.
    static func factor(columnNorm c0: Double, rowNorm r: Double) -> Double? {
        guard c0 > 0, r > 0, c0.isFinite, r.isFinite else { return nil }
        let radix = 2.0, radixSquared = 4.0
        var c = c0
        let total = c + r
        var f = 1.0
        var g = r / radix
        while c < g, f < 0x1p500 { f *= radix; c *= radixSquared }
        g = r * radix
        while c >= g, f > 0x1p-500 { f /= radix; c /= radixSquared }
        return (c + r) / f < 0.95 * total ? f : nil
    }

    init(_ matrix: ColumnMajorMatrix, maximumSweeps: Int = 100) {
        let m = matrix.rows
        var balancedMatrix = matrix
        var d = [Double](repeating: 1, count: m)
        balancedMatrix.elements.withUnsafeMutableBufferPointer { a in
            for _ in 0..<maximumSweeps {
                var converged = true
                for i in 0..<m {
                    var c = 0.0, r = 0.0
                    let column = i * m
                    for j in 0..<m where j != i {
                        c += abs(a[column + j])   // a[j, i]
                        r += abs(a[i + j * m])    // a[i, j]
                    }
                    guard let f = Self.factor(columnNorm: c, rowNorm: r) else { continue }
                    converged = false
                    d[i] *= f
                    for j in 0..<m {
                        a[i + j * m] /= f
                        a[column + j] *= f
                    }
                }
                if converged { break }
            }
        }
        balanced = balancedMatrix
        scaling = d
    }

    /// True when `balanced` = D⁻¹ J D holds exactly entry by entry (no bit lost to underflow or
    /// overflow in the power-of-two scaling), checked in both directions.
    static func isExactSimilarity(original: ColumnMajorMatrix, balanced: ColumnMajorMatrix, scaling d: [Double]) -> Bool {
        let m = original.rows
        guard balanced.rows == m, d.count == m else { return false }
        for j in 0..<m {
            for i in 0..<m {
                let forward = original[i, j] * d[j] / d[i], backward = balanced[i, j] * d[i] / d[j]
                guard forward == balanced[i, j], backward == original[i, j] else { return false }
            }
        }
        return true
    }
}
