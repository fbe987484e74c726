import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

@Suite("RealSchurDecomposition (dgees)")
struct RealSchurDecompositionTests {
    // dgees is backward stable with orthogonal Z (LAPACK Users' Guide §4.8): ‖A − ZTZᵀ‖ and
    // ‖ZᵀZ − I‖ are p(n)·ε; 10·n covers p(n) for n ≤ 8.
    private static let residualFactor = 10.0

    @Test("Random A: Z orthogonal, ‖A − Z T Zᵀ‖_F ≤ 10·n·ε·‖A‖_F, T quasi-triangular in standard form (dgees)")
    func schurProperties() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let a = gaussianMatrix(rows: n, columns: n, using: &rng)
            let schur = try RealSchurDecomposition(a)
            let t = schur.schurForm, z = schur.schurVectors
            let bound = Self.residualFactor * Double(n) * epsilon
            #expect(distanceFromIdentity(z.transposed() * z) <= bound)
            #expect((a - z * t * z.transposed()).frobeniusNorm <= bound * a.frobeniusNorm)
            // dhseqr zeroes everything below the first subdiagonal exactly.
            #expect(isUpperHessenberg(t))
            var k = 0
            while k < n {
                if k + 1 < n, t[k + 1, k] != 0 {
                    // A 2×2 block: no overlap with the next block, LAPACK's standard form
                    // [[a, b], [c, a]] with b·c < 0, and eigenvalues a ± i√(−bc).
                    if k + 2 < n { #expect(t[k + 2, k + 1] == 0, "2×2 blocks only") }
                    #expect(t[k, k] == t[k + 1, k + 1])
                    #expect(t[k, k + 1] * t[k + 1, k] < 0)
                    let imaginary = (-t[k, k + 1] * t[k + 1, k]).squareRoot()
                    #expect(schur.eigenvalues[k].real == t[k, k])
                    #expect(abs(schur.eigenvalues[k].imaginary - imaginary) <= 4 * epsilon * imaginary)
                    #expect(schur.eigenvalues[k + 1] == schur.eigenvalues[k].conjugate)
                    k += 2
                } else {
                    #expect(schur.eigenvalues[k] == Complex(t[k, k], 0))
                    k += 1
                }
            }
        }
    }

    @Test("Published example (NAG F08PAF matrix): Schur eigenvalues 0.7995, −0.0994 ± 0.4008i, −0.1007")
    func publishedExample() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[0.35, 0.45, -0.14, -0.17],
                                                 [0.09, 0.07, -0.54, 0.35],
                                                 [-0.44, -0.33, -0.03, 0.17],
                                                 [0.25, -0.32, -0.13, 0.11]])
        let eigenvalues = try RealSchurDecomposition(a).eigenvalues
        let published = [Complex(0.7995, 0), Complex(-0.0994, 0.4008), Complex(-0.0994, -0.4008), Complex(-0.1007, 0)]
        // Four printed decimals in each part: half a unit in the last place, times √2.
        let distances = matchedDistances(expected: published, computed: eigenvalues)
        #expect(distances.allSatisfy { $0 <= 0.5e-4 * 2.squareRoot() }, "distances \(distances)")
    }

    @Test("The 0×0 matrix has an empty Schur form")
    func emptyMatrix() throws {
        let schur = try RealSchurDecomposition(ColumnMajorMatrix(rows: 0, columns: 0))
        #expect(schur.eigenvalues.isEmpty && schur.schurForm.rows == 0)
    }
}
