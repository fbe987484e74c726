import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import Testing
@testable import Sweep

@Suite("Seeds and cells (SWEEPS.md reproducibility)")
struct SeedingTests {
    private var config: SweepConfig {
        var config = SweepConfig()
        config.neuronCount = 8; config.trials = 3; config.inputKind = .random; config.normalizationWeights = .random
        config.delta.count = 4; config.inputNorm.count = 3
        return config
    }

    @Test("trial seed is SplitMix64.derivedSeed(master, trial); same seed ⇒ same draw")
    func sameSeedSameDraw() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { master in
            let first = try TrialDraw(config: config, master: master, trial: 1)
            let second = try TrialDraw(config: config, master: master, trial: 1)
            #expect(first.seed == SplitMix64.derivedSeed(master: master, index: 1))
            #expect(first.coupling == second.coupling)
            #expect(first.inputDirection == second.inputDirection)
            #expect(first.normalizationWeights == second.normalizationWeights)
            let other = try TrialDraw(config: config, master: master, trial: 2)
            #expect(other.coupling != first.coupling)
        }
    }

    /// K's eigenvalues come from dsyevd for the symmetric ensembles and from dgeev otherwise: the
    /// two agree, sorted, to 10 n ε ‖K‖_F (both backward stable; a symmetric eigenvalue moves by at
    /// most the perturbation's norm), every ensemble at n ≤ 40, with silent (zero) rows from
    /// sparse draws. A non-symmetric ensemble's eigenvalues are dgeev's own.
    @Test("TrialDraw: K's eigenvalues by dsyevd (symmetric ensembles) equal dgeev's to 10 n ε ‖K‖_F")
    func couplingEigenvaluesByBothRoutes() async throws {
        final class Count: @unchecked Sendable { var symmetric = 0 }
        let count = Count()
        await propertyCheck(count: 40, input: Gen.uint64()) { master in
            var rng = Xoshiro256StarStar(seed: master)
            let ensemble = Ensemble.allCases[rng.nextIndex(below: Ensemble.allCases.count)]
            let n = 1 + rng.nextIndex(below: 40)
            var config = SweepConfig()
            config.neuronCount = n; config.trials = 1; config.ensemble = ensemble
            let draw = try TrialDraw(config: config, master: master, trial: 0)
            let dense = try Eigendecomposition(draw.coupling).eigenvalues
            let tolerance = 10 * Double(n) * Double.ulpOfOne * max(draw.coupling.frobeniusNorm, Double.leastNormalMagnitude)
            #expect(draw.coupling.isExactlySymmetric == (ensemble == .symmetric || ensemble == .sparseSymmetric || n == 1))
            if draw.coupling.isExactlySymmetric {
                count.symmetric += 1
                #expect(draw.couplingEigenvalues.allSatisfy { $0.imaginary == 0 })
                let symmetric = draw.couplingEigenvalues.map(\.real)
                #expect(symmetric == symmetric.sorted())
                let reference = dense.map(\.real).sorted()
                for (a, b) in zip(symmetric, reference) {
                    #expect(abs(a - b) <= tolerance, "seed \(master), \(ensemble), n = \(n): \(a) vs dgeev \(b)")
                }
                #expect(dense.allSatisfy { abs($0.imaginary) <= tolerance })
            } else {
                #expect(draw.couplingEigenvalues == dense, "seed \(master), \(ensemble)")
            }
            #expect(abs(draw.couplingSpectralRadius - (dense.map(\.length).max() ?? 0)) <= tolerance)
        }
        #expect(count.symmetric >= 3, "only \(count.symmetric) symmetric draws of 40")
    }

    @Test("cell index = (trial·Z + z)·D + d is a bijection onto 0..<cellCount")
    func cellIndexBijection() {
        let grid = SweepGrid(config)
        var seen = Set<Int>()
        for t in 0..<grid.trials {
            for z in grid.inputNorms.indices {
                for d in grid.deltas.indices {
                    let cell = grid.cellIndex(trial: t, inputNormIndex: z, deltaIndex: d)
                    #expect(grid.coordinates(ofCell: cell) == (t, z, d))
                    seen.insert(cell)
                }
            }
        }
        #expect(seen == Set(0..<grid.cellCount))
    }

    @Test("a trial's cells share K (common random numbers): W_r(δ) = I + δK")
    func commonRandomNumbers() throws {
        let draw = try TrialDraw(config: config, master: 5, trial: 0)
        let low = draw.recurrentWeights(delta: 0.5, mode: .identityPlus)
        let high = draw.recurrentWeights(delta: 2, mode: .identityPlus)
        for index in low.elements.indices {
            let k = draw.coupling.elements[index]
            let identity: Double = index % 9 == 0 ? 1 : 0
            #expect(abs(low.elements[index] - (identity + 0.5 * k)) < 1e-15)
            #expect(abs(high.elements[index] - (identity + 2 * k)) < 1e-15)
        }
    }

    @Test("shard i/k parses only when 0 ≤ i < k")
    func shardParsing() {
        #expect(Shard(parsing: "1/3") != nil)
        #expect(Shard(parsing: "3/3") == nil)
        #expect(Shard(parsing: "-1/3") == nil)
        #expect(Shard(parsing: "1/0") == nil)
        #expect(Shard(parsing: "x") == nil)
    }
}
