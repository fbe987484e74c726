import CLAPACK

/// Solves op(A) X + sign · X op(B) = scale · C for quasi-triangular A (m×m) and B (n×n)
/// in real Schur form (`dtrsyl`). Returns X and LAPACK's scale factor (≤ 1, chosen to
/// avoid overflow); the true solution of op(A)X ± X op(B) = C is X / scale.
///
/// The Lyapunov equation Jᵀ P + P J = −I becomes, with J = Z T Zᵀ and P̃ = Zᵀ P Z,
/// Tᵀ P̃ + P̃ T = −I: `transposeA = true, transposeB = false, sign = +1` (proofs/energy.md).
public enum TriangularSylvesterSolver {
    public static func solve(a: ColumnMajorMatrix, b: ColumnMajorMatrix, c: ColumnMajorMatrix,
                             transposeA: Bool, transposeB: Bool, sign: Int) throws(LinearAlgebraError)
        -> (solution: ColumnMajorMatrix, scale: Double) {
        guard a.isSquare, b.isSquare, c.rows == a.rows, c.columns == b.rows, sign == 1 || sign == -1 else {
            throw .dimensionMismatch(operation: "dtrsyl",
                                     expected: "square A (m×m), B (n×n), C m×n and sign ±1",
                                     found: "A \(a.rows)×\(a.columns), B \(b.rows)×\(b.columns), C \(c.rows)×\(c.columns)")
        }
        guard a.isFinite, b.isFinite, c.isFinite else { throw .nonFiniteInput(operation: "dtrsyl") }
        guard a.rows > 0, b.rows > 0 else { return (c, 1) }
        let m = try lapackInt(a.rows, routine: "dtrsyl"), n = try lapackInt(b.rows, routine: "dtrsyl")
        var x = c
        var scale = 1.0
        let info = a.elements.withUnsafeBufferPointer { ap in
            b.elements.withUnsafeBufferPointer { bp in
                x.elements.withUnsafeMutableBufferPointer { cp in
                    clapack_dtrsyl(transposeA ? 84 : 78, transposeB ? 84 : 78, Int32(sign), m, n,
                                   ap.baseAddress, m, bp.baseAddress, n, cp.baseAddress, m, &scale)
                }
            }
        }
        try checkIllegal(info, routine: "dtrsyl")
        if info == 1 { throw .sylvesterNearlySingular }
        return (x, scale)
    }
}
