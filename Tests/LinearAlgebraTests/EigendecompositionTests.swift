// Eigendecomposition (dgeev) against closed-form spectra and backward-error residuals.
//
// Largest relative residuals seen in the eigen property tests (three runs of
// `OPENBLAS_NUM_THREADS=1 swift test --filter LinearAlgebraTests`, 200 random seeds per test
// per run, residuals printed temporarily and removed), against the bound 10·n·ε used below:
//   dgeev right pairs  ‖Av − λv‖₂ / (‖A‖_F‖v‖₂):        1.6e-15 (at most 1.5·n·ε)
//   dgeev left pairs   ‖uᴴA − λuᴴ‖₂ / (‖A‖_F‖u‖₂):      1.4e-15 (at most 1.9·n·ε)
//   dsyevd             ‖A − VΛVᵀ‖_F / ‖A‖_F:            2.4e-15 (at most 2.7·n·ε)

import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

/// A Gaussian n×n matrix with n in 1...8 drawn from the same stream.
private func randomSquareMatrix(using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
    let n = 1 + rng.nextIndex(below: 8)
    return gaussianMatrix(rows: n, columns: n, using: &rng)
}

/// The companion matrix of the monic polynomial xⁿ + c₁xⁿ⁻¹ + … + cₙ (first row −c, ones below
/// the diagonal), whose characteristic polynomial is that polynomial.
private func companionMatrix(ofRoots roots: [Complex<Double>]) -> ColumnMajorMatrix {
    var coefficients: [Complex<Double>] = [.one]  // highest degree first
    for root in roots {
        var next = coefficients + [.zero]
        for k in 1..<next.count { next[k] = next[k] - root * coefficients[k - 1] }
        coefficients = next
    }
    let n = roots.count
    var matrix = ColumnMajorMatrix(rows: n, columns: n)
    for j in 0..<n { matrix[0, j] = -coefficients[j + 1].real }
    for i in 1..<n { matrix[i, i - 1] = 1 }
    return matrix
}

/// Eigenvalue condition numbers κ(λ_k) = ‖u_k‖‖v_k‖ / |u_kᴴ v_k| (Wilkinson).
private func conditionNumbers(of decomposition: Eigendecomposition) -> [Double] {
    guard let right = decomposition.rightEigenvectors, let left = decomposition.leftEigenvectors else { return [] }
    return zip(left, right).map { u, v in
        let innerProduct = zip(u, v).reduce(Complex<Double>.zero) { $0 + $1.0.conjugate * $1.1 }
        return euclideanNorm(u) * euclideanNorm(v) / innerProduct.length
    }
}

@Suite("Eigendecomposition (dgeev)")
struct EigendecompositionTests {
    // Backward stability of dgeev (LAPACK Users' Guide §4.8): the computed pairs are exact for
    // A + E with ‖E‖_F ≤ p(n)·ε·‖A‖_F, p(n) a modest polynomial; 10·n covers it for n ≤ 8.
    private static let residualFactor = 10.0

    @Test("Triangular matrices: eigenvalues are the diagonal entries (det(T − λI) = Π(t_ii − λ))")
    func triangularSpectrum() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 7)
            // Diagonal entries 3k + u, u ∈ [0, 1): separated by ≥ 2, so every eigenvalue is well conditioned.
            let diagonal = (0..<n).map { 3 * Double($0) - 9 + rng.nextUnitInterval() }
            var upper = ColumnMajorMatrix.diagonal(diagonal)
            for j in 0..<n { for i in 0..<j { upper[i, j] = rng.nextGaussian() } }
            for matrix in [upper, upper.transposed()] {
                let decomposition = try Eigendecomposition(matrix, rightVectors: true, leftVectors: true)
                let kappa = conditionNumbers(of: decomposition).max() ?? 1
                // |λ̂ − λ| ≤ κ(λ)·‖E‖ (first-order perturbation) with ‖E‖ as above.
                let tolerance = kappa * Self.residualFactor * Double(n) * epsilon * matrix.frobeniusNorm
                let distances = matchedDistances(expected: diagonal.map { Complex($0, 0) },
                                                 computed: decomposition.eigenvalues)
                #expect(distances.allSatisfy { $0 <= tolerance }, "distances \(distances), tolerance \(tolerance)")
            }
        }
    }

    @Test("2×2 rotation blocks [[a, −b], [b, a]] have eigenvalues a ± ib, also after an orthogonal similarity")
    func rotationBlocks() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let blockCount = 1 + rng.nextIndex(below: 3)
            let n = 2 * blockCount
            var blocks = ColumnMajorMatrix(rows: n, columns: n)
            var expected: [Complex<Double>] = []
            for k in 0..<blockCount {
                // Centres 4k apart and b ∈ [0.5, 1.5): the pairs never meet.
                let a = 4 * Double(k) + rng.nextUnitInterval(), b = 0.5 + rng.nextUnitInterval()
                blocks[2 * k, 2 * k] = a; blocks[2 * k, 2 * k + 1] = -b
                blocks[2 * k + 1, 2 * k] = b; blocks[2 * k + 1, 2 * k + 1] = a
                expected += [Complex(a, b), Complex(a, -b)]
            }
            let q = try QRFactorization(gaussianMatrix(rows: n, columns: n, using: &rng)).q
            for matrix in [blocks, q * blocks * q.transposed()] {
                let eigenvalues = try Eigendecomposition(matrix).eigenvalues
                // The matrix is normal, so κ(λ) = 1 (Bauer–Fike with κ(V) = 1); Q's rounding adds n·ε·‖A‖.
                let tolerance = 2 * Self.residualFactor * Double(n) * epsilon * matrix.frobeniusNorm
                let distances = matchedDistances(expected: expected, computed: eigenvalues)
                #expect(distances.allSatisfy { $0 <= tolerance }, "distances \(distances), tolerance \(tolerance)")
            }
        }
    }

    @Test("Companion matrices: eigenvalues are the roots of the polynomial (characteristic polynomial)",
          arguments: [
              [Complex(-3.0, 0), Complex(-1, 0), Complex(0.5, 0), Complex(2, 0)],
              [Complex(1.0, 0), Complex(2, 0), Complex(3, 0), Complex(4, 0)],
              [Complex(1.0, 2), Complex(1, -2), Complex(-3, 0), Complex(0.5, 0)],
              [Complex(-2.0, 0), Complex(1, 1), Complex(1, -1), Complex(3, 0), Complex(-0.5, 0)],
          ])
    func companionMatrixRoots(roots: [Complex<Double>]) throws {
        let matrix = companionMatrix(ofRoots: roots)
        let n = roots.count
        let decomposition = try Eigendecomposition(matrix, rightVectors: true, leftVectors: true)
        let kappa = conditionNumbers(of: decomposition)
        // Roots 1…4 have κ ≈ 250, the others κ < 5 (computed from the left/right vectors here).
        let tolerance = (kappa.max() ?? 1) * Self.residualFactor * Double(n) * epsilon * matrix.frobeniusNorm
        let distances = matchedDistances(expected: roots, computed: decomposition.eigenvalues)
        #expect(distances.allSatisfy { $0 <= tolerance }, "distances \(distances), tolerance \(tolerance)")
    }

    @Test("Tridiagonal (2, −1) of order n: λ_k = 2 − 2cos(kπ/(n+1)) (closed form, Toeplitz tridiagonal)",
          arguments: [1, 2, 5, 10, 16])
    func secondDifferenceSpectrum(n: Int) throws {
        var matrix = ColumnMajorMatrix.diagonal(Array(repeating: 2, count: n))
        for i in 1..<max(n, 1) { matrix[i, i - 1] = -1; matrix[i - 1, i] = -1 }
        let expected = (1...n).map { 2 - 2 * Double.cos(Double($0) * Double.pi / Double(n + 1)) }
        // Symmetric, hence normal: every eigenvalue has κ = 1, and ‖A‖_F ≤ √(6n).
        let tolerance = Self.residualFactor * Double(n) * epsilon * matrix.frobeniusNorm
        let general = try Eigendecomposition(matrix).eigenvalues
        let distances = matchedDistances(expected: expected.map { Complex($0, 0) }, computed: general)
        #expect(distances.allSatisfy { $0 <= tolerance }, "dgeev distances \(distances)")
        let symmetric = try SymmetricEigendecomposition(matrix).eigenvalues
        for (computed, exact) in zip(symmetric, expected) { #expect(abs(computed - exact) <= tolerance) }
    }

    @Test("Published example (LAPACK Users' Guide / NAG F08NAF): eigenvalues 0.7995, −0.0994 ± 0.4008i, −0.1007")
    func publishedExample() throws {
        let matrix = try ColumnMajorMatrix(rowMajor: [[0.35, 0.45, -0.14, -0.17],
                                                      [0.09, 0.07, -0.54, 0.35],
                                                      [-0.44, -0.33, -0.03, 0.17],
                                                      [0.25, -0.32, -0.13, 0.11]])
        let eigenvalues = try Eigendecomposition(matrix).eigenvalues
        let published = [Complex(0.7995, 0), Complex(-0.0994, 0.4008), Complex(-0.0994, -0.4008), Complex(-0.1007, 0)]
        // The example prints four decimals: half a unit in the last place.
        let distances = matchedDistances(expected: published, computed: eigenvalues)
        #expect(distances.allSatisfy { $0 <= 0.5e-4 * 2.squareRoot() }, "distances \(distances)")
    }

    @Test("Random A: ‖A v − λ v‖₂ ≤ 10·n·ε·‖A‖_F·‖v‖₂ for every right pair, ‖v‖₂ = 1 (dgeev backward stability)")
    func rightEigenvectorResiduals() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let matrix = randomSquareMatrix(using: &rng)
            let n = matrix.rows
            let decomposition = try Eigendecomposition(matrix, rightVectors: true)
            let vectors = try #require(decomposition.rightEigenvectors)
            #expect(vectors.count == n)
            for (lambda, vector) in zip(decomposition.eigenvalues, vectors) {
                let norm = euclideanNorm(vector)
                // LAPACK normalizes to unit 2-norm; the rounding of that division is ≤ n·ε.
                #expect(abs(norm - 1) <= Double(n) * epsilon)
                let av = product(matrix, vector)
                let residual = euclideanNorm(zip(av, vector).map { $0 - lambda * $1 })
                let relative = residual / (matrix.frobeniusNorm * norm)
                #expect(relative <= Self.residualFactor * Double(n) * epsilon, "λ = \(lambda), n = \(n)")
            }
        }
    }

    @Test("Random A: ‖uᴴA − λuᴴ‖₂ ≤ 10·n·ε·‖A‖_F·‖u‖₂ for every left pair (dgeev backward stability)")
    func leftEigenvectorResiduals() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let matrix = randomSquareMatrix(using: &rng)
            let n = matrix.rows
            let decomposition = try Eigendecomposition(matrix, leftVectors: true)
            #expect(decomposition.rightEigenvectors == nil)
            let vectors = try #require(decomposition.leftEigenvectors)
            for (lambda, vector) in zip(decomposition.eigenvalues, vectors) {
                let norm = euclideanNorm(vector)
                let uHA = conjugateTransposeProduct(vector, matrix)
                let residual = euclideanNorm(zip(uHA, vector).map { $0 - lambda * $1.conjugate })
                let relative = residual / (matrix.frobeniusNorm * norm)
                #expect(relative <= Self.residualFactor * Double(n) * epsilon, "λ = \(lambda), n = \(n)")
            }
        }
    }

    @Test("Random A: conjugate pairs are consecutive, positive imaginary part first (Eigendecomposition doc)")
    func conjugatePairOrdering() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let matrix = randomSquareMatrix(using: &rng)
            let decomposition = try Eigendecomposition(matrix, rightVectors: true)
            let eigenvalues = decomposition.eigenvalues
            let vectors = try #require(decomposition.rightEigenvectors)
            var k = 0
            while k < eigenvalues.count {
                if eigenvalues[k].imaginary == 0 {
                    #expect(vectors[k].allSatisfy { $0.imaginary == 0 }, "a real eigenvalue has a real vector")
                    k += 1
                    continue
                }
                #expect(eigenvalues[k].imaginary > 0)
                try #require(k + 1 < eigenvalues.count)
                #expect(eigenvalues[k + 1] == eigenvalues[k].conjugate)
                #expect(vectors[k + 1] == vectors[k].map(\.conjugate))
                k += 2
            }
            // Σλ̂ = trace(A + E) and |trace E| ≤ √n·‖E‖_F ≤ √n·10·n·ε·‖A‖_F; n² covers it with the sums' rounding.
            let sum = eigenvalues.reduce(Complex<Double>.zero, +)
            let trace = matrix.diagonalEntries.reduce(0, +)
            let n = Double(matrix.rows)
            #expect(abs(sum.imaginary) <= n * epsilon * matrix.frobeniusNorm)
            #expect(abs(sum.real - trace) <= Self.residualFactor * n * n * epsilon * matrix.frobeniusNorm)
        }
    }

    @Test("Eigenvalues alone equal those computed with vectors up to 10·n·ε·‖A‖_F·κ (same Hessenberg QR)")
    func eigenvaluesOnlyAgree() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let matrix = randomSquareMatrix(using: &rng)
            let full = try Eigendecomposition(matrix, rightVectors: true, leftVectors: true)
            let kappa = conditionNumbers(of: full).max() ?? 1
            let tolerance = kappa * 2 * Self.residualFactor * Double(matrix.rows) * epsilon * matrix.frobeniusNorm
            let distances = matchedDistances(expected: full.eigenvalues, computed: try matrix.eigenvalues())
            #expect(distances.allSatisfy { $0 <= tolerance }, "distances \(distances)")
        }
    }

    @Test("The 0×0 matrix has no eigenvalues and empty vector lists")
    func emptyMatrix() throws {
        let decomposition = try Eigendecomposition(ColumnMajorMatrix(rows: 0, columns: 0), rightVectors: true)
        #expect(decomposition.eigenvalues.isEmpty)
        #expect(decomposition.rightEigenvectors?.isEmpty == true)
        #expect(decomposition.leftEigenvectors == nil)
    }
}
