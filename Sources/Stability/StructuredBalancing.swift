import LinearAlgebra

/// The Parlett–Reinsch balancing of `DiagonalBalancing` for a Jacobian of the form (9.1),
/// run on its structure instead of its 4n² entries (proofs/structure.md eq. 9.6).
///
/// The off-diagonal 1-norms of J_b = D⁻¹JD are evaluated from A (n × n, scaled in place), the
/// diagonal b of B, p = u/τ_a and the least-squares row vector v of the a-rows:
///
///     y-column i:  Σ_{j≠i} |A_b[j,i]| + |v_i| d_i P,          P = Σ_k |p_k|/d_{n+k}
///     y-row i:     Σ_{j≠i} |A_b[i,j]| + |b_i| d_{n+i}/d_i
///     a-column k:  |b_k| d_{n+k}/d_k + |v_{n+k}| d_{n+k} (P − |p_k|/d_{n+k})
///     a-row k:     (|p_k|/d_{n+k}) (V − |v_{n+k}| d_{n+k}),   V = Σ_j |v_j| d_j
///
/// (the structure residual of eq. 9.7 is left out of these sums: it only steers the choice of
/// D). Any D of powers of two is an exact similarity, so this changes the frame in which η and
/// κ are measured, never the eigenvalues. Each sweep costs O(n²) on A instead of O(m²) on J.
struct StructuredBalancing {
    /// The diagonal of D (powers of two), length 2n.
    let scaling: [Double]

    init(_ jacobian: ColumnMajorMatrix, column u: [Double], tauA: [Double], maximumSweeps: Int = 100) {
        let n = u.count, m = 2 * n
        let elements = jacobian.elements
        let p = (0..<n).map { u[$0] / tauA[$0] }
        let pp = p.reduce(0) { $0 + $1 * $1 }
        var v = [Double](repeating: 0, count: m)
        if pp > 0, pp.isFinite {
            for j in 0..<m {
                var dot = 0.0
                let base = j * m + n
                for i in 0..<n { dot += p[i] * (elements[base + i] + (j == n + i ? 1 / tauA[i] : 0)) }
                v[j] = abs(dot / pp)
            }
        }
        let absoluteP = p.map(abs)
        let b = (0..<n).map { abs(elements[(n + $0) * m + $0]) }
        var a = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { a[i + j * n] = elements[i + j * m] } }
        var d = [Double](repeating: 1, count: m)

        a.withUnsafeMutableBufferPointer { a in
            for _ in 0..<maximumSweeps {
                var converged = true
                var bigP = 0.0, bigV = 0.0
                for k in 0..<n { bigP += absoluteP[k] / d[n + k] }
                for j in 0..<m { bigV += v[j] * d[j] }
                for i in 0..<m {
                    let c: Double, r: Double
                    if i < n {
                        var columnSum = 0.0, rowSum = 0.0
                        for j in 0..<n where j != i {
                            columnSum += abs(a[j + i * n])
                            rowSum += abs(a[i + j * n])
                        }
                        c = columnSum + v[i] * d[i] * bigP
                        r = rowSum + b[i] * d[n + i] / d[i]
                    } else {
                        let k = i - n
                        c = b[k] * d[i] / d[k] + v[i] * d[i] * (bigP - absoluteP[k] / d[i])
                        r = absoluteP[k] / d[i] * (bigV - v[i] * d[i])
                    }
                    guard let f = DiagonalBalancing.factor(columnNorm: c, rowNorm: r) else { continue }
                    converged = false
                    let old = d[i]
                    d[i] *= f
                    bigV += v[i] * (d[i] - old)
                    if i < n {
                        for j in 0..<n {
                            a[i + j * n] /= f
                            a[j + i * n] *= f
                        }
                    } else {
                        bigP += absoluteP[i - n] * (1 / d[i] - 1 / old)
                    }
                }
                if converged { break }
            }
        }
        scaling = d
    }

    /// J_b = D⁻¹ J D, entry by entry (exact unless an entry under- or overflows).
    static func balanced(_ jacobian: ColumnMajorMatrix, scaling d: [Double]) -> ColumnMajorMatrix {
        var result = jacobian
        let m = jacobian.rows
        result.elements.withUnsafeMutableBufferPointer { a in
            for j in 0..<m {
                let dj = d[j]
                for i in 0..<m { a[i + j * m] = a[i + j * m] * dj / d[i] }
            }
        }
        return result
    }
}
