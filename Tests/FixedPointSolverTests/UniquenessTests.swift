import CircuitModel
import FixedPointSolver
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// Uniqueness of the fixed point for W_r = I (proofs/model.md Prop. 1.2, cited in
/// proofs/newton.md §7.3): a numerical search for a second zero must come back empty.
@Suite("Uniqueness for W_r = I (proofs/model.md Prop. 1.2)")
struct UniquenessTests {
    /// Globalized Newton from starts far from the closed form (a over six decades, y of any sign
    /// and size) and deflation for further zeros: every converged zero is the closed form, and
    /// deflation finds no second one. A second zero would contradict Prop. 1.2's uniqueness.
    @Test("W_r = I, uniqueness: Newton from 12 far starts and deflation find only the closed-form zero")
    func onlyTheClosedFormIsFound() async {
        let counts = Counts()
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let kind = RandomCircuits.NormalizationKind.allCases[rng.nextIndex(below: RandomCircuits.NormalizationKind.allCases.count)]
            let circuit = RandomCircuits.identityRecurrence(neuronCount: n, normalization: kind, using: &rng)
            let exact = try NormalizationFixedPoint.state(for: circuit).flattened
            let starts = (0..<12).map { _ in
                CircuitState(y: (0..<n).map { _ in rng.nextUniform(-5, 5) }, a: (0..<n).map { _ in rng.nextLogUniform(1e-4, 1e2) })
            }
            let solver = CircuitFixedPointSolver()
            let zeros = solver.fixedPoints(of: circuit, count: 3, starts: starts).filter(\.isConverged)
            counts.add(zeros: zeros.count)
            #expect(!zeros.isEmpty, "seed \(seed): no zero found at all")
            for zero in zeros {
                let distance = zip(zero.point, exact).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
                // Two zeros are the same when they agree to the solver's tolerance (≈ 1e-12 relative);
                // a genuinely different zero would differ in O(1).
                #expect(distance <= 1e-8, "seed \(seed): a second zero \(zero.point) vs the closed form \(exact)")
            }
            #expect(zeros.count == 1, "seed \(seed): deflation returned \(zeros.count) zeros")
        }
        print("uniqueness (W_r = I): \(counts.circuits) circuits, \(counts.zeros) zeros found in total")
    }

    final class Counts: @unchecked Sendable {
        var circuits = 0, zeros = 0
        func add(zeros found: Int) { circuits += 1; zeros += found }
    }
}
