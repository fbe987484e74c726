import CircuitModel
import PropertyBased
import Randomness
import TestSupport
import Testing

/// `WeightMatrix.rankOneFactors`: W = u wᵀ is found when the entries are products (to rounding)
/// and refused when a rank-two part is present, however small relative to ‖W‖.
@Suite("Rank-one normalization weights")
struct RankOneFactorsTests {
    /// u with exact zeros (silent pools), heavy-tailed magnitudes and mixed signs.
    static func factor(order n: Int, using rng: inout Xoshiro256StarStar) -> [Double] {
        (0..<n).map { _ in rng.nextBernoulli(0.2) ? 0 : RandomCircuits.signedLogUniform(1e-4, 1e4, using: &rng) }
    }

    @Test("a rounded outer product u wᵀ is found, and the factors reproduce every entry to rounding")
    func outerProductIsFound() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 30)
            var u = Self.factor(order: n, using: &rng), w = Self.factor(order: n, using: &rng)
            u[rng.nextIndex(below: n)] = 1; w[rng.nextIndex(below: n)] = 1   // W ≠ 0
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { matrix[i, j] = u[i] * w[j] } }
            guard let factors = WeightMatrix.dense(matrix).rankOneFactors(order: n) else {
                Issue.record("seed \(seed): the rounded outer product of order \(n) was not recognized"); return
            }
            // Each reproduced entry is u_i w_j (one rounding) re-factored through a pivot: a few ulps.
            for j in 0..<n {
                for i in 0..<n {
                    let error = abs(factors[i, j] - matrix[i, j])
                    #expect(error <= 8 * Double.ulpOfOne * abs(matrix[i, j]),
                            "seed \(seed): entry (\(i), \(j)) reproduced with error \(error) of \(matrix[i, j])")
                }
            }
        }
    }

    @Test("a rank-two matrix is refused, even when the second term is 1e-10 of the first")
    func rankTwoIsRefused() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 30)
            let u = (0..<n).map { _ in rng.nextUniform(0.5, 2) }, w = (0..<n).map { _ in rng.nextUniform(0.5, 2) }
            // A second term that is not a multiple of u wᵀ: e_p e_qᵀ at one entry.
            let p = rng.nextIndex(below: n), q = rng.nextIndex(below: n)
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { matrix[i, j] = u[i] * w[j] } }
            matrix[p, q] *= 1 + 1e-10
            #expect(WeightMatrix.dense(matrix).rankOneFactors(order: n) == nil,
                    "seed \(seed): a rank-two matrix (entry (\(p), \(q)) moved by 1e-10) was taken for rank one")
        }
    }

    @Test("ones gives u = w = 1; the identity (n > 1) and the zero matrix have no rank-one factors")
    func keywords() {
        let ones = WeightMatrix.ones.rankOneFactors(order: 4)
        #expect(ones?.column == [1, 1, 1, 1] && ones?.row == [1, 1, 1, 1])
        #expect(WeightMatrix.identity.rankOneFactors(order: 3) == nil)
        #expect(WeightMatrix.identity.rankOneFactors(order: 1) == RankOneFactors(column: [1], row: [1]))
        #expect(WeightMatrix.dense(ColumnMajorMatrix(rows: 3, columns: 3)).rankOneFactors(order: 3) == nil)
    }
}
