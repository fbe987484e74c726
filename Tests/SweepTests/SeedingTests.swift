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
