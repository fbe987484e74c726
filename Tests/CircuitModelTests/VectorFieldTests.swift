import CircuitModel
import Foundation
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// The residual F and the flow diag(1/τ)F against an independent, deliberately naive
/// transcription of case-format.md's table (dense matrices, explicit loops).
@Suite("Vector field (case-format.md, proofs/model.md eqs. 1.1–1.3)")
struct VectorFieldTests {
    /// F written directly from the format document's table, O(n²) with dense matrices.
    static func naiveResidual(_ circuit: Circuit, _ x: [Double]) -> [Double] {
        let n = circuit.neuronCount
        let wr = circuit.recurrentWeights.denseMatrix(order: n), w = circuit.normalizationWeights.denseMatrix(order: n)
        var out = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            var r = 0.0
            for j in 0..<n {
                let yj = circuit.variant == .rectified ? max(x[j], 0) : x[j]
                r += wr[i, j] * yj
            }
            if circuit.variant == .rectifiedRecurrence { r = max(r, 0) }
            var pool = 0.0
            for j in 0..<n {
                let yj = circuit.variant == .paper ? x[j] : max(x[j], 0)
                pool += w[i, j] * max(x[n + j], 0) * yj * yj
            }
            let aPlus = max(x[n + i], 0)
            out[i] = -x[i] + circuit.inputGain[i] * circuit.input[i] + (1 - sqrt(aPlus)) * r
            out[n + i] = -x[n + i] + pow(circuit.normalizationGain[i] * circuit.sigma[i], 2) + pool
        }
        return out
    }

    /// Σ |terms| of each component of F: |y_i| + |b_i z_i| + |1 − √a⁺_i| Σ_j |W_r,ij φ_j|, and
    /// |a_i| + (b0_i σ_i)² + Σ_j |W_ij a⁺_j ψ_j²| (φ, ψ the variant's rectified y).
    static func sumOfTermMagnitudes(_ circuit: Circuit, _ x: [Double]) -> [Double] {
        let n = circuit.neuronCount
        let wr = circuit.recurrentWeights.denseMatrix(order: n), w = circuit.normalizationWeights.denseMatrix(order: n)
        var out = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            var r = 0.0, pool = 0.0
            for j in 0..<n {
                r += abs(wr[i, j] * (circuit.variant == .rectified ? max(x[j], 0) : x[j]))
                let yj = circuit.variant == .paper ? x[j] : max(x[j], 0)
                pool += abs(w[i, j] * max(x[n + j], 0) * yj * yj)
            }
            out[i] = abs(x[i]) + abs(circuit.inputGain[i] * circuit.input[i]) + abs(1 - sqrt(max(x[n + i], 0))) * r
            out[n + i] = abs(x[n + i]) + pow(circuit.normalizationGain[i] * circuit.sigma[i], 2) + pool
        }
        return out
    }

    @Test("F matches the naive transcription for all variants, dense W_r and W (property)")
    func residualMatchesNaive() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 12)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: 3)]
            let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: 0.7, variant: variant, using: &rng)
            var x = RandomCircuits.state(neuronCount: n, using: &rng)
            if rng.nextBernoulli(0.3) { x[n] = -0.5 }   // a⁺ = 0 branch
            let fast = circuit.residual(at: x), naive = Self.naiveResidual(circuit, x)
            let scale = Self.sumOfTermMagnitudes(circuit, x)
            for k in 0..<(2 * n) {
                // Same sums in a different order: |Δ| ≤ 4(n+2)ε · (sum of |terms|), the terms of
                // W_r φ and W q included — not `residualScale`, whose |(1 − √a)(W_r φ)_i| is the size
                // of a sum that may cancel (seed 6003481239536326802: Δ = 1.4e-15 against
                // 4(n+2)ε·residualScale = 8.2e-16, once W x summed four columns at a time).
                #expect(abs(fast[k] - naive[k]) <= 4 * Double(n + 2) * .ulpOfOne * scale[k],
                        "seed \(seed), component \(k): \(fast[k]) vs \(naive[k])")
            }
            let flow = circuit.vectorField(at: x)
            for i in 0..<n {
                #expect(flow[i] == fast[i] / circuit.tauY[i])
                #expect(flow[n + i] == fast[n + i] / circuit.tauA[i])
            }
        }
    }

    @Test("Dense W x (four columns per pass, four rows per SIMD step) = the plain double sum, with silent columns (x_j = 0) and every n mod 4 (property)")
    func denseProductMatchesPlainSum() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 41)
            let silent = rng.nextUniform(0, 1)  // the fraction of exact zeros in x, up to all of them
            let rows = (0..<n).map { _ in (0..<n).map { _ in rng.nextBernoulli(0.2) ? 0 : rng.nextGaussian() * rng.nextLogUniform(1e-3, 1e3) } }
            let x = (0..<n).map { _ in rng.nextUniform(0, 1) < silent ? 0 : rng.nextGaussian() }
            guard let matrix = try? ColumnMajorMatrix(rowMajor: rows) else { Issue.record("seed \(seed): matrix"); return }
            let product = WeightMatrix.dense(matrix).applied(to: x)
            for i in 0..<n {
                let plain = (0..<n).reduce(0.0) { $0 + rows[i][$1] * x[$1] }
                let size = (0..<n).reduce(0.0) { $0 + abs(rows[i][$1] * x[$1]) }
                // The same n products summed in another order: within 2nε of their magnitudes' sum.
                #expect(abs(product[i] - plain) <= 2 * Double(n) * .ulpOfOne * size, "seed \(seed), row \(i): \(product[i]) vs \(plain)")
                if size == 0 { #expect(product[i] == 0, "seed \(seed): a row meeting only zeros must give 0") }
            }
        }
    }

    @Test("W = ones and W = identity give the same F as their dense forms")
    func structuredWeights() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        let n = 5
        let base = RandomCircuits.identityRecurrence(neuronCount: n, normalization: .ones, using: &rng)
        let x = RandomCircuits.state(neuronCount: n, using: &rng)
        for structured in [WeightMatrix.ones, .identity] {
            let a = RandomCircuits.makeCircuit(variant: .paper, b: base.inputGain, z: base.input, b0: base.normalizationGain,
                                               sigma: base.sigma, tauY: base.tauY, tauA: base.tauA,
                                               recurrent: .identity, normalization: structured)
            let b = RandomCircuits.makeCircuit(variant: .paper, b: base.inputGain, z: base.input, b0: base.normalizationGain,
                                               sigma: base.sigma, tauY: base.tauY, tauA: base.tauA,
                                               recurrent: .dense(.identity(n)), normalization: .dense(structured.denseMatrix(order: n)))
            let fa = a.residual(at: x), fb = b.residual(at: x)
            for k in fa.indices { #expect(abs(fa[k] - fb[k]) <= 1e-14 * (1 + abs(fa[k]))) }
        }
    }
}
