import CircuitModel
@testable import FixedPointSolver
import Foundation
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// The structured route of proofs/newton.md §7.10 (W = u wᵀ: DF through an (n+1) × (n+1) LU)
/// against the dense 2n × 2n route: linear algebra on random matrices of the form, then Newton
/// and continuation on random circuits.
@Suite("Structured route (W = u wᵀ) = dense route (proofs/newton.md §7.10)")
struct StructuredRouteTests {
    /// A random DF of the structured form: Y Gaussian with a per-row scale over four decades
    /// (and, one time in four, a zero column so Y is singular while DF generically is not),
    /// d, e log-uniform with random signs (e = 0 one time in two, as in every circuit), g = −1
    /// one time in two else random nonzero, ũ with exact zeros (silent a-rows), v over decades.
    static func randomJacobian(order n: Int, using rng: inout Xoshiro256StarStar) -> StructuredResidualJacobian {
        var y = ColumnMajorMatrix(rows: n, columns: n)
        let rowScale = (0..<n).map { _ in rng.nextLogUniform(1e-2, 1e2) }
        for j in 0..<n { for i in 0..<n { y[i, j] = rowScale[i] * rng.nextGaussian() } }
        if rng.nextBernoulli(0.25) {
            let column = rng.nextIndex(below: n)
            for i in 0..<n { y[i, column] = 0 }
        }
        func signed(_ lower: Double, _ upper: Double) -> Double {
            RandomCircuits.signedLogUniform(lower, upper, using: &rng)
        }
        let d = (0..<n).map { _ in signed(1e-3, 1e1) }
        let e = rng.nextBernoulli(0.5) ? [Double](repeating: 0, count: n) : (0..<n).map { _ in signed(1e-3, 1) }
        let g = rng.nextBernoulli(0.5) ? [Double](repeating: -1, count: n) : (0..<n).map { _ in signed(0.1, 10) }
        let u = (0..<n).map { _ in rng.nextBernoulli(0.3) ? 0 : signed(1e-2, 1e1) }
        let vy = (0..<n).map { _ in signed(1e-3, 1e1) }
        let va = (0..<n).map { _ in signed(1e-3, 1) }
        return StructuredResidualJacobian(activityBlock: y, activityModulator: d, modulatorActivity: e, modulatorModulator: g,
                                          column: u, rowActivity: vy, rowModulator: va)
    }

    /// `factorization`'s solve and transposed solve of one random right-hand side equal the dense
    /// LU's to 100 m ε (κ₁(DF) + amplification) ‖x‖ — amplification being how much more the route's
    /// own matrix may amplify rounding than DF (κ₁(K) for an LU of K) — and sign det DF is the same.
    static func expectAgreesWithDenseLU(_ factorization: JacobianFactorization, _ lu: LUFactorization, kappa: Double,
                                        amplification: Double, seed: UInt64, using rng: inout Xoshiro256StarStar) throws {
        let m = lu.order
        let b = (0..<m).map { _ in rng.nextGaussian() }
        for transposed in [false, true] {
            let xDense = try lu.solve(b, transposed: transposed)
            let xRoute = try factorization.solve(b, transposed: transposed)
            let size = infinityNorm(xDense)
            let gap = zip(xDense, xRoute).map { abs($0 - $1) }.max()!
            #expect(gap <= 100 * Double(m) * .ulpOfOne * (kappa + amplification) * size,
                    "seed \(seed): transposed \(transposed), gap \(gap) vs ‖x‖ \(size), κ₁ \(kappa), amplification \(amplification)")
        }
        var denseSign = 1
        for i in 0..<m {
            if lu.factors[i, i] < 0 { denseSign = -denseSign }
            if lu.pivots[i] != Int32(i + 1) { denseSign = -denseSign }
        }
        #expect(factorization.determinantSign == denseSign, "seed \(seed): sign det, κ₁ \(kappa)")
    }

    /// ‖M⁻¹‖₁ exactly (up to rounding), column by column from the dense LU.
    static func inverseOneNorm(_ lu: LUFactorization) throws -> Double {
        var largest = 0.0
        for j in 0..<lu.order {
            var e = [Double](repeating: 0, count: lu.order)
            e[j] = 1
            largest = max(largest, try lu.solve(e).reduce(0) { $0 + abs($1) })
        }
        return largest
    }

    /// Checks proofs/newton.md §7.10: the reduced solve, its transpose, sign det and the
    /// Hager–Higham estimate, against the dense LU of the assembled DF.
    @Test("structured solve, transposed solve, sign det and 1/κ₁ = dense LU's, random matrices of the form (eq. 7.13–7.15)")
    func linearAlgebraAgrees() async throws {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 12)
            let jacobian = Self.randomJacobian(order: n, using: &rng)
            let dense = jacobian.denseMatrix()
            let m = 2 * n
            // The assembled DF is what the factored form says it is (multiply, norms).
            let probe = (0..<m).map { _ in rng.nextGaussian() }
            let product = dense.multiply(probe), structuredProduct = jacobian.multiply(probe)
            // Each row's rounding is relative to the sum of its terms' magnitudes. The factored a-rows add
            // e_i x_y,i, g_i x_a,i and ũ_i μ with μ = vᵀx, whose terms may cancel inside the assembled
            // entries (e_i + ũ_i v_y,i), so their scale is the larger of the two forms' (a run of the
            // full suite met a 7.6e-17 gap above the dense-only scale).
            var productScale = (0..<m).map { i in (0..<m).reduce(0) { $0 + abs(dense[i, $1] * probe[$1]) } }
            var muScale = 0.0
            for j in 0..<n { muScale += abs(jacobian.rowActivity[j] * probe[j]) + abs(jacobian.rowModulator[j] * probe[n + j]) }
            for i in 0..<n {
                let factored = abs(jacobian.modulatorActivity[i] * probe[i]) + abs(jacobian.modulatorModulator[i] * probe[n + i])
                    + abs(jacobian.column[i]) * muScale
                productScale[n + i] = max(productScale[n + i], factored)
            }
            for i in 0..<m {
                #expect(abs(product[i] - structuredProduct[i]) <= 8 * Double(m) * .ulpOfOne * productScale[i],
                        "seed \(seed): DF x differs in row \(i)")
            }
            #expect(abs(jacobian.oneNorm() - dense.oneNorm) <= 1e-13 * dense.oneNorm, "seed \(seed): ‖DF‖₁")
            let rows = jacobian.rowOneNorms()
            #expect(abs(rows.max()! - dense.infinityNorm) <= 1e-13 * dense.infinityNorm, "seed \(seed): ‖DF‖∞")

            let lu = try LUFactorization(dense)
            let exactInverseNorm = try Self.inverseOneNorm(lu)
            let kappa = dense.oneNorm * exactInverseNorm
            guard kappa.isFinite, kappa < 1e12 else { return }  // numerically singular draws say nothing here
            let factorization = try JacobianFactorization(structured: jacobian)
            // The fallback rule compares estimates; a fallback is a dense LU and trivially agrees.
            guard !factorization.isFallback else { return }
            #expect(factorization.isStructured, "seed \(seed)")
            guard case .structured(let reduced) = factorization.storage else { return }
            let kappaReduced = 1 / (try reduced.reduced.reciprocalAmplification())
            // Both are backward stable to O(m ε) in their own matrix (DF, resp. the reduced K), so the
            // solutions differ by O(m ε (κ₁(DF) + κ₁(K))) ‖x‖: the condition estimate of K predicts the
            // structured route's error (κ₁(K) ≤ κ₁(DF)/fallbackRatio is enforced).
            try Self.expectAgreesWithDenseLU(factorization, lu, kappa: kappa, amplification: kappaReduced, seed: seed, using: &rng)
            // Hager–Higham gives a lower bound of ‖DF⁻¹‖₁ (up to rounding), within 10× here.
            let estimatedInverseNorm = 1 / (factorization.reciprocalCondition * dense.oneNorm)
            #expect(estimatedInverseNorm <= exactInverseNorm * (1 + 1e-8) + 1e-300, "seed \(seed): estimate above ‖DF⁻¹‖₁")
            #expect(estimatedInverseNorm >= exactInverseNorm / 10, "seed \(seed): estimate \(estimatedInverseNorm) vs \(exactInverseNorm)")
        }
    }

    /// Checks proofs/newton.md §7.10 for the bordered systems of pseudo-arclength (§7.7).
    @Test("bordered solve [DF c; rᵀ ζ] through the (n+2) × (n+2) reduced matrix = dense LU of the (2n+1) × (2n+1) matrix")
    func borderedAgrees() async throws {
        await propertyCheck(count: 150, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 10)
            let jacobian = Self.randomJacobian(order: n, using: &rng)
            let m = 2 * n
            let column = (0..<m).map { _ in rng.nextGaussian() }
            let row = (0...m).map { _ in rng.nextGaussian() }
            var bordered = ColumnMajorMatrix(rows: m + 1, columns: m + 1)
            let dense = jacobian.denseMatrix()
            for j in 0..<m { for i in 0..<m { bordered[i, j] = dense[i, j] } }
            for i in 0..<m { bordered[i, m] = column[i] }
            for j in 0...m { bordered[m, j] = row[j] }
            let lu = try LUFactorization(bordered)
            let kappa = bordered.oneNorm * (try Self.inverseOneNorm(lu))
            guard kappa.isFinite, kappa < 1e12 else { return }
            let structured = try StructuredFactorization(jacobian, borderColumn: column, borderRow: row)
            let b = (0...m).map { _ in rng.nextGaussian() }
            let xDense = try lu.solve(b), xStructured = try structured.solve(b)
            let gap = zip(xDense, xStructured).map { abs($0 - $1) }.max()!
            // The reduced matrix can be worse conditioned than B (no fallback rule here): the
            // tolerance allows κ(K) up to 1e3 κ(B); the largest ratio seen is printed by the test log.
            #expect(gap <= 1e5 * Double(m) * .ulpOfOne * kappa * infinityNorm(xDense),
                    "seed \(seed): gap \(gap), ‖x‖ \(infinityNorm(xDense)), κ₁ \(kappa)")
        }
    }

    /// A random circuit for the branch comparisons: W = ones, or W = u wᵀ dense with exact zeros
    /// in u (silent pools) and w ≥ 0 over decades; W_r = I + δK with K non-symmetric or
    /// symmetrized; unequal τ (from the generator); silent neurons and localized/sparse inputs
    /// from `RandomCircuits.perturbedRecurrence`.
    static func randomRankOneCircuit(using rng: inout Xoshiro256StarStar) -> Circuit {
        let n = 1 + rng.nextIndex(below: 10)
        let delta = rng.nextLogUniform(0.01, 3)
        let base = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: delta, normalization: .ones, using: &rng)
        var recurrent = base.recurrentWeights.denseMatrix(order: n)
        if rng.nextBernoulli(0.5) {
            recurrent = 0.5 * (recurrent + recurrent.transposed())
        }
        var normalization = WeightMatrix.ones
        if rng.nextBernoulli(0.5) {
            let scale = rng.nextLogUniform(1e-2, 10)
            var u = (0..<n).map { _ in rng.nextBernoulli(0.25) ? 0 : rng.nextLogUniform(0.1, 10) }
            if u.allSatisfy({ $0 == 0 }) { u[0] = 1 }
            let w = (0..<n).map { _ in scale * rng.nextLogUniform(1e-2, 1) }
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { matrix[i, j] = u[i] * w[j] } }
            normalization = .dense(matrix)
        }
        return RandomCircuits.makeCircuit(variant: base.variant, b: base.inputGain, z: base.input, b0: base.normalizationGain,
                                          sigma: base.sigma, tauY: base.tauY, tauA: base.tauA, recurrent: .dense(recurrent),
                                          normalization: normalization)
    }

    static let dense = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(.dense))
    static let structured = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(.structured))

    /// Where the two routes may end with different statuses: only at a numerically singular DF
    /// (1/κ₁ < 1e-8 on either path, neither converged), and either both stopped at the same t (a
    /// stall diagnosed as "lost" by one route's step budget and located as a fold by the other's;
    /// seed 14330884958655828615: τ_t ≈ 1e-12 at a fold with a ≈ 111), or one located the fold and
    /// the other declined to claim one ("lost": no turning point confirmed) where its
    /// natural-parameter steps stalled, short of that fold (seed 3305262058802634: lost at
    /// t = 0.333232, folded at 0.333240, 1/κ₁ 6e-15 vs 4e-29) — both conservative answers (issue 14:
    /// a fold is claimed only when located).
    static func differenceIsPredicted(dense: BranchSolution, structured: BranchSolution) -> Bool {
        let (a, b) = (dense.continuation, structured.continuation)
        let singular = max(a.minimumReciprocalCondition, b.minimumReciprocalCondition) < 1e-8
            && !dense.isConverged && !structured.isConverged
        let sameStop = abs(a.parameterReached - b.parameterReached) <= 1e-8 * max(a.parameterReached, 1e-300)
        let labels = Set([a.status.label, b.status.label])
        let (lostAt, foldAt) = a.status.label == "lost" ? (a.parameterReached, b.parameterReached)
                                                         : (b.parameterReached, a.parameterReached)
        let lostShortOfFold = labels == ["lost", "folded"] && lostAt <= foldAt * (1 + 1e-12)
            && foldAt - lostAt <= 1e-4 * max(foldAt, 1e-300)
        return singular && (sameStop || lostShortOfFold)
    }

    @Test("seed 3305262058802634: at a numerically singular fold one route says lost, short of the other's located fold — a predicted difference")
    func lostShortOfFold() throws {
        var rng = Xoshiro256StarStar(seed: 3305262058802634)
        let circuit = Self.randomRankOneCircuit(using: &rng)
        let byDense = try Self.dense.normalizationBranch(of: circuit)
        let byStructured = try Self.structured.normalizationBranch(of: circuit)
        #expect(!byDense.isConverged && !byStructured.isConverged)
        if byDense.continuation.status.label != byStructured.continuation.status.label {
            #expect(Self.differenceIsPredicted(dense: byDense, structured: byStructured))
        }
    }

    /// Checks proofs/newton.md §7.10 end to end (§7.4 continuation, §7.8 folds).
    @Test("normalization branch by both routes: same status, fixed points to 1e-12 relative (or the (7.4′) accuracy bound), folds at the same t to 1e-8")
    func branchesAgree() async throws {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let circuit = Self.randomRankOneCircuit(using: &rng)
            let n = circuit.neuronCount
            #expect(CircuitJacobian.standard.rankOneFactors(for: circuit) != nil, "seed \(seed): W not recognized as rank one")
            let byDense = try Self.dense.normalizationBranch(of: circuit)
            let byStructured = try Self.structured.normalizationBranch(of: circuit)
            #expect(byDense.continuation.structuredFactorizations == 0, "seed \(seed)")
            let (a, b) = (byDense.continuation, byStructured.continuation)
            if a.status.label != b.status.label {
                let detail = "\(b.status.label) vs \(a.status.label) at t = \(b.parameterReached) vs \(a.parameterReached), "
                    + "min rcond \(b.minimumReciprocalCondition) vs \(a.minimumReciprocalCondition)"
                let predicted = Self.differenceIsPredicted(dense: byDense, structured: byStructured)
                #expect(predicted, "seed \(seed): \(detail)")
                return
            }
            #expect(byStructured.isConverged == byDense.isConverged, "seed \(seed)")
            if let a = byDense.continuation.status.fold, let b = byStructured.continuation.status.fold {
                #expect(abs(a.parameter - b.parameter) <= 1e-8 * a.parameter, "seed \(seed): fold at \(a.parameter) vs \(b.parameter)")
            }
            guard byDense.isConverged, byStructured.isConverged else { return }
            let x = byDense.state.flattened, z = byStructured.state.flattened
            let size = infinityNorm(x)
            // Both satisfy (7.4′) at ε_rel = 1e-12: `branchAccuracyBound`.
            let bound = try branchAccuracyBound(circuit, at: x)
            let gap = zip(x, z).map { abs($0 - $1) }.max()!
            #expect(gap <= bound, "seed \(seed): n = \(n), gap \(gap), ‖x‖∞ \(size), bound \(bound)")
        }
    }

    /// Checks proofs/newton.md §7.10 for globalized Newton (§7.3).
    @Test("Newton from the branch fixed point perturbed by 1 %: both routes converge to it, to the (7.4′) accuracy bound")
    func newtonAgrees() async throws {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let circuit = Self.randomRankOneCircuit(using: &rng)
            let branch = try Self.dense.normalizationBranch(of: circuit)
            guard branch.isConverged else { return }
            let x = branch.state.flattened
            let start = CircuitState(flattened: x.map { $0 * (1 + 0.01 * rng.nextUniform(-1, 1)) })
            let a = Self.dense.polish(circuit, from: start), b = Self.structured.polish(circuit, from: start)
            #expect(a.isConverged && b.isConverged, "seed \(seed): \(a.status.label), \(b.status.label)")
            guard a.isConverged, b.isConverged else { return }
            let bound = try branchAccuracyBound(circuit, at: x)
            let gap = zip(a.point, b.point).map { abs($0 - $1) }.max()!
            // Newton from 1 % off may still reach another zero (both routes alike): compare only
            // when the dense route came back to the branch point.
            guard zip(a.point, x).map({ abs($0 - $1) }).max()! <= 1e-6 * max(1, infinityNorm(x)) else { return }
            #expect(gap <= bound, "seed \(seed): gap \(gap), bound \(bound)")
        }
    }
}
