import ComplexModule
import LinearAlgebra
import Randomness
import RealModule
import Stability
import Testing

/// The near-critical law of SWEEPS.md, made precise (proofs/energy.md eqs. 6.14–6.16).
///
/// W = ones, b = b0 = 1, σ = 0.1, τ_y = τ_a = τ, z_i = ‖z‖/√n, W_r = I + δK, K symmetric.
/// At δ = 0 the y-block of τJ is −s₀ I on the subspace 1ᵀu = 0 (multiplicity n − 1), with
/// s₀ = √(σ² + ‖z‖²). Degenerate first-order perturbation theory (right eigenvectors (u, 0),
/// left eigenvectors (u, −y₀u/(2s₀(1−s₀))), both ⊥ 1) gives
///
///     λτ = −s₀ − s₁ + (1 − s₀) δ μ_max + O(δ²),   μ_max = λ_max(K restricted to 1⊥),
///     s₁ = a₁/(2s₀),  a₁ = W diag(2 b∘z∘(1 − s₀)) δK y₀   (MATH.md §1; uniform since W = ones).
///
/// SWEEPS.md's λτ ≈ −s + (1 − s) λ_max(δK) drops s₁ and the projection off 1: both are
/// O(δ/√n) for Gaussian K, so it holds to first order only as n → ∞.
@Suite("Near-critical law (SWEEPS.md; proofs/energy.md eqs. 6.14–6.16)")
struct NearCriticalLawTests {
    static let n = 20, sigma = 0.1, zNorm = 0.05, tau = 0.002
    private var sigma: Double { Self.sigma }
    private var zNorm: Double { Self.zNorm }
    private var tau: Double { Self.tau }

    static func circuit() -> PaperCircuit {
        let n = NearCriticalLawTests.n
        return PaperCircuit(n: n, w: ColumnMajorMatrix(rows: n, columns: n, repeating: 1),
                            b: Array(repeating: 1, count: n),
                            z: Array(repeating: zNorm / Double(n).squareRoot(), count: n),
                            cSquared: Array(repeating: sigma * sigma, count: n),
                            tauY: Array(repeating: tau, count: n), tauA: Array(repeating: tau, count: n))
    }

    /// K = (M + Mᵀ)/2, M_ij ~ N(0, 1/n), from a fixed seed.
    static func coupling() -> ColumnMajorMatrix {
        var rng = Xoshiro256StarStar(seed: 2025)
        var m = ColumnMajorMatrix(rows: n, columns: n)
        for k in m.elements.indices { m.elements[k] = rng.nextGaussian() / Double(n).squareRoot() }
        return 0.5 * (m + m.transposed())
    }

    /// The normalization branch at W_r = I + δK: Newton on F (MATH.md §1) continued from the
    /// closed form along W_r(t) = I + tδK in 8 steps, LU of DF (MATH.md §2) per iteration.
    static func branchFixedPoint(_ circuit: PaperCircuit, recurrent: ColumnMajorMatrix) throws -> (y: [Double], a: [Double]) {
        var (y, a) = try #require(circuit.closedFormFixedPoint())
        let n = circuit.n, steps = 8
        for step in 1...steps {
            let t = Double(step) / Double(steps)
            let wr = ColumnMajorMatrix.identity(n) + t * (recurrent - ColumnMajorMatrix.identity(n))
            var converged = false
            for _ in 0..<30 {
                let residual = circuit.residual(y: y, a: a, recurrent: wr)
                if infinityNorm(residual) <= 1e-15 { converged = true; break }
                let correction = try LUFactorization(circuit.jacobian(y: y, a: a, recurrent: wr, scaled: false))
                    .solve(residual.map { -$0 })
                y = (0..<n).map { y[$0] + correction[$0] }
                a = (0..<n).map { a[$0] + correction[n + $0] }
                try #require(a.allSatisfy { $0 > 0 })
                if infinityNorm(correction) <= 1e-16 * (1 + infinityNorm(a)) { converged = true; break }
            }
            try #require(converged, "Newton did not converge at t = \(t)")
        }
        return (y, a)
    }

    @Test("λτ = −s₀ − s₁ + (1−s₀)δμ_max + O(δ²): halving δ divides the error by ≈ 4")
    func firstOrderLaw() throws {
        let circuit = NearCriticalLawTests.circuit(), k = NearCriticalLawTests.coupling()
        let n = circuit.n
        let (y0, a0) = try #require(circuit.closedFormFixedPoint())
        let s0 = a0[0].squareRoot()
        #expect(s0.isApproximatelyEqual(to: (sigma * sigma + zNorm * zNorm).squareRoot(), relativeTolerance: 1e-14))
        // μ_max: top eigenvalue of K on 1⊥ (the uniform mode pushed to −10³ by a rank-one shift).
        let ones = ColumnMajorMatrix(rows: n, columns: n, repeating: 1.0 / Double(n))
        let projector = ColumnMajorMatrix.identity(n) - ones
        let compressed = projector * k * projector - 1e3 * ones
        let mu = try #require(SymmetricEigendecomposition(compressed).eigenvalues.last)
        let lambdaMaxK = try #require(SymmetricEigendecomposition(k).eigenvalues.last)

        var errors: [Double] = [], simpleErrors: [Double] = []
        let deltas = [0.008, 0.004, 0.002, 0.001]
        for delta in deltas {
            let recurrent = ColumnMajorMatrix.identity(n) + delta * k
            let (y, a) = try NearCriticalLawTests.branchFixedPoint(circuit, recurrent: recurrent)
            let spectrum = try Spectrum(jacobian: circuit.jacobian(y: y, a: a, recurrent: recurrent))
            // a₁ = W diag(2 b∘z∘(1 − s₀)) δK y₀ (MATH.md §1), uniform because W = ones.
            let drive = (0..<n).map { 2 * circuit.z[$0] * (1 - s0) }
            let ky0 = (delta * k).multiply(y0)
            let a1 = (0..<n).reduce(0.0) { $0 + drive[$1] * ky0[$1] }
            let predicted = -s0 - a1 / (2 * s0) + (1 - s0) * delta * mu
            let simple = -s0 + (1 - s0) * delta * lambdaMaxK
            let leading = spectrum.eigenvalues[0]
            #expect(leading.imaginary == 0, "the leading mode of the y-cluster is real")
            errors.append(abs(leading.real * tau - predicted))
            simpleErrors.append(abs(leading.real * tau - simple))
        }
        print("Near-critical law (n = \(n), ‖z‖ = \(zNorm)): δ = \(deltas); first-order errors \(errors); SWEEPS.md simple-law errors \(simpleErrors); μ_max = \(mu), λ_max(K) = \(lambdaMaxK)")
        for index in 1..<errors.count {
            let ratio = errors[index - 1] / errors[index]
            // O(δ²): ratio → 4; the O(δ³) term moves it by a few percent at these δ.
            #expect(ratio > 3.5 && ratio < 4.5, "error ratio \(ratio) at δ = \(deltas[index])")
        }
        // Errors are far above rounding (|λτ| ε ≈ 10⁻¹⁷) and below the first-order shift.
        #expect(errors[0] < 0.1 * (1 - s0) * deltas[0] * mu)
    }
}
