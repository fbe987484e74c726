import CircuitModel
import ExactArithmetic
import FixedPointSolver
import ExactStability
import PropertyBased
import Randomness
import Testing

@Suite("The 2D stability theorem (proofs/two-dimensional.md Theorem 4.13, Proposition 4.14)")
struct TheoremTests {
    @Test("w_r ≥ 0, w ≥ 0: every fixed point with g > 0 is stable, at most one has g > 0, exactly one when 0 < w_r ≤ 1")
    func everyPositiveGFixedPointIsStable() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let variant: Circuit2D.Variant = rng.nextBernoulli(0.25) ? .rectified : .paper
            let wr = rng.nextGridRational(0, 4, denominator: 4), w = rng.nextGridRational(0, 3, denominator: 3)
            let input = rng.nextGridRational(-2, 2, denominator: 8)
            let c = rng.nextGridRational(0, 1, denominator: 10) + TestCircuits.r(1, 50)
            let tauY = rng.nextGridRational(0, 2, denominator: 10) + TestCircuits.r(1, 100)
            let tauA = rng.nextGridRational(0, 2, denominator: 10) + TestCircuits.r(1, 100)
            guard let circuit = TestCircuits.circuit(variant, wr: wr, w: w, input: input, c: c, tauY: tauY, tauA: tauA) else {
                Issue.record("refused"); return
            }
            let analysis = ExactAnalyzer2D.analyze(circuit)
            guard !analysis.isNonIsolated else { return }
            let positive = analysis.fixedPoints.filter { $0.gSign > 0 && $0.isDifferentiable }
            for point in positive { #expect(point.classification.isStable) }
            if variant == .paper || input.signum > 0 {
                #expect(positive.count <= 1)
                // Proposition 4.14: exists for 0 < w_r ≤ 1; at w_r = 0 (y = b z) iff w (b z)² < 1.
                if wr.signum > 0, wr <= 1 { #expect(positive.count == 1) }
                if wr.isZero { #expect(positive.count == (w * input * input < 1 ? 1 : 0)) }
                #expect(analysis.fixedPoints.filter { $0.isOnNormalizationBranch == true }.count == positive.count)
            }
            #expect(analysis.theorem == .proved(branchExists: analysis.fixedPoints.contains { $0.isOnNormalizationBranch == true },
                                                confirmedByExactSigns: true))
        }
    }

    /// Proposition 4.14 beyond 0 ≤ w_r ≤ 1, and "on the branch" checked by an independent
    /// route: the branch is *defined* by continuation from the closed form at w_r = 1, so the
    /// floating-point continuation of `CircuitFixedPointSolver.normalizationBranch` (Newton
    /// corrector along W_r(t) = 1 + t(w_r − 1), no use of g) must land on the exact g > 0 point
    /// whenever that point exists; `on_branch` (= g > 0 in the code) is compared with it.
    @Test("Prop. 4.14: existence of the g > 0 point for w_r ∈ [0, 4] as stated, and floating-point continuation from w_r = 1 lands on it (on_branch)")
    func branchExistenceAndContinuation() async {
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let wr = rng.nextGridRational(0, 4, denominator: 8), w = rng.nextGridRational(0, 3, denominator: 3)
            var input = rng.nextGridRational(-2, 2, denominator: 8)
            if input.isZero { input = TestCircuits.r(1, 16) }
            let c = rng.nextGridRational(0, 1, denominator: 10) + TestCircuits.r(1, 50)
            guard let circuit = TestCircuits.circuit(.paper, wr: wr, w: w, input: input, c: c) else { Issue.record("refused"); return }
            let analysis = ExactAnalyzer2D.analyze(circuit)
            let positive = analysis.fixedPoints.filter { $0.gSign > 0 }
            // Existence, exactly as stated (b z ≠ 0 here).
            let drive = w * input * input
            let exists: Bool
            if wr.isZero { exists = drive < 1 }
            else if wr <= 1 { exists = true }
            else { exists = drive.signum > 0 || c * wr > wr - 1 }  // c > s₀ = 1 − 1/w_r
            #expect(positive.count == (exists ? 1 : 0), "w_r = \(wr), w = \(w), b z = \(input), c = \(c)")
            #expect(analysis.fixedPoints.filter { $0.isOnNormalizationBranch == true }.count == positive.count)
            // Independent route: floating-point continuation from W_r = 1 (the definition of the branch).
            let model = try Circuit(inputGain: [1], input: [input.doubleApproximation], normalizationGain: [c.doubleApproximation],
                                    sigma: [1], tauY: [0.002], tauA: [0.002],
                                    recurrentWeights: .dense(ColumnMajorMatrix.diagonal([wr.doubleApproximation])),
                                    normalizationWeights: .dense(ColumnMajorMatrix.diagonal([w.doubleApproximation])))
            let branch = try CircuitFixedPointSolver().normalizationBranch(of: model)
            if let point = positive.first {
                #expect(branch.isConverged, "the g > 0 point exists but continuation from w_r = 1 did not reach it (seed \(seed))")
                if branch.isConverged {
                    let y = point.yEnclosure.midpoint.doubleApproximation, a = point.aEnclosure.midpoint.doubleApproximation
                    // Enclosures are 10⁻¹² wide; Newton's zero is accurate to ~1e-12 relative to |y| + a.
                    #expect(abs(branch.state.y[0] - y) <= 1e-9 * (1 + abs(y)), "y: \(branch.state.y[0]) vs \(y)")
                    #expect(abs(branch.state.a[0] - a) <= 1e-9 * (1 + a), "a: \(branch.state.a[0]) vs \(a)")
                }
            } else if branch.isConverged {
                // No g > 0 point: whatever continuation reached is not one (g = 1 − w_r + w_r √a ≤ 0).
                let s = branch.state.a[0].squareRoot(), r = wr.doubleApproximation
                #expect(1 - r + r * s <= 1e-9, "continuation reached a g > 0 point the exact analysis does not have")
            }
        }
    }

    @Test("w_r > 1 with a small input: a saddle with g < 0 exists beside the stable branch point (Remark 4.15)")
    func strongRecurrenceHasSaddle() throws {
        for wr in [2, 3, 5, 10] {
            for input in [TestCircuits.r(1, 1000), TestCircuits.r(-1, 200)] {
                guard let circuit = TestCircuits.circuit(wr: Rational(wr), w: 1, input: input, c: TestCircuits.r(1, 10)) else {
                    Issue.record("refused"); continue
                }
                let points = ExactAnalyzer2D.analyze(circuit).fixedPoints
                #expect(points.contains { $0.classification == .saddle && $0.gSign < 0 }, "w_r = \(wr), b z = \(input)")
                #expect(points.filter { $0.gSign > 0 }.map(\.classification.isStable) == [true])
            }
        }
    }

    @Test("Outside the hypotheses (w < 0 or w_r < 0) the verdict says so and names the parameter")
    func outsideHypotheses() {
        guard let negativeW = TestCircuits.circuit(wr: TestCircuits.r(1, 2), w: -1, input: 1, c: 1),
              let negativeWr = TestCircuits.circuit(wr: -1, w: 1, input: 1, c: 1) else { Issue.record("refused"); return }
        #expect(ExactAnalyzer2D.analyze(negativeW).theorem == .outsideHypotheses(reason: "w = -1 < 0"))
        #expect(ExactAnalyzer2D.analyze(negativeWr).theorem == .outsideHypotheses(reason: "w_r = -1 < 0"))
        #expect(ExactAnalyzer2D.analyze(negativeWr).fixedPoints.allSatisfy { $0.isOnNormalizationBranch == nil })
    }
}
