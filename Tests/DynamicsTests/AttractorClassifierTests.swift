import ComplexModule
import Dynamics
import Foundation
import LinearAlgebra
import RealModule
import Testing

/// Planar test flows with known attractors.
enum PlanarFlows {
    /// Hopf normal form r' = r(μ − r²), θ' = ω in Cartesian coordinates:
    ///     x' = μx − ωy − x(x² + y²),  y' = ωx + μy − y(x² + y²).
    /// Stable limit cycle r = √μ, period 2π/ω; Floquet multipliers 1 and e^{−2μ·2π/ω}
    /// (the radial linearization r' ≈ −2μ (r − √μ)).
    static func hopf(mu: Double, omega: Double, from x0: [Double]) throws -> AttractorProblem {
        try AttractorProblem(vectorField: { _, x, dx in
            let r2 = x[0] * x[0] + x[1] * x[1]
            dx[0] = mu * x[0] - omega * x[1] - x[0] * r2
            dx[1] = omega * x[0] + mu * x[1] - x[1] * r2
        }, jacobian: { _, x in
            let (u, v) = (x[0], x[1])
            return (try? ColumnMajorMatrix(rowMajor: [[mu - 3 * u * u - v * v, -omega - 2 * u * v],
                                                      [omega - 2 * u * v, mu - u * u - 3 * v * v]]))
                ?? ColumnMajorMatrix(rows: 2, columns: 2)
        }, initialState: x0, timeScale: 1)
    }

    /// x' = (−ε + iω) x as a real planar system: a focus with eigenvalues −ε ± iω.
    static func focusMatrix(epsilon: Double, omega: Double) throws -> ColumnMajorMatrix {
        try ColumnMajorMatrix(rowMajor: [[-epsilon, -omega], [omega, -epsilon]])
    }

    static func linear(_ a: ColumnMajorMatrix, from x0: [Double], reference: [Double]? = nil,
                       polish: (@Sendable ([Double]) -> [Double]?)? = nil) throws -> AttractorProblem {
        try AttractorProblem(vectorField: { _, x, dx in
            let product = a.multiply(x)
            for i in dx.indices { dx[i] = product[i] }
        }, jacobian: { _, _ in a }, initialState: x0, timeScale: 1, referenceFixedPoint: reference, polish: polish)
    }
}

@Suite("Attractor classification")
struct AttractorClassifierTests {
    @Test("Hopf normal form (μ = 1/4, ω = 1): limit cycle, T = 2π, amplitude √μ, multiplier e^{−π}")
    func hopfLimitCycle() throws {
        let problem = try PlanarFlows.hopf(mu: 0.25, omega: 1, from: [0.1, 0])
        for tolerance in [1e-7, 1e-9] {
            var options = AttractorOptions()
            options.integration.relativeTolerance = tolerance
            options.integration.absoluteTolerance = tolerance * 1e-3
            let result = try AttractorClassifier(options).classify(problem)
            #expect(result.kind == .limitCycle, "\(result.reason)")
            let cycle = try #require(result.limitCycle)
            // Crossing times carry the integration error (≈ tolerance per period, amplified
            // little since the phase is neutral): 100 × tolerance.
            #expect(abs(cycle.period - 2 * .pi) < 100 * tolerance, "period \(cycle.period) at rtol \(tolerance)")
            // Amplitude from 400 samples per period: the sampled peak misses the true one by
            // ≤ r(1 − cos(π/400)) ≈ 3e-5 · r.
            #expect(abs(cycle.amplitude - 0.5) < 5e-5)
            #expect(cycle.trivialMultiplierError < 1e-5)
            let nontrivial = exp(-2 * 0.25 * 2 * .pi)
            // The monodromy integration at rtol 1e-10 and the period error above: 1e-4 relative.
            #expect(abs(cycle.largestNontrivialMultiplier - nontrivial) < 1e-4 * nontrivial + 1e-6,
                    "multiplier \(cycle.largestNontrivialMultiplier) vs \(nontrivial)")
            #expect(cycle.isStable)
        }
    }

    @Test("Stable focus (λ = −0.5 ± 2i): fixed point at 0, polished, spectrum −0.5 ± 2i")
    func stableFocus() throws {
        let a = try PlanarFlows.focusMatrix(epsilon: 0.5, omega: 2)
        // Newton on a linear system lands exactly on the root: the polish returns 0.
        let problem = try PlanarFlows.linear(a, from: [1, -0.5], reference: [0, 0], polish: { _ in [0, 0] })
        let result = try AttractorClassifier().classify(problem)
        #expect(result.kind == .fixedPoint)
        let fixedPoint = try #require(result.fixedPoint)
        #expect(fixedPoint.polishedState == [0, 0])
        #expect(fixedPoint.distanceToReference == 0)
        #expect(fixedPoint.isStable)
        // dgeev on a 2×2 with exact entries: eigenvalues to ~1e-15.
        #expect(abs(fixedPoint.spectralAbscissa + 0.5) < 1e-12)
        #expect(fixedPoint.eigenvalues.allSatisfy { abs(abs($0.imaginary) - 2) < 1e-12 })
        // The settled state itself is within threshold/|λ| of the origin (‖f‖ = |λ|‖x‖).
        #expect(maxAbs(fixedPoint.settledState) < 1e-7)
        // Settling from ‖x‖ ≈ 1 to 1e-7 takes ln(1e7)/0.5 ≈ 32 τ: found at the end of the first
        // chunk (100 τ; this problem has no certificate closure, so only the settling test runs).
        #expect(result.finalTime <= 100)
    }

    /// Without a certificate the settling test needs ‖f‖ = ε|x| ≤ 1e-7: from |x| = 1 at rate ε = 0.004
    /// that is t = ln(ε·1e7)/ε ≈ 2649 > the 2000 τ budget. The residual falls chunk by chunk, so the
    /// budget is extended and the verdict comes within a chunk after (two default-sweep cells,
    /// n = 100, α·τ ≈ −0.009, were `undecided` this way).
    @Test("Slow node (eigenvalues −0.004, −0.5), no certificate: the budget is extended while the residual falls; fixed point after 2000 τ")
    func slowNodeWithoutCertificate() throws {
        let epsilon = 0.004
        let a = try ColumnMajorMatrix(rowMajor: [[-epsilon, 0], [0, -0.5]])
        let problem = try PlanarFlows.linear(a, from: [1, 1], reference: [0, 0], polish: { _ in [0, 0] })
        let result = try AttractorClassifier().classify(problem)
        #expect(result.kind == .fixedPoint, "\(result.reason)")
        let settling = log(epsilon * 1e7) / epsilon
        #expect(result.finalTime > settling && result.finalTime < settling + 200, "t = \(result.finalTime), settling at \(settling)")
        var strict = AttractorOptions()
        strict.extensionFactor = 1
        #expect(try AttractorClassifier(strict).classify(problem).kind == .undecided)
    }

    @Test("Unstable linear node (eigenvalues 0.5, −1): divergent past the bound")
    func divergentLinear() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[0.5, 0], [0, -1]])
        let result = try AttractorClassifier().classify(PlanarFlows.linear(a, from: [1e-3, 1]))
        #expect(result.kind == .divergent)
        // |x₁| = 1e-3 e^{t/2} reaches 1e10 at t = 2 ln(1e13) ≈ 59.9.
        #expect(abs(result.finalTime - 2 * log(1e13)) < 1e-3)
    }

    @Test("Centre (λ = ±i): undecided — periodic returns, but both Floquet multipliers are 1")
    func undecidedCentre() throws {
        let a = try PlanarFlows.focusMatrix(epsilon: 0, omega: 1)
        var options = AttractorOptions()
        options.timeBudget = 100
        let result = try AttractorClassifier(options).classify(PlanarFlows.linear(a, from: [1, 0]))
        // A centre's orbits are periodic but neutral: its return map converges (every orbit
        // closes), yet the monodromy matrix is exp(2π A) = I, multipliers 1 and 1, so the
        // cycle is not confirmed as attracting and the budget runs out.
        #expect(result.kind == .undecided, "\(result.reason)")
        #expect(result.finalTime == 100)
    }

    private func maxAbs(_ values: [Double]) -> Double { values.map(abs).max() ?? 0 }
}

@Suite("Attractor classification: unstable fixed points")
struct UnstableFixedPointTests {
    @Test("Saddle x' = x, y' = −y started exactly at 0: never called an attractor; undecided, saddle reported")
    func restingOnSaddle() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, 0], [0, -1]])
        var options = AttractorOptions()
        options.timeBudget = 60
        // f(0) = 0 exactly, so the trajectory stays at the saddle for ever.
        let result = try AttractorClassifier(options).classify(PlanarFlows.linear(a, from: [0, 0]))
        #expect(result.kind == .undecided)
        let saddle = try #require(result.fixedPoint)
        #expect(!saddle.isStable)
        #expect(abs(saddle.spectralAbscissa - 1) < 1e-12)
    }

    @Test("Saddle started 1e-9 off its stable manifold: leaves and diverges at t = ln(1e19)")
    func stableManifold() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, 0], [0, -1]])
        let off = try AttractorClassifier().classify(PlanarFlows.linear(a, from: [1e-9, 1]))
        // |x| = 1e-9 e^{t} reaches 1e10 at t = ln(1e19) ≈ 43.7.
        #expect(off.kind == .divergent)
        #expect(abs(off.finalTime - log(1e19)) < 1e-3)
    }
}
