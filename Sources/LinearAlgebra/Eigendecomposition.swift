import CLAPACK
import ComplexModule
import RealModule

/// Eigenvalues and optional left/right eigenvectors of a general real matrix (`dgeev`).
///
/// A v = λ v and uᴴ A = λ uᴴ; LAPACK normalizes each vector to unit 2-norm with largest
/// component real. Complex-conjugate pairs appear consecutively, positive imaginary part
/// first, as LAPACK returns them; no reordering is done here (`Stability` sorts).
/// - Complexity: about 10n³ flops for eigenvalues only, 26n³ with right vectors.
public struct Eigendecomposition: Sendable {
    public let eigenvalues: [Complex<Double>]
    /// Column k is the right eigenvector of eigenvalue k (when requested).
    public let rightEigenvectors: [[Complex<Double>]]?
    /// Column k is the left eigenvector of eigenvalue k (when requested).
    public let leftEigenvectors: [[Complex<Double>]]?

    public init(_ matrix: ColumnMajorMatrix, rightVectors: Bool = false, leftVectors: Bool = false) throws(LinearAlgebraError) {
        try requireSquareFinite(matrix, operation: "eigendecomposition")
        let n = matrix.rows
        guard n > 0 else {
            eigenvalues = []; rightEigenvectors = rightVectors ? [] : nil; leftEigenvectors = leftVectors ? [] : nil
            return
        }
        let n32 = try lapackInt(n, routine: "dgeev")
        var a = matrix.elements
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        let ldvl = leftVectors ? n : 1, ldvr = rightVectors ? n : 1
        var vl = [Double](repeating: 0, count: ldvl * (leftVectors ? n : 1))
        var vr = [Double](repeating: 0, count: ldvr * (rightVectors ? n : 1))
        let jobvl: CChar = leftVectors ? 86 : 78, jobvr: CChar = rightVectors ? 86 : 78
        var query = 0.0
        var info = clapack_dgeev(jobvl, jobvr, n32, &a, n32, &wr, &wi, &vl, Int32(ldvl), &vr, Int32(ldvr), &query, -1)
        try checkIllegal(info, routine: "dgeev")
        let minimum = (leftVectors || rightVectors) ? 4 * n : 3 * n
        let lwork = max(Int(query), minimum)
        let lwork32 = try lapackInt(lwork, routine: "dgeev")
        var work = [Double](repeating: 0, count: lwork)
        info = clapack_dgeev(jobvl, jobvr, n32, &a, n32, &wr, &wi, &vl, Int32(ldvl), &vr, Int32(ldvr), &work, lwork32)
        try checkIllegal(info, routine: "dgeev")
        if info > 0 { throw .eigenvalueIterationFailed(routine: "dgeev", info: Int(info)) }
        eigenvalues = (0..<n).map { Complex(wr[$0], wi[$0]) }
        rightEigenvectors = rightVectors ? Eigendecomposition.unpack(vr, n: n, imaginaryParts: wi) : nil
        leftEigenvectors = leftVectors ? Eigendecomposition.unpack(vl, n: n, imaginaryParts: wi) : nil
    }

    /// LAPACK packs a complex pair (λ, λ̄) as columns j (real part) and j+1 (imaginary part):
    /// v_j = x + i y, v_{j+1} = x − i y.
    private static func unpack(_ packed: [Double], n: Int, imaginaryParts: [Double]) -> [[Complex<Double>]] {
        var vectors: [[Complex<Double>]] = []
        vectors.reserveCapacity(n)
        var j = 0
        while j < n {
            let real = Array(packed[(j * n)..<((j + 1) * n)])
            if imaginaryParts[j] != 0, j + 1 < n {
                let imaginary = Array(packed[((j + 1) * n)..<((j + 2) * n)])
                vectors.append((0..<n).map { Complex(real[$0], imaginary[$0]) })
                vectors.append((0..<n).map { Complex(real[$0], -imaginary[$0]) })
                j += 2
            } else {
                vectors.append(real.map { Complex($0, 0) })
                j += 1
            }
        }
        return vectors
    }
}

extension ColumnMajorMatrix {
    /// All eigenvalues (`dgeev` without vectors).
    public func eigenvalues() throws(LinearAlgebraError) -> [Complex<Double>] {
        try Eigendecomposition(self).eigenvalues
    }
}
