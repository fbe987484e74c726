import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Stability
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// exp(Jt) and the energy V(δx) = δxᵀPδx along linearized trajectories (proofs/energy.md
/// eqs. 6.8 and 6.12–6.13).
@Suite("Matrix exponential and linearized energy (proofs/energy.md)")
struct EnergyTests {
    @Test("exp of a damped rotation e^{at}[[cos ωt, −sin ωt], [sin ωt, cos ωt]] (eq. 6.12)", arguments: [0.1, 3.0, 50.0])
    func dampedRotation(t: Double) throws {
        let a = -0.3, omega = 2.0
        let exponential = try (t * ColumnMajorMatrix(rowMajor: [[a, -omega], [omega, a]])).exponential()
        let decay = exp(a * t)
        let expected = try ColumnMajorMatrix(rowMajor: [
            [decay * cos(omega * t), -decay * sin(omega * t)], [decay * sin(omega * t), decay * cos(omega * t)],
        ])
        // Backward error ≈ ε‖A‖ (the Padé error of B = A/2ˢ is multiplied by 2ˢ in the
        // squarings), so for this normal A the forward error is ≲ 10 (‖A‖₁ + 13) ε ‖exp(A)‖.
        let bound = 10 * ((abs(a) + omega) * t + 13) * Double.ulpOfOne * decay
        #expect((exponential - expected).maximumAbsoluteEntry <= bound)
    }

    /// proofs/energy.md eq. 6.12 (Padé scaling and squaring) on a closed form.
    @Test("exp of a Jordan block [[λ, 1], [0, λ]]·t is e^{λt}[[1, t], [0, 1]]")
    func jordanBlock() throws {
        let lambda = -2.0, t = 1.7
        let exponential = try (t * ColumnMajorMatrix(rowMajor: [[lambda, 1], [0, lambda]])).exponential()
        let decay = exp(lambda * t)
        let expected = try ColumnMajorMatrix(rowMajor: [[decay, decay * t], [0, decay]])
        #expect((exponential - expected).maximumAbsoluteEntry <= 100 * Double.ulpOfOne * decay * (1 + t))
    }

    /// proofs/energy.md eq. 6.12 against an independent method.
    @Test("exp(S) equals Q diag(e^λ) Qᵀ for random symmetric S (dsyevd, an independent method)")
    func symmetricMatchesEigendecomposition() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let m = 1 + rng.nextIndex(below: 12), scale = rng.nextLogUniform(1e-3, 10)
            var s = ColumnMajorMatrix(rows: m, columns: m)
            for j in 0..<m { for i in 0...j { s[i, j] = scale * rng.nextGaussian(); s[j, i] = s[i, j] } }
            let decomposition = try SymmetricEigendecomposition(s, vectors: true)
            let q = try #require(decomposition.eigenvectors)
            let reference = q * ColumnMajorMatrix.diagonal(decomposition.eigenvalues.map { exp($0) }) * q.transposed()
            let computed = try s.exponential()
            // Normal S: both errors ≲ (m + s + 13) ε ‖exp S‖₂, s = squarings ≤ log₂(2‖S‖₁).
            let bound = 1e3 * Double(m) * Double.ulpOfOne * exp(decomposition.eigenvalues.last ?? 0) * (1 + s.oneNorm)
            #expect((computed - reference).maximumAbsoluteEntry <= bound)
        }
    }

    @Test("Diagonal J: V(t) = Σ P_ii e^{2λ_i t} x_i² (eq. 6.13)")
    func diagonalEnergyClosedForm() throws {
        let lambdas = [-1.0, -4.0, -0.25]
        let jacobian = ColumnMajorMatrix.diagonal(lambdas)
        let energy = try #require(QuadraticEnergy(certificate: LyapunovCertificate(jacobian: jacobian)))
        let x0 = [1.0, -2.0, 0.5], times = [0, 0.1, 0.5, 1, 2, 8]
        let values = try energy.valuesAlongLinearizedTrajectory(jacobian: jacobian, initialDeviation: x0, times: times)
        for (time, value) in zip(times, values) {
            let expected = (0..<3).reduce(0.0) { $0 + (-1 / (2 * lambdas[$1])) * exp(2 * lambdas[$1] * time) * x0[$1] * x0[$1] }
            #expect(value.isApproximatelyEqual(to: expected, relativeTolerance: 1e-12))
        }
        #expect(throws: StabilityError.invalidTime(index: 2, value: 0.05)) {
            try energy.valuesAlongLinearizedTrajectory(jacobian: jacobian, initialDeviation: x0, times: [0, 0.1, 0.05])
        }
        #expect(throws: StabilityError.wrongLength(argument: "deviation", expected: 3, found: 2)) {
            try energy.value(at: [1, 2])
        }
    }

    /// Samples t_k = k Δ, Δ = min(λ_max(P)/(10 q_min), 1/(20|α|)) with JᵀP + PJ = −diag(q): by
    /// eq. (6.8) dV/dt = −δxᵀQδx ≤ −(q_min/λ_max(P)) V, so V(t) ≤ V(0) e^{−t q_min/λ_max(P)} and V
    /// drops by a factor ≥ e^{−Δ q_min/λ_max(P)} per step, far above rounding, while the horizon
    /// 40Δ ≤ 2/|α| keeps the slowest mode from underflowing. Checks strict decrease and the bound.
    /// Returns false, checking nothing, when the certificate is honestly `inconclusive` (a very
    /// stiff J whose margin the rounding bounds cannot verify, proofs/energy.md §2b; seed
    /// 11670468217289099538 of the circuit test): P is then not a proven Lyapunov matrix.
    @discardableResult
    static func checkMonotoneEnergy(jacobian: ColumnMajorMatrix, using rng: inout some RandomNumberGenerator) throws -> Bool {
        let certificate = try LyapunovCertificate(jacobian: jacobian)
        if certificate.status == .inconclusive(.marginNotVerified) { return false }
        try #require(certificate.status == .certified)
        let energy = try #require(QuadraticEnergy(certificate: certificate))
        let largest = try #require(certificate.largestEigenvalue)
        let qMin = try #require(certificate.equationWeights.min())
        let rate = qMin / largest
        let alpha = try Spectrum(jacobian: jacobian).spectralAbscissa
        let step = min(1 / (10 * rate), 1 / (20 * abs(alpha)))
        let times = (0...40).map { Double($0) * step }
        let x0 = (0..<jacobian.rows).map { _ in rng.nextGaussian() }
        let values = try energy.valuesAlongLinearizedTrajectory(jacobian: jacobian, initialDeviation: x0, times: times)
        for k in 1..<values.count {
            #expect(values[k] < values[k - 1], "V rose at step \(k): \(values[k - 1]) → \(values[k])")
            // 10⁻⁶ relative slack for the accumulated error of k propagations.
            #expect(values[k] <= values[0] * exp(-times[k] * rate) * (1 + 1e-6))
        }
        return true
    }

    @Test("V decreases monotonically along exp(Jt)δx₀ for certified random J (eq. 6.8)")
    func monotoneForRandomStableMatrices() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let m = 1 + rng.nextIndex(below: 16)
            let a = LyapunovCertificateTests.randomMatrix(order: m, scale: rng.nextLogUniform(1e-2, 1e2), using: &rng)
            let alpha = try Spectrum(jacobian: a).spectralAbscissa
            let margin = rng.nextLogUniform(1e-2, 1) * a.frobeniusNorm / Double(m).squareRoot()
            try EnergyTests.checkMonotoneEnergy(jacobian: LyapunovCertificateTests.shifted(a, by: alpha + margin), using: &rng)
        }
    }

    @Test("V decreases monotonically at random Theorem 1 circuits (eqs. 5.8, 6.8)")
    func monotoneForCircuits() async {
        // Theorem 1 circuits can be stiff enough that the certificate is `inconclusive` (Theorem1Tests
        // bounds how often); those draws are counted, and most draws must be checked.
        let checked = SharedTally<Bool>()
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let circuit = PaperCircuit.randomTheoremCircuit(using: &rng, maximumSize: 12)
            let (y, a) = try #require(circuit.closedFormFixedPoint())
            checked.record(try EnergyTests.checkMonotoneEnergy(jacobian: circuit.jacobian(y: y, a: a), using: &rng))
        }
        let verified = checked.values.filter { $0 }.count
        #expect(verified * 10 >= checked.values.count * 9, "only \(verified) of \(checked.values.count) certificates verified")
    }

    @Test("W_r = I: J has the spectrum of the oscillators 𝓜δÿ + 𝒞δẏ + 𝒦δy = 0 (eq. 6.3)")
    func oscillatorForm() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 6)
            var w = ColumnMajorMatrix(rows: n, columns: n)
            for k in w.elements.indices { w.elements[k] = rng.nextLogUniform(1e-2, 1) }
            func signed() -> Double { (rng.nextBernoulli(0.5) ? -1 : 1) * rng.nextUniform(0.2, 2) }
            let circuit = PaperCircuit(n: n, w: w, b: (0..<n).map { _ in signed() }, z: (0..<n).map { _ in signed() },
                                       cSquared: (0..<n).map { _ in rng.nextLogUniform(1e-2, 1) },
                                       tauY: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-2) },
                                       tauA: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-2) })
            let (y, a) = try #require(circuit.closedFormFixedPoint())
            let s = a.map { $0.squareRoot() }
            // 𝓜 = T_a T_y, 𝒞 = T_a S + T_y − Γ⁻¹MΓT_y, 𝒦 = S with Γ = diag(2s/y), M = W diag(y²).
            // Companion form of 𝓜δÿ + 𝒞δẏ + 𝒦δy = 0: [[0, I], [−𝓜⁻¹𝒦, −𝓜⁻¹𝒞]].
            var companion = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
            for i in 0..<n {
                let mass = circuit.tauA[i] * circuit.tauY[i]
                companion[i, n + i] = 1
                companion[n + i, i] = -s[i] / mass
                for j in 0..<n {
                    let gammaRatio = (2 * s[j] / y[j]) / (2 * s[i] / y[i])  // (Γ⁻¹ M Γ)_ij = M_ij Γ_j/Γ_i
                    var damping = -circuit.w[i, j] * y[j] * y[j] * gammaRatio * circuit.tauY[j]
                    if i == j { damping += circuit.tauA[i] * s[i] + circuit.tauY[i] }
                    companion[n + i, n + j] = -damping / mass
                }
            }
            let fromJacobian = try Spectrum(jacobian: circuit.jacobian(y: y, a: a)).eigenvalues
            var fromOscillators = try Spectrum(jacobian: companion).eigenvalues
            let scale = fromJacobian.map(\.length).max() ?? 1
            for lambda in fromJacobian {
                let nearest = try #require(fromOscillators.indices.min {
                    (fromOscillators[$0] - lambda).length < (fromOscillators[$1] - lambda).length })
                // Two similar-spectrum matrices of moderate non-normality (parameters within
                // two decades): agreement to 10⁻⁸ of the spectral scale.
                #expect((fromOscillators[nearest] - lambda).length <= 1e-8 * scale, "\(lambda) vs \(fromOscillators[nearest])")
                fromOscillators.remove(at: nearest)
            }
        }
    }
}
