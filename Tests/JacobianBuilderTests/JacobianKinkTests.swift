import CircuitModel
import JacobianBuilder
import LinearAlgebra
import Randomness
import TestSupport
import Testing

/// Kinks: where a rectifier argument is exactly 0 the field is not differentiable; the
/// builder reports it and returns the left derivative (H(0) = 0), proofs/jacobian.md §3.3.
@Suite("Kinks of the rectified variants (proofs/jacobian.md §3.3)")
struct JacobianKinkTests {
    let builder = JacobianBuilder()

    @Test("rectified, y_j = 0: the kink is reported and column j is the left derivative (MATH.md §2)")
    func rectifiedActivityKink() {
        var rng = Xoshiro256StarStar(seed: 7)
        let sample = RandomCase(using: &rng, neuronCount: 4)
        let circuit = (try? sample.circuit.replacingRecurrentWeights(.dense(RandomCaseMatrices.positive(4)))) ?? sample.circuit
        let rectified = (try? Circuit(variant: .rectified, inputGain: circuit.inputGain, input: circuit.input,
                                      normalizationGain: circuit.normalizationGain, sigma: circuit.sigma,
                                      tauY: circuit.tauY, tauA: circuit.tauA, recurrentWeights: circuit.recurrentWeights,
                                      normalizationWeights: circuit.normalizationWeights)) ?? circuit
        var state = sample.state
        state[2] = 0
        let evaluation = builder.residualJacobian(of: rectified, at: state)
        #expect(evaluation.kinks == [JacobianKink(neuron: 2, location: .activity)])
        #expect(!evaluation.isDifferentiable)
        // Left derivative: backward difference in y_2 (F is linear in y_2 on y_2 ≤ 0: the
        // only y_2 term left is −y_2), so the difference is exact up to rounding.
        let h = 1e-7
        var below = state
        below[2] = -h
        let here = rectified.residual(at: state), there = rectified.residual(at: below)
        for i in 0..<8 {
            let backward = (here[i] - there[i]) / h
            #expect(abs(evaluation.matrix[i, 2] - backward) <= 1e-6 * (1 + abs(backward)), "row \(i)")
        }
        // And it differs from the right derivative: the recurrent column W_r[:,2](1 − s) ≠ 0.
        #expect(evaluation.matrix[0, 2] == 0)
    }

    @Test("paper, y_j = 0: not a kink (paper has no rectifier on y)")
    func paperHasNoActivityKink() {
        var rng = Xoshiro256StarStar(seed: 8)
        let sample = RandomCase(using: &rng, neuronCount: 3)
        let paper = RandomCircuits.identityRecurrence(neuronCount: 3, variant: .paper, normalization: .denseNonnegative, using: &rng)
        var state = sample.state
        state[1] = 0
        #expect(builder.residualJacobian(of: paper, at: state).kinks.isEmpty)
    }

    @Test("rectified-recurrence, (W_r y)_i = 0: kink on the recurrent input; a_i = 0: kink on a (MATH.md §2)")
    func recurrentInputAndModulatorKinks() {
        var rng = Xoshiro256StarStar(seed: 9)
        let circuit = RandomCircuits.identityRecurrence(neuronCount: 3, variant: .rectifiedRecurrence, normalization: .denseNonnegative, using: &rng)
        let state = [0.5, 0, -0.25, 1, 2, 0]
        let evaluation = builder.residualJacobian(of: circuit, at: state)
        #expect(evaluation.kinks == [
            JacobianKink(neuron: 1, location: .activity),
            JacobianKink(neuron: 1, location: .recurrentInput),
            JacobianKink(neuron: 2, location: .modulator),
        ])
        #expect(evaluation.matrix.elements.allSatisfy { $0.isFinite })
    }
}

enum RandomCaseMatrices {
    /// An n × n matrix with every entry 1/2 + (i + 2j)/10 > 0.
    static func positive(_ n: Int) -> ColumnMajorMatrix {
        var m = ColumnMajorMatrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { m[i, j] = 0.5 + Double(i + 2 * j) / 10 } }
        return m
    }
}
