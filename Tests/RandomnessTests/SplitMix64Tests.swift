import PropertyBased
import Randomness
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test("Seed 1234567: first five outputs of the reference splitmix64.c (Vigna), recomputed in Python")
    func referenceOutputs() {
        var generator = SplitMix64(seed: 1_234_567)
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(outputs == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                            4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    @Test("Seed 0: first outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F (splitmix64.c)")
    func referenceOutputsFromZero() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
        #expect(generator.state == 3 &* 0x9E37_79B9_7F4A_7C15)
    }

    @Test("mix(0) = 0 and mix is the finalizer alone: next() = mix(seed + 0x9E3779B97F4A7C15)")
    func mixIsTheFinalizer() async {
        #expect(SplitMix64.mix(0) == 0)
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var generator = SplitMix64(seed: seed)
            #expect(generator.next() == SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15))
        }
    }

    @Test("derivedSeed(master, index) is the (index+1)-th output of SplitMix64(seed: master) (SplitMix64 doc)")
    func derivedSeedIsStreamOutput() async {
        #expect(SplitMix64.derivedSeed(master: 42, index: 0) == 13_679_457_532_755_275_413)
        #expect(SplitMix64.derivedSeed(master: 42, index: 9_999) == 7_128_470_787_262_806_925)
        await propertyCheck(count: 100, input: Gen.uint64()) { master in
            var generator = SplitMix64(seed: master)
            for index in 0..<20 {
                #expect(SplitMix64.derivedSeed(master: master, index: UInt64(index)) == generator.next())
            }
        }
    }

    @Test("derivedSeed is distinct for indices 0..<10000 (mix is a bijection; the golden increment is odd)")
    func derivedSeedsDistinct() async {
        await propertyCheck(count: 5, input: Gen.uint64()) { master in
            let seeds = Set((0..<10_000 as Range<UInt64>).map { SplitMix64.derivedSeed(master: master, index: $0) })
            #expect(seeds.count == 10_000)
        }
    }
}
