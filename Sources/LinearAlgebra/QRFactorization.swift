import CLAPACK

/// A = Q R by Householder reflections (`dgeqrf`, then `dorgqr` to form Q explicitly).
/// Used to draw Haar-distributed orthogonal matrices: with A Gaussian and the signs of
/// R's diagonal moved into Q, Q is Haar (Mezzadri 2007).
public struct QRFactorization: Sendable {
    /// Q (m×n, orthonormal columns).
    public let q: ColumnMajorMatrix
    /// R (n×n upper triangular).
    public let r: ColumnMajorMatrix

    public init(_ matrix: ColumnMajorMatrix) throws(LinearAlgebraError) {
        guard matrix.rows >= matrix.columns else {
            throw .dimensionMismatch(operation: "QR factorization", expected: "rows ≥ columns",
                                     found: "\(matrix.rows)×\(matrix.columns)")
        }
        guard matrix.isFinite else { throw .nonFiniteInput(operation: "QR factorization") }
        let m = matrix.rows, n = matrix.columns
        guard n > 0 else { q = matrix; r = ColumnMajorMatrix(rows: 0, columns: 0); return }
        let m32 = try lapackInt(m, routine: "dgeqrf"), n32 = try lapackInt(n, routine: "dgeqrf")
        var a = matrix.elements
        var tau = [Double](repeating: 0, count: n)
        var query = 0.0
        var info = clapack_dgeqrf(m32, n32, &a, m32, &tau, &query, -1)
        try checkIllegal(info, routine: "dgeqrf")
        var work = [Double](repeating: 0, count: max(Int(query), n))
        info = clapack_dgeqrf(m32, n32, &a, m32, &tau, &work, try lapackInt(work.count, routine: "dgeqrf"))
        try checkIllegal(info, routine: "dgeqrf")
        var upper = ColumnMajorMatrix(rows: n, columns: n)
        for j in 0..<n { for i in 0...j { upper[i, j] = a[i + j * m] } }
        info = clapack_dorgqr(m32, n32, n32, &a, m32, &tau, &query, -1)
        try checkIllegal(info, routine: "dorgqr")
        work = [Double](repeating: 0, count: max(Int(query), n))
        info = clapack_dorgqr(m32, n32, n32, &a, m32, &tau, &work, try lapackInt(work.count, routine: "dorgqr"))
        try checkIllegal(info, routine: "dorgqr")
        q = try ColumnMajorMatrix(rows: m, columns: n, columnMajor: a)
        r = upper
    }
}
