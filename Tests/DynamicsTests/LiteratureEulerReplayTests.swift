import CircuitModel
import Dynamics
import Foundation
import LinearAlgebra
import Testing

@Suite("Literature replay (explicit Euler, dt = 0.05 τ, chunks of 100 τ, the literature's classifier)")
struct LiteratureEulerReplayTests {
    static func linearField(_ a: ColumnMajorMatrix) -> VectorField {
        { _, x, dx in
            let product = a.multiply(x)
            for i in dx.indices { dx[i] = product[i] }
        }
    }

    /// x' = (−ε + iω)x, ε = 0.02, ω = 2 (τ = 1): the exact flow decays, Euler multiplies the
    /// amplitude by q = |1 + dt(−ε + iω)| = √((1 − ε dt)² + ω² dt²) > 1 per step (the ω² dt/2
    /// shift: growth rate ln q/dt ≈ −0.02 + 0.1). So |x_k| = q^k |x₀| exactly (up to rounding),
    /// and the replay must report divergence at the first k with q^k |x₀| > 1e10 (‖x‖∞ ≤ |x|).
    @Test("stable focus: Euler at dt = 0.05 τ grows by exactly the modulus of 1 + dt λ per step and is reported diverging")
    func eulerArtifactIsReproduced() throws {
        let (epsilon, omega, dt) = (0.02, 2.0, 0.05)
        let a = try ColumnMajorMatrix(rowMajor: [[-epsilon, -omega], [omega, -epsilon]])
        let q = ((1 - epsilon * dt) * (1 - epsilon * dt) + omega * omega * dt * dt).squareRoot()
        #expect(log(q) / dt > 0.07 && log(q) / dt < 0.09)
        let verdict = LiteratureEulerReplay().replay(vectorField: Self.linearField(a), start: [1, 0], yCount: 2,
                                                     fastestTimeScale: 1, slowestTimeScale: 1)
        #expect(verdict.kind == .divergent, "\(verdict.reason)")
        // ‖x‖∞ ∈ [|x|/√2, |x|]: the crossing of 1e10 happens between the steps where |x| passes 1e10 and √2·1e10.
        let earliest = Int((log(1e10) / log(q)).rounded(.down))
        let latest = Int((log(1e10 * 2.0.squareRoot()) / log(q)).rounded(.up))
        #expect(verdict.steps >= earliest && verdict.steps <= latest, "steps \(verdict.steps) not in [\(earliest), \(latest)]")
        // The error-controlled classifier finds the fixed point of the same flow.
        let exact = try AttractorClassifier().classify(PlanarFlows.linear(a, from: [1, 0]))
        #expect(exact.kind == .fixedPoint)
    }

    @Test("well-damped focus (ε = 0.5): the replay and the error-controlled classifier agree on the fixed point")
    func dampedFocusAgrees() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[-0.5, -1], [1, -0.5]])
        let verdict = LiteratureEulerReplay().replay(vectorField: Self.linearField(a), start: [1, 0], yCount: 2,
                                                     fastestTimeScale: 1, slowestTimeScale: 1)
        #expect(verdict.kind == .fixedPoint, "\(verdict.reason)")
        #expect((verdict.finalState.map(abs).max() ?? 1) < 1e-4)
        let exact = try AttractorClassifier().classify(PlanarFlows.linear(a, from: [1, 0]))
        #expect(exact.kind == .fixedPoint)
    }

    /// The circuit of `CircuitEulerArtifactTests` (branch λτ ≈ −0.058 ± 1.8i, Euler shift ≈ 0.081):
    /// the replay does not see the fixed point, the error-controlled classifier does; and with a
    /// well-damped circuit (W_r = I, Theorem 1) both reach the branch.
    @Test("circuit: replay misses the stable focus where the classifier certifies it; agrees on a damped circuit")
    func circuitReplay() throws {
        let tau = 0.002
        let focus = try Circuit(inputGain: [1, 1], input: [0.3, 0.1], normalizationGain: [1, 1], sigma: [0.1, 0.1],
                                tauY: [tau, tau], tauA: [tau, tau],
                                recurrentWeights: .dense(try ColumnMajorMatrix(rowMajor: [[1.05, -2], [2, 1.05]])))
        let damped = try focus.replacingRecurrentWeights(.identity)
        for (circuit, shouldAgree) in [(focus, false), (damped, true)] {
            let branch = try #require(CircuitDynamics.branchFixedPoint(of: circuit))
            let start = CircuitState(y: branch.y.map { $0 + 0.01 }, a: branch.a)
            let replay = LiteratureEulerReplay().replay(vectorField: CircuitDynamics.vectorField(of: circuit),
                                                        start: start.flattened, yCount: 2, fastestTimeScale: tau,
                                                        slowestTimeScale: tau)
            let exact = try AttractorClassifier().classify(CircuitDynamics.attractorProblem(circuit: circuit, from: start,
                                                                                            reference: branch))
            #expect(AttractorOutcome(exact, branch: branch.flattened) == .branch)
            #expect((replay.kind == .fixedPoint) == shouldAgree, "\(replay.kind): \(replay.reason)")
        }
    }
}
