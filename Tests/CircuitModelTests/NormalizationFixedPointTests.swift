import CircuitModel
import Foundation
import PropertyBased
import Randomness
import TestSupport
import Testing

@Suite("Closed-form normalization fixed point (case-format.md; proofs/model.md eqs. 1.4–1.6)")
struct NormalizationFixedPointTests {
    @Test("the closed form is a zero of F to round-off, all variants, W_r = I (property)")
    func closedFormIsAZero() async throws {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 64)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: 3)]
            let kind = RandomCircuits.NormalizationKind.allCases[rng.nextIndex(below: 5)]
            let circuit = RandomCircuits.identityRecurrence(neuronCount: n, variant: variant, normalization: kind, using: &rng)
            let state = try NormalizationFixedPoint.state(for: circuit)
            let x = state.flattened
            let residual = circuit.residual(at: x), scale = circuit.residualScale(at: x)
            for k in residual.indices {
                // Each component sums ≤ n+3 rounded terms: |F_k| ≤ 4(n+3)ε · scale_k.
                #expect(abs(residual[k]) <= 4 * Double(n + 3) * .ulpOfOne * scale[k],
                        "n = \(n), \(variant), component \(k): F = \(residual[k]), scale \(scale[k])")
            }
            #expect(state.a.allSatisfy { $0 > 0 })
        }
    }

    @Test("variant paper: y² is the divisive normalization equation, by a separate summation")
    func divisiveNormalizationEquation() throws {
        var rng = Xoshiro256StarStar(seed: 11)
        let circuit = RandomCircuits.identityRecurrence(neuronCount: 9, using: &rng)
        let state = try NormalizationFixedPoint.state(for: circuit)
        let w = circuit.normalizationWeights.denseMatrix(order: 9)
        for i in 0..<9 {
            var denominator = pow(circuit.normalizationGain[i] * circuit.sigma[i], 2)
            for j in 0..<9 { denominator += w[i, j] * pow(circuit.inputGain[j] * circuit.input[j], 2) }
            let expected = pow(circuit.inputGain[i] * circuit.input[i], 2) / denominator
            #expect(abs(state.y[i] * state.y[i] - expected) <= 1e-14 * expected + 1e-300)
        }
    }

    @Test("rectified closed form: negative drives pass through, positive ones are normalized")
    func rectifiedClosedForm() throws {
        let circuit = try Circuit(variant: .rectified, inputGain: [1, 1], input: [0.5, -0.25], normalizationGain: [1, 1],
                                  sigma: [0.1, 0.1], tauY: [1, 1], tauA: [1, 1])
        let state = try NormalizationFixedPoint.state(for: circuit)
        // a_i = 0.01 + 0.25 (only the positive drive enters the pool, W = ones).
        #expect(abs(state.a[0] - 0.26) < 1e-15 && abs(state.a[1] - 0.26) < 1e-15)
        #expect(abs(state.y[0] - 0.5 / 0.26.squareRoot()) < 1e-15)
        #expect(state.y[1] == -0.25)
    }

    @Test("W_r ≠ I is refused; a negative-W pool with a ≤ 0 is refused")
    func refusals() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let perturbed = RandomCircuits.perturbedRecurrence(neuronCount: 3, delta: 0.1, using: &rng)
        #expect(throws: NormalizationFixedPoint.Inapplicable.recurrentWeightsNotIdentity) {
            try NormalizationFixedPoint.state(for: perturbed)
        }
        let negative = try Circuit(inputGain: [1, 1], input: [1, 1], normalizationGain: [1, 1], sigma: [0.1, 0.1],
                                   tauY: [1, 1], tauA: [1, 1], normalizationWeights: .dense(try ColumnMajorMatrix(rowMajor: [[1, -2], [-2, 1]])))
        #expect(throws: NormalizationFixedPoint.Inapplicable.self) { try NormalizationFixedPoint.state(for: negative) }
    }
}
