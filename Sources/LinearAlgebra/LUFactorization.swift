import CLAPACK

/// P A = L U by partial pivoting (LAPACK `dgetrf`), with solves (`dgetrs`) and a
/// reciprocal condition estimate in the 1-norm (`dgecon`).
///
/// Factorization fails with `.singularMatrix` only when a pivot is exactly zero; a
/// numerically singular matrix factors and shows a tiny `reciprocalConditionNumber`.
/// - Complexity: 2n³/3 flops to factor, 2n² per right-hand side.
public struct LUFactorization: Sendable {
    public let order: Int
    /// L (unit lower) and U packed as `dgetrf` leaves them.
    public let factors: ColumnMajorMatrix
    /// 1-based pivot rows, as LAPACK returns them.
    public let pivots: [Int32]
    /// ‖A‖₁ of the factored matrix.
    public let oneNorm: Double

    public init(_ matrix: ColumnMajorMatrix) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "LU factorization")
        let n = matrix.rows
        let n32 = try lapackInt(n, routine: "dgetrf"), lda = try lapackInt(max(1, n), routine: "dgetrf")
        var factors = matrix
        var pivots = [Int32](repeating: 0, count: n)
        let info = factors.elements.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { p in clapack_dgetrf(n32, n32, a.baseAddress, lda, p.baseAddress) }
        }
        try checkIllegal(info, routine: "dgetrf")
        if info > 0 { throw .singularMatrix(routine: "dgetrf", pivot: Int(info)) }
        self.order = n
        self.factors = factors
        self.pivots = pivots
        self.oneNorm = matrix.oneNorm
    }

    /// x with A x = b (or Aᵀ x = b when `transposed`).
    public func solve(_ rightHandSide: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        guard rightHandSide.count == order else {
            throw .dimensionMismatch(operation: "LU solve", expected: "right-hand side of length \(order)",
                                     found: "\(rightHandSide.count)")
        }
        let matrix = try solve(ColumnMajorMatrix(rows: order, columns: 1, columnMajor: rightHandSide), transposed: transposed)
        return matrix.elements
    }

    /// X with A X = B for several right-hand sides.
    public func solve(_ rightHandSides: ColumnMajorMatrix, transposed: Bool = false) throws(LinearAlgebraError) -> ColumnMajorMatrix {
        guard rightHandSides.rows == order else {
            throw .dimensionMismatch(operation: "LU solve", expected: "\(order) rows", found: "\(rightHandSides.rows)")
        }
        guard order > 0, rightHandSides.columns > 0 else { return rightHandSides }
        let n = try lapackInt(order, routine: "dgetrs"), nrhs = try lapackInt(rightHandSides.columns, routine: "dgetrs")
        var solution = rightHandSides
        let info = factors.elements.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                solution.elements.withUnsafeMutableBufferPointer { b in
                    clapack_dgetrs(transposed ? 84 : 78, n, nrhs, a.baseAddress, n, p.baseAddress, b.baseAddress, n)
                }
            }
        }
        try checkIllegal(info, routine: "dgetrs")
        return solution
    }

    /// Estimate of 1/κ₁(A) = 1/(‖A‖₁‖A⁻¹‖₁) by `dgecon` (Hager–Higham); 0 when singular.
    /// Reliable to within a factor of about 3 (LAPACK Users' Guide §4.4).
    public func reciprocalConditionNumber() throws(LinearAlgebraError) -> Double {
        guard order > 0 else { return 1 }
        let n = try lapackInt(order, routine: "dgecon")
        var work = [Double](repeating: 0, count: 4 * order)
        var iwork = [Int32](repeating: 0, count: order)
        var rcond = 0.0
        let norm = oneNorm
        let info = factors.elements.withUnsafeBufferPointer { a in
            clapack_dgecon(49, n, a.baseAddress, n, norm, &rcond, &work, &iwork)
        }
        try checkIllegal(info, routine: "dgecon")
        return rcond
    }

    /// det(A) = sign(P) · Π U_ii (may overflow for large n; for tests and small systems).
    public var determinant: Double {
        var product = 1.0
        for i in 0..<order {
            product *= factors[i, i]
            if pivots[i] != Int32(i + 1) { product = -product }
        }
        return product
    }
}
