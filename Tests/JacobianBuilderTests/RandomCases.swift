import CircuitModel
import LinearAlgebra
import Randomness
import PropertyBased
import TestSupport
import Testing

/// A random circuit and state for the cross-validation tests: variant, n in 1…64,
/// W_r = I or I + δK (δ log-uniform in [0.01, 2]), W of every kind in RandomCircuits,
/// a > 0, and |y_j| ≥ 0.05 so that no max(y, 0) is within a finite-difference step of
/// its kink.
struct RandomCase {
    let circuit: Circuit
    let state: [Double]

    /// n uniform in 1…`maximumNeurons`, or exactly `neuronCount` when given.
    init(using rng: inout some RandomNumberGenerator, maximumNeurons: Int = 64, neuronCount: Int? = nil) {
        let variant = CircuitVariant.allCases[rng.nextIndex(below: CircuitVariant.allCases.count)]
        let n = neuronCount ?? 1 + rng.nextIndex(below: maximumNeurons)
        let kinds = RandomCircuits.NormalizationKind.allCases
        let kind = kinds[rng.nextIndex(below: kinds.count)]
        var circuit = RandomCircuits.identityRecurrence(neuronCount: n, variant: variant, normalization: kind, using: &rng)
        if rng.nextBernoulli(0.75) {
            let delta = rng.nextLogUniform(0.01, 2)
            let k = RandomCircuits.gaussianMatrix(order: n, using: &rng)
            var recurrent = ColumnMajorMatrix.identity(n)
            for index in recurrent.elements.indices { recurrent.elements[index] += delta * k.elements[index] }
            circuit = (try? circuit.replacingRecurrentWeights(.dense(recurrent))) ?? circuit
        }
        var state = RandomCircuits.state(neuronCount: n, using: &rng)
        for j in 0..<n where abs(state[j]) < 0.05 { state[j] = state[j] < 0 ? -0.05 : 0.05 }
        self.circuit = circuit
        self.state = state
    }

    /// (W_r φ(y))_i, the recurrent input, for the kink margin of `rectified-recurrence`.
    var recurrentInput: [Double] {
        let n = circuit.neuronCount
        let sent = (0..<n).map { circuit.variant == .rectified ? max(state[$0], 0) : state[$0] }
        return circuit.recurrentWeights.applied(to: sent)
    }
}

/// max_j |M_ij| per row i (the scale of the terms a row's entries are made of).
func rowScales(_ matrix: ColumnMajorMatrix) -> [Double] {
    (0..<matrix.rows).map { i in (0..<matrix.columns).reduce(0) { max($0, abs(matrix[i, $1])) } }
}

/// The promise the finite-difference tests rely on: every drawn state keeps |y_j| ≥ 0.05
/// (away from the rectifier kink) and a > 0, and n stays in range.
@Test("random cases keep |y_j| ≥ 0.05, a > 0 and 1 ≤ n ≤ the requested maximum (property)")
func randomCasesKeepTheirMargins() async {
    await propertyCheck(count: 100, input: Gen.uint64()) { seed in
        var rng = Xoshiro256StarStar(seed: seed)
        let sample = RandomCase(using: &rng, maximumNeurons: 12)
        let n = sample.circuit.neuronCount
        #expect((1...12).contains(n) && sample.state.count == 2 * n)
        #expect(sample.state[0..<n].allSatisfy { abs($0) >= 0.05 })
        #expect(sample.state[n...].allSatisfy { $0 > 0 })
    }
}
