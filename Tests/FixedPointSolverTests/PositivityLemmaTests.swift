import CircuitModel
import FixedPointSolver
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// Lemma 1.1 (proofs/model.md): with W ≥ 0 and c² > 0, every fixed point has a_i > 0 — for
/// every variant and every W_r, not only at the W_r = I closed form.
@Suite("Lemma 1.1: a > 0 at every fixed point (proofs/model.md)")
struct PositivityLemmaTests {
    /// The proof's inequality itself: if a_i ≤ 0 then F_a,i = −a_i + c_i² + Σ_j W_ij q_j ≥ c_i² > 0.
    @Test("Lemma 1.1's inequality: a_i ≤ 0 ⇒ F_a,i ≥ c_i² (a > 0 fails nowhere), all variants, W ≥ 0 with silent rows, any W_r")
    func negativeModulatorIsNeverAZero() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 12)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: CircuitVariant.allCases.count)]
            let kind = RandomCircuits.NormalizationKind.allCases[rng.nextIndex(below: RandomCircuits.NormalizationKind.allCases.count)]
            let base = RandomCircuits.identityRecurrence(neuronCount: n, variant: variant, normalization: kind, using: &rng)
            let k = RandomCircuits.gaussianMatrix(order: n, using: &rng)
            var recurrent = ColumnMajorMatrix.identity(n)
            let delta = rng.nextLogUniform(1e-2, 10)
            for index in recurrent.elements.indices { recurrent.elements[index] += delta * k.elements[index] }
            let circuit = (try? base.replacingRecurrentWeights(.dense(recurrent))) ?? base
            var state = RandomCircuits.state(neuronCount: n, using: &rng)
            let negative = rng.nextIndex(below: n)
            state[n + negative] = -rng.nextLogUniform(1e-12, 10)
            if rng.nextBernoulli(0.3) { state[n + negative] = 0 }
            let f = circuit.residual(at: state)
            let c2 = circuit.poolConstant[negative]
            // F_a,i = −a_i + c_i² + (sum of non-negative terms): computed ≥ c_i² up to the rounding of
            // the sum, ≤ (n + 2) ε times its terms; it is positive in any case.
            #expect(f[n + negative] > 0, "F_a = \(f[n + negative]) at a_i = \(state[n + negative])")
            #expect(f[n + negative] >= c2 * (1 - Double(n + 2) * Double.ulpOfOne), "F_a = \(f[n + negative]) < c² = \(c2)")
        }
    }

    /// Every zero the solver finds — the branch and the deflated others, from the closed form,
    /// the first-order state and the solver's own starts — for generic W_r (δ up to 3, where
    /// several fixed points coexist) has a_i > 0.
    @Test("Lemma 1.1 at every fixed point found (branch + deflation, W_r = I + δK, δ ≤ 3): a_i > 0")
    func everyFoundFixedPointHasPositiveModulators() async {
        let found = FoundCount()
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 6)
            let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: rng.nextUniform(0, 3), using: &rng)
            let solver = CircuitFixedPointSolver()
            let branch = try? solver.normalizationBranch(of: circuit)
            let known = branch.map { $0.isConverged ? [$0.state] : [] } ?? []
            for solution in solver.fixedPoints(of: circuit, count: 4, known: known) where solution.isConverged {
                let a = Array(solution.point[n...])
                found.add()
                #expect(a.allSatisfy { $0 > 0 }, "a = \(a)")
            }
        }
        print("Lemma 1.1: \(found.count) fixed points found, all with a > 0")
        #expect(found.count >= 40)
    }

    final class FoundCount: @unchecked Sendable {
        var count = 0
        func add() { count += 1 }
    }
}
