import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

/// The real Schur form of G/√n + shift·I for a Gaussian G: spectrum within about 1 of `shift`.
private func shiftedSchurForm(order n: Int, shift: Double, using rng: inout some RandomNumberGenerator) throws
    -> ColumnMajorMatrix {
    let g = (1 / Double(n).squareRoot()) * gaussianMatrix(rows: n, columns: n, using: &rng)
    return try RealSchurDecomposition(shifted(g, by: shift)).schurForm
}

@Suite("TriangularSylvesterSolver (dtrsyl)")
struct TriangularSylvesterSolverTests {
    @Test("Random Schur-form A, B: ‖op(A)X ± X op(B) − scale·C‖_F ≤ 10(m+n)·ε·(‖A‖_F+‖B‖_F)·‖X‖_F (Higham §16.2)",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func residual(transposeA: Bool, transposeB: Bool) async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let m = 1 + rng.nextIndex(below: 6), n = 1 + rng.nextIndex(below: 6)
            let sign = rng.nextBernoulli(0.5) ? 1 : -1
            // Spectra near +3 and near 3·sign: λ_i + sign·μ_j stays near 6, far from 0, so the
            // Sylvester operator is well conditioned and LAPACK needs no perturbation.
            let a = try shiftedSchurForm(order: m, shift: 3, using: &rng)
            let b = try shiftedSchurForm(order: n, shift: 3 * Double(sign), using: &rng)
            let c = gaussianMatrix(rows: m, columns: n, using: &rng)
            let (x, scale) = try TriangularSylvesterSolver.solve(a: a, b: b, c: c, transposeA: transposeA,
                                                                 transposeB: transposeB, sign: sign)
            #expect(scale > 0 && scale <= 1)
            let opA = transposeA ? a.transposed() : a, opB = transposeB ? b.transposed() : b
            let residual = opA * x + Double(sign) * (x * opB) - scale * c
            // Bartels–Stewart has a small residual (not backward error) bound: c(m,n)·ε·(‖A‖+‖B‖)·‖X‖.
            let bound = 10 * Double(m + n) * epsilon * (a.frobeniusNorm + b.frobeniusNorm) * x.frobeniusNorm
            #expect(residual.frobeniusNorm <= bound, "m = \(m), n = \(n), sign = \(sign)")
        }
    }

    @Test("Lyapunov form Tᵀ P + P T = −I for diagonal T = diag(−1, −2): P = diag(1/2, 1/4) (closed form)")
    func diagonalLyapunov() throws {
        let t = ColumnMajorMatrix.diagonal([-1, -2])
        let (p, scale) = try TriangularSylvesterSolver.solve(a: t, b: t, c: -1 * ColumnMajorMatrix.identity(2),
                                                             transposeA: true, transposeB: false, sign: 1)
        #expect(scale == 1)
        // p_ij = −δ_ij/(t_i + t_j): 1/2 and 1/4 are exact in binary.
        #expect(p.rowMajorArrays() == [[0.5, 0], [0, 0.25]])
    }

    @Test("A and −B sharing an eigenvalue: .sylvesterNearlySingular (dtrsyl INFO = 1)")
    func commonEigenvalue() {
        let a = ColumnMajorMatrix.diagonal([1, 2]), b = ColumnMajorMatrix.diagonal([-1])
        #expect(throws: LinearAlgebraError.sylvesterNearlySingular) {
            _ = try TriangularSylvesterSolver.solve(a: a, b: b, c: ColumnMajorMatrix(rows: 2, columns: 1, repeating: 1),
                                                    transposeA: false, transposeB: false, sign: 1)
        }
    }

    @Test("Mismatched shapes, sign 0 and NaN are refused before dtrsyl is called")
    func refusals() {
        let a = ColumnMajorMatrix.identity(2), b = ColumnMajorMatrix.identity(3)
        let c = ColumnMajorMatrix(rows: 2, columns: 3)
        #expect(throws: LinearAlgebraError.self) {
            _ = try TriangularSylvesterSolver.solve(a: a, b: b, c: ColumnMajorMatrix(rows: 3, columns: 2),
                                                    transposeA: false, transposeB: false, sign: 1)
        }
        #expect(throws: LinearAlgebraError.self) {
            _ = try TriangularSylvesterSolver.solve(a: a, b: b, c: c, transposeA: false, transposeB: false, sign: 0)
        }
        var nanC = c
        nanC[1, 2] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "dtrsyl")) {
            _ = try TriangularSylvesterSolver.solve(a: a, b: b, c: nanC, transposeA: false, transposeB: false, sign: 1)
        }
    }
}
