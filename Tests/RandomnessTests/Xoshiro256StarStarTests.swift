import PropertyBased
import Randomness
import Testing

/// The reference xoshiro256** step (xoshiro256starstar.c, Blackman & Vigna 2018) on an explicit
/// state, written independently of `Xoshiro256StarStar` so the two can be compared.
private struct ReferenceXoshiro {
    var s: [UInt64]

    init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s = (0..<4).map { _ in mixer.next() }
    }

    mutating func next() -> UInt64 {
        func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        let result = rotl(s[1] &* 5, 7) &* 9
        let t = s[1] << 17
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result
    }
}

@Suite("Xoshiro256StarStar")
struct Xoshiro256StarStarTests {
    @Test("Seed 1234567 (state = four SplitMix64 outputs): reference values from a Python port of xoshiro256starstar.c")
    func referenceOutputs() {
        var generator = Xoshiro256StarStar(seed: 1_234_567)
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(outputs == [3_504_822_795_582_309_479, 1_819_558_768_956_484_042, 1_250_851_346_055_027_673,
                            16_940_231_675_099_994_102, 11_585_879_347_611_423_030])
    }

    @Test("Seed 0: reference values from a Python port of xoshiro256starstar.c")
    func referenceOutputsFromZero() {
        var generator = Xoshiro256StarStar(seed: 0)
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(outputs == [11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768,
                            7_684_712_102_626_143_532, 13_521_403_990_117_723_737])
    }

    @Test("Any seed: the stream equals the reference step for 1000 outputs (xoshiro256starstar.c)")
    func matchesReferenceStep() async {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var generator = Xoshiro256StarStar(seed: seed)
            var reference = ReferenceXoshiro(seed: seed)
            let stream = (0..<1_000).map { _ in generator.next() }
            let expected = (0..<1_000).map { _ in reference.next() }
            #expect(stream == expected, "first difference at \(String(describing: stream.indices.first { stream[$0] != expected[$0] }))")
        }
    }

    @Test("Equal seeds give equal streams; copies evolve independently (value semantics)")
    func valueSemantics() {
        var first = Xoshiro256StarStar(seed: 7)
        _ = first.next()
        var copy = first
        #expect(first.next() == copy.next())
        var other = Xoshiro256StarStar(seed: 8)
        var same = Xoshiro256StarStar(seed: 7)
        #expect(other.next() != same.next())
    }
}
