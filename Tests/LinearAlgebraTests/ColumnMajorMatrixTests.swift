import LinearAlgebra
import RealModule
import PropertyBased
import Randomness
import Testing

@Suite("ColumnMajorMatrix layout and arithmetic")
struct ColumnMajorMatrixTests {
    @Test("2×3 row-major input: A[i, j] == rowMajor[i][j], stored at i + j·rows (ColumnMajorMatrix doc)")
    func twoByThreeRoundTrip() throws {
        let rowMajor: [[Double]] = [[1, 2, 3],
                                    [4, 5, 6]]
        let matrix = try ColumnMajorMatrix(rowMajor: rowMajor)
        #expect(matrix.rows == 2 && matrix.columns == 3)
        for i in 0..<2 { for j in 0..<3 { #expect(matrix[i, j] == rowMajor[i][j]) } }
        // Column by column; a silent transpose would give [1, 2, 3, 4, 5, 6].
        #expect(matrix.elements == [1, 4, 2, 5, 3, 6])
        #expect(matrix.column(1) == [2, 5])
        #expect(matrix.rowMajorArrays() == rowMajor)
    }

    @Test("3×2 row-major input round-trips and differs from its transpose (ColumnMajorMatrix doc)")
    func threeByTwoRoundTrip() throws {
        let rowMajor: [[Double]] = [[1, 2],
                                    [3, 4],
                                    [5, 6]]
        let matrix = try ColumnMajorMatrix(rowMajor: rowMajor)
        #expect(matrix.rows == 3 && matrix.columns == 2)
        for i in 0..<3 { for j in 0..<2 { #expect(matrix[i, j] == rowMajor[i][j]) } }
        #expect(matrix.elements == [1, 3, 5, 2, 4, 6])
        #expect(matrix.rowMajorArrays() == rowMajor)
        let transpose = matrix.transposed()
        #expect(transpose.rows == 2 && transpose.columns == 3)
        #expect(transpose.rowMajorArrays() == [[1, 3, 5], [2, 4, 6]])
        #expect(transpose != matrix)
        #expect(transpose.transposed() == matrix)
    }

    @Test("Ragged row-major input is refused with .dimensionMismatch (ColumnMajorMatrix doc)")
    func raggedRowsRefused() {
        let shortRow = #expect(throws: LinearAlgebraError.self) {
            _ = try ColumnMajorMatrix(rowMajor: [[1, 2, 3], [4, 5]])
        }
        #expect(isDimensionMismatch(shortRow))
        let longRow = #expect(throws: LinearAlgebraError.self) {
            _ = try ColumnMajorMatrix(rowMajor: [[1], [2, 3]])
        }
        #expect(isDimensionMismatch(longRow))
    }

    @Test("columnMajor: with the wrong entry count is refused with .dimensionMismatch")
    func wrongEntryCountRefused() {
        let error = #expect(throws: LinearAlgebraError.self) {
            _ = try ColumnMajorMatrix(rows: 2, columns: 2, columnMajor: [1, 2, 3])
        }
        #expect(isDimensionMismatch(error))
    }

    @Test("Random shapes: rowMajorArrays ∘ init(rowMajor:) is the identity and (Aᵀ)[j, i] = A[i, j]")
    func randomRoundTrip() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let rows = 1 + rng.nextIndex(below: 6), columns = 1 + rng.nextIndex(below: 6)
            let rowMajor = (0..<rows).map { _ in (0..<columns).map { _ in rng.nextGaussian() } }
            let matrix = try ColumnMajorMatrix(rowMajor: rowMajor)
            #expect(matrix.rowMajorArrays() == rowMajor)
            let transpose = matrix.transposed()
            let transposeRows = (0..<columns).map { j in (0..<rows).map { i in rowMajor[i][j] } }
            #expect(transpose.rowMajorArrays() == transposeRows)
        }
    }

    @Test("dgemm product of non-square non-symmetric matrices matches the textbook sum (hand-computed)")
    func productMatchesHandComputation() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, 2, 3],
                                                 [4, 5, 6]])
        let b = try ColumnMajorMatrix(rowMajor: [[7, 8],
                                                 [9, 10],
                                                 [11, 12]])
        // Small integers: every product and sum is exact in double precision.
        #expect((a * b).rowMajorArrays() == [[58, 64], [139, 154]])
        #expect((b * a).rowMajorArrays() == [[39, 54, 69], [49, 68, 87], [59, 82, 105]])
        #expect(a.multiply([1, 0, -1]) == [-2, -2])
        #expect(a.transposeMultiply([1, -1]) == [-3, -3, -3])
    }

    @Test("multiply and transposeMultiply agree with dgemm on random matrices to n·ε·‖A‖_F·‖x‖")
    func vectorProductsAgreeWithDgemm() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let rows = 1 + rng.nextIndex(below: 7), columns = 1 + rng.nextIndex(below: 7)
            let a = gaussianMatrix(rows: rows, columns: columns, using: &rng)
            let x = gaussianMatrix(rows: columns, columns: 1, using: &rng)
            let y = gaussianMatrix(rows: rows, columns: 1, using: &rng)
            // Two summation orders of a length-k dot product differ by at most 2γ_k‖a‖‖x‖.
            let viaMultiply = try ColumnMajorMatrix(rows: rows, columns: 1, columnMajor: a.multiply(x.elements))
            let bound = 2 * Double(max(rows, columns)) * epsilon * a.frobeniusNorm
            #expect((viaMultiply - a * x).frobeniusNorm <= bound * x.frobeniusNorm)
            let viaTranspose = try ColumnMajorMatrix(rows: columns, columns: 1,
                                                     columnMajor: a.transposeMultiply(y.elements))
            #expect((viaTranspose - a.transposed() * y).frobeniusNorm <= bound * y.frobeniusNorm)
        }
    }

    @Test("Norms of a non-symmetric matrix: ‖A‖₁ is the max column sum, ‖A‖∞ the max row sum (definitions)")
    func norms() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, -2],
                                                 [-3, 4],
                                                 [0, 10]])
        #expect(a.oneNorm == 16)
        #expect(a.infinityNorm == 10)
        #expect(a.maximumAbsoluteEntry == 10)
        #expect(a.frobeniusNorm.isApproximatelyEqual(to: (130.0).squareRoot(), relativeTolerance: 4 * epsilon))
        #expect(LinearAlgebra.euclideanNorm([3, -4]) == 5)
        #expect(infinityNorm([3, -4, 1]) == 4)
        #expect(ColumnMajorMatrix(rows: 0, columns: 0).frobeniusNorm == 0)
    }

    @Test("‖A‖_F, ‖A‖₁ and isFinite against Float80 sums, at scales from 1e-300 to 1e300, with zeros and non-finite entries")
    func normsAtEveryScale() async {
        // Reference: Σ a_ij² of the entries divided by 2^e (exact in binary), summed in Float80
        // (64-bit significand; no overflow or underflow below 2^±16000), times 2^e. Both
        // results are within m·2⁻⁵³ relative of Σ a_ij² (m terms, recursive summation), so √
        // agrees to m·2⁻⁵³ of the norm; 4m ε is the tolerance.
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let rows = 1 + rng.nextIndex(below: 40), columns = 1 + rng.nextIndex(below: 40)
            let exponent = rng.nextIndex(below: 1990) - 995  // entries 2^±995: squares overflow or underflow
            let zeros = rng.nextUniform(0, 1)  // the fraction of exact zeros, up to all of them
            var a = ColumnMajorMatrix(rows: rows, columns: columns)
            for k in a.elements.indices where rng.nextUniform(0, 1) >= zeros {
                a.elements[k] = Double(sign: rng.nextBernoulli(0.5) ? .minus : .plus, exponent: exponent,
                                       significand: rng.nextUniform(1, 2)) * (rng.nextBernoulli(0.1) ? 0x1p-40 : 1)
            }
            let power = Float80(sign: .plus, exponent: Float80.Exponent(exponent), significand: 1)
            let sumOfSquares = a.elements.reduce(Float80(0)) { $0 + (Float80($1) / power) * (Float80($1) / power) }
            let reference = Double(sumOfSquares.squareRoot() * power)
            let m = Double(a.elements.count)
            #expect(abs(a.frobeniusNorm - reference) <= 4 * m * epsilon * reference, "seed \(seed): \(a.frobeniusNorm) vs \(reference)")
            let columnSums = (0..<columns).map { j in (0..<rows).reduce(Float80(0)) { $0 + Float80(abs(a[$1, j])) } }
            let oneNorm = Double(columnSums.max() ?? 0)
            #expect(abs(a.oneNorm - oneNorm) <= 2 * Double(rows) * epsilon * oneNorm, "seed \(seed)")
            #expect(a.isFinite, "seed \(seed)")
            a.elements[rng.nextIndex(below: a.elements.count)] = [Double.nan, .infinity, -.infinity][rng.nextIndex(below: 3)]
            #expect(!a.isFinite, "seed \(seed)")
        }
    }

    @Test("absoluteSums: row sums, column sums and the largest entry against Float80 sums, from 1e-300 to sums that overflow, with zeros and non-finite entries")
    func absoluteSumsAtEveryScale() async {
        // Reference: Σ|a_ij| in Float80 (64-bit significand, exponent range ±16000: exact enough and
        // never overflowing here). Row sums are n-term recursive sums, column sums four interleaved
        // ones: both within (terms) ε of the exact sum; 2·terms·ε is the tolerance. A sum above the
        // largest double must come out +∞ while `finiteLargest` still reports the (finite) entries.
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let rows = 1 + rng.nextIndex(below: 23), columns = 1 + rng.nextIndex(below: 23)  // every row count mod 4
            let exponent = rng.nextIndex(below: 2018) - 995  // up to 2^1022: sums of a few overflow
            let zeros = rng.nextUniform(0, 1)
            var a = ColumnMajorMatrix(rows: rows, columns: columns)
            for k in a.elements.indices where rng.nextUniform(0, 1) >= zeros {
                a.elements[k] = Double(sign: rng.nextBernoulli(0.5) ? .minus : .plus, exponent: exponent,
                                       significand: rng.nextUniform(1, 2)) * (rng.nextBernoulli(0.2) ? 0x1p-40 : 1)
            }
            let sums = a.absoluteSums
            func agrees(_ computed: Double, _ exact: Float80, terms: Int) -> Bool {
                if exact > Float80(Double.greatestFiniteMagnitude) * (1 + 2 * Float80(terms) * 0x1p-53) { return computed == .infinity }
                return abs(Float80(computed) - exact) <= 2 * Float80(terms) * 0x1p-53 * exact
            }
            for i in 0..<rows {
                let exact = (0..<columns).reduce(Float80(0)) { $0 + Float80(abs(a[i, $1])) }
                #expect(agrees(sums.rows[i], exact, terms: columns), "seed \(seed): row \(i) sum \(sums.rows[i]) vs \(exact)")
            }
            for j in 0..<columns {
                let exact = (0..<rows).reduce(Float80(0)) { $0 + Float80(abs(a[$1, j])) }
                #expect(agrees(sums.columns[j], exact, terms: rows), "seed \(seed): column \(j) sum \(sums.columns[j]) vs \(exact)")
            }
            #expect(sums.finiteLargest == a.elements.map(abs).max(), "seed \(seed): largest entry")
            a.elements[rng.nextIndex(below: a.elements.count)] = [Double.nan, .infinity, -.infinity][rng.nextIndex(below: 3)]
            #expect(a.absoluteSums.finiteLargest == nil, "seed \(seed): a non-finite entry must give nil")
        }
        #expect(ColumnMajorMatrix(rows: 0, columns: 0).absoluteSums.finiteLargest == 0)
    }

    @Test("transposedProduct (dgemm) is Aᵀ·B entry by entry, to the rounding of a k-term sum (hand sums)")
    func transposedProductMatchesSums() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let k = 1 + rng.nextIndex(below: 30), m = 1 + rng.nextIndex(below: 30), p = 1 + rng.nextIndex(below: 5)
            let a = gaussianMatrix(rows: k, columns: m, using: &rng), b = gaussianMatrix(rows: k, columns: p, using: &rng)
            let product = a.transposedProduct(b)
            #expect(product.rows == m && product.columns == p, "seed \(seed): shape")
            for i in 0..<m {
                for j in 0..<p {
                    let exact = (0..<k).reduce(0.0) { $0 + a[$1, i] * b[$1, j] }
                    let scale = (0..<k).reduce(0.0) { $0 + abs(a[$1, i] * b[$1, j]) }
                    #expect(abs(product[i, j] - exact) <= 2 * Double(k) * epsilon * scale, "seed \(seed): (\(i), \(j))")
                }
            }
        }
    }

    @Test("isFinite detects NaN and ±Inf entries")
    func finiteness() {
        var a = ColumnMajorMatrix.identity(3)
        #expect(a.isFinite)
        a[2, 1] = .nan
        #expect(!a.isFinite)
        a[2, 1] = -.infinity
        #expect(!a.isFinite)
    }
}
