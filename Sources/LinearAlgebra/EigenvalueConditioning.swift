import CLAPACK

/// Condition numbers of the eigenvalues of a real Schur form T (from `RealSchurDecomposition`),
/// by LAPACK `dtrevc` (left and right eigenvectors of T) and `dtrsna`.
///
/// For a simple eigenvalue λ with unit left and right eigenvectors u, v,
/// s = |uᴴv| (dtrsna's S) and κ(λ) = 1/s: a perturbation T + E moves λ by κ‖E‖₂ + O(‖E‖²).
/// κ is invariant under orthogonal similarity, so it is also the condition number for
/// A = Z T Zᵀ. sep(λ) (dtrsna's SEP, an estimate of σ_min(T₂₂ − λI) after reordering λ to the
/// top) measures how far λ is from the rest of the spectrum in the non-normal sense; it is
/// an *estimate* (dlacn2), not a bound. The first-order shift is trustworthy only while
/// κ‖E‖ is small against the distance to the other eigenvalues (proofs/theorem1.md §5.9).
public struct EigenvalueConditioning: Sendable {
    /// 1/κ_k for every eigenvalue, in the order of T's diagonal (a complex pair shares one value).
    public let reciprocalConditionNumbers: [Double]

    /// s_k = |u_kᴴ v_k| for all eigenvalues of T (dtrevc SIDE = 'B', HOWMNY = 'A'; dtrsna JOB = 'E').
    /// - Complexity: ≈ (2/3)·n³ flops for the eigenvectors of T, O(n²) per eigenvalue for s.
    public init(schurForm t: ColumnMajorMatrix) throws(LinearAlgebraError) {
        try requireSquareFinite(t, operation: "eigenvalue condition numbers")
        let n = t.rows
        guard n > 0 else { reciprocalConditionNumbers = []; return }
        let n32 = try lapackInt(n, routine: "dtrevc")
        _ = try lapackInt(n * n, routine: "dtrevc")
        var vl = [Double](repeating: 0, count: n * n), vr = [Double](repeating: 0, count: n * n)
        var select = [Int32](repeating: 0, count: n)
        var work = [Double](repeating: 0, count: 3 * n)
        var used: Int32 = 0
        var info = clapack_dtrevc(66, 65, &select, n32, t.elements, n32, &vl, n32, &vr, n32, n32, &used, &work)
        try checkIllegal(info, routine: "dtrevc")
        var s = [Double](repeating: 0, count: n), sep = [Double](repeating: 0, count: 1)
        var iwork = [Int32](repeating: 0, count: max(1, 2 * (n - 1)))
        var dummyWork = [Double](repeating: 0, count: 1)
        info = clapack_dtrsna(69, 65, select, n32, t.elements, n32, vl, n32, vr, n32, &s, &sep, n32, &used,
                              &dummyWork, 1, &iwork)
        try checkIllegal(info, routine: "dtrsna")
        reciprocalConditionNumbers = s
    }

    /// sep estimates (dtrsna JOB = 'V', HOWMNY = 'S') for the eigenvalues at the given 0-based
    /// diagonal positions of T (a complex pair is selected by either of its two positions and
    /// reported at both). Returns position → sep.
    /// - Complexity: O(n³) per selected eigenvalue (a reordering and a Sylvester estimate).
    public static func separations(schurForm t: ColumnMajorMatrix, positions: [Int]) throws(LinearAlgebraError) -> [Int: Double] {
        try requireSquareFinite(t, operation: "eigenvalue separations")
        let n = t.rows
        guard n > 0, !positions.isEmpty else { return [:] }
        let n32 = try lapackInt(n, routine: "dtrsna")
        let select = selection(schurForm: t, positions: positions)
        var s = [Double](repeating: 0, count: n), sep = [Double](repeating: 0, count: n)
        let ldwork = n32
        var work = [Double](repeating: 0, count: n * (n + 6))
        var iwork = [Int32](repeating: 0, count: max(1, 2 * (n - 1)))
        var used: Int32 = 0
        let dummy = [Double](repeating: 0, count: 1)
        let info = clapack_dtrsna(86, 83, select, n32, t.elements, n32, dummy, 1, dummy, 1, &s, &sep, n32, &used,
                                  &work, ldwork, &iwork)
        try checkIllegal(info, routine: "dtrsna")
        var result: [Int: Double] = [:]
        var k = 0
        for position in 0..<n where select[position] != 0 {
            if k < Int(used) { result[position] = sep[k] }
            k += 1
        }
        return result
    }

    /// The cluster's reciprocal condition number s_C and its Schur block: dtrsen (JOB = 'E',
    /// COMPQ = 'N') on a copy of T reorders the selected eigenvalues (0-based diagonal
    /// positions; a complex pair is selected whole) to the leading k × k block T_C, whose
    /// eigenvalues are the cluster's, and returns s_C with 1/s_C the norm of the spectral
    /// projector (LAPACK Users' Guide §4.8.1.3): to first order a perturbation E of T acts on
    /// the cluster as a perturbation of T_C of size ≲ ‖E‖/s_C. When every eigenvalue is
    /// selected, s_C = 1 and T_C = T. `nil` when the reordering fails (dtrsen INFO = 1).
    /// - Complexity: O(n²·k) for the reordering plus a Sylvester solve.
    public static func clusterBlock(schurForm t: ColumnMajorMatrix, positions: [Int]) throws(LinearAlgebraError)
        -> (reciprocalCondition: Double, block: ColumnMajorMatrix)? {
        try requireSquareFinite(t, operation: "cluster condition number")
        let n = t.rows
        guard n > 0, !positions.isEmpty else { return nil }
        let n32 = try lapackInt(n, routine: "dtrsen")
        let select = selection(schurForm: t, positions: positions)
        let k = select.reduce(0) { $0 + Int($1) }
        guard k < n else { return (1, t) }
        var a = t.elements
        var q = [Double](repeating: 0, count: 1)
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var used: Int32 = 0, s = 0.0, sep = 0.0
        let lwork = try lapackInt(max(1, k * (n - k)), routine: "dtrsen")
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: 1)
        let info = clapack_dtrsen(69, 78, select, n32, &a, n32, &q, 1, &wr, &wi, &used, &s, &sep, &work, lwork, &iwork, 1)
        try checkIllegal(info, routine: "dtrsen")
        guard info == 0 else { return nil }
        var block = ColumnMajorMatrix(rows: k, columns: k)
        for column in 0..<k { for row in 0..<k { block[row, column] = a[row + column * n] } }
        return (s, block)
    }

    /// LAPACK's SELECT vector for `positions` (0-based diagonal positions of the real Schur form
    /// T): a complex pair occupies j, j+1 with t[j+1, j] ≠ 0 and is selected whole when either
    /// half is named (dtrsna and dtrsen both require it).
    private static func selection(schurForm t: ColumnMajorMatrix, positions: [Int]) -> [Int32] {
        let n = t.rows
        var select = [Int32](repeating: 0, count: n)
        for position in positions where position >= 0 && position < n { select[position] = 1 }
        var j = 0
        while j < n {
            if j + 1 < n, t[j + 1, j] != 0 {
                if select[j] != 0 || select[j + 1] != 0 { select[j] = 1; select[j + 1] = 1 }
                j += 2
            } else { j += 1 }
        }
        return select
    }
}
