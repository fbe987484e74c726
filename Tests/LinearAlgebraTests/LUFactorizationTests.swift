import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

/// P A with the row interchanges of `pivots` (1-based, applied in order, as dgetrf records them).
private func permuted(_ matrix: ColumnMajorMatrix, pivots: [Int32]) -> ColumnMajorMatrix {
    var result = matrix
    for (i, pivot) in pivots.enumerated() where Int(pivot) - 1 != i {
        for j in 0..<matrix.columns {
            let swapped = result[i, j]
            result[i, j] = result[Int(pivot) - 1, j]
            result[Int(pivot) - 1, j] = swapped
        }
    }
    return result
}

/// (L, U) unpacked from dgetrf's packed factors: L unit lower, U upper.
private func unpacked(_ factorization: LUFactorization) -> (lower: ColumnMajorMatrix, upper: ColumnMajorMatrix) {
    let n = factorization.order
    var lower = ColumnMajorMatrix.identity(n), upper = ColumnMajorMatrix(rows: n, columns: n)
    for j in 0..<n {
        for i in 0..<n {
            if i > j { lower[i, j] = factorization.factors[i, j] } else { upper[i, j] = factorization.factors[i, j] }
        }
    }
    return (lower, upper)
}

/// |M| entrywise.
private func absolute(_ matrix: ColumnMajorMatrix) -> ColumnMajorMatrix {
    var result = matrix
    for k in result.elements.indices { result.elements[k] = abs(result.elements[k]) }
    return result
}

@Suite("LUFactorization (dgetrf, dgetrs, dgecon)")
struct LUFactorizationTests {
    @Test("Published example (NAG F07ADF/F07AEF): pivots (2, 2, 3, 4) and X = [[1, 3], [−1, 2], [3, 4], [−5, 1]]")
    func publishedExample() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1.80, 2.88, 2.05, -0.89],
                                                 [5.25, -2.95, -0.95, -3.80],
                                                 [1.58, -2.69, -2.90, -1.04],
                                                 [-1.11, -0.66, -0.59, 0.80]])
        let b = try ColumnMajorMatrix(rowMajor: [[9.52, 18.47], [24.35, 2.25], [0.77, -13.28], [-6.22, -6.21]])
        let lu = try LUFactorization(a)
        #expect(lu.pivots == [2, 2, 3, 4])
        #expect(lu.factors[0, 0] == 5.25, "the largest |a_i1| is the first pivot")
        let x = try lu.solve(b)
        let exact: [[Double]] = [[1, 3], [-1, 2], [3, 4], [-5, 1]]
        // κ₁(A) ≈ 150 and the data are exact to two decimals: error ≤ κ·n·ε·‖x‖ ≈ 1e-12.
        for i in 0..<4 { for j in 0..<2 { #expect(abs(x[i, j] - exact[i][j]) <= 1e-12) } }
    }

    @Test("Random A: |PA − LU| ≤ 2n·ε·|L||U| entrywise (Higham, Accuracy and Stability, Thm 9.3)")
    func factorizationResidual() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let a = gaussianMatrix(rows: n, columns: n, using: &rng)
            let lu = try LUFactorization(a)
            let (lower, upper) = unpacked(lu)
            let residual = permuted(a, pivots: lu.pivots) - lower * upper
            // γ_n = n·u/(1 − n·u) ≤ n·ε for the factorization; another n·ε for forming L·U here.
            let bound = 2 * Double(n) * epsilon * absolute(lower) * absolute(upper)
            for k in residual.elements.indices { #expect(abs(residual.elements[k]) <= bound.elements[k]) }
            #expect(lower.elements.allSatisfy { abs($0) <= 1 }, "partial pivoting keeps |l_ij| ≤ 1")
        }
    }

    @Test("Random A, b: ‖A x − b‖∞ ≤ 10·n·ε·‖A‖∞·‖x‖∞ for A x = b and Aᵀ x = b (GEPP backward stability)")
    func solveResidual() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let a = gaussianMatrix(rows: n, columns: n, using: &rng)
            let b = gaussianMatrix(rows: n, columns: 1, using: &rng).elements
            let lu = try LUFactorization(a)
            // Backward error of GEPP is ≤ 3γ_n·ρ_n with growth ρ_n small for Gaussian A of order ≤ 8.
            let x = try lu.solve(b)
            let residual = zip(a.multiply(x), b).map { $0 - $1 }
            #expect(infinityNorm(residual) <= 10 * Double(n) * epsilon * a.infinityNorm * infinityNorm(x))
            let y = try lu.solve(b, transposed: true)
            let transposedResidual = zip(a.transposeMultiply(y), b).map { $0 - $1 }
            #expect(infinityNorm(transposedResidual) <= 10 * Double(n) * epsilon * a.oneNorm * infinityNorm(y))
        }
    }

    @Test("Well-conditioned A: dgecon's 1/κ₁ lies within a factor 10 of 1/(‖A‖₁‖A⁻¹‖₁) from an explicit inverse")
    func conditionEstimate() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 6)
            // G/√n has spectral radius ≈ 1; the shift by 3 keeps σ_min ≳ 1, so κ₁ is modest.
            let a = shifted((1 / Double(n).squareRoot()) * gaussianMatrix(rows: n, columns: n, using: &rng), by: 3)
            let lu = try LUFactorization(a)
            let inverse = try lu.solve(ColumnMajorMatrix.identity(n))
            let exact = 1 / (a.oneNorm * inverse.oneNorm)
            let estimate = try lu.reciprocalConditionNumber()
            #expect(estimate >= exact / 10 && estimate <= 10 * exact, "estimate \(estimate), exact \(exact)")
            // Hager's estimate of ‖A⁻¹‖₁ is ‖A⁻¹x‖₁ for a unit x, a lower bound up to κ·n·ε rounding.
            #expect(estimate >= exact * (1 - 1e-10))
        }
    }

    @Test("Diagonal A = diag(1, 2, 4): dgecon gives exactly 1/(‖A‖₁‖A⁻¹‖₁) = 1/4, det = 8")
    func diagonalCondition() throws {
        let lu = try LUFactorization(.diagonal([1, 2, 4]))
        #expect(try lu.reciprocalConditionNumber().isApproximatelyEqual(to: 0.25, relativeTolerance: 4 * epsilon))
        #expect(lu.determinant == 8)
    }

    @Test("Nearly singular A factors and reports 1/κ₁ below 1e-12 (LUFactorization doc)")
    func nearlySingular() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, 1], [1, 1 + 4 * epsilon]])
        let lu = try LUFactorization(a)
        #expect(try lu.reciprocalConditionNumber() < 1e-12)
    }

    @Test("Determinant carries the sign of the row permutation: det [[0, 1], [1, 0]] = −1, det of a 3×3 = −3")
    func determinantSign() throws {
        #expect(try LUFactorization(ColumnMajorMatrix(rowMajor: [[0, 1], [1, 0]])).determinant == -1)
        // Cofactor expansion: 2(0·1 − 1·1) − 1(1·1 − 1·0) + 0 = −3.
        let a = try ColumnMajorMatrix(rowMajor: [[2, 1, 0], [1, 0, 1], [0, 1, 1]])
        #expect(try LUFactorization(a).determinant.isApproximatelyEqual(to: -3, relativeTolerance: 8 * epsilon))
    }

    @Test("Exactly singular A (a zero column k) is refused with .singularMatrix at pivot k + 1 (dgetrf INFO)")
    func zeroColumn() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 6)
            var a = gaussianMatrix(rows: n, columns: n, using: &rng)
            let zeroColumn = rng.nextIndex(below: n)
            for i in 0..<n { a[i, zeroColumn] = 0 }
            // Row operations keep column k zero, so U(k+1, k+1) = 0 exactly (1-based), and the
            // Gaussian columns before it are almost surely independent.
            #expect(throws: LinearAlgebraError.singularMatrix(routine: "dgetrf", pivot: zeroColumn + 1)) {
                _ = try LUFactorization(a)
            }
        }
    }

    @Test("Right-hand sides of the wrong length are refused with .dimensionMismatch")
    func wrongRightHandSide() throws {
        let lu = try LUFactorization(.identity(3))
        #expect(throws: LinearAlgebraError.self) { _ = try lu.solve([1, 2]) }
        #expect(throws: LinearAlgebraError.self) { _ = try lu.solve(ColumnMajorMatrix(rows: 2, columns: 2)) }
    }
}
