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
            // Two zeros are the same when they agree to what the stopping rule (7.4′) guarantees:
            // its normwise floor η‖DF_i‖‖x‖ lets a state with ‖x‖ ≈ 1e7 (a from the widened
            // generator's unequal scales) sit ≈ 1e-8 from the zero in the components of relative
            // size 1 (seed 2762485965471073241: 4e-8, 5e-8), so 1e-6 relative is "the same zero";
            // a genuinely different zero differs in O(1).
            func distance(_ p: [Double], _ q: [Double]) -> Double {
                zip(p, q).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            }
            for zero in zeros {
                #expect(distance(zero.point, exact) <= 1e-6, "seed \(seed): a second zero \(zero.point) vs the closed form \(exact)")
            }
            // Deflation may return the same zero again, a rounding-level copy (known weakness);
            // uniqueness is about distinct zeros.
            var distinct: [[Double]] = []
            for zero in zeros where !distinct.contains(where: { distance(zero.point, $0) <= 1e-6 }) { distinct.append(zero.point) }
            #expect(distinct.count == 1, "seed \(seed): deflation returned \(distinct.count) distinct zeros")
        }
        print("uniqueness (W_r = I): \(counts.circuits) circuits, \(counts.zeros) zeros found in total")
    }

    final class Counts: @unchecked Sendable {
        var circuits = 0, zeros = 0
        func add(zeros found: Int) { circuits += 1; zeros += found }
    }
}
