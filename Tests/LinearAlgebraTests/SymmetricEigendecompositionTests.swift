import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

@Suite("SymmetricEigendecomposition (dsyevd)")
struct SymmetricEigendecompositionTests {
    // dsyevd is backward stable with orthogonal V (LAPACK Users' Guide §4.7): residuals and
    // loss of orthogonality are p(n)·ε; 10·n covers p(n) for n ≤ 8.
    private static let residualFactor = 10.0

    @Test("Published example (NAG F08FCF): eigenvalues −2.0531, −0.5146, −0.2943, 12.8621")
    func publishedExample() throws {
        let matrix = try ColumnMajorMatrix(rowMajor: [[1, 2, 3, 4],
                                                      [2, 2, 3, 4],
                                                      [3, 3, 3, 4],
                                                      [4, 4, 4, 4]])
        let eigenvalues = try SymmetricEigendecomposition(matrix).eigenvalues
        // Four printed decimals: half a unit in the last place.
        for (computed, published) in zip(eigenvalues, [-2.0531, -0.5146, -0.2943, 12.8621]) {
            #expect(abs(computed - published) <= 0.5e-4)
        }
    }

    @Test("Random symmetric A: ascending λ, VᵀV = I and ‖A − VΛVᵀ‖_F ≤ 10·n·ε·‖A‖_F (backward stability)")
    func orthogonalityAndReconstruction() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let matrix = symmetricGaussianMatrix(order: n, using: &rng)
            let decomposition = try SymmetricEigendecomposition(matrix, vectors: true)
            let lambda = decomposition.eigenvalues
            let v = try #require(decomposition.eigenvectors)
            #expect(zip(lambda, lambda.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(distanceFromIdentity(v.transposed() * v) <= Self.residualFactor * Double(n) * epsilon)
            let reconstruction = v * ColumnMajorMatrix.diagonal(lambda) * v.transposed()
            let relative = (matrix - reconstruction).frobeniusNorm / matrix.frobeniusNorm
            #expect(relative <= Self.residualFactor * Double(n) * epsilon, "n = \(n)")
        }
    }

    @Test("Random symmetric A: dsyevd and dgeev eigenvalues agree to 20·n·ε·‖A‖_F (Weyl; normal ⇒ κ = 1)")
    func agreesWithGeneralSolver() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let matrix = symmetricGaussianMatrix(order: n, using: &rng)
            let symmetric = try SymmetricEigendecomposition(matrix).eigenvalues
            let general = try Eigendecomposition(matrix).eigenvalues
            // Each solver errs by ≤ 10·n·ε·‖A‖_F; eigenvalues of a symmetric A move by at most ‖E‖₂.
            let tolerance = 2 * Self.residualFactor * Double(n) * epsilon * matrix.frobeniusNorm
            let generalSorted = general.map(\.real).sorted()
            #expect(general.allSatisfy { abs($0.imaginary) <= tolerance })
            for (a, b) in zip(symmetric, generalSorted) { #expect(abs(a - b) <= tolerance) }
        }
    }

    @Test("Only the lower triangle is read: garbage above the diagonal changes nothing (dsyevd UPLO = 'L')")
    func readsLowerTriangleOnly() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 6)
            let matrix = symmetricGaussianMatrix(order: n, using: &rng)
            var garbled = matrix
            for j in 0..<n { for i in 0..<j { garbled[i, j] = 1000 * rng.nextGaussian() } }
            let clean = try SymmetricEigendecomposition(matrix, vectors: true)
            let dirty = try SymmetricEigendecomposition(garbled, vectors: true)
            #expect(clean.eigenvalues == dirty.eigenvalues)
            #expect(clean.eigenvectors == dirty.eigenvectors)
        }
    }

    @Test("Without vectors, eigenvectors is nil; the 0×0 matrix has no eigenvalues")
    func optionalVectors() throws {
        #expect(try SymmetricEigendecomposition(.identity(3)).eigenvectors == nil)
        #expect(try SymmetricEigendecomposition(.identity(3)).eigenvalues == [1, 1, 1])
        #expect(try SymmetricEigendecomposition(ColumnMajorMatrix(rows: 0, columns: 0)).eigenvalues.isEmpty)
    }
}
