import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Stability
import Testing

/// The Lyapunov certificate (proofs/energy.md eqs. 6.7–6.11) against closed forms, an
/// independent Kronecker-product solve, and the eigenvalue verdict.
@Suite("Lyapunov certificate (proofs/energy.md)")
struct LyapunovCertificateTests {
    /// A random m × m Gaussian matrix, entries N(0, scale²/m).
    static func randomMatrix(order m: Int, scale: Double, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
        var matrix = ColumnMajorMatrix(rows: m, columns: m)
        for k in matrix.elements.indices { matrix.elements[k] = scale * rng.nextGaussian() / Double(m).squareRoot() }
        return matrix
    }

    /// A − shift·I.
    static func shifted(_ a: ColumnMajorMatrix, by shift: Double) -> ColumnMajorMatrix {
        a - shift * ColumnMajorMatrix.identity(a.rows)
    }

    @Test("Diagonal J: P = diag(−1/(2λ_i)) (eq. 6.7)")
    func diagonalClosedForm() throws {
        let certificate = try LyapunovCertificate(jacobian: ColumnMajorMatrix.diagonal([-1, -4, -0.25]))
        #expect(certificate.status == .certified)
        #expect(certificate.provesExactStability)
        let p = try #require(certificate.solution)
        let expected = ColumnMajorMatrix.diagonal([0.5, 0.125, 2])
        // Orthogonal Schur vectors of a diagonal matrix are a signed permutation: ulps.
        #expect((p - expected).maximumAbsoluteEntry <= 8 * Double.ulpOfOne * 2)
        #expect(try #require(certificate.smallestEigenvalue).isApproximatelyEqual(to: 0.125, relativeTolerance: 1e-14))
    }

    @Test("Non-normal J = [[−1, k], [0, −1]]: P = [[1/2, k/4], [k/4, 1/2 + k²/4]] (eq. 6.7)", arguments: [0.1, 10, 1e3])
    func jordanLikeClosedForm(k: Double) throws {
        let certificate = try LyapunovCertificate(jacobian: ColumnMajorMatrix(rowMajor: [[-1, k], [0, -1]]))
        #expect(certificate.status == .certified)
        let p = try #require(certificate.solution)
        let expected = try ColumnMajorMatrix(rowMajor: [[0.5, k / 4], [k / 4, 0.5 + k * k / 4]])
        // Condition of the Lyapunov operator grows like k²; relative error ≲ 10³ ε k².
        #expect((p - expected).maximumAbsoluteEntry <= 1e3 * Double.ulpOfOne * max(1, k * k) * expected.maximumAbsoluteEntry)
    }

    @Test("Unstable diagonal J is refuted; a rotation is not certified")
    func refutedAndInconclusive() throws {
        let unstable = try LyapunovCertificate(jacobian: ColumnMajorMatrix.diagonal([-2, 1]))
        #expect(unstable.status.name == "refuted")
        let rotation = try LyapunovCertificate(jacobian: ColumnMajorMatrix(rowMajor: [[0, -3], [3, 0]]))
        #expect(rotation.status == .inconclusive(.sylvesterNearlySingular))
    }

    /// proofs/energy.md eq. 6.7 against an independent method (the Kronecker-product linear system).
    @Test("Bartels–Stewart equals the Kronecker solve (I⊗Jᵀ + Jᵀ⊗I) vec P = −vec I, m ≤ 6")
    func matchesKroneckerSolve() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let m = 1 + rng.nextIndex(below: 6)
            let a = LyapunovCertificateTests.randomMatrix(order: m, scale: rng.nextLogUniform(1e-2, 1e2), using: &rng)
            let alpha = try Spectrum(jacobian: a).spectralAbscissa
            let j = LyapunovCertificateTests.shifted(a, by: alpha + rng.nextLogUniform(0.05, 1) * a.frobeniusNorm)
            let certificate = try LyapunovCertificate(jacobian: j)
            let p = try #require(certificate.solution)
            // Kronecker operator L with L vec(P) = vec(JᵀP + PJ); vec is column-major.
            var operatorMatrix = ColumnMajorMatrix(rows: m * m, columns: m * m)
            for col in 0..<m {
                for row in 0..<m {
                    let equation = row + col * m
                    for k in 0..<m {
                        operatorMatrix[equation, k + col * m] += j[k, row]  // (JᵀP)_{row,col}
                        operatorMatrix[equation, row + k * m] += j[k, col]  // (PJ)_{row,col}
                    }
                }
            }
            let lu = try LUFactorization(operatorMatrix)
            let reference = try lu.solve((-1.0 * ColumnMajorMatrix.identity(m)).elements)
            let condition = 1 / max(try lu.reciprocalConditionNumber(), Double.leastNormalMagnitude)
            // Both solves are backward stable: forward error ≲ 10³ · m² · ε · κ(L).
            let difference = zip(p.elements, reference).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e3 * Double(m * m) * Double.ulpOfOne * condition * infinityNorm(reference))
            #expect(certificate.status == .certified)
        }
    }

    @Test("Certificate agrees with the verdict on shifted random matrices; never certifies unstable J")
    func agreesWithVerdict() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let m = 1 + rng.nextIndex(below: 24)
            let a = LyapunovCertificateTests.randomMatrix(order: m, scale: rng.nextLogUniform(1e-3, 1e3), using: &rng)
            let alpha = try Spectrum(jacobian: a).spectralAbscissa
            // Margin: 1–100 % of the typical eigenvalue spread ‖A‖_F/√m, far above the η band.
            let margin = rng.nextLogUniform(1e-2, 1) * a.frobeniusNorm / Double(m).squareRoot()
            let stable = LyapunovCertificateTests.shifted(a, by: alpha + margin)
            let unstable = LyapunovCertificateTests.shifted(a, by: alpha - margin)
            let stableCertificate = try LyapunovCertificate(jacobian: stable)
            #expect(try Spectrum(jacobian: stable).verdict == .stable)
            #expect(stableCertificate.status == .certified)
            #expect(stableCertificate.relativeResidual <= stableCertificate.residualTolerance)
            // The residual, recomputed here from P with its own rounding, is at the same level.
            let p = try #require(stableCertificate.solution)
            let residual = stable.transposed() * p + p * stable + ColumnMajorMatrix.identity(m)
            let relative = residual.frobeniusNorm / (2 * stable.frobeniusNorm * p.frobeniusNorm + 1)
            #expect(relative <= stableCertificate.residualTolerance)
            // P is symmetric positive definite: its smallest eigenvalue is positive.
            #expect(try #require(stableCertificate.smallestEigenvalue) > 0)
            #expect(try Spectrum(jacobian: unstable).verdict == .unstable)
            let unstableCertificate = try LyapunovCertificate(jacobian: unstable)
            #expect(unstableCertificate.status != .certified)
            if case .refuted = unstableCertificate.status {} else {
                // dtrsyl is singular only if λ_i + λ_j ≈ 0 for two eigenvalues: record when it happens.
                #expect(unstableCertificate.status == .inconclusive(.sylvesterNearlySingular))
            }
        }
    }
}
