import ComplexModule
import LinearAlgebra
import Randomness
import Testing

// Shared helpers for the LinearAlgebra tests: random matrices from a seeded stream,
// residual norms, and complex matrix–vector products. Internal to this test target.

/// Machine epsilon ε = 2⁻⁵², the spacing of doubles at 1 (twice the unit roundoff u).
let epsilon = Double.ulpOfOne

/// A rows × columns matrix of independent standard normal entries (Box–Muller).
func gaussianMatrix(rows: Int, columns: Int, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
    var matrix = ColumnMajorMatrix(rows: rows, columns: columns)
    for k in matrix.elements.indices { matrix.elements[k] = rng.nextGaussian() }
    return matrix
}

/// (B + Bᵀ)/2 for a Gaussian B: exactly symmetric, since b_ij + b_ji is commutative.
func symmetricGaussianMatrix(order n: Int, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
    let b = gaussianMatrix(rows: n, columns: n, using: &rng)
    return 0.5 * (b + b.transposed())
}

/// A + shift·I.
func shifted(_ matrix: ColumnMajorMatrix, by shift: Double) -> ColumnMajorMatrix {
    var result = matrix
    for i in 0..<min(matrix.rows, matrix.columns) { result[i, i] += shift }
    return result
}

/// ‖M − I‖_F for a square M.
func distanceFromIdentity(_ matrix: ColumnMajorMatrix) -> Double {
    (matrix - ColumnMajorMatrix.identity(matrix.rows)).frobeniusNorm
}

/// ‖z‖₂ of a complex vector.
func euclideanNorm(_ vector: [Complex<Double>]) -> Double {
    vector.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
}

/// A v for real A and complex v.
func product(_ matrix: ColumnMajorMatrix, _ vector: [Complex<Double>]) -> [Complex<Double>] {
    (0..<matrix.rows).map { i in
        (0..<matrix.columns).reduce(Complex<Double>.zero) { $0 + Complex(matrix[i, $1], 0) * vector[$1] }
    }
}

/// The row vector uᴴ A for real A and complex u, as an array.
func conjugateTransposeProduct(_ vector: [Complex<Double>], _ matrix: ColumnMajorMatrix) -> [Complex<Double>] {
    (0..<matrix.columns).map { j in
        (0..<matrix.rows).reduce(Complex<Double>.zero) { $0 + vector[$1].conjugate * Complex(matrix[$1, j], 0) }
    }
}

/// For each expected value, the distance to the nearest not-yet-matched computed value
/// (greedy matching; adequate when the expected values are well separated).
func matchedDistances(expected: [Complex<Double>], computed: [Complex<Double>]) -> [Double] {
    var remaining = computed
    return expected.map { target in
        guard let nearest = remaining.indices.min(by: { (remaining[$0] - target).length < (remaining[$1] - target).length })
        else { return .infinity }
        let distance = (remaining[nearest] - target).length
        remaining.remove(at: nearest)
        return distance
    }
}

/// True when every entry below the first subdiagonal is exactly zero.
func isUpperHessenberg(_ matrix: ColumnMajorMatrix) -> Bool {
    for j in 0..<matrix.columns {
        for i in 0..<matrix.rows where i > j + 1 && matrix[i, j] != 0 { return false }
    }
    return true
}

/// True for `.dimensionMismatch`, whatever its strings say.
func isDimensionMismatch(_ error: LinearAlgebraError?) -> Bool {
    if case .dimensionMismatch? = error { return true }
    return false
}

/// True for `.nonFiniteInput`, whatever its operation string says.
func isNonFiniteInput(_ error: LinearAlgebraError?) -> Bool {
    if case .nonFiniteInput? = error { return true }
    return false
}

/// The helpers above judge LAPACK's results, so they are checked against cases whose answer
/// is known exactly.
@Suite("LinearAlgebra test helpers")
struct TestMatrixHelperTests {
    @Test("symmetricGaussianMatrix is exactly symmetric; shifted adds to the diagonal only; distanceFromIdentity(I) = 0")
    func constructions() {
        var rng = Xoshiro256StarStar(seed: 7)
        let s = symmetricGaussianMatrix(order: 9, using: &rng)
        for i in 0..<9 { for j in 0..<9 { #expect(s[i, j] == s[j, i]) } }
        let t = shifted(s, by: 2.5)
        for i in 0..<9 { for j in 0..<9 { #expect(t[i, j] == s[i, j] + (i == j ? 2.5 : 0)) } }
        #expect(distanceFromIdentity(.identity(5)) == 0)
        #expect(distanceFromIdentity(shifted(.identity(4), by: 1)) == 2)  // ‖I‖_F = √4
        #expect(epsilon == 0x1p-52)
    }

    @Test("complex products agree with the real product on real vectors; uᴴA = (Aᵀ ū)ᵀ conjugated; ‖(3, 4i)‖ = 5")
    func products() {
        var rng = Xoshiro256StarStar(seed: 8)
        let a = gaussianMatrix(rows: 4, columns: 3, using: &rng)
        let v = (0..<3).map { _ in rng.nextGaussian() }
        let real = a.multiply(v)
        let complex = product(a, v.map { Complex($0, 0) })
        for i in 0..<4 { #expect(complex[i].real == real[i] && complex[i].imaginary == 0) }
        let u = (0..<4).map { _ in Complex(rng.nextGaussian(), rng.nextGaussian()) }
        let left = conjugateTransposeProduct(u, a)
        let viaTranspose = product(a.transposed(), u.map(\.conjugate))
        for j in 0..<3 { #expect((left[j] - viaTranspose[j]).length <= 1e-15 * (1 + viaTranspose[j].length)) }
        #expect(euclideanNorm([Complex(3, 0), Complex(0, 4)]) == 5)
    }

    @Test("matchedDistances pairs a permuted set with itself at distance 0; predicates recognise their cases")
    func matchingAndPredicates() throws {
        let values = [Complex(1.0, 2.0), Complex(-3.0, 0.0), Complex(1.0, -2.0)]
        #expect(matchedDistances(expected: values, computed: [values[2], values[0], values[1]]) == [0, 0, 0])
        #expect(matchedDistances(expected: values, computed: Array(values.prefix(2))).last == .infinity)
        var h = ColumnMajorMatrix(rows: 4, columns: 4)
        for j in 0..<4 { for i in 0...min(3, j + 1) { h[i, j] = 1 } }
        #expect(isUpperHessenberg(h))
        h[3, 0] = 1e-300
        #expect(!isUpperHessenberg(h))
        #expect(isDimensionMismatch(.dimensionMismatch(operation: "x", expected: "1", found: "2")))
        #expect(!isDimensionMismatch(nil))
        #expect(isNonFiniteInput(.nonFiniteInput(operation: "x")) && !isNonFiniteInput(nil))
    }
}
