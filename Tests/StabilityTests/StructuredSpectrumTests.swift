import CircuitModel
import ComplexModule
import FixedPointSolver
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
@testable import Stability
import Testing
import TestSupport

/// The structured spectrum route for W = u wᵀ (proofs/structure.md) against the dense route,
/// an explicit Householder reduction, and closed forms.
@Suite("Structured spectrum: W = u wᵀ (proofs/structure.md)")
struct StructuredSpectrumTests {
    /// How τ_a is drawn: one value, two or three groups, or all different.
    enum TimeConstants: CaseIterable { case uniform, grouped, unequal }

    /// A random circuit with W = u wᵀ (W = ones half the time; otherwise u with exact zeros and
    /// both factors over four decades), W_r = I, symmetric or non-symmetric I + δK, any variant,
    /// τ_a uniform / grouped / unequal, and a random state with a > 0 and |y_i| ≥ 0.05.
    static func randomCase(using rng: inout some RandomNumberGenerator, maximumN: Int = 24)
        -> (circuit: Circuit, state: [Double], structure: RankOneJacobianStructure, description: String) {
        let n = 1 + rng.nextIndex(below: maximumN)
        let variant = CircuitVariant.allCases[rng.nextIndex(below: CircuitVariant.allCases.count)]
        let base = RandomCircuits.identityRecurrence(neuronCount: n, variant: variant, normalization: .ones, using: &rng)
        let weights: WeightMatrix
        if rng.nextBernoulli(0.5) {
            weights = .ones
        } else {
            var u = (0..<n).map { _ in rng.nextBernoulli(0.3) ? 0 : rng.nextLogUniform(1e-2, 1e2) }
            if u.allSatisfy({ $0 == 0 }) { u[rng.nextIndex(below: n)] = 1 }
            let w = (0..<n).map { _ in rng.nextLogUniform(1e-2, 1e2) }
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for j in 0..<n { for i in 0..<n { matrix[i, j] = u[i] * w[j] } }
            weights = .dense(matrix)
        }
        let recurrentKind = rng.nextIndex(below: 3)
        var recurrent = ColumnMajorMatrix.identity(n)
        if recurrentKind > 0 {
            let k = RandomCircuits.gaussianMatrix(order: n, using: &rng)
            let delta = rng.nextUniform(0, 1.5)
            for j in 0..<n {
                for i in 0..<n { recurrent[i, j] += delta * (recurrentKind == 1 ? (k[i, j] + k[j, i]) / 2 : k[i, j]) }
            }
        }
        let kind = TimeConstants.allCases[rng.nextIndex(below: TimeConstants.allCases.count)]
        let values = (0..<3).map { _ in rng.nextLogUniform(1e-3, 1e-1) }
        let tauA: [Double] = (0..<n).map { _ in
            switch kind {
            case .uniform: values[0]
            case .grouped: values[rng.nextIndex(below: 2 + rng.nextIndex(below: 2))]
            case .unequal: rng.nextLogUniform(1e-3, 1e-1)
            }
        }
        let circuit = RandomCircuits.makeCircuit(
            variant: variant, b: base.inputGain, z: base.input, b0: base.normalizationGain, sigma: base.sigma,
            tauY: base.tauY, tauA: tauA, recurrent: recurrentKind == 0 ? .identity : .dense(recurrent), normalization: weights)
        let y = (0..<n).map { _ in (rng.nextBernoulli(0.5) ? 1.0 : -1.0) * rng.nextUniform(0.05, 2) }
        let a = (0..<n).map { _ in rng.nextLogUniform(1e-2, 4) }
        let factors = weights.rankOneFactors(order: n) ?? RankOneFactors(column: [], row: [])
        let description = "n = \(n), \(variant), W \(weights == .ones ? "ones" : "u wᵀ"), W_r kind \(recurrentKind), τ_a \(kind)"
        return (circuit, y + a, RankOneJacobianStructure(column: factors.column, tauA: tauA), description)
    }

    /// Greedy matching (structured eigenvalues with the narrowest band first, each to the nearest
    /// unmatched dense one); returns the largest |λ_s − λ_d| / (d_s + d_d) and |λ_s − λ_d|.
    static func largestMismatch(_ structured: Spectrum, _ dense: Spectrum) -> (ratio: Double, distance: Double) {
        var remaining = Array(dense.eigenvalues.indices)
        var worst = (ratio: 0.0, distance: 0.0)
        for k in structured.eigenvalues.indices.sorted(by: { structured.bandRadii[$0] < structured.bandRadii[$1] }) {
            let lambda = structured.eigenvalues[k]
            guard let nearest = remaining.indices.min(by: {
                (dense.eigenvalues[remaining[$0]] - lambda).length < (dense.eigenvalues[remaining[$1]] - lambda).length
            }) else { return (.infinity, .infinity) }
            let j = remaining.remove(at: nearest)
            let distance = (dense.eigenvalues[j] - lambda).length
            let ratio = distance / (structured.bandRadii[k] + dense.bandRadii[j])
            if ratio > worst.ratio { worst = (ratio, distance) }
            worst.distance = max(worst.distance, distance)
        }
        return worst
    }

    final class Record: @unchecked Sendable {
        var structured = 0, symmetric = 0, fallbacks: [SpectrumFallbackReason: Int] = [:], worstRatio = 0.0, worstRelative = 0.0
    }

    /// structure.md eq. 9.5 and the bands of §9.4 (on the balanced J_b, eq. 9.6, or on J itself
    /// one time in four): every eigenvalue of J is within the sum of the
    /// two routes' bands, and the verdicts are identical. A structured result may only be
    /// refused for the reasons its own estimates predict (a copy of −1/τ_a inside a band of M,
    /// or an undecided structured verdict); a structure-residual refusal is a failure (J from the
    /// Jacobian builder is of the form of eq. 9.1 to rounding).
    @Test("Structured and dense routes agree on random W = u wᵀ circuits (structure.md eq. 9.5, §9.4)")
    func agreesWithDense() async {
        let record = Record()
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = StructuredSpectrumTests.randomCase(using: &rng)
            let jacobian = JacobianBuilder().flowJacobian(of: sample.circuit, at: sample.state).matrix
            // One case in four without balancing (eq. 9.6 is then the identity scaling).
            let options = SpectrumOptions(balance: rng.nextIndex(below: 4) != 0)
            let dense = try Spectrum(jacobian: jacobian, options: options)
            let structured = try Spectrum(jacobian: jacobian, structure: sample.structure, route: .structured, options: options)
            switch structured.route {
            case .structured, .symmetricArrowhead:
                record.structured += 1
                if case .symmetricArrowhead = structured.route { record.symmetric += 1 }
                let mismatch = StructuredSpectrumTests.largestMismatch(structured, dense)
                #expect(mismatch.ratio <= 1, "seed \(seed), \(sample.description): eigenvalues differ by \(mismatch.distance), \(mismatch.ratio) × the bands")
                record.worstRatio = max(record.worstRatio, mismatch.ratio)
                record.worstRelative = max(record.worstRelative, mismatch.distance / dense.jacobianNorm)
                #expect(structured.verdict == dense.verdict, "seed \(seed), \(sample.description): structured \(structured.verdict), dense \(dense.verdict)")
                #expect(structured.eigenvalues.count == jacobian.rows)
            case .fallback(let reason):
                record.fallbacks[reason, default: 0] += 1
                #expect(reason == .undecided || reason == .timeConstantCluster, "seed \(seed), \(sample.description): fallback \(reason)")
                #expect(structured.verdict == dense.verdict && structured.eigenvalues == dense.eigenvalues)
            case .dense:
                Issue.record("seed \(seed): forced structured route returned dense")
            }
        }
        #expect(record.structured >= 200, "only \(record.structured) of 300 structured")
        print("Structured vs dense: \(record.structured) structured (\(record.symmetric) by the symmetric arrowhead), fallbacks \(record.fallbacks); largest |λ_s − λ_d|/(d_s + d_d) = \(record.worstRatio); largest |λ_s − λ_d|/‖J‖_F = \(record.worstRelative)")
    }

    /// eq. 9.6: `StructuredBalancing` reads the balancing sums from A, b, p and v instead of the
    /// 4n² entries. Its D is made of powers of two (so J_b is an exact similarity), and J_b is a
    /// fixed point of the Parlett–Reinsch rule on J_b's actual entries: no index's off-diagonal
    /// column + row 1-norm c + r drops by more than 6 % (the rule's 5 %, plus room for the
    /// residual R the structured sums leave out) when scaled by 2 or 1/2.
    @Test("Structured balancing: powers of two, and J_b balanced by its own entries (structure.md eq. 9.6)")
    func structuredBalancing() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = StructuredSpectrumTests.randomCase(using: &rng)
            let jacobian = JacobianBuilder().flowJacobian(of: sample.circuit, at: sample.state).matrix
            let d = StructuredBalancing(jacobian, column: sample.structure.column, tauA: sample.structure.tauA).scaling
            #expect(d.allSatisfy { $0 > 0 && $0.significandBitPattern == 0 }, "seed \(seed): D not powers of two")
            let balanced = StructuredBalancing.balanced(jacobian, scaling: d)
            let m = jacobian.rows
            for i in 0..<m {
                var c = 0.0, r = 0.0
                for j in 0..<m where j != i { c += abs(balanced[j, i]); r += abs(balanced[i, j]) }
                guard c > 0, r > 0 else { continue }
                for f in [2.0, 0.5] {
                    #expect(c * f + r / f >= 0.94 * (c + r), "seed \(seed), \(sample.description): index \(i) not balanced (c = \(c), r = \(r))")
                }
            }
        }
    }

    /// The same agreement at the fixed points that sweeps analyse: the normalization branch of
    /// the widened generator's circuits (W = ones, W_r = I + δK with silent neurons — y_i = 0
    /// exactly, so v has zero entries — localized, sparse or unequal-scale inputs; τ_a uniform
    /// or all different), every variant (eq. 9.5, §9.4).
    @Test("Structured and dense routes agree at branch fixed points with silent neurons (structure.md eq. 9.5, §9.4)")
    func agreesAtBranchFixedPoints() async {
        let record = Record()
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 16)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: CircuitVariant.allCases.count)]
            var circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: rng.nextUniform(0, 1), variant: variant,
                                                            normalization: .ones, using: &rng)
            if rng.nextBernoulli(0.5) {
                circuit = RandomCircuits.makeCircuit(
                    variant: variant, b: circuit.inputGain, z: circuit.input, b0: circuit.normalizationGain, sigma: circuit.sigma,
                    tauY: circuit.tauY, tauA: Array(repeating: circuit.tauA[0], count: n), recurrent: circuit.recurrentWeights,
                    normalization: .ones)
            }
            guard let branch = try? CircuitFixedPointSolver().normalizationBranch(of: circuit), branch.isConverged else { return }
            let jacobian = JacobianBuilder().flowJacobian(of: circuit, at: branch.state.flattened).matrix
            let structure = RankOneJacobianStructure(column: Array(repeating: 1, count: n), tauA: circuit.tauA)
            let dense = try Spectrum(jacobian: jacobian)
            let structured = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
            switch structured.route {
            case .structured, .symmetricArrowhead:
                record.structured += 1
                if case .symmetricArrowhead = structured.route { record.symmetric += 1 }
                let mismatch = StructuredSpectrumTests.largestMismatch(structured, dense)
                #expect(mismatch.ratio <= 1, "seed \(seed), n = \(n), \(variant): eigenvalues differ by \(mismatch.distance), \(mismatch.ratio) × the bands")
                record.worstRatio = max(record.worstRatio, mismatch.ratio)
                #expect(structured.verdict == dense.verdict, "seed \(seed), n = \(n), \(variant): structured \(structured.verdict), dense \(dense.verdict)")
            case .fallback(let reason):
                record.fallbacks[reason, default: 0] += 1
                #expect(reason == .undecided || reason == .timeConstantCluster, "seed \(seed), n = \(n), \(variant): fallback \(reason)")
            case .dense:
                Issue.record("seed \(seed): forced structured route returned dense")
            }
        }
        #expect(record.structured >= 20, "only \(record.structured) structured")
        print("Structured vs dense at branch fixed points: \(record.structured) structured (\(record.symmetric) by the symmetric arrowhead), fallbacks \(record.fallbacks); largest |λ_s − λ_d|/(d_s + d_d) = \(record.worstRatio)")
    }

    /// structure.md eq. 9.3, checked without the code under test's algebra: an explicit
    /// Householder H (H u = ‖u‖e₁) on the a-block of J (uniform τ_a) zeroes the lower-left
    /// (n−1) × (n+1) block of T J Tᵀ and leaves −1/τ_a on the trailing diagonal, to the rounding
    /// of two dense products, |fl(TJTᵀ) − TJTᵀ| ≤ γ_4n |T||J||Tᵀ| with ‖|T|‖₂ ≤ √(2n): 8n²ε‖J‖_F;
    /// and the leading block equals `BorderedReduction`'s M to the same tolerance.
    @Test("Block structure: an explicit Householder makes T J Tᵀ block upper triangular (structure.md eq. 9.3)")
    func householderBlockStructure() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            var sample = StructuredSpectrumTests.randomCase(using: &rng, maximumN: 16)
            let n = sample.circuit.neuronCount
            let tau = sample.circuit.tauA[0]
            let circuit = RandomCircuits.makeCircuit(
                variant: sample.circuit.variant, b: sample.circuit.inputGain, z: sample.circuit.input,
                b0: sample.circuit.normalizationGain, sigma: sample.circuit.sigma, tauY: sample.circuit.tauY,
                tauA: Array(repeating: tau, count: n), recurrent: sample.circuit.recurrentWeights,
                normalization: sample.circuit.normalizationWeights)
            sample.structure = RankOneJacobianStructure(column: sample.structure.column, tauA: circuit.tauA)
            let jacobian = JacobianBuilder().flowJacobian(of: circuit, at: sample.state).matrix
            let u = sample.structure.column
            let norm = euclideanNorm(u)
            // H = I − 2 h hᵀ/hᵀh with h = u − σ‖u‖e₁, σ = −sign(u₁) (no cancellation): H u = σ‖u‖e₁.
            let sigma: Double = u[0] >= 0 ? -1 : 1
            var h = u
            h[0] -= sigma * norm
            let hh = h.reduce(0) { $0 + $1 * $1 }
            var t = ColumnMajorMatrix.identity(2 * n)
            if hh > 0 { for j in 0..<n { for i in 0..<n { t[n + i, n + j] -= 2 * h[i] * h[j] / hh } } }
            let transformed = t * jacobian * t.transposed()
            let tolerance = 8 * Double(n * n) * Double.ulpOfOne * jacobian.frobeniusNorm
            for i in (n + 1)..<(2 * n) {
                for j in 0..<(2 * n) {
                    let expected = i == j ? -1 / tau : (j < i ? 0 : transformed[i, j])
                    #expect(abs(transformed[i, j] - expected) <= tolerance, "seed \(seed), \(sample.description): (T J Tᵀ)[\(i), \(j)] = \(transformed[i, j])")
                }
            }
            let reduction = try #require(try? BorderedReduction.reduce(balanced: jacobian, column: u, tauA: circuit.tauA,
                                                                       residualGateFactor: .infinity).get())
            #expect(reduction.reduced.rows == n + 1)
            for j in 0...n {
                for i in 0...n {
                    // M uses Q u = +‖u‖e₁: the leader coordinate differs by the sign σ.
                    let reference = (i == n) != (j == n) ? sigma * transformed[i, j] : transformed[i, j]
                    #expect(abs(reduction.reduced[i, j] - reference) <= tolerance, "seed \(seed): M[\(i), \(j)] = \(reduction.reduced[i, j]) vs \(reference)")
                }
            }
        }
    }

    /// A hand-made J of the form of eq. 9.1 with v₁ = 0: M is then block upper triangular too, so
    /// spec(J) = {α_i} ∪ {(v₂ᵀu − 1)/τ} ∪ {−1/τ}^(n−1) exactly (structure.md eq. 9.5).
    static func closedFormJacobian(alpha: [Double], beta: [Double], u: [Double], v2: [Double], tau: Double) -> ColumnMajorMatrix {
        let n = alpha.count
        var j = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            j[i, i] = alpha[i]
            j[i, n + i] = beta[i]
            for k in 0..<n { j[n + i, n + k] = u[i] / tau * v2[k] - (i == k ? 1 / tau : 0) }
        }
        return j
    }

    /// A random block upper triangular J around a given y-block diagonal α, for the law tests of
    /// (9.9) and (9.16): exact spectrum α ∪ {(v₂ᵀu − 1)/τ} ∪ {−1/τ}ⁿ⁻¹; β over five decades with
    /// zeros; u with zeros; v₂ with v₂ᵀu ∈ [0.1, 0.9] (the border eigenvalue is negative); half the
    /// draws with entries above the y-block's diagonal (`triangular`: M's Schur form instead of the
    /// symmetric arrowhead).
    static func randomBlockTriangular(alpha: [Double], tau: Double, using rng: inout some RandomNumberGenerator)
        -> (jacobian: ColumnMajorMatrix, exact: [Double], structure: RankOneJacobianStructure, triangular: Bool) {
        let n = alpha.count
        let beta = (0..<n).map { _ in rng.nextBernoulli(0.2) ? 0 : rng.nextLogUniform(1e-2, 1e3) * (rng.nextBernoulli(0.5) ? 1 : -1) }
        var u = (0..<n).map { _ in rng.nextBernoulli(0.2) ? 0 : rng.nextLogUniform(0.1, 10) }
        if u.allSatisfy({ $0 == 0 }) { u[0] = 1 }
        var v2 = (0..<n).map { _ in rng.nextUniform(0, 1) }
        let dot = zip(u, v2).reduce(0) { $0 + $1.0 * $1.1 }
        let target = rng.nextUniform(0.1, 0.9)
        v2 = v2.map { $0 * target / dot }
        var jacobian = closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let triangular = rng.nextBernoulli(0.5)
        if triangular { for j in 0..<n { for i in 0..<j { jacobian[i, j] = rng.nextUniform(-1, 1) / tau } } }
        let border = (zip(u, v2).reduce(0) { $0 + $1.0 * $1.1 } - 1) / tau
        let exact = alpha + [border] + Array(repeating: -1 / tau, count: n - 1)
        return (jacobian, exact, RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: n)), triangular)
    }

    @Test("Closed form: v₁ = 0 gives spec = {α_i} ∪ {(v₂ᵀu − 1)/τ} ∪ {−1/τ}ⁿ⁻¹ (structure.md eq. 9.5)")
    func closedFormSpectrum() throws {
        let alpha = [-1.0, -2.5, -4, -7, -0.25], beta = [0.5, -1, 2, 0.125, 3]
        let u = [1.0, 0, 2, 0.5, 1], v2 = [0.25, 1, 0.125, 0.5, 0.25], tau = 0.5
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let spectrum = try Spectrum(jacobian: jacobian, structure: RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 5)),
                                    route: .structured)
        let border = (zip(u, v2).reduce(0) { $0 + $1.0 * $1.1 } - 1) / tau   // (0.25 + 0.25 + 0.25 + 0.25 − 1)/τ = 0
        var expected = alpha + [border] + Array(repeating: -1 / tau, count: 4)
        #expect(border == 0)
        expected.sort(by: >)
        // Triangular structure: eigenvalues exact up to the stated bands (and to 10⁻¹⁴ here).
        for (computed, reference) in zip(spectrum.eigenvalues, expected) {
            #expect((computed - Complex(reference, 0)).length <= 1e-14 * 8, "\(computed) vs \(reference)")
        }
        // The border eigenvalue is exactly 0: undecided by the structured bands, so the route
        // hands over to the dense one and counts it.
        #expect(spectrum.verdict == .undecided)
        _ = try #require(spectrum.route.isFallback ? spectrum : nil)
    }

    @Test("Closed form: the copies' band and the stable verdict of v₂ᵀu < 1 (structure.md eqs. 9.5, 9.11)")
    func closedFormStable() throws {
        let alpha = [-1.0, -2.5, -4, -7], beta = [0.5, -1, 2, 0.125]
        let u = [1.0, 0, 2, 0.5], v2 = [0.25, 1, 0.125, 0.5], tau = 0.5
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let structure = RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 4))
        let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
        #expect(spectrum.route.reducedOrder == 5)
        let border = (0.25 + 0.25 + 0.25 - 1) / tau
        let expected = (alpha + [border] + Array(repeating: -1 / tau, count: 3)).sorted(by: >)
        for (k, (computed, reference)) in zip(spectrum.eigenvalues, expected).enumerated() {
            #expect((computed - Complex(reference, 0)).length <= max(spectrum.bandRadii[k], 1e-14 * 8), "\(computed) vs \(reference)")
        }
        #expect(spectrum.verdict == .stable)
        // The copies of −1/τ come out exactly and with a band of rounding size.
        let copies = spectrum.eigenvalues.indices.filter { spectrum.eigenvalues[$0] == Complex(-1 / tau, 0) }
        #expect(copies.count >= 3)
        for k in copies { #expect(spectrum.bandRadii[k] < 1e-12) }
    }

    /// `SpectrumOptions(conditionNumbers: false)`: dgeev on M and d = η_s for every eigenvalue
    /// (eq. 9.9 with κ = 1), the rule `unit-condition band`; the closed-form eigenvalues of the
    /// stable family above come out to 10⁻¹³.
    @Test("Without condition numbers: dgeev on M, unit-condition bands, the same closed-form eigenvalues (structure.md eq. 9.9)")
    func unitConditionBands() throws {
        let alpha = [-1.0, -2.5, -4, -7], beta = [0.5, -1, 2, 0.125]
        let u = [1.0, 0, 2, 0.5], v2 = [0.25, 1, 0.125, 0.5], tau = 0.5
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let structure = RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 4))
        let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured,
                                    options: SpectrumOptions(conditionNumbers: false))
        #expect(spectrum.route.reducedOrder == 5)
        #expect(spectrum.rule == .unitConditionBand && spectrum.conditionNumbers == nil)
        let expected = (alpha + [(0.75 - 1) / tau] + Array(repeating: -1 / tau, count: 3)).sorted(by: >)
        for (computed, reference) in zip(spectrum.eigenvalues, expected) {
            #expect((computed - Complex(reference, 0)).length <= 1e-13, "\(computed) vs \(reference)")
        }
        // d_μ = η_μ (eq. 9.9 with κ = 1): the largest is the reported backward error; the copies
        // keep it as their floor.
        #expect(spectrum.bandRadii.max() == spectrum.backwardError)
        for k in spectrum.eigenvalues.indices where spectrum.eigenvalues[k] == Complex(-1 / tau, 0) {
            #expect(spectrum.bandRadii[k] >= spectrum.backwardError)
        }
        #expect(spectrum.verdict == .stable)
    }

    /// (9.9) per eigenvalue: R reaches μ ∈ spec(M) through the coupling C with the amplification
    /// 1 + ‖C‖_F/δ_μ, δ_μ the distance of μ itself to the copies of −1/τ_a. An eigenvalue of M
    /// 10⁻⁶ from the copies (a rectified or near-zero mode of W_r, the n = 2000 sweep cell's
    /// −499.9937 /s) gets a band of ‖C‖ρ/δ_μ; every other eigenvalue keeps a band of rounding
    /// size, so the rightmost one, 10⁻⁹ /s left of the axis, is decided. With one δ for all
    /// (the smallest), its band would be ≳ 10⁻⁸ and the verdict `undecided`. The closed-form
    /// eigenvalues (an upper triangular J) and the dense route check the values; a verified
    /// Lyapunov certificate checks the verdict.
    @Test("An eigenvalue of M next to the copies of −1/τ_a widens its own band only (structure.md eq. 9.9)")
    func amplificationPerEigenvalue() throws {
        let tau = 0.5, near = -1 / tau + 1e-4, rightmost = -1e-10
        let alpha = [rightmost, -2.5, near, -7], beta = [0.5, -1, 50, 0.125]
        let u = [1.0, 0, 2, 0.5], v2 = [0.25, 1, 0.125, 0.5]
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let structure = RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 4))
        let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
        #expect(spectrum.route.reducedOrder == 5, "route \(spectrum.route)")
        let border = (0.25 + 0.25 + 0.25 - 1) / tau
        let expected = (alpha + [border] + Array(repeating: -1 / tau, count: 3)).sorted(by: >)
        for (k, (computed, reference)) in zip(spectrum.eigenvalues, expected).enumerated() {
            #expect((computed - Complex(reference, 0)).length <= max(spectrum.bandRadii[k], 1e-14 * 8), "\(computed) vs \(reference)")
        }
        let nearIndex = try #require(spectrum.eigenvalues.indices.first { abs(spectrum.eigenvalues[$0].real - near) < 1e-9 })
        #expect(spectrum.bandRadii[nearIndex] >= 100 * spectrum.bandRadii[0],
                "near-copy band \(spectrum.bandRadii[nearIndex]) vs rightmost \(spectrum.bandRadii[0])")
        #expect(spectrum.bandRadii[nearIndex] > -rightmost, "the amplified band must exceed the margin, or the test shows nothing")
        #expect(spectrum.bandRadii[0] < -rightmost / 10)
        #expect(spectrum.verdict == .stable)
        // The reported backward error is the largest η_μ, the near eigenvalue's (d = e + κη).
        #expect(spectrum.backwardError >= spectrum.bandRadii[nearIndex] / (spectrum.conditionNumbers?[nearIndex] ?? 1) * 0.5)
        let dense = try Spectrum(jacobian: jacobian)
        #expect(Self.largestMismatch(spectrum, dense).ratio <= 1)
        let certificate = try LyapunovCertificate(jacobian: jacobian)
        #expect(certificate.provesExactStability, "the certificate must prove the floating-point J stable")
    }

    /// (9.16) The resolvent band: eigenvalues of M crowding the copies of −1/τ_a (here three α_i
    /// within 3·10⁻⁷ of −1/τ, as when 1 − s ≈ 0) meet the copies' first-order bands, so the
    /// first-order route cannot separate them (before: a fallback to the dense route). The
    /// uniform band d* of the block-triangular form's resolvent decides `stable`, the closed-form
    /// eigenvalues lie within it, and a verified Lyapunov certificate agrees.
    @Test("Eigenvalues of M crowding the copies: the resolvent band decides, the closed form lies inside it (structure.md eq. 9.16)")
    func resolventBandDecides() throws {
        let tau = 0.5, copy = -1 / tau
        let alpha = [-0.3, copy * (1 + 1e-7), copy * (1 - 2e-7), copy * (1 + 3e-7), -7]
        let beta = [0.5, -100, 200, 100, 3]
        let u = [1.0, 0, 2, 0.5, 1], v2 = [0.25, 1, 0.125, 0.5, 0.2]
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        let structure = RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 5))
        let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
        #expect(spectrum.rule == .resolventBand, "rule \(spectrum.rule), route \(spectrum.route.description)")
        #expect(spectrum.route.reducedOrder == 6)
        #expect(spectrum.verdict == .stable)
        let border = (zip(u, v2).reduce(0) { $0 + $1.0 * $1.1 } - 1) / tau
        let exact = alpha + [border] + Array(repeating: copy, count: 4)
        // Every exact eigenvalue within the band of some computed one (the bands are a union of discs).
        for value in exact {
            #expect(spectrum.eigenvalues.indices.contains { (spectrum.eigenvalues[$0] - Complex(value, 0)).length <= spectrum.bandRadii[$0] },
                    "\(value) outside every band")
        }
        #expect(spectrum.bandRadii.max()! < 0.3, "d* = \(spectrum.bandRadii.max()!) must leave the margin 0.3")
        let dense = try Spectrum(jacobian: jacobian)
        #expect(Self.largestMismatch(spectrum, dense).ratio <= 1)
        #expect(try LyapunovCertificate(jacobian: jacobian).provesExactStability)
    }

    /// (9.16) as a theorem, on explicit matrices: B' = [M', C'; 0, λI_k] with M' a random arrowhead
    /// (`SymmetricArrowheadTests.randomArrowhead`, m ≤ 8), λ within 10^−U(2,10)·scale of one of
    /// M''s eigenvalues (or equal to a pole), C' random over four decades, and perturbations E of
    /// Frobenius norm e = 10^−U(2,6)·‖B'‖_F: Gaussian, or rank one from the copies' rows onto the
    /// right eigenvector of M' nearest λ (the direction that splits a coupled pair like √(e‖C'‖)).
    /// Every dgeev eigenvalue of B' + E lies within d*(e + dgeev's backward error) of M''s dgeev
    /// eigenvalues or of λ, plus those eigenvalues' own first-order error. Dropping the square-root
    /// term of d* fails on the rank-one perturbations (checked).
    @Test("Resolvent radius (structure.md eq. 9.16): every eigenvalue of a perturbed block-triangular B' is within d* of spec(B')")
    func resolventRadiusBoundsPerturbedEigenvalues() async {
        final class Worst: @unchecked Sendable { var ratio = 0.0, tested = 0 }
        let worst = Worst()
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            var arrow = SymmetricArrowheadTests.randomArrowhead(using: &rng)
            let m0 = min(arrow.poles.count, 8)
            arrow.poles = Array(arrow.poles.prefix(m0)); arrow.alpha = Array(arrow.alpha.prefix(m0)); arrow.beta = Array(arrow.beta.prefix(m0))
            let mPrime = SymmetricArrowheadTests.arrowheadMatrix(poles: arrow.poles, alpha: arrow.alpha, beta: arrow.beta, corner: arrow.corner)
            let order = mPrime.rows
            guard let decomposition = try? Eigendecomposition(mPrime, rightVectors: true),
                  let vectors = decomposition.rightEigenvectors else { return }
            let values = decomposition.eigenvalues
            let kappas = values.map { SymmetricArrowhead.condition(at: $0, theta: arrow.poles, alpha: arrow.alpha, beta: arrow.beta) }
            let kappa = (Double(order) * kappas.reduce(0) { $0 + $1 * $1 }).squareRoot()
            guard kappa.isFinite, kappa < 1e8 else { return }
            let realValues = values.indices.filter { values[$0].imaginary == 0 }
            guard let anchor = realValues.randomElement(using: &rng) else { return }
            let scale = max(mPrime.frobeniusNorm, 1e-300)
            let lambda = values[anchor].real + (rng.nextBernoulli(0.5) ? 1 : -1) * rng.nextLogUniform(1e-10, 1e-2) * scale
            let k = 1 + rng.nextIndex(below: 3)
            let size = order + k
            var b = ColumnMajorMatrix(rows: size, columns: size)
            for j in 0..<order { for i in 0..<order { b[i, j] = mPrime[i, j] } }
            for j in order..<size {
                b[j, j] = lambda
                for i in 0..<order { b[i, j] = rng.nextGaussian() * rng.nextLogUniform(1e-2, 1e2) * scale }
            }
            var coupling = 0.0
            for j in order..<size { for i in 0..<order { coupling += b[i, j] * b[i, j] } }
            coupling = coupling.squareRoot()
            let e = rng.nextLogUniform(1e-6, 1e-2) * b.frobeniusNorm
            var perturbation = ColumnMajorMatrix(rows: size, columns: size)
            if rng.nextBernoulli(0.5) {
                for index in perturbation.elements.indices { perturbation.elements[index] = rng.nextGaussian() }
            } else {
                // Rows of the copies, along the (real) right eigenvector of M' nearest λ.
                let x = vectors[anchor].map(\.real)
                for j in 0..<order { for i in order..<size { perturbation[i, j] = x[j] * rng.nextGaussian() } }
            }
            let norm = perturbation.frobeniusNorm
            guard norm > 0 else { return }
            for index in perturbation.elements.indices { perturbation.elements[index] *= e / norm }
            var perturbed = b
            for index in perturbed.elements.indices { perturbed.elements[index] += perturbation.elements[index] }
            guard let computed = try? Eigendecomposition(perturbed).eigenvalues else { return }
            let backward = 100 * Double(size) * Double.ulpOfOne * perturbed.frobeniusNorm
            let radius = Spectrum.resolventRadius(perturbation: e + backward, eigenvectorCondition: kappa, coupling: coupling)
            let referenceError = 100 * Double(order) * Double.ulpOfOne * scale * (kappas.max() ?? 1)
            let reference = values + [Complex(lambda, 0)]
            for mu in computed {
                let distance = reference.map { ($0 - mu).length }.min()!
                worst.ratio = max(worst.ratio, distance / (radius + referenceError))
                #expect(distance <= radius + referenceError, "seed \(seed): eigenvalue \(mu) is \(distance) from spec(B'), d* = \(radius)")
            }
            worst.tested += 1
        }
        #expect(worst.tested >= 200, "only \(worst.tested) of 300 draws tested")
        print("Resolvent radius: worst distance/d* = \(worst.ratio) over \(worst.tested) draws")
    }

    /// (9.16) on random block upper triangular J: n ≤ 12, one to n − 1 of the α_i at
    /// −1/τ (1 + σ(i + U(0, ½))·10^−U(5,9)) (distinct poles, as the arrowhead needs), the rightmost
    /// α at ±10^U(0,2)/τ (unstable one time in three), β over five decades with zeros, u with
    /// zeros; the y-block diagonal (the arrowhead route) or with entries above the diagonal (M's
    /// Schur form, κ from dtrsna). Every exact eigenvalue lies within the band of a computed one,
    /// every decided verdict is the exact one, and on each route the resolvent band decides draws
    /// the first-order bands leave to the dense route (arrowhead ≥ 30 of ≈ 100, seen 51–56; Schur
    /// form ≥ 12, seen 24–34, its triangular M being far from normal; the rest decided by
    /// first-order bands, or fallbacks, counted).
    @Test("Random crowded copies: exact spectra inside the resolvent bands, exact verdicts (structure.md eq. 9.16)")
    func resolventBandRandom() async {
        final class Counts: @unchecked Sendable { var rules: [String: Int] = [:] }
        let counts = Counts()
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 11)
            let tau = rng.nextLogUniform(1e-3, 1e-1)
            var alpha = (0..<n).map { _ in -rng.nextUniform(0.1, 30) / tau }
            let crowd = 1 + rng.nextIndex(below: n - 1)
            let side: Double = rng.nextBernoulli(0.5) ? 1 : -1, scale = rng.nextLogUniform(1e-9, 1e-5)
            for i in 1...crowd { alpha[i] = -1 / tau * (1 + side * (Double(i) + rng.nextUniform(0, 0.5)) * scale) }
            let unstable = rng.nextBernoulli(1.0 / 3)
            alpha[0] = (unstable ? 1 : -1) * rng.nextLogUniform(1, 100) / tau
            let (jacobian, exact, structure, triangular) = Self.randomBlockTriangular(alpha: alpha, tau: tau, using: &rng)
            let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
            let key: String = if case .fallback(let reason) = spectrum.route { "fallback: \(reason.rawValue)" }
                else { (triangular ? "Schur form: " : "arrowhead: ") + spectrum.rule.rawValue }
            counts.rules[key, default: 0] += 1
            if case .fallback = spectrum.route { return }
            for value in exact {
                #expect(spectrum.eigenvalues.indices.contains { (spectrum.eigenvalues[$0] - Complex(value, 0)).length <= spectrum.bandRadii[$0] },
                        "seed \(seed), n = \(n), \(spectrum.rule): exact \(value) outside every band")
            }
            #expect(spectrum.verdict == (unstable ? .unstable : .stable), "seed \(seed), n = \(n): \(spectrum.verdict) by \(spectrum.rule)")
        }
        #expect(counts.rules["arrowhead: " + VerdictRule.resolventBand.rawValue, default: 0] >= 30, "\(counts.rules)")
        #expect(counts.rules["Schur form: " + VerdictRule.resolventBand.rawValue, default: 0] >= 12, "\(counts.rules)")
        print("Crowded copies: \(counts.rules)")
    }

    /// The same law on random block upper triangular J (exact spectrum α ∪ {(v₂ᵀu − 1)/τ} ∪
    /// {−1/τ}ⁿ⁻¹): n ≤ 12, τ over two decades, one α at −1/τ (1 ± 10^−U(3,7)), the rightmost α at
    /// −10^−U(2,11)/τ, the rest anywhere in [−30, −0.1]/τ; β over five decades with zeros, u with
    /// zeros; the y-block diagonal (symmetric arrowhead route) or with random entries above the
    /// diagonal (M's Schur form). Every exact eigenvalue lies within its structured band (plus
    /// 8ε‖J‖_F), the verdict is `stable` whenever the structured route decides, and it decides
    /// whenever the rightmost eigenvalue's own first-order band is below its margin — which a
    /// single δ for all eigenvalues would not (counted: how many draws a global δ would leave
    /// undecided). An eigenvalue of M inside a copy's band falls back (allowed, counted).
    @Test("Random near-copy eigenvalues: exact spectra within the bands, stable verdicts (structure.md eq. 9.9)")
    func amplificationPerEigenvalueRandom() async {
        let record = Record()
        final class Counts: @unchecked Sendable { var decided = 0, globalWouldNot = 0, fellBack: [SpectrumFallbackReason: Int] = [:] }
        let counts = Counts()
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 2 + rng.nextIndex(below: 11)
            let tau = rng.nextLogUniform(1e-3, 1e-1)
            var alpha = (0..<n).map { _ in -rng.nextUniform(0.1, 30) / tau }
            let nearIndex = rng.nextIndex(below: n)
            var rightIndex = rng.nextIndex(below: n - 1)
            if rightIndex >= nearIndex { rightIndex += 1 }
            let offset = (rng.nextBernoulli(0.5) ? 1.0 : -1.0) * rng.nextLogUniform(1e-7, 1e-3)
            alpha[nearIndex] = -1 / tau * (1 + offset)
            alpha[rightIndex] = -rng.nextLogUniform(1e-11, 1e-2) / tau
            let (jacobian, exact, structure, _) = Self.randomBlockTriangular(alpha: alpha, tau: tau, using: &rng)
            let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
            if case .fallback(let reason) = spectrum.route {
                #expect(reason == .timeConstantCluster || reason == .undecided, "seed \(seed): fallback \(reason)")
                counts.fellBack[reason, default: 0] += 1
                return
            }
            // Greedy matching, tightest bands first: every exact eigenvalue within its band.
            var remaining = Array(exact.indices)
            let allowance = 8 * Double.ulpOfOne * jacobian.frobeniusNorm
            for k in spectrum.eigenvalues.indices.sorted(by: { spectrum.bandRadii[$0] < spectrum.bandRadii[$1] }) {
                let lambda = spectrum.eigenvalues[k]
                let nearest = remaining.indices.min { abs(exact[remaining[$0]] - lambda.real) + abs(lambda.imaginary) < abs(exact[remaining[$1]] - lambda.real) + abs(lambda.imaginary) }!
                let j = remaining.remove(at: nearest)
                let distance = (Complex(exact[j], 0) - lambda).length
                record.worstRatio = max(record.worstRatio, distance / (spectrum.bandRadii[k] + allowance))
                #expect(distance <= spectrum.bandRadii[k] + allowance, "seed \(seed), n = \(n): \(lambda) vs exact \(exact[j]), band \(spectrum.bandRadii[k])")
            }
            #expect(spectrum.verdict == .stable, "seed \(seed), n = \(n): \(spectrum.verdict), rightmost \(spectrum.eigenvalues[0]) band \(spectrum.bandRadii[0])")
            counts.decided += 1
            // What one δ for all (the smallest) would have made of the rightmost band.
            if let kappa = spectrum.conditionNumbers?[0], kappa * spectrum.backwardError >= -spectrum.eigenvalues[0].real {
                counts.globalWouldNot += 1
            }
        }
        #expect(counts.decided >= 100, "decided \(counts.decided) of 200, fell back \(counts.fellBack)")
        // An undecided structured verdict is rare here (a rightmost margin below its own band);
        // one δ for all would send about a quarter of the draws to the dense route.
        #expect(counts.fellBack[.undecided, default: 0] <= 10, "undecided fallbacks: \(counts.fellBack)")
        #expect(counts.globalWouldNot >= 10, "the generator must reach draws one δ for all would leave undecided: \(counts.globalWouldNot)")
        print("Near-copy eigenvalues: decided \(counts.decided) (one δ for all would not: \(counts.globalWouldNot)), fell back \(counts.fellBack); worst |λ − λ_exact|/(d + 8ε‖J‖) = \(record.worstRatio)")
    }

    @Test("n = 1: M is J itself up to the sign of a (eq. 9.4), same eigenvalues as the 2 × 2 trace/det roots")
    func oneNeuron() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            var sample = StructuredSpectrumTests.randomCase(using: &rng, maximumN: 1)
            sample.structure = RankOneJacobianStructure(column: sample.structure.column, tauA: sample.circuit.tauA)
            let j = JacobianBuilder().flowJacobian(of: sample.circuit, at: sample.state).matrix
            let spectrum = try Spectrum(jacobian: j, structure: sample.structure, route: .structured)
            let trace = j[0, 0] + j[1, 1], determinant = j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0]
            let roots = CircuitSpectrumTests.quadraticRoots(trace: trace, determinant: determinant)
            let scale = j.frobeniusNorm
            let separation = max((roots[0] - roots[1]).length, Double.leastNormalMagnitude)
            for root in roots {
                let nearest = spectrum.eigenvalues.map { ($0 - root).length }.min() ?? .infinity
                // The trace/det roots are accurate to ≈ ε‖J‖²/|λ₁ − λ₂| (first-order, 2 × 2).
                #expect(nearest <= 1e-12 * scale + 1e3 * Double.ulpOfOne * scale * scale / separation, "seed \(seed): \(spectrum.eigenvalues) vs \(roots)")
            }
        }
    }

    /// Found by a wide-scale run of the property above (n = 1, W = ones, τ_a ≈ 3.8·10⁻⁴ s): the
    /// a-row's diagonal 672.6 = p v₂ − 1/τ_a cancels two terms of ≈ 3300 and 2640, so ‖L‖_F ≈
    /// 5‖J‖_F although R = 0; the first gate, on ‖J_b‖_F alone, refused the structure. The gate
    /// of eq. 9.7 includes the terms' own size: structured, and the roots of λ² − tr λ + det.
    @Test("Regression: a cancelling a-row diagonal is not a structure residual (structure.md eq. 9.7)")
    func cancellingDiagonalIsNotAResidual() throws {
        let jacobian = try ColumnMajorMatrix(rowMajor: [[-13.32792146800922, 16.284331910694057],
                                                        [9.982354710185252, 672.6460011644899]])
        let structure = RankOneJacobianStructure(column: [1], tauA: [0.00037884432892013536])
        let spectrum = try Spectrum(jacobian: jacobian, structure: structure, route: .structured)
        #expect(spectrum.route.reducedOrder == 2)
        let trace = jacobian[0, 0] + jacobian[1, 1], determinant = jacobian[0, 0] * jacobian[1, 1] - jacobian[0, 1] * jacobian[1, 0]
        let roots = CircuitSpectrumTests.quadraticRoots(trace: trace, determinant: determinant)
        for root in roots {
            let nearest = spectrum.eigenvalues.map { ($0 - root).length }.min() ?? .infinity
            #expect(nearest <= 1e-12 * jacobian.frobeniusNorm, "\(spectrum.eigenvalues) vs \(roots)")
        }
        #expect(spectrum.verdict == .unstable)
    }

    @Test("Fallbacks are counted with their reason (structure.md §9.5)")
    func fallbacks() throws {
        let alpha = [-1.0, -2.5, -4, -7], beta = [0.5, -1, 2, 0.125]
        let u = [1.0, 0, 2, 0.5], v2 = [0.25, 1, 0.125, 0.5], tau = 0.5
        let structure = RankOneJacobianStructure(column: u, tauA: Array(repeating: tau, count: 4))
        let jacobian = Self.closedFormJacobian(alpha: alpha, beta: beta, u: u, v2: v2, tau: tau)
        // No structure given, route forced.
        #expect(try Spectrum(jacobian: jacobian, structure: nil, route: .structured).route == .fallback(.structureAbsent))
        // An a-row that is not (u_i/τ)vᵀ − e/τ: a relative 10⁻⁸ change is far above rounding.
        var broken = jacobian
        broken[6, 5] *= 1 + 1e-8
        #expect(try Spectrum(jacobian: broken, structure: structure, route: .structured).route == .fallback(.structureResidual))
        // An eigenvalue of M equal to −1/τ: the copies' bands cannot be separated from it.
        let clash = Self.closedFormJacobian(alpha: [-2, -2.5, -4, -7], beta: beta, u: u, v2: v2, tau: tau)
        let spectrum = try Spectrum(jacobian: clash, structure: structure, route: .structured)
        #expect(spectrum.route == .fallback(.timeConstantCluster))
        #expect(spectrum.eigenvalues == (try Spectrum(jacobian: clash)).eigenvalues)
        // A decoupled y-row (b₀ = 0, a rectified neuron) with J₀₀ = −1/τ while column 0 is coupled
        // (v₁,₀ ≠ 0): e₀ is a left eigenvector of M for −1/τ; caught before any dgees.
        var rowClash = Self.closedFormJacobian(alpha: [-2, -2.5, -4, -7], beta: [0, -1, 2, 0.125], u: u, v2: v2, tau: tau)
        for i in 0..<4 { rowClash[4 + i, 0] = u[i] / tau * 0.75 }
        #expect(Spectrum.hasDecoupledCopyCoordinate(rowClash, structure: structure))
        #expect(!Spectrum.hasDecoupledCopyCoordinate(jacobian, structure: structure))
        let rowSpectrum = try Spectrum(jacobian: rowClash, structure: structure, route: .structured)
        #expect(rowSpectrum.route == .fallback(.timeConstantCluster))
        // Dense asked for: dense, no fallback.
        #expect(try Spectrum(jacobian: jacobian, structure: structure, route: .dense).route == .dense)
        // Automatic at n = 4 with uniform τ_a: cost ratio ≈ 0.27 (eq. 9.12), structured.
        #expect(try Spectrum(jacobian: jacobian, structure: structure, route: .automatic).route.reducedOrder == 5)
        // Automatic with all τ_a different: order 2n, dense (not a fallback).
        let unequal = RankOneJacobianStructure(column: u, tauA: [0.5, 0.25, 0.125, 1])
        #expect(Spectrum.structuredCostRatio(neuronCount: 4, tauA: unequal.tauA, column: u) > 0.5)
    }
}
