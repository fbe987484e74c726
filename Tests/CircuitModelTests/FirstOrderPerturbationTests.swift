import CircuitModel
import PropertyBased
import Randomness
import TestSupport
import Testing

/// MATH.md §1 / proofs/model.md eqs. (1.7)–(1.8): the first-order prediction leaves a
/// residual of order δ². Checked without any solver: the residual at the prediction is
/// O(δ²) (F is smooth at the prediction), so halving δ divides it by ≈ 4.
@Suite("First-order perturbation of the normalization branch")
struct FirstOrderPerturbationTests {
    @Test("residual at the first-order prediction scales like δ² (halving δ divides it by ≈ 4)")
    func residualIsSecondOrder() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 20)
            let base = RandomCircuits.identityRecurrence(neuronCount: n, normalization: .ones, using: &rng)
            let k = RandomCircuits.gaussianMatrix(order: n, using: &rng)
            func residualNorm(_ delta: Double) throws -> Double {
                var wr = ColumnMajorMatrix.identity(n)
                for index in wr.elements.indices { wr.elements[index] += delta * k.elements[index] }
                let circuit = try base.replacingRecurrentWeights(.dense(wr))
                let predicted = try FirstOrderPerturbation.predictedState(for: circuit)
                // ‖F‖∞ over the global scale of the terms: a componentwise relative measure is
                // not homogeneous in δ where a drive b_i z_i is tiny (its scale is then O(δ)).
                let residual = circuit.residual(at: predicted.flattened), scale = circuit.residualScale(at: predicted.flattened)
                return (residual.map(abs).max() ?? 0) / (scale.max() ?? 1)
            }
            // δ small enough that the O(δ³) term is negligible, large enough that the
            // O(δ²) residual (~δ²·C) is far above round-off (~1e-15).
            let r1 = try residualNorm(1e-3), r2 = try residualNorm(5e-4)
            // z = 0 (the widened generator's sparse input can silence every neuron): y = 0 is a
            // zero for every δ and the prediction (y0 = 0, K y0 = 0) is exact.
            if base.input.allSatisfy({ $0 == 0 }) {
                #expect(r1 == 0 && r2 == 0, "seed \(seed): z = 0 but residual \(r1), \(r2)")
                return
            }
            #expect(r1 > 1e-13, "seed \(seed): residual \(r1) at δ = 1e-3 is at round-off: the test cannot see δ²")
            // ≈ 4 for an O(δ²) residual; the O(δ³) term moves it by ≈ 2cδ, which badly scaled draws make
            // 0.15 at δ = 1e-3 (seed 813300610905818124: 4.598). The band (3, 5) is exponents 1.58…2.32:
            // it still tells δ² from δ (ratio 2) and from δ³ (ratio 8).
            let ratio = r1 / r2
            #expect(ratio > 3 && ratio < 5, "seed \(seed): halving δ divided the residual by \(ratio), expected ≈ 4")
        }
    }

    @Test("δ = 0 (W_r = I) reproduces the closed form exactly")
    func zeroPerturbation() throws {
        var rng = Xoshiro256StarStar(seed: 5)
        let circuit = RandomCircuits.identityRecurrence(neuronCount: 6, using: &rng)
        #expect(try FirstOrderPerturbation.predictedState(for: circuit) == NormalizationFixedPoint.state(for: circuit))
    }
}
