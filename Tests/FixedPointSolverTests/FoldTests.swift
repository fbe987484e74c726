import CircuitModel
import Foundation
import FixedPointSolver
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// Every `folded` verdict is a located fold (proofs/newton.md §7.8), and a fold is never
/// stepped over (§7.4, tangent consistency).
@Suite("Folds are located, confirmed and never stepped over (proofs/newton.md §7.4, §7.7, §7.8)")
struct FoldTests {
    let solver = CircuitFixedPointSolver()

    /// The fold generator: n ≤ 6, W_r = I + δK with δ ∈ [1.5, 4] (the widened generator: silent
    /// neurons, localized or sparse inputs, unequal scales), the same draw for the same seed.
    static func foldGeneratorCircuit(seed: UInt64) -> Circuit {
        var rng = Xoshiro256StarStar(seed: seed)
        let n = 1 + rng.nextIndex(below: 6)
        return RandomCircuits.perturbedRecurrence(neuronCount: n, delta: rng.nextUniform(1.5, 4), using: &rng)
    }

    /// The checks of a `folded` verdict, independent of the solver's own numbers where possible:
    /// the hand-derived DF (`paperJacobian`) at the reported (x, t) is singular to 1e-8
    /// (LAPACK's rcond; at a generic fold σ_min ∝ |t − t*|^½, so 1e-8 means t to ≲ 1e-10 scale),
    /// x is a zero of F(·, t), τ_t changes sign, and the null vector lies along the tangent.
    static func confirm(_ fold: FoldLocation, of circuit: Circuit, _ label: String) throws {
        let n = circuit.neuronCount
        let direction = circuit.recurrentWeights.denseMatrix(order: n) - .identity(n)
        let atFold = try circuit.replacingRecurrentWeights(.dense(.identity(n) + fold.parameter * direction))
        let rcond = try LUFactorization(paperJacobian.evaluate(atFold, fold.point)).reciprocalConditionNumber()
        #expect(rcond <= 1e-8, "\(label): rcond(DF) = \(rcond) at the reported fold t = \(fold.parameter)")
        #expect(satisfiesStoppingRule(atFold, at: fold.point, relativeTolerance: 1e-10), "\(label): not a zero at the fold")
        #expect(fold.tangentParameterBefore * fold.tangentParameterAfter < 0, "\(label): τ_t does not change sign")
        #expect(fold.nullVectorOverlap >= 0.99, "\(label): null vector overlap \(fold.nullVectorOverlap)")
    }

    /// Checks proofs/newton.md §7.8.
    @Test("one neuron, w < 0, w_r: 1 → W for W = 2, 3, 11, 101: the fold at t* = 0.4587831006909116/(W − 1) to 1e-10 relative")
    func oneNeuronFoldScales() throws {
        for target in [2.0, 3, 11, 101] {
            let circuit = try oneNeuron(recurrent: target, normalization: -1, drive: 0.1, pool: 0.25)
            let branch = try solver.normalizationBranch(of: circuit)
            guard case .folded(let fold) = branch.continuation.status else {
                Issue.record("W = \(target): \(branch.continuation.status)")
                continue
            }
            // t* from ContinuationTests' bisection on the quartic (MATH.md §4), w_r* = 1.4587831006909116.
            let exact = 0.4587831006909116 / (target - 1)
            #expect(abs(fold.parameter - exact) <= 1e-10 * exact, "W = \(target): \(fold.parameter) vs \(exact)")
            try Self.confirm(fold, of: circuit, "W = \(target)")
        }
    }

    final class StallCount: @unchecked Sendable { var lostAtFold = 0, rays = 0 }

    /// A longer ray must fold at t*/λ. It may instead stop there as `lost` (natural steps stalled
    /// at t*/λ, and pseudo-arclength did not confirm the turn): not a step over the fold, but a
    /// weaker answer that depends on rounding — on 3000 draws of this generator 4 of ≈ 600
    /// longer rays of folded draws end so, 3 of them on one draw (760); with the change cap of
    /// (7.7b) off also 4, one of them a real step over (seed 1616 λ = 10, "reached"); a 10⁻¹⁴
    /// perturbation of the rays changes about as many statuses. Such rays are counted and must
    /// stay rare (≤ 3 per run, ≈ 8 rays are drawn); `reached` or a branch point on a longer ray,
    /// or a fold elsewhere, is a failure.
    @Test("random circuits (widened generator, δ ∈ [1.5, 4]): every folded verdict is confirmed, and W_r = I + λ(W_r − I) folds at t*/λ (λ = 3, 10, 30)")
    func foldsConfirmedAndNotSteppedOver() async throws {
        let count = StallCount()
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            let circuit = Self.foldGeneratorCircuit(seed: seed)
            let n = circuit.neuronCount
            let branch = try solver.normalizationBranch(of: circuit)
            if case .passedBranchPoint(let point) = branch.continuation.status {
                // A named branch point (§7.9): DF singular there (hand-derived DF), no turning.
                let direction = circuit.recurrentWeights.denseMatrix(order: n) - .identity(n)
                let atPoint = try circuit.replacingRecurrentWeights(.dense(.identity(n) + point.parameter * direction))
                let rcond = try LUFactorization(paperJacobian.evaluate(atPoint, point.point)).reciprocalConditionNumber()
                #expect(rcond <= 1e-8, "seed \(seed): rcond \(rcond) at the branch point t = \(point.parameter)")
                #expect(point.tangentParameterBefore > 0 && point.tangentParameterAfter > 0, "seed \(seed)")
                return
            }
            guard case .folded(let fold) = branch.continuation.status else { return }
            try Self.confirm(fold, of: circuit, "seed \(seed)")
            // The same ray of circuits, longer: the fold is at t*/λ and must be found there, not
            // stepped over (the first steps, 0.05 and up to 0.1 of the interval, pass t*/λ).
            let direction = circuit.recurrentWeights.denseMatrix(order: n) - .identity(n)
            for lambda in [3.0, 10, 30] {
                let longer = try circuit.replacingRecurrentWeights(.dense(.identity(n) + lambda * direction))
                let longBranch = try solver.normalizationBranch(of: longer)
                count.rays += 1
                if case .lost(let parameter, _) = longBranch.continuation.status,
                   abs(parameter * lambda - fold.parameter) <= 1e-6 * fold.parameter {
                    count.lostAtFold += 1
                    print("seed \(seed), λ = \(lambda): lost at the fold t*/λ (not located)")
                    continue
                }
                guard case .folded(let longFold) = longBranch.continuation.status else {
                    Issue.record("seed \(seed), λ = \(lambda): \(longBranch.continuation.status), expected the fold at t = \(fold.parameter / lambda)")
                    continue
                }
                #expect(abs(longFold.parameter * lambda - fold.parameter) <= 1e-8 * fold.parameter,
                        "seed \(seed), λ = \(lambda): fold at \(longFold.parameter * lambda) vs \(fold.parameter)")
            }
        }
        #expect(count.lostAtFold <= 3, "\(count.lostAtFold) of \(count.rays) longer rays lost at the fold instead of locating it")
    }

    /// Known issue (property seed 10269083392603989901, found at stop 23): the base ray folds at
    /// t ≈ 0.0095 along an arc where τ_θ stays ≈ 1e-9 over an arclength of 0.02 (nearly a cusp);
    /// the regula falsi's corrector fails at both of its trial points, so the reported fold is the
    /// bracket's first point: t within 1.6e-12 of the fold found without the change cap (7.7b), but
    /// 1/κ₁(DF) = 2.5e-8 there, above `confirm`'s 1e-8. Rare: 0 of ≈ 11 100 folds on 12 000 fold
    /// generator draws (4 rays each, with and without the cap) exceed 1e-8. Recorded, not hidden.
    @Test("known issue (seed 10269083392603989901): a nearly cuspidal fold is reported at 1/κ₁ = 2.5e-8, above confirm's 1e-8")
    func nearlyCuspidalFold() throws {
        let circuit = Self.foldGeneratorCircuit(seed: 10269083392603989901)
        guard case .folded(let fold) = try solver.normalizationBranch(of: circuit).continuation.status else {
            Issue.record("the branch no longer folds"); return
        }
        #expect(abs(fold.parameter - 0.0095041564902) <= 1e-11, "fold at \(fold.parameter)")
        withKnownIssue("fold located at the regula falsi's first point: 1/κ₁ ≈ 2.5e-8") {
            try Self.confirm(fold, of: circuit, "seed 10269083392603989901")
        }
    }

    /// Checks proofs/newton.md (7.7b): fold generator seed 1616 folds at t* ≈ 8.9e-3 on its own
    /// ray; on the ray λ = 10 a long step from t·λ ≈ 5.4e-3 landed past an S-shaped pair of folds
    /// (same sign of det DF, both tangents agreeing) and the branch "reached" t = 1. With the
    /// change cap the fold is located at t*/10; without it, it is stepped over.
    @Test("regression (fold generator seed 1616, λ = 10): the change cap (7.7b) keeps a step from landing past an S-shaped pair of folds")
    func changeCapLocatesTheFold() throws {
        let circuit = Self.foldGeneratorCircuit(seed: 1616)
        let n = circuit.neuronCount
        guard case .folded(let fold) = try solver.normalizationBranch(of: circuit).continuation.status else {
            Issue.record("the base ray does not fold"); return
        }
        let direction = circuit.recurrentWeights.denseMatrix(order: n) - .identity(n)
        let longer = try circuit.replacingRecurrentWeights(.dense(.identity(n) + 10 * direction))
        let capped = try solver.normalizationBranch(of: longer).continuation.status
        guard case .folded(let longFold) = capped else { Issue.record("with the cap: \(capped)"); return }
        try Self.confirm(longFold, of: longer, "λ = 10")
        #expect(abs(longFold.parameter * 10 - fold.parameter) <= 1e-8 * fold.parameter)
        let uncapped = CircuitFixedPointSolver(continuation: ContinuationOptions(maximumRelativeChange: nil))
        #expect(try uncapped.normalizationBranch(of: longer).continuation.status == .reachedTarget,
                "without the cap the step lands past the folds (what the regression was)")
    }

    /// Checks proofs/newton.md (7.7a).
    /// The change cap (7.7b) also stops these steps (with the cap alone no ray of this sample is
    /// stepped over), so both are switched off here to show what (7.7a) catches on its own.
    @Test("without the tangent-consistency check (and the change cap) a fold is stepped over on the longer rays (the check is what prevents it)")
    func consistencyCheckMatters() throws {
        let unchecked = CircuitFixedPointSolver(continuation: ContinuationOptions(checksTangentConsistency: false,
                                                                                  maximumRelativeChange: nil))
        var folds = 0, steppedOver = 0
        var statuses: [String: Int] = [:]
        for seed in UInt64(0)..<300 where folds < 25 {
            let circuit = Self.foldGeneratorCircuit(seed: seed)
            let n = circuit.neuronCount
            let status = try solver.normalizationBranch(of: circuit).continuation.status
            statuses[status.label, default: 0] += 1
            guard case .folded(let fold) = status else { continue }
            folds += 1
            let direction = circuit.recurrentWeights.denseMatrix(order: n) - .identity(n)
            for lambda in [3.0, 10, 30] {
                let longer = try circuit.replacingRecurrentWeights(.dense(.identity(n) + lambda * direction))
                if case .folded(let f) = try unchecked.normalizationBranch(of: longer).continuation.status,
                   abs(f.parameter * lambda - fold.parameter) <= 1e-8 * fold.parameter { continue }
                steppedOver += 1
            }
        }
        print("tangent consistency: \(statuses); \(folds) folds, \(steppedOver) of \(3 * folds) longer rays stepped over without the check")
        #expect(folds >= 10)
        #expect(steppedOver >= 1)
    }
}

@Suite("--follow-fold: past a located fold (proofs/newton.md §7.8)")
struct FollowFoldTests {
    /// Checks proofs/newton.md §7.8.
    @Test("a circuit whose branch folds at t ≈ 0.645 and turns again at t ≈ 0.572: following it reaches another fixed point at t = 1")
    func twoFolds() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Regressions/follow-fold/two-folds.json").path
        let circuit = try CaseFile.load(path: path)
        let solver = CircuitFixedPointSolver()
        let branch = try solver.normalizationBranch(of: circuit)
        guard case .folded(let fold) = branch.continuation.status else {
            Issue.record("expected a fold, got \(branch.continuation.status)")
            return
        }
        try FoldTests.confirm(fold, of: circuit, "first fold")
        let past = solver.followFold(of: circuit, from: fold)
        guard case .reachedTarget(let point, let folds, _) = past else {
            Issue.record("past the fold: \(past.label)")
            return
        }
        // The second turning point is itself a confirmed fold, before t = 1 is reached again.
        #expect(folds.count == 1)
        for second in folds { try FoldTests.confirm(second, of: circuit, "second fold"); #expect(second.parameter < fold.parameter) }
        // A fixed point of the circuit itself (checked with the hand-derived DF's rule), and not
        // reachable by the slow reference, which cannot pass the fold.
        #expect(satisfiesStoppingRule(circuit, at: point, relativeTolerance: 1e-12))
        #expect(SlowReference.branch(of: circuit, steps: 400) == nil)
        // Newton from it stays there (a regular zero), and it is a different point from the fold.
        let polished = solver.polish(circuit, from: CircuitState(flattened: point))
        #expect(polished.isConverged && relativeDistance(polished.point, point) <= 1e-12)
        #expect(relativeDistance(point, fold.point) > 1e-3)
    }
}
