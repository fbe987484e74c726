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
            // |F_i| ≤ ε_rel·scale_i + η‖DF_i‖₁‖x‖∞ (ε_rel = 1e-12, η = 2⁻⁴⁶) puts a converged state
            // within ‖DF⁻¹‖∞ · max_i(that bound) of the zero, to first order (×2 for the rest).
            // With the widened generator's unequal scales this reaches 1e-6 relative and beyond
            // (seed 2762485965471073241: 4e-8 at ‖x‖ ≈ 1e7); a genuinely different zero differs in O(1).
            // Where DF is nearly singular the bound is loose (over 1500 draws: median 5e-10 of ‖x‖,
            // above 1e-3 of ‖x‖ in 28), and there the check can only see far-away zeros.
            let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(flattened: exact))
            let floor = problem.convergenceScale(at: exact, relativeTolerance: 1e-12).max() ?? 0
            let transposedLU = try LUFactorization(CircuitJacobian.standard.evaluate(circuit, exact).transposed())
            var inverseNorm = 0.0   // ‖DF⁻¹‖∞ = ‖DF⁻ᵀ‖₁, column by column
            for j in 0..<exact.count {
                var e = [Double](repeating: 0, count: exact.count)
                e[j] = 1
                inverseNorm = max(inverseNorm, try transposedLU.solve(e).reduce(0) { $0 + abs($1) })
            }
            let size = exact.map(abs).max() ?? 0
            let accuracy = max(1e-12 * size, 2 * inverseNorm * floor)
            func distance(_ p: [Double], _ q: [Double]) -> Double {
                zip(p, q).map { abs($0 - $1) }.max() ?? 0
            }
            for zero in zeros {
                #expect(distance(zero.point, exact) <= accuracy,
                        "seed \(seed): a second zero \(zero.point) vs the closed form \(exact) (distance \(distance(zero.point, exact)), accuracy \(accuracy))")
            }
            // Deflation may return the same zero again, a rounding-level copy (known weakness);
            // uniqueness is about distinct zeros.
            var distinct: [[Double]] = []
            for zero in zeros where !distinct.contains(where: { distance(zero.point, $0) <= 2 * accuracy }) { distinct.append(zero.point) }
            #expect(distinct.count == 1, "seed \(seed): deflation returned \(distinct.count) distinct zeros")
        }
        print("uniqueness (W_r = I): \(counts.circuits) circuits, \(counts.zeros) zeros found in total")
    }

    final class Counts: @unchecked Sendable {
        var circuits = 0, zeros = 0
        func add(zeros found: Int) { circuits += 1; zeros += found }
    }
}
