import CircuitModel
import ExactArithmetic
import ExactStability
import FixedPointSolver
import LinearAlgebra
import PropertyBased
import Randomness
import Testing

/// `organics solve`'s branch (continuation from w_r = 1, proofs/newton.md §7.4, §7.9) and
/// `check2d`'s `on_branch` (exact, proofs/two-dimensional.md eq. (4.14)) are one definition.
@Suite("n = 1: the continued branch and check2d's on_branch agree (proofs/newton.md §7.9)")
struct BranchAgreementTests {
    /// The same circuit in floating point: b = 1, z = b z, b0 = c, σ = 1.
    private func floating(_ circuit: Circuit2D) throws -> Circuit {
        try Circuit(inputGain: [1], input: [circuit.input.doubleApproximation], normalizationGain: [circuit.c.doubleApproximation],
                    sigma: [1], tauY: [circuit.tauY.doubleApproximation], tauA: [circuit.tauA.doubleApproximation],
                    recurrentWeights: .dense(ColumnMajorMatrix(rowMajor: [[circuit.recurrentWeight.doubleApproximation]])),
                    normalizationWeights: .dense(ColumnMajorMatrix(rowMajor: [[circuit.normalizationWeight.doubleApproximation]])))
    }

    /// Checks proofs/newton.md §7.9.
    @Test("z = 0, w_r = 2, c = 3/10: a pitchfork at t = 3/7; solve names the branch point, check2d has no on-branch point")
    func pitchfork() throws {
        let circuit = try #require(TestCircuits.circuit(wr: TestCircuits.r(2), w: .one, input: .zero, c: TestCircuits.r(3, 10)))
        let exact = ExactAnalyzer2D.analyze(circuit, options: ExactAnalysisOptions(digits: 12))
        #expect(exact.fixedPoints.allSatisfy { $0.isOnNormalizationBranch == false })
        let branch = try CircuitFixedPointSolver().normalizationBranch(of: floating(circuit))
        guard case .passedBranchPoint(let point) = branch.continuation.status else {
            Issue.record("expected a branch point, got \(branch.continuation.status)")
            return
        }
        // g = 1 − w_r(t) + w_r(t) c = 0 with w_r(t) = 1 + t: t = c/(1 − c) = 3/7 exactly.
        #expect(abs(point.parameter - 3.0 / 7.0) <= 1e-10, "branch point at \(point.parameter)")
        #expect(point.tangentParameterBefore > 0 && point.tangentParameterAfter > 0, "no turning: t keeps increasing")
        #expect(!branch.isConverged)
        // The curve continued through it is y = 0, a = c² (a fixed point of the circuit, off the branch).
        #expect(abs(branch.state.y[0]) <= 1e-14 && abs(branch.state.a[0] - 0.09) <= 1e-14)
    }

    /// Checks proofs/newton.md §7.9.
    @Test("random rationals (w_r ∈ [0, 3], w ∈ [0, 2], b z ∈ [−2, 2] with 0 one time in three): continued ⇔ one on-branch point, equal to 1e-9")
    func agreement() async throws {
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let wr = rng.nextGridRational(0, 3, denominator: 8), w = rng.nextGridRational(0, 2, denominator: 8)
            let input = rng.nextBernoulli(1.0 / 3) ? Rational.zero : rng.nextGridRational(-2, 2, denominator: 8)
            let c = rng.nextGridRational(0, 1, denominator: 16) + TestCircuits.r(1, 32)
            guard let circuit = TestCircuits.circuit(wr: wr, w: w, input: input, c: c) else { return }
            let exact = ExactAnalyzer2D.analyze(circuit, options: ExactAnalysisOptions(digits: 14))
            guard !exact.isNonIsolated else { return }
            let onBranch = exact.fixedPoints.filter { $0.isOnNormalizationBranch == true }
            #expect(onBranch.count <= 1, "seed \(seed)")
            let branch = try CircuitFixedPointSolver().normalizationBranch(of: floating(circuit))
            // g(c) = 0 exactly with z = 0 puts the pitchfork at t = 1 itself: DF singular at the
            // target, a measure-zero case the grid can hit; neither side claims a regular point.
            let gAtC = 1 - wr + wr * c
            if input.isZero && gAtC.isZero { return }
            #expect(branch.isConverged == (onBranch.count == 1),
                    "seed \(seed): w_r \(wr), w \(w), b z \(input), c \(c): solve \(branch.continuation.status), check2d \(onBranch.count) on-branch")
            if branch.isConverged, let point = onBranch.first {
                let y = point.yEnclosure.midpoint.doubleApproximation, a = point.aEnclosure.midpoint.doubleApproximation
                let distance = max(abs(branch.state.y[0] - y), abs(branch.state.a[0] - a)) / max(1, abs(y), abs(a))
                #expect(distance <= 1e-9, "seed \(seed): solve (\(branch.state.y[0]), \(branch.state.a[0])) vs exact (\(y), \(a))")
            }
            if input.isZero && gAtC.signum < 0 {
                // g(1) = 1 − w_r + w_r c < 0 < g(0) = c: the pitchfork g = 0 lies on the path; solve
                // must name it, not claim a fold.
                guard case .passedBranchPoint = branch.continuation.status else {
                    Issue.record("seed \(seed): z = 0, g(c) < 0: expected a branch point, got \(branch.continuation.status)")
                    return
                }
            }
        }
    }
}
