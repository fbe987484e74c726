/// A symmetric matrix K with its eigendecomposition K ≈ QΘQᵀ (dsyevd, Θ ascending), made once
/// and reused for every matrix that is an affine function c₁I + c₂K of it: the Newton systems
/// along W_r(p) = I + pK (proofs/newton.md §7.11) and the spectrum at the branch's end
/// (proofs/structure.md §9.7). Like every dsyevd result it is exact for a nearby matrix:
/// ‖K − QΘQᵀ‖_F and ‖QᵀQ − I‖_F are O(nε‖K‖_F), resp. O(nε) — the factor the callers
/// already carry for dsyevd (`backwardErrorFactor`).
public struct SymmetricEigenbasis: Sendable, Equatable {
    /// K (n × n, exactly symmetric).
    public let matrix: ColumnMajorMatrix
    /// Q, orthonormal columns; column k belongs to `eigenvalues[k]`.
    public let basis: ColumnMajorMatrix
    /// Θ, ascending.
    public let eigenvalues: [Double]
    /// ‖K‖_F.
    public let frobeniusNorm: Double

    /// nil unless `matrix` is square, finite and exactly symmetric and dsyevd succeeds.
    public init?(of matrix: ColumnMajorMatrix) {
        let n = matrix.rows
        guard n >= 1, matrix.isExactlySymmetric else { return nil }
        guard let decomposition = try? SymmetricEigendecomposition(matrix, vectors: true),
              let q = decomposition.eigenvectors else { return nil }
        self.matrix = matrix
        self.basis = q
        self.eigenvalues = decomposition.eigenvalues
        self.frobeniusNorm = matrix.frobeniusNorm
    }

    /// S as c₁I + c₂K: c₂ the least-squares fit of S's off-diagonal to K's, c₁ the mean of
    /// diag(S − c₂K), and the residual E = S − c₁I − c₂K measured in one pass, ‖E‖_F plus the
    /// rounding of computing it (3ε(|s_ij| + |c₁|δ_ij + |c₂k_ij|) per entry). nil when K has no
    /// off-diagonal (c₂ undetermined), c₂ = 0, or something is not finite. S's eigenpairs are
    /// then (c₁ + c₂θ_k, q_k) exactly for S − E and to dsyevd's backward error (|c₂|‖K‖_F + |c₁|√n
    /// times the callers' O(nε)) (proofs/structure.md §9.7).
    public func affineFit(to s: ColumnMajorMatrix) -> (shift: Double, scale: Double, residualNorm: Double)? {
        let n = matrix.rows
        guard s.rows == n, s.columns == n else { return nil }
        var cross = 0.0, squares = 0.0
        s.elements.withUnsafeBufferPointer { sv in
            matrix.elements.withUnsafeBufferPointer { kv in
                for j in 0..<n {
                    for i in 0..<n where i != j {
                        cross += sv[i + j * n] * kv[i + j * n]
                        squares += kv[i + j * n] * kv[i + j * n]
                    }
                }
            }
        }
        guard squares > 0, squares.isFinite, cross.isFinite else { return nil }
        let scale = cross / squares
        var shift = 0.0
        for i in 0..<n { shift += s[i, i] - scale * matrix[i, i] }
        shift /= Double(n)
        guard scale != 0, scale.isFinite, shift.isFinite else { return nil }
        var residualSquares = 0.0
        let e = Double.ulpOfOne
        s.elements.withUnsafeBufferPointer { sv in
            matrix.elements.withUnsafeBufferPointer { kv in
                for j in 0..<n {
                    for i in 0..<n {
                        let diagonal = i == j ? shift : 0
                        let r = abs(sv[i + j * n] - diagonal - scale * kv[i + j * n])
                            + 3 * e * (abs(sv[i + j * n]) + abs(diagonal) + abs(scale * kv[i + j * n]))
                        residualSquares += r * r
                    }
                }
            }
        }
        guard residualSquares.isFinite else { return nil }
        return (shift, scale, residualSquares.squareRoot())
    }

    /// The eigenpairs of c₁I + c₂K in ascending order: (c₁ + c₂θ_k, q_k), columns reversed when
    /// c₂ < 0.
    public func affineEigenpairs(shift: Double, scale: Double) -> (eigenvalues: [Double], basis: ColumnMajorMatrix) {
        let values = eigenvalues.map { shift + scale * $0 }
        guard scale < 0 else { return (values, basis) }
        let n = matrix.rows
        var reversed = ColumnMajorMatrix(rows: n, columns: n)
        reversed.elements.withUnsafeMutableBufferPointer { out in
            basis.elements.withUnsafeBufferPointer { q in
                for k in 0..<n { for i in 0..<n { out[i + k * n] = q[i + (n - 1 - k) * n] } }
            }
        }
        return (Array(values.reversed()), reversed)
    }
}
