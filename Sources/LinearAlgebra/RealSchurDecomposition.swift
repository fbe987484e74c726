import CLAPACK
import ComplexModule
import RealModule

/// A = Z T Zᵀ with Z orthogonal and T quasi-upper-triangular (1×1 and 2×2 diagonal
/// blocks, the latter in LAPACK's standard form for complex pairs), by `dgees`
/// without reordering. The first step of the Bartels–Stewart Lyapunov solver.
public struct RealSchurDecomposition: Sendable {
    /// T, the real Schur form.
    public let schurForm: ColumnMajorMatrix
    /// Z, the orthogonal Schur vectors (0 × 0 when `computeVectors` was false).
    public let schurVectors: ColumnMajorMatrix
    /// Eigenvalues in the order of T's diagonal blocks.
    public let eigenvalues: [Complex<Double>]

    /// - Parameter computeVectors: form Z (JOBVS = 'V', default); false skips it (about 2.5×
    ///   cheaper) when only T and the eigenvalues are needed, e.g. for `EigenvalueConditioning`.
    public init(_ matrix: ColumnMajorMatrix, computeVectors: Bool = true) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "Schur decomposition")
        let n = matrix.rows
        guard n > 0 else { schurForm = matrix; schurVectors = matrix; eigenvalues = []; return }
        let n32 = try lapackInt(n, routine: "dgees")
        var a = matrix.elements
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        let jobvs: CChar = computeVectors ? 86 : 78, ldvs = computeVectors ? n32 : 1
        var vs = [Double](repeating: 0, count: computeVectors ? n * n : 1)
        var bwork = [Int32](repeating: 0, count: n)
        var query = 0.0
        var info = clapack_dgees(jobvs, n32, &a, n32, &wr, &wi, &vs, ldvs, &query, -1, &bwork)
        try checkIllegal(info, routine: "dgees")
        let lwork = try lapackInt(max(Int(query), 3 * n), routine: "dgees")
        var work = [Double](repeating: 0, count: Int(lwork))
        info = clapack_dgees(jobvs, n32, &a, n32, &wr, &wi, &vs, ldvs, &work, lwork, &bwork)
        try checkIllegal(info, routine: "dgees")
        if info > 0 { throw .eigenvalueIterationFailed(routine: "dgees", info: Int(info)) }
        schurForm = try ColumnMajorMatrix(rows: n, columns: n, columnMajor: a)
        schurVectors = computeVectors ? try ColumnMajorMatrix(rows: n, columns: n, columnMajor: vs)
                                      : ColumnMajorMatrix(rows: 0, columns: 0)
        eigenvalues = (0..<n).map { Complex(wr[$0], wi[$0]) }
    }
}
