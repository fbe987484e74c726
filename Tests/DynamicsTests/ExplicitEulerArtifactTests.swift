import CircuitModel
import Dynamics
import Foundation
import LinearAlgebra
import Testing

/// The artifact of shared/SWEEPS.md: explicit Euler with dt = 0.05 τ on a lightly damped
/// focus x' = (−ε + iω) x multiplies the amplitude per step by
///     |1 + dt(−ε + iω)| = sqrt((1 − ε dt)² + ω² dt²),
/// i.e. an effective growth rate ln|1 + dt λ| / dt = −ε + (ω² − ε²) dt/2 + O(dt²): the real
/// part is shifted by ≈ ω² dt/2. With ω = 1, dt = 0.05 the shift is 0.025 > ε = 0.02, so Euler
/// shows a growing oscillation (an apparent limit cycle once nonlinearity saturates it)
/// while the true flow decays at rate 0.02. The Euler integrator lives only in this test.
@Suite("Explicit Euler artifact (SWEEPS.md)")
struct ExplicitEulerArtifactTests {
    static let epsilon = 0.02, omega = 1.0, dt = 0.05

    @Test("Euler at dt = 0.05 τ grows where the flow decays (ω² dt/2 = 0.025 > ε = 0.02); DP5 says fixed-point")
    func eulerShiftsRealPart() throws {
        let (epsilon, omega, dt) = (Self.epsilon, Self.omega, Self.dt)
        #expect(omega * omega * dt / 2 > epsilon)
        // Explicit Euler over 1000 τ (20 000 steps).
        var x = 1.0, y = 0.0
        for _ in 0..<20_000 {
            (x, y) = (x + dt * (-epsilon * x - omega * y), y + dt * (omega * x - epsilon * y))
        }
        let eulerAmplitude = (x * x + y * y).squareRoot()
        let predictedRate = log(((1 - epsilon * dt) * (1 - epsilon * dt) + omega * omega * dt * dt).squareRoot()) / dt
        // Effective rate ≈ −0.02 + 0.025 = +0.005: the amplitude grows by e^{5} over 1000 τ.
        #expect(predictedRate > 0.004 && predictedRate < 0.006)
        #expect(abs(log(eulerAmplitude) - predictedRate * 1000) < 1e-9 * 1000)
        #expect(eulerAmplitude > 100)

        // The true flow decays as e^{−0.02 t}; the error-controlled classifier finds the fixed point.
        let a = try PlanarFlows.focusMatrix(epsilon: epsilon, omega: omega)
        let result = try AttractorClassifier().classify(PlanarFlows.linear(a, from: [1, 0]))
        #expect(result.kind == .fixedPoint, "\(result.reason)")
        let fixedPoint = try #require(result.fixedPoint)
        #expect(abs(fixedPoint.spectralAbscissa + epsilon) < 1e-12)
        // Settling to ‖f‖ ≤ 1e-7 needs |x| ≲ 1e-7: t ≈ ln(1e7)/0.02 ≈ 806 τ, within the 2000 τ budget;
        // the settling test runs at chunk ends (100 τ), so the verdict comes at 900 τ.
        #expect(result.finalTime > 800 && result.finalTime <= 900)
    }
}

/// The same artifact on a circuit: W_r = [[1.05, −2], [2, 1.05]], τ_y = τ_a = 2 ms. Its branch
/// fixed point is a stable focus with λτ ≈ −0.058 ± 1.80i (measured with Stability), and the
/// Euler shift (ωτ)² (dt/τ)/2 ≈ 1.80² · 0.05/2 ≈ 0.081 exceeds 0.058: explicit Euler at dt = 0.05 τ
/// sees an unstable focus and settles on a spurious oscillation.
@Suite("Explicit Euler artifact on a circuit (SWEEPS.md)")
struct CircuitEulerArtifactTests {
    @Test("Circuit stable focus λτ ≈ −0.058 ± 1.8i: Euler (dt = 0.05 τ) oscillates for ever, the classifier finds the fixed point")
    func circuitFocus() throws {
        let recurrent = try ColumnMajorMatrix(rowMajor: [[1.05, -2], [2, 1.05]])
        let tau = 0.002
        let circuit = try Circuit(inputGain: [1, 1], input: [0.3, 0.1], normalizationGain: [1, 1], sigma: [0.1, 0.1],
                                  tauY: [tau, tau], tauA: [tau, tau], recurrentWeights: .dense(recurrent))
        let branch = try #require(CircuitDynamics.branchFixedPoint(of: circuit))
        let start = CircuitState(y: branch.y.map { $0 + 0.01 }, a: branch.a)

        let result = try AttractorClassifier().classify(CircuitDynamics.attractorProblem(circuit: circuit, from: start,
                                                                                         reference: branch))
        #expect(result.kind == .fixedPoint, "\(result.reason)")
        let fixedPoint = try #require(result.fixedPoint)
        #expect(fixedPoint.verdict == .stable)
        let lambdaTau = fixedPoint.spectralAbscissa * tau
        #expect(lambdaTau < -0.05 && lambdaTau > -0.07)
        let omegaTau = abs(fixedPoint.eigenvalues[0].imaginary) * tau
        #expect(omegaTau * omegaTau * 0.05 / 2 > -lambdaTau)
        // Newton-polished: the branch point itself, to rounding.
        #expect(try #require(fixedPoint.distanceToReference) < 1e-12)

        // Explicit Euler, dt = 0.05 τ, 2000 τ (40 000 steps), from the same start.
        var x = start.flattened
        var lateRange = (low: Double.infinity, high: -Double.infinity)
        let steps = 40_000
        for step in 0..<steps {
            let f = circuit.vectorField(at: x)
            for i in x.indices { x[i] += 0.05 * tau * f[i] }
            if step >= steps - 2_000 { lateRange = (min(lateRange.low, x[0]), max(lateRange.high, x[0])) }
        }
        // Over the last 100 τ y₁ still swings by O(0.1), where the true flow has decayed by
        // e^{−0.058·1900} ≈ 1e-48 from a 0.01 perturbation.
        #expect(lateRange.high - lateRange.low > 0.01, "Euler range \(lateRange)")
    }
}
