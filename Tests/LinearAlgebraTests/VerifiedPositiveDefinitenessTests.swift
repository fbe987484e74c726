import Foundation
import LinearAlgebra
import PropertyBased
import Randomness
import Testing

/// Rump-style verified positive definiteness (proofs/energy.md §2b, eq. 6.9a) against matrices
/// whose smallest eigenvalue is known in closed form or whose singularity is exact.
@Suite("Verified positive definiteness (proofs/energy.md eq. 6.9a)")
struct VerifiedPositiveDefinitenessTests {
    /// tridiag(−1, 2, −1) of order n: λ_min = 4 sin²(π / (2(n + 1))) (exact entries).
    static func secondDifference(order n: Int) -> ColumnMajorMatrix {
        var a = ColumnMajorMatrix(rows: n, columns: n)
        for i in 0..<n {
            a[i, i] = 2
            if i + 1 < n { a[i, i + 1] = -1; a[i + 1, i] = -1 }
        }
        return a
    }

    /// proofs/energy.md eq. 6.9a: the verified λ_min bound against a closed form.
    @Test("tridiag(−1, 2, −1): the verified λ_min bound lies in [0.98 λ_min, λ_min] (closed form)", arguments: [1, 2, 5, 17, 64, 150])
    func secondDifferenceBound(order n: Int) throws {
        let a = VerifiedPositiveDefinitenessTests.secondDifference(order: n)
        let sine = sin(Double.pi / Double(2 * (n + 1)))
        let exact = 4 * sine * sine
        let bound = try #require(VerifiedPositiveDefiniteness.positiveLowerBound(of: a, estimate: exact))
        // The closed form is evaluated with relative error ≤ 10 u; the bound must stay below
        // the true value, so it is compared with exact·(1 + 1e-14).
        #expect(bound <= exact * (1 + 1e-14), "bound \(bound) above λ_min = \(exact)")
        #expect(bound >= 0.98 * exact, "bound \(bound) far below λ_min = \(exact) (shift 0.99·estimate)")
    }

    /// [[a, a k], [a k, a k²]] is exactly singular (det = a²k² − a²k² = 0 in integers), yet the
    /// floating-point Cholesky often succeeds (√a rounds, so l₂₂² = a k² − l₂₁² comes out > 0).
    /// A verified bound must never call such a matrix positive definite.
    /// proofs/energy.md eq. 6.9a: rounding accounted for, a singular matrix is never verified.
    @Test("Exactly singular [[a, ak], [ak, ak²]]: float Cholesky often succeeds, verification never does")
    func singularMatricesAreNeverVerified() throws {
        var floatingSuccesses = 0, checked = 0
        for a in 2...40 {
            for k in 1...40 {
                let entries = (Double(a), Double(a * k), Double(a * k * k))
                let matrix = try ColumnMajorMatrix(rowMajor: [[entries.0, entries.1], [entries.1, entries.2]])
                #expect(a * a * k * k - (a * k) * (a * k) == 0)  // exact integer determinant
                checked += 1
                if (try? CholeskyFactorization(matrix)) != nil { floatingSuccesses += 1 }
                for estimate in [1e-300, 1e-16, 1e-8, 1.0] {
                    #expect(VerifiedPositiveDefiniteness.positiveLowerBound(of: matrix, estimate: estimate) == nil,
                            "a = \(a), k = \(k), estimate \(estimate)")
                }
                #expect(VerifiedPositiveDefiniteness.lowerBound(of: matrix, shift: 0).map { $0 <= 0 } ?? true)
            }
        }
        print("singular 2×2: \(floatingSuccesses) of \(checked) pass dpotrf; none verified")
        #expect(floatingSuccesses >= 100)  // the old rule would have accepted these
    }

    /// proofs/energy.md eq. 6.9a against dsyevd (an independent method).
    @Test("Random SPD A = BᵀB + t I: verified bound ≤ λ_min(dsyevd) + 8 m ε ‖A‖ and > 0")
    func randomPositiveDefinite() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 30)
            let b = gaussianMatrix(rows: n, columns: n, using: &rng)
            let t = rng.nextLogUniform(1e-6, 10)
            var a = b.transposed() * b
            a = 0.5 * (a + a.transposed())
            a = shifted(a, by: t)
            let eigenvalues = try SymmetricEigendecomposition(a).eigenvalues
            let smallest = try #require(eigenvalues.first), largest = try #require(eigenvalues.last)
            // dsyevd's eigenvalues are exact for A + E with ‖E‖₂ ≤ p(n) ε ‖A‖₂ (Weyl): the
            // verified bound may not exceed them by more than that.
            let slack = 8 * Double(n) * epsilon * largest
            if let bound = VerifiedPositiveDefiniteness.positiveLowerBound(of: a, estimate: smallest) {
                #expect(bound <= smallest + slack)
                #expect(bound > 0)
            } else {
                // Only allowed when λ_min is at rounding level relative to the trace.
                #expect(smallest <= 4 * Double(n + 2) * epsilon * Double(n) * largest)
            }
        }
    }

    @Test("γ_k and outward rounding: γ_k ≥ k u/(1 − k u), up ≥ x ≥ down")
    func roundingConstants() {
        for k in [1, 10, 1000, 1 << 20] {
            let ku = Double(k) * 0x1p-53
            #expect(RoundingBounds.gamma(k) >= ku / (1 - ku))
        }
        #expect(RoundingBounds.gamma(1 << 53) == .infinity)
        for x in [0.0, 1e-300, 1.0, -3.5, 1e300] {
            #expect(RoundingBounds.up(x, operations: 3) >= x)
            #expect(RoundingBounds.down(x, operations: 3) <= x)
        }
    }
}
