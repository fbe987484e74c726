import CircuitModel
@testable import FixedPointSolver
import Foundation
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// The eigenbasis solves of proofs/newton.md §7.11 (W_r = I + pK with K symmetric, a uniform:
/// K's reduced system through Y = Q diag(λ) Qᵀ and its Schur complement, no LU) against the LU of
/// the same reduced system (§7.10) and the dense 2n × 2n LU.
@Suite("Eigenbasis solves (symmetric W_r, uniform a) = LU solves (proofs/newton.md §7.11)")
struct EigenbasisRouteTests {
    /// A structured DF with a symmetric y-block Y = Q diag(λ) Qᵀ (Q from dsyevd of a random
    /// symmetric matrix, λ over six decades with random signs, one time in four one λ_k within
    /// 1e-8 of 0 so that Y is nearly singular while the bordered K need not be — for n ≥ 2: at
    /// n = 1 that makes all of Y tiny, and then the elimination of δa that both structured routes
    /// share (§7.10: p − d g⁻¹ q, cancelling to Y δy) loses ε‖d g⁻¹ q‖/‖Y δy‖ whichever way K is
    /// solved, a limit of §7.10 and not of this route; the bound below carries that term), e = 0
    /// and g = −1 (as in every circuit of the paper variant), ũ with exact zeros, v over decades.
    static func randomSymmetricJacobian(order n: Int, using rng: inout Xoshiro256StarStar)
        throws -> (StructuredResidualJacobian, SymmetricActivityBlock) {
        var a = ColumnMajorMatrix(rows: n, columns: n)
        for j in 0..<n { for i in j..<n { let v = rng.nextGaussian(); a[i, j] = v; a[j, i] = v } }
        let q = try #require(try SymmetricEigendecomposition(a, vectors: true).eigenvectors)
        var lambda = (0..<n).map { _ in RandomCircuits.signedLogUniform(1e-3, 1e3, using: &rng) }
        if n >= 2, rng.nextBernoulli(0.25) { lambda[rng.nextIndex(below: n)] = RandomCircuits.signedLogUniform(1e-12, 1e-8, using: &rng) }
        // Y = Q diag(λ) Qᵀ as the Jacobian would hold it (rounded once more).
        var scaled = q
        for k in 0..<n { for i in 0..<n { scaled[i, k] *= lambda[k] } }
        let y = scaled * q.transposed()
        func signed(_ lower: Double, _ upper: Double) -> Double { RandomCircuits.signedLogUniform(lower, upper, using: &rng) }
        let d = (0..<n).map { _ in signed(1e-3, 1e1) }
        let u = (0..<n).map { _ in rng.nextBernoulli(0.3) ? 0 : signed(1e-2, 1e1) }
        let vy = (0..<n).map { _ in signed(1e-3, 1e1) }
        let va = (0..<n).map { _ in signed(1e-3, 1) }
        let jacobian = StructuredResidualJacobian(activityBlock: y, activityModulator: d,
                                                  modulatorActivity: [Double](repeating: 0, count: n),
                                                  modulatorModulator: [Double](repeating: -1, count: n),
                                                  column: u, rowActivity: vy, rowModulator: va)
        return (jacobian, SymmetricActivityBlock(basis: q, eigenvalues: lambda))
    }

    /// One draw of the linear-algebra law of §7.11 (7.16)–(7.18): solves, sign det, Hager–Higham and
    /// the deferred bound against the dense LU; `taken` and `deferrals` count where the route and
    /// the deferral applied.
    static func checkLinearAlgebra(seed: UInt64, taken: SharedTally<Bool>, deferrals: SharedTally<Bool>) throws {
        var rng = Xoshiro256StarStar(seed: seed)
        let n = 1 + rng.nextIndex(below: 14), m = 2 * n
        let (jacobian, block) = try Self.randomSymmetricJacobian(order: n, using: &rng)
        let dense = jacobian.denseMatrix()
        let lu = try LUFactorization(dense)
        let exactInverseNorm = try StructuredRouteTests.inverseOneNorm(lu)
        let kappa = dense.oneNorm * exactInverseNorm
        guard kappa.isFinite, kappa < 1e12 else { return }  // numerically singular draws say nothing here
        let factorization = try JacobianFactorization(structured: jacobian, symmetricBlock: block)
        guard !factorization.isFallback else { return }
        guard factorization.usesEigenbasis, case .structured(let structured) = factorization.storage else { return }
        taken.record(true)
        // The route's own amplification (Y⁻¹'s growth and the Schur complement's cancellation)
        // predicts its error as κ₁(K) predicts the LU's: O(m ε (κ₁(DF) + amplification)) ‖x‖, plus
        // the elimination of δa that both structured routes share (§7.10/§7.11: p − d g⁻¹ q, then
        // divided by Y) — ε max|d g⁻¹| / min|λ| relative to ‖x‖, seen at n = 1 with Y = λ small
        // against d (seed 7541280732132161778: λ ≈ 1e-3, |d| ≈ 10, gap 1.7e-12).
        let elimination = jacobian.activityModulator.map(abs).max()! / block.eigenvalues.map(abs).min()!
        let amplification = 1 / (try structured.reduced.reciprocalAmplification()) + elimination
        try StructuredRouteTests.expectAgreesWithDenseLU(factorization, lu, kappa: kappa, amplification: amplification,
                                                         seed: seed, using: &rng)
        // Hager–Higham through the eigenbasis solves: a lower bound of ‖DF⁻¹‖₁ within 10×, up to
        // the solves' own error (the estimate is a sum of solved entries; so is the "exact" norm
        // from the dense LU): 100 m ε (κ₁ + amplification) relative (seed 13536238856342293445 at ‖DF⁻¹‖₁ ≈ 1.2e11: 2.7e-7 above).
        let estimated = 1 / (factorization.reciprocalCondition * jacobian.oneNorm())
        let solveError = 100 * Double(m) * .ulpOfOne * (kappa + amplification)
        #expect(estimated <= exactInverseNorm * (1 + 1e-8 + solveError), "seed \(seed): estimate above ‖DF⁻¹‖₁")
        #expect(estimated >= exactInverseNorm / 10, "seed \(seed): estimate \(estimated) vs \(exactInverseNorm)")
        // The deferred factorization's lower bound (eq. 7.18) is below the exact 1/κ₁(DF), and the
        // estimate it defers is the one made at once, to the bit.
        let deferred = try JacobianFactorization(structured: jacobian, symmetricBlock: block, defersConditionEstimate: true)
        if !deferred.conditionIsEstimated {
            deferrals.record(true)
            let exact = 1 / (dense.oneNorm * exactInverseNorm)
            #expect(deferred.reciprocalCondition <= exact * (1 + 1e-8), "seed \(seed): bound \(deferred.reciprocalCondition) above 1/κ₁ \(exact)")
            #expect(deferred.withConditionEstimate().reciprocalCondition == factorization.reciprocalCondition, "seed \(seed)")
        }
    }

    /// Checks proofs/newton.md §7.11 (7.16)–(7.18) on the linear algebra alone.
    @Test("eigenbasis solve, transposed solve, sign det and 1/κ₁ = dense LU's, random symmetric y-blocks; the deferred bound below 1/κ₁ (eq. 7.16–7.18)")
    func linearAlgebraAgrees() async throws {
        let taken = SharedTally<Bool>(), deferrals = SharedTally<Bool>()
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            try Self.checkLinearAlgebra(seed: seed, taken: taken, deferrals: deferrals)
        }
        // Most draws are well inside the route's rule; if none were taken the law was not tested.
        #expect(taken.values.count >= 100, "eigenbasis taken on \(taken.values.count) of 200 draws")
        #expect(deferrals.values.count >= 15, "the estimate deferred on \(deferrals.values.count) draws")
    }

    @Test("seed 13536238856342293445: Hager–Higham at ‖DF⁻¹‖₁ ≈ 1.2e11 is above the dense LU's norm only by the solves' own error (eq. 7.16–7.18)")
    func illConditionedEstimate() throws {
        try Self.checkLinearAlgebra(seed: 13536238856342293445, taken: SharedTally<Bool>(), deferrals: SharedTally<Bool>())
    }

    /// A block the eigendecomposition does not describe (one entry of Y changed by 1 % of max|Y_ij|)
    /// is refused by the first solve's residual check, and K is LU-factored instead.
    @Test("a y-block that is not Q diag(λ) Qᵀ is refused: the LU of K solves instead (newton.md §7.11)")
    func wrongBlockIsRefused() async throws {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 10)
            let (jacobian, block) = try Self.randomSymmetricJacobian(order: n, using: &rng)
            var y = jacobian.activityBlock
            let size = y.elements.map(abs).max()!
            y[rng.nextIndex(below: n), rng.nextIndex(below: n)] += 1e-2 * size
            let changed = StructuredResidualJacobian(activityBlock: y, activityModulator: jacobian.activityModulator,
                                                     modulatorActivity: jacobian.modulatorActivity,
                                                     modulatorModulator: jacobian.modulatorModulator, column: jacobian.column,
                                                     rowActivity: jacobian.rowActivity, rowModulator: jacobian.rowModulator)
            let factorization = try JacobianFactorization(structured: changed, symmetricBlock: block)
            #expect(!factorization.usesEigenbasis, "seed \(seed): a wrong block was used")
        }
    }

    /// A symmetric circuit of the literature's ensembles with n ≤ 12: W = ones, one b0 and one σ
    /// for every neuron (so a is uniform along the branch), W_r = I + δK with K symmetric (the
    /// coupling kinds of `RandomCircuits`, symmetrized: sparse, unequal row scales), z of every
    /// kind (localized, sparse, unequal scales), unequal τ, silent neurons (z_i = 0 and row and
    /// column i of K zero), δ log-uniform in [0.01, 3] (some branches fold).
    static func symmetricCircuit(using rng: inout Xoshiro256StarStar) -> Circuit {
        let n = 1 + rng.nextIndex(below: 12)
        let delta = rng.nextLogUniform(0.01, 3)
        let base = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: delta, normalization: .ones, using: &rng)
        var recurrent = base.recurrentWeights.denseMatrix(order: n)
        recurrent = 0.5 * (recurrent + recurrent.transposed())
        var z = base.input
        if rng.nextBernoulli(0.3) {
            let silent = rng.nextIndex(below: n)
            z[silent] = 0
            for j in 0..<n where j != silent { recurrent[silent, j] = 0; recurrent[j, silent] = 0 }
            recurrent[silent, silent] = 1
        }
        let b0 = [Double](repeating: base.normalizationGain[0], count: n)
        let sigma = [Double](repeating: base.sigma[0], count: n)
        return RandomCircuits.makeCircuit(variant: .paper, b: base.inputGain, z: z, b0: b0, sigma: sigma,
                                          tauY: base.tauY, tauA: base.tauA, recurrent: .dense(recurrent), normalization: .ones)
    }

    static let luRoute = CircuitFixedPointSolver(
        jacobian: CircuitJacobian.standard.routed(.structured).eigenbasisSolves(fromOrder: .max))
    static let eigenbasisRoute = CircuitFixedPointSolver(
        jacobian: CircuitJacobian.standard.routed(.structured).eigenbasisSolves(fromOrder: 1))

    /// Checks proofs/newton.md §7.11 end to end (§7.4 continuation, §7.8 folds).
    @Test("normalization branch with eigenbasis solves = with LU solves: same status, fixed points to the (7.4′) accuracy bound, folds at the same t to 1e-8")
    func branchesAgree() async throws {
        let used = SharedTally<Bool>()
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let circuit = Self.symmetricCircuit(using: &rng)
            let byLU = try Self.luRoute.normalizationBranch(of: circuit)
            let byEigenbasis = try Self.eigenbasisRoute.normalizationBranch(of: circuit)
            #expect(byLU.continuation.eigenbasisFactorizations == 0, "seed \(seed)")
            if byEigenbasis.continuation.eigenbasisFactorizations > 0 { used.record(true) }
            let (a, b) = (byLU.continuation, byEigenbasis.continuation)
            if a.status.label != b.status.label {
                let detail = "\(b.status.label) vs \(a.status.label) at t = \(b.parameterReached) vs \(a.parameterReached), "
                    + "min rcond \(b.minimumReciprocalCondition) vs \(a.minimumReciprocalCondition)"
                #expect(StructuredRouteTests.differenceIsPredicted(dense: byLU, structured: byEigenbasis), "seed \(seed): \(detail)")
                return
            }
            if let a = a.status.fold, let b = b.status.fold {
                #expect(abs(a.parameter - b.parameter) <= 1e-8 * a.parameter, "seed \(seed): fold at \(a.parameter) vs \(b.parameter)")
            }
            guard byLU.isConverged, byEigenbasis.isConverged else { return }
            let x = byLU.state.flattened, z = byEigenbasis.state.flattened
            let bound = try branchAccuracyBound(circuit, at: x)
            let gap = zip(x, z).map { abs($0 - $1) }.max()!
            #expect(gap <= bound, "seed \(seed): gap \(gap), bound \(bound)")
        }
        // a is uniform to the bit on these circuits, so the route must actually be taken.
        #expect(used.values.count >= 60, "eigenbasis solves on \(used.values.count) of 80 branches")
    }

    /// Where the route must not apply: a non-symmetric W_r, unequal b0 (a not uniform), or
    /// another variant: no eigenbasis solve is made, and the branch is the LU route's to the bit.
    @Test("non-symmetric W_r, unequal b0 or another variant: no eigenbasis solves, the branch identical to the LU route's (newton.md §7.11)")
    func notApplicable() async throws {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let symmetric = Self.symmetricCircuit(using: &rng)
            let n = symmetric.neuronCount
            guard n >= 2 else { return }
            var recurrent = symmetric.recurrentWeights.denseMatrix(order: n)
            var b0 = symmetric.normalizationGain
            var variant = CircuitVariant.paper
            switch rng.nextIndex(below: 3) {
            case 0: recurrent[0, 1] += 1e-3
            case 1: b0[n - 1] *= 1.5
            default: variant = CircuitVariant.allCases.first { $0 != .paper }!
            }
            let circuit = RandomCircuits.makeCircuit(variant: variant, b: symmetric.inputGain, z: symmetric.input, b0: b0,
                                                     sigma: symmetric.sigma, tauY: symmetric.tauY, tauA: symmetric.tauA,
                                                     recurrent: .dense(recurrent), normalization: .ones)
            let byLU = try Self.luRoute.normalizationBranch(of: circuit)
            let byEigenbasis = try Self.eigenbasisRoute.normalizationBranch(of: circuit)
            #expect(byEigenbasis.continuation.eigenbasisFactorizations == 0, "seed \(seed)")
            #expect(byLU.state.flattened == byEigenbasis.state.flattened, "seed \(seed)")
            #expect(byLU.continuation.status.label == byEigenbasis.continuation.status.label, "seed \(seed)")
        }
    }
}
