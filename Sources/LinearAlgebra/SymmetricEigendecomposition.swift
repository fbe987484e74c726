import CLAPACK

/// Eigenvalues (ascending) and optional orthonormal eigenvectors of a real symmetric
/// matrix by divide and conquer (`dsyevd`). Only the lower triangle is read.
public struct SymmetricEigendecomposition: Sendable {
    /// λ₁ ≤ … ≤ λₙ.
    public let eigenvalues: [Double]
    /// Column k is the unit eigenvector of eigenvalue k (when requested).
    public let eigenvectors: ColumnMajorMatrix?

    public init(_ matrix: ColumnMajorMatrix, vectors: Bool = false) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "symmetric eigendecomposition")
        let n = matrix.rows
        guard n > 0 else { eigenvalues = []; eigenvectors = vectors ? matrix : nil; return }
        let n32 = try lapackInt(n, routine: "dsyevd")
        var a = matrix.elements
        var w = [Double](repeating: 0, count: n)
        let jobz: CChar = vectors ? 86 : 78
        var workQuery = 0.0
        var iworkQuery: Int32 = 0
        var info = clapack_dsyevd(jobz, 76, n32, &a, n32, &w, &workQuery, -1, &iworkQuery, -1)
        try checkIllegal(info, routine: "dsyevd")
        let lwork = try lapackInt(max(Int(workQuery), vectors ? 1 + 6 * n + 2 * n * n : 2 * n + 1), routine: "dsyevd")
        let liwork = try lapackInt(max(Int(iworkQuery), vectors ? 3 + 5 * n : 1), routine: "dsyevd")
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        info = clapack_dsyevd(jobz, 76, n32, &a, n32, &w, &work, lwork, &iwork, liwork)
        try checkIllegal(info, routine: "dsyevd")
        if info > 0 { throw .eigenvalueIterationFailed(routine: "dsyevd", info: Int(info)) }
        eigenvalues = w
        eigenvectors = vectors ? try ColumnMajorMatrix(rows: n, columns: n, columnMajor: a) : nil
    }
}
