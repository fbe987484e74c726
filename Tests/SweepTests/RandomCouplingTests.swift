import LinearAlgebra
import PropertyBased
import Randomness
import Testing
@testable import Sweep

@Suite("Random couplings K (SWEEPS.md ensembles)")
struct RandomCouplingTests {
    private func config(_ ensemble: Ensemble, n: Int, mean: Double = 0) -> SweepConfig {
        var config = SweepConfig()
        config.ensemble = ensemble; config.neuronCount = n; config.mean = mean; config.connectivity = 8
        return config
    }

    @Test("gaussian: entries have mean μ/n and variance 1/n (within 5 standard errors)")
    func gaussianMoments() async {
        await propertyCheck(count: 10, input: Gen.uint64()) { seed in
            let n = 60, mu = 3.0
            var generator = Xoshiro256StarStar(seed: seed)
            let k = try RandomCoupling.sample(config(.gaussian, n: n, mean: mu), using: &generator)
            let count = Double(n * n)
            let mean = k.elements.reduce(0, +) / count
            let variance = k.elements.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (count - 1)
            // SE of the mean: sqrt(1/n / n²); SE of the variance: (1/n) sqrt(2/(n²−1)).
            #expect(abs(mean - mu / Double(n)) < 5 * (1 / Double(n) / count).squareRoot())
            #expect(abs(variance - 1 / Double(n)) < 5 * (1 / Double(n)) * (2 / (count - 1)).squareRoot())
        }
    }

    @Test("symmetric and sparse-symmetric draws are symmetric; sparse density ≈ c/n")
    func symmetricAndSparse() async {
        await propertyCheck(count: 10, input: Gen.uint64()) { seed in
            let n = 50
            var generator = Xoshiro256StarStar(seed: seed)
            for ensemble in [Ensemble.symmetric, .sparseSymmetric] {
                let k = try RandomCoupling.sample(config(ensemble, n: n), using: &generator)
                #expect(k == k.transposed())
            }
            let sparse = try RandomCoupling.sample(config(.sparse, n: n), using: &generator)
            let density = Double(sparse.elements.filter { $0 != 0 }.count) / Double(n * n)
            let p = 8.0 / Double(n)
            #expect(abs(density - p) < 5 * (p * (1 - p) / Double(n * n)).squareRoot())
        }
    }

    @Test("orthogonal: QᵀQ = I to 1e-12, and the mean trace of Haar draws is ≈ 0")
    func orthogonalIsHaar() throws {
        let n = 12, draws = 200
        var traceSum = 0.0
        for seed in 0..<UInt64(draws) {
            var generator = Xoshiro256StarStar(seed: seed)
            let q = try RandomCoupling.sample(config(.orthogonal, n: n), using: &generator)
            let product = q.transposed() * q
            for j in 0..<n { for i in 0..<n { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
            traceSum += q.diagonalEntries.reduce(0, +)
        }
        // Haar: E tr Q = 0, Var tr Q = 1, so the mean of 200 traces has SE 1/√200.
        #expect(abs(traceSum / Double(draws)) < 5 / Double(draws).squareRoot())
    }

    @Test("power-law: signs are balanced and magnitudes are ≥ n^(−1/α)")
    func powerLaw() throws {
        let n = 40
        var generator = Xoshiro256StarStar(seed: 99)
        var c = config(.powerLaw, n: n)
        c.tailExponent = 1.5
        let k = try RandomCoupling.sample(c, using: &generator)
        let floor = pow(Double(n), -1 / 1.5)
        #expect(k.elements.allSatisfy { abs($0) >= floor * (1 - 1e-12) })
        let positive = Double(k.elements.filter { $0 > 0 }.count)
        #expect(abs(positive / Double(n * n) - 0.5) < 5 * (0.25 / Double(n * n)).squareRoot())
    }
}

import Foundation
