import CLAPACK
import ComplexModule
import RealModule

/// A = Z T Zᵀ with Z orthogonal and T quasi-upper-triangular (1×1 and 2×2 diagonal
/// blocks, the latter in LAPACK's standard form for complex pairs), by `dgees`
/// without reordering. The first step of the Bartels–Stewart Lyapunov solver.
public struct RealSchurDecomposition: Sendable {
    /// T, the real Schur form.
    public let schurForm: ColumnMajorMatrix
    /// Z, the orthogonal Schur vectors.
    public let schurVectors: ColumnMajorMatrix
    /// Eigenvalues in the order of T's diagonal blocks.
    public let eigenvalues: [Complex<Double>]

    public init(_ matrix: ColumnMajorMatrix) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "Schur decomposition")
        let n = matrix.rows
        guard n > 0 else { schurForm = matrix; schurVectors = matrix; eigenvalues = []; return }
        let n32 = try lapackInt(n, routine: "dgees")
        var a = matrix.elements
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vs = [Double](repeating: 0, count: n * n)
        var bwork = [Int32](repeating: 0, count: n)
        var query = 0.0
        var info = clapack_dgees(86, n32, &a, n32, &wr, &wi, &vs, n32, &query, -1, &bwork)
        try checkIllegal(info, routine: "dgees")
        let lwork = try lapackInt(max(Int(query), 3 * n), routine: "dgees")
        var work = [Double](repeating: 0, count: Int(lwork))
        info = clapack_dgees(86, n32, &a, n32, &wr, &wi, &vs, n32, &work, lwork, &bwork)
        try checkIllegal(info, routine: "dgees")
        if info > 0 { throw .eigenvalueIterationFailed(routine: "dgees", info: Int(info)) }
        schurForm = try ColumnMajorMatrix(rows: n, columns: n, columnMajor: a)
        schurVectors = try ColumnMajorMatrix(rows: n, columns: n, columnMajor: vs)
        eigenvalues = (0..<n).map { Complex(wr[$0], wi[$0]) }
    }
}
