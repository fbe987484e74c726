import CircuitModel
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import Testing

/// The symbolic-numeric DF against two independent derivatives of the field.
@Suite("DF against dual numbers and finite differences (proofs/jacobian.md eq. 3.10)")
struct JacobianCrossValidationTests {
    let builder = JacobianBuilder()

    /// Tolerance 1e-9 relative to the row's largest entry: both sides form the same
    /// handful of products per entry (a row of DF mixes terms of that row's scale), only in
    /// another order, so they agree to a few ulps of the largest term; 1e-9 leaves room
    /// for n = 64 sums while any wrong rule (a factor of 2, a missing H) is O(1) off.
    @Test("DF equals forward-mode dual numbers of an independent field, all variants, n ≤ 24 (eq. 3.10)")
    func matchesDualNumbers() async {
        await compareWithDualNumbers(count: 40, maximumNeurons: 24, neuronCount: nil)
    }

    @Test("DF equals forward-mode dual numbers at n = 64 (eq. 3.10)")
    func matchesDualNumbersLarge() async {
        await compareWithDualNumbers(count: 3, maximumNeurons: 64, neuronCount: 64)
    }

    private func compareWithDualNumbers(count: Int, maximumNeurons: Int, neuronCount: Int?) async {
        var largest = 0.0
        await propertyCheck(count: count, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = RandomCase(using: &rng, maximumNeurons: maximumNeurons, neuronCount: neuronCount)
            let symbolic = builder.residualJacobian(of: sample.circuit, at: sample.state)
            let dual = ReferenceField.dualJacobian(sample.circuit, at: sample.state)
            #expect(symbolic.isDifferentiable || sample.recurrentInput.contains(0), "seed \(seed)")
            let scales = rowScales(dual)
            for j in 0..<dual.columns {
                for i in 0..<dual.rows {
                    let error = abs(symbolic.matrix[i, j] - dual[i, j]) / max(scales[i], .leastNormalMagnitude)
                    largest = max(largest, error)
                    #expect(error <= 1e-9, "seed \(seed), \(sample.circuit.variant), n \(sample.circuit.neuronCount), entry (\(i), \(j)): \(symbolic.matrix[i, j]) vs \(dual[i, j])")
                }
            }
        }
        print("JacobianCrossValidationTests: largest |DF − dual| / row scale = \(largest)")
    }

    /// Central differences of CircuitModel's residual with h_j = 1e-6·max(|x_j|, 0.01).
    /// Error bound: rounding ε·S_i/h_j, with S_i = `residualScale` (the size of the terms F_i
    /// sums), is covered by 1e-14·S_i/h_j (~45 ulps of F_i); truncation h²|∂³F|/6 is 0 in
    /// y (F is quadratic in y) and ≤ 1e-12·|r|·a^(-1/2) ≤ 1e-11 in a (a ≥ 0.01), covered by
    /// 1e-6 × the row scale. Cases of `rectified-recurrence` with some |(W_r y)_i| < 1e-3
    /// are skipped (a step could cross the kink).
    @Test("DF equals central differences of CircuitModel's residual, all variants, n ≤ 64 (eq. 3.10)")
    func matchesFiniteDifferences() async {
        var largest = 0.0, largestRelative = 0.0, skipped = 0
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = RandomCase(using: &rng)
            if sample.circuit.variant == .rectifiedRecurrence, sample.recurrentInput.contains(where: { abs($0) < 1e-3 }) {
                skipped += 1
                return
            }
            let symbolic = builder.residualJacobian(of: sample.circuit, at: sample.state)
            let scales = rowScales(symbolic.matrix)
            let termScale = sample.circuit.residualScale(at: sample.state)
            var point = sample.state
            for j in point.indices {
                let h = 1e-6 * max(abs(point[j]), 0.01)
                let saved = point[j]
                point[j] = saved + h
                let up = sample.circuit.residual(at: point)
                point[j] = saved - h
                let down = sample.circuit.residual(at: point)
                point[j] = saved
                for i in point.indices {
                    let difference = (up[i] - down[i]) / (2 * h)
                    let error = abs(symbolic.matrix[i, j] - difference)
                    let tolerance = 1e-6 * scales[i] + 1e-14 * termScale[i] / h
                    largest = max(largest, error / tolerance)
                    largestRelative = max(largestRelative, error / max(scales[i], .leastNormalMagnitude))
                    #expect(error <= tolerance, "seed \(seed), \(sample.circuit.variant), entry (\(i), \(j)): \(symbolic.matrix[i, j]) vs \(difference)")
                }
            }
        }
        print("JacobianCrossValidationTests: largest |DF − FD| / tolerance = \(largest), |DF − FD| / row scale = \(largestRelative), \(skipped) of 30 skipped")
        #expect(skipped <= 10, "\(skipped) of 30 cases were skipped near a kink")
    }

    /// The residual the builder computes on the way is CircuitModel's F (eqs. 3.6–3.7),
    /// to 1e-13 of the terms' scale (the same sums, in another order).
    @Test("The builder's residual equals CircuitModel's F (eqs. 3.6–3.7)")
    func residualMatchesCircuitModel() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = RandomCase(using: &rng)
            let evaluation = builder.residualJacobian(of: sample.circuit, at: sample.state)
            let reference = sample.circuit.residual(at: sample.state)
            let scale = sample.circuit.residualScale(at: sample.state)
            for i in reference.indices {
                #expect(abs(evaluation.residual[i] - reference[i]) <= 1e-13 * scale[i], "seed \(seed), component \(i)")
            }
        }
    }
}
