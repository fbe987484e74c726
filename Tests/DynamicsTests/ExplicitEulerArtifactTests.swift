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
        // Settling to ‖f‖ ≤ 1e-7 needs |x| ≲ 1e-7: t ≈ ln(1e7)/0.02 ≈ 806 τ, within the 2000 τ budget.
        #expect(result.finalTime > 700 && result.finalTime < 900)
    }
}
