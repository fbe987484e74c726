import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Stability
import Testing

/// The verified Lyapunov certificate (proofs/energy.md §2b, eqs. 6.9a–6.9d): `certified` is a
/// proof for the floating-point J, so it must refuse every exactly singular J, bound the
/// spectral abscissa (α ≤ −β) and agree with the eigenvalue verdict.
@Suite("Verified Lyapunov certificate (proofs/energy.md §2b)")
struct VerifiedCertificateTests {
    /// An integer matrix whose last column is an integer combination of the others: exactly
    /// singular (0 is an eigenvalue), so no correct certificate may call it Hurwitz.
    static func singularIntegerMatrix(using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
        let m = 2 + rng.nextIndex(below: 3)
        var j = ColumnMajorMatrix(rows: m, columns: m)
        for k in j.elements.indices { j.elements[k] = Double(rng.nextIndex(below: 11)) - 5 }
        let coefficients = (0..<(m - 1)).map { _ in Double(rng.nextIndex(below: 5)) - 2 }
        for i in 0..<m {
            j[i, m - 1] = (0..<(m - 1)).reduce(0.0) { $0 + coefficients[$1] * j[i, $1] }  // small integers: exact
        }
        return j
    }

    /// The first matrix of the search below that the old rule accepted: column 3 = −2·column 1
    /// (exactly singular, checked by the integer determinant in the test); Bartels–Stewart's
    /// P passes the residual test and dpotrf.
    static let oldRuleCounterexample: [[Double]] = [[-4, 0, 8], [-5, -3, 7], [5, 1, -9]]

    /// proofs/energy.md eqs. 6.9a–6.9d: no verified margin for a J that is not Hurwitz.
    @Test("Old rule certified an exactly singular J (det = 0); the verified certificate does not (α(J) = 0)")
    func oldRuleCounterexample() throws {
        let rows = VerifiedCertificateTests.oldRuleCounterexample
        // det by the integer rule of Sarrus: exactly 0, so λ = 0 is an eigenvalue of J.
        let d = rows[0][0] * (rows[1][1] * rows[2][2] - rows[1][2] * rows[2][1])
            - rows[0][1] * (rows[1][0] * rows[2][2] - rows[1][2] * rows[2][0])
            + rows[0][2] * (rows[1][0] * rows[2][1] - rows[1][1] * rows[2][0])
        #expect(d == 0)
        let certificate = try LyapunovCertificate(jacobian: ColumnMajorMatrix(rowMajor: rows))
        #expect(certificate.floatingPointCholeskySucceeded, "the old rule (dpotrf of P succeeds) accepted it")
        #expect(certificate.relativeResidual <= certificate.residualTolerance)
        #expect(!certificate.isCertified)
        #expect(certificate.verifiedMargin == nil)
        #expect(certificate.status == .inconclusive(.marginNotVerified))
    }

    /// proofs/energy.md eqs. 6.9a–6.9d: no verified margin for any exactly singular J.
    @Test("Exactly singular integer J are never certified; the old rule accepted many (verifiedMargin)")
    func singularIntegerMatricesAreNeverCertified() throws {
        var oldRuleAccepted = 0, tried = 0
        for index in 0..<1500 {
            var rng = Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: 19, index: UInt64(index)))
            let j = VerifiedCertificateTests.singularIntegerMatrix(using: &rng)
            guard let certificate = try? LyapunovCertificate(jacobian: j) else { continue }
            tried += 1
            if certificate.floatingPointCholeskySucceeded && certificate.relativeResidual <= certificate.residualTolerance {
                oldRuleAccepted += 1
            }
            #expect(certificate.verifiedMargin == nil, "seed index \(index): \(j.rowMajorArrays())")
            #expect(!certificate.isCertified)
        }
        print("singular integer J: \(tried) tried, old rule accepted \(oldRuleAccepted), verified 0")
        #expect(oldRuleAccepted >= 10)
    }

    @Test("Diagonal J = diag(−1, −4, −¼): verified margin β ∈ [0.9·¼, ¼] (P = diag(−1/(2λ)), Q = I; eq. 6.9c)")
    func diagonalMargin() throws {
        let certificate = try LyapunovCertificate(jacobian: ColumnMajorMatrix.diagonal([-1, -4, -0.25]))
        let margin = try #require(certificate.verifiedMargin)
        // Exact: λ_min(P) = 1/8, λ_max(P) = 2, λ_min(Q) = 1, β = 1/(2·2) = 1/4 = |α|.
        #expect(margin.smallestEigenvalueOfPLowerBound <= 0.125 && margin.smallestEigenvalueOfPLowerBound >= 0.9 * 0.125)
        #expect(margin.largestEigenvalueOfPUpperBound >= 2 && margin.largestEigenvalueOfPUpperBound <= 2 * (1 + 1e-12))
        #expect(margin.smallestEigenvalueOfQLowerBound <= 1 && margin.smallestEigenvalueOfQLowerBound >= 0.9)
        #expect(margin.margin <= 0.25 && margin.margin >= 0.9 * 0.25)
    }

    /// Random circuit Jacobians, stable and unstable (W with signed entries, as in
    /// HypothesesTests, and Theorem 1 circuits): whenever the certificate is verified,
    /// (i) the eigenvalue verdict is never `unstable`, (ii) every computed eigenvalue has
    /// Re λ ≤ −β + d_k (its band: the verified bound α ≤ −β holds for the exact eigenvalues,
    /// the computed ones are within their band), and (iii) J + E stays Hurwitz for a random E
    /// with ‖E‖₂ = 0.9β (eq. 6.9d), checked by dgeev.
    @Test("Certified ⇒ verdict stable and α ≤ −β on random circuits (verifiedMargin, eqs. 6.9c–6.9d)")
    func certifiedImpliesStableVerdict() async {
        let record = CountRecord()
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let jacobian: ColumnMajorMatrix
            if rng.nextIndex(below: 2) == 0 {
                let circuit = HypothesesTests.circuitWithSignedWeights(using: &rng)
                guard let (y, a) = circuit.closedFormFixedPoint() else { return }
                jacobian = circuit.jacobian(y: y, a: a)
            } else {
                let circuit = PaperCircuit.randomTheoremCircuit(using: &rng, maximumSize: 12)
                guard let (y, a) = circuit.closedFormFixedPoint() else { return }
                jacobian = circuit.jacobian(y: y, a: a)
            }
            let spectrum = try Spectrum(jacobian: jacobian)
            let certificate = try LyapunovCertificate(jacobian: jacobian)
            record.add(certified: certificate.isCertified, oldRule: certificate.floatingPointCholeskySucceeded,
                       verdict: spectrum.verdict)
            guard let margin = certificate.verifiedMargin else { return }
            #expect(spectrum.verdict != .unstable)
            #expect(spectrum.verdict == .stable || spectrum.rule == .clusterBand || margin.margin <= spectrum.undecidedBound,
                    "certified with β = \(margin.margin) but verdict \(spectrum.verdict), band \(spectrum.undecidedBound)")
            for (lambda, radius) in zip(spectrum.eigenvalues, spectrum.bandRadii) {
                #expect(lambda.real <= -margin.margin + radius + 1e-12 * abs(lambda.real),
                        "Re λ = \(lambda.real) above −β = \(-margin.margin) + d = \(radius)")
            }
            if !certificate.balanced {
                let m = jacobian.rows
                var e = ColumnMajorMatrix(rows: m, columns: m)
                for k in e.elements.indices { e.elements[k] = rng.nextGaussian() }
                let scale = 0.9 * margin.margin / max(e.frobeniusNorm, .leastNormalMagnitude)  // ‖E‖₂ ≤ ‖E‖_F
                let perturbed = jacobian + scale * e
                let alpha = try perturbed.eigenvalues().map(\.real).max() ?? 0
                // dgeev's own error on J + E is ≲ the band; the check is that it stays left of 0.
                #expect(alpha < spectrum.undecidedBound, "α(J + E) = \(alpha) with ‖E‖ < β = \(margin.margin)")
            }
        }
        print("certified ⇒ stable: \(record.summary)")
        #expect(record.certified >= 50)
    }

    final class CountRecord: @unchecked Sendable {
        var certified = 0, oldRule = 0, stable = 0, unstable = 0, undecided = 0
        func add(certified isCertified: Bool, oldRule passed: Bool, verdict: StabilityVerdict) {
            if isCertified { certified += 1 }
            if passed { oldRule += 1 }
            switch verdict {
            case .stable: stable += 1
            case .unstable: unstable += 1
            case .undecided: undecided += 1
            }
        }
        var summary: String {
            "\(certified) verified, \(oldRule) passed the old rule; verdicts \(stable) stable, \(unstable) unstable, \(undecided) undecided"
        }
    }

    /// J = [[−δ, 1], [0, −δ]] (a Jordan block, exact eigenvalue −δ): E = [[0, 0], [η, 0]] with
    /// ‖E‖ = η moves the eigenvalues to −δ ± √η, so for δ < √η the old κ = 1 verdict `stable`
    /// is not robust to the eigenvalue computation's backward error. The new band treats the
    /// pair as a cluster (d ≈ √(2η‖J‖)) and says `undecided`; the verified certificate still
    /// proves the floating-point J stable.
    @Test("Jordan block with δ = 10⁻¹⁰: old band stable, cluster band undecided, certificate verified")
    func jordanBlockNeedsClusterBand() throws {
        let delta = 1e-10
        let jordan = try ColumnMajorMatrix(rowMajor: [[-delta, 1], [0, -delta]])
        let old = try Spectrum(jacobian: jordan, options: SpectrumOptions(conditionNumbers: false))
        let new = try Spectrum(jacobian: jordan)
        #expect(old.verdict == .stable && old.rule == .unitConditionBand)
        #expect(new.verdict == .undecided && new.rule == .clusterBand)
        let eta = new.backwardError
        #expect(delta < eta.squareRoot())  // −δ + √η > 0: J + E is unstable for ‖E‖ = η
        #expect(new.undecidedBound >= eta.squareRoot())
        let certificate = try LyapunovCertificate(jacobian: jordan)
        let margin = try #require(certificate.verifiedMargin)
        #expect(margin.margin <= delta)  // α(J) = −δ ≤ −β
    }
}
