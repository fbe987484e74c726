import CLAPACK

/// A = L Lᵀ for a symmetric positive definite A (`dpotrf`, lower triangle read).
/// Failure (`.notPositiveDefinite(order:)`) is informative: it is how the Lyapunov
/// certificate detects a P that is not positive definite.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L (upper triangle zeroed).
    public let lower: ColumnMajorMatrix

    public init(_ matrix: ColumnMajorMatrix) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "Cholesky factorization")
        let n = matrix.rows
        guard n > 0 else { lower = matrix; return }
        let n32 = try lapackInt(n, routine: "dpotrf")
        var a = matrix
        let info = a.elements.withUnsafeMutableBufferPointer { clapack_dpotrf(76, n32, $0.baseAddress, n32) }
        try checkIllegal(info, routine: "dpotrf")
        if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
        for j in 0..<n { for i in 0..<j { a[i, j] = 0 } }
        lower = a
    }
}
