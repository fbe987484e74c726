import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

/// dtrsna's eigenvalue condition numbers against closed forms and an independent route:
/// κ = ‖u‖‖v‖/|uᴴv| from dgeev's left and right eigenvectors.
@Suite("Eigenvalue condition numbers (dtrevc + dtrsna)")
struct EigenvalueConditioningTests {
    /// κ(λ) from dgeev's eigenvectors (the cross-check route).
    static func dgeevConditionNumbers(_ matrix: ColumnMajorMatrix) throws -> [(Complex<Double>, Double)] {
        let decomposition = try Eigendecomposition(matrix, rightVectors: true, leftVectors: true)
        let right = try #require(decomposition.rightEigenvectors), left = try #require(decomposition.leftEigenvectors)
        return decomposition.eigenvalues.indices.map { k in
            var dot = Complex<Double>.zero
            var uu = 0.0, vv = 0.0
            for i in right[k].indices {
                dot += left[k][i].conjugate * right[k][i]
                uu += left[k][i].lengthSquared
                vv += right[k][i].lengthSquared
            }
            return (decomposition.eigenvalues[k], (uu * vv).squareRoot() / dot.length)
        }
    }

    /// proofs/theorem1.md eq. 5.9a: the condition numbers the verdict band uses.
    @Test("[[λ₁, k], [0, λ₂]]: κ = √((λ₁−λ₂)² + k²)/|λ₁−λ₂| for both eigenvalues", arguments: [0.0, 0.5, 10, 1e4])
    func triangularClosedForm(k: Double) throws {
        let t = try ColumnMajorMatrix(rowMajor: [[-1, k], [0, -3]])
        let s = try EigenvalueConditioning(schurForm: t).reciprocalConditionNumbers
        let expected = (4 + k * k).squareRoot() / 2
        for value in s {
            #expect((1 / value).isApproximatelyEqual(to: expected, relativeTolerance: 1e-13))
        }
    }

    /// proofs/theorem1.md eq. 5.9a: the condition numbers the verdict band uses.
    @Test("Random matrices: dtrsna κ equals ‖u‖‖v‖/|uᴴv| from dgeev (relative 1e-9·κ)")
    func agreesWithDgeevVectors() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 20)
            var a = gaussianMatrix(rows: n, columns: n, using: &rng)
            // Non-normal on purpose: scale the strict upper triangle.
            let skew = rng.nextLogUniform(1, 100)
            for j in 0..<n { for i in 0..<j { a[i, j] *= skew } }
            let schur = try RealSchurDecomposition(a, computeVectors: false)
            let s = try EigenvalueConditioning(schurForm: schur.schurForm).reciprocalConditionNumbers
            let reference = try EigenvalueConditioningTests.dgeevConditionNumbers(a)
            for (k, lambda) in schur.eigenvalues.enumerated() {
                // Match by eigenvalue (both lists are unordered with respect to each other).
                let nearest = try #require(reference.min { ($0.0 - lambda).length < ($1.0 - lambda).length })
                let kappa = 1 / s[k]
                // Each route computes κ with relative error ≈ κ·(backward error)/gap; with the
                // random gaps here 1e-9·κ (and κ ≤ 1e6) is generous but fails on a wrong formula
                // (e.g. κ of the wrong eigenvalue or a missing normalization).
                guard nearest.1 < 1e6, (nearest.0 - lambda).length <= 1e-8 * (1 + lambda.length) else { continue }
                #expect(abs(kappa - nearest.1) <= 1e-9 * nearest.1 * nearest.1 + 1e-12 * nearest.1,
                        "n = \(n): λ = \(lambda), dtrsna κ = \(kappa), dgeev κ = \(nearest.1)")
            }
        }
    }

    /// proofs/theorem1.md eq. 5.9a: the condition numbers the verdict band uses.
    @Test("Normal matrices have κ = 1; a 2×2 Jordan block has κ = ∞ or huge, sep ≈ 0")
    func normalAndDefective() throws {
        let rotation = try ColumnMajorMatrix(rowMajor: [[-1, -2, 0], [2, -1, 0], [0, 0, -5]])
        let schur = try RealSchurDecomposition(rotation, computeVectors: false)
        for value in try EigenvalueConditioning(schurForm: schur.schurForm).reciprocalConditionNumbers {
            #expect(value.isApproximatelyEqual(to: 1, relativeTolerance: 1e-14))
        }
        let jordan = try ColumnMajorMatrix(rowMajor: [[-1, 1], [0, -1]])
        let s = try EigenvalueConditioning(schurForm: jordan).reciprocalConditionNumbers
        #expect(s.allSatisfy { $0 <= 1e-7 })
        let sep = try EigenvalueConditioning.separations(schurForm: jordan, positions: [0])
        #expect(try #require(sep[0]) <= 1e-7)
        // A well-separated eigenvalue: sep(−5, the rotation block) = σ_min(T₂₂ + 5I) = |−1 ± 2i + 5| = √20;
        // dtrsna estimates it through the 1-norm of the inverse, within a factor √2 for order 2.
        let wellSeparated = try ColumnMajorMatrix(rowMajor: [[-5, 0, 0], [0, -1, -2], [0, 2, -1]])
        let separation = try #require(EigenvalueConditioning.separations(schurForm: wellSeparated, positions: [0])[0])
        #expect(separation >= 20.0.squareRoot() / 2.0.squareRoot() * (1 - 1e-12))
        #expect(separation <= 20.0.squareRoot() * 2.0.squareRoot() * (1 + 1e-12))
    }
}
