import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

@Suite("CholeskyFactorization (dpotrf)")
struct CholeskyFactorizationTests {
    @Test("A = BᵀB + I: L lower with positive diagonal and |L Lᵀ − A|_ij ≤ 2(n+1)·ε·√(a_ii a_jj) (Higham Thm 10.3)")
    func reconstruction() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let b = gaussianMatrix(rows: n, columns: n, using: &rng)
            let a = shifted(b.transposed() * b, by: 1)
            let lower = try CholeskyFactorization(a).lower
            for j in 0..<n {
                #expect(lower[j, j] > 0)
                for i in 0..<j { #expect(lower[i, j] == 0) }
            }
            // Higham Thm 10.3: |A − LLᵀ| ≤ γ_{n+1}|L||Lᵀ| and (|L||Lᵀ|)_ij ≤ ‖l_i‖‖l_j‖ = √(a_ii a_jj);
            // forming LLᵀ here adds as much again, and γ_{n+1} ≤ (n+1)·ε.
            let residual = lower * lower.transposed() - a
            for i in 0..<n {
                for j in 0..<n {
                    let bound = 2 * Double(n + 1) * epsilon * (a[i, i] * a[j, j]).squareRoot()
                    #expect(abs(residual[i, j]) <= bound)
                }
            }
        }
    }

    @Test("Published example (NAG F07FDF): L₁₁ = 2.0396, L₄₄ = 0.5347")
    func publishedExample() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[4.16, -3.12, 0.56, -0.10],
                                                 [-3.12, 5.03, -0.83, 1.18],
                                                 [0.56, -0.83, 0.76, 0.34],
                                                 [-0.10, 1.18, 0.34, 1.18]])
        let published: [[Double]] = [[2.0396, 0, 0, 0],
                                     [-1.5297, 1.6401, 0, 0],
                                     [0.2746, -0.2500, 0.7887, 0],
                                     [-0.0490, 0.6737, 0.6617, 0.5347]]
        let lower = try CholeskyFactorization(a).lower
        // Four printed decimals: half a unit in the last place.
        for i in 0..<4 { for j in 0..<4 { #expect(abs(lower[i, j] - published[i][j]) <= 0.5e-4) } }
    }

    @Test("Indefinite A is refused with .notPositiveDefinite at the first non-positive leading minor")
    func indefinite() throws {
        // Leading minors 1, 1·1 − 2·2 = −3: order 2 fails.
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            _ = try CholeskyFactorization(ColumnMajorMatrix(rowMajor: [[1, 2], [2, 1]]))
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 3)) {
            _ = try CholeskyFactorization(.diagonal([1, 2, -1, 4]))
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 1)) {
            _ = try CholeskyFactorization(.diagonal([0]))
        }
    }
}
