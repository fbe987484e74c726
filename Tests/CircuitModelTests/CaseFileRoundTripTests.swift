import CircuitModel
import PropertyBased
import Randomness
import TestSupport
import Testing

@Suite("Case-file encoding round trip")
struct CaseFileRoundTripTests {
    @Test("decode(encode(c)) == c exactly for random circuits of every variant (property)")
    func roundTrip() async throws {
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: 3)]
            let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: 0.3, variant: variant, using: &rng)
            let decoded = try CaseFile.decode(CaseFile.encode(circuit))
            #expect(decoded == circuit)
        }
    }

    @Test("names with quotes and newlines survive")
    func escapedName() throws {
        let circuit = try Circuit(name: "a \"quoted\"\nname\\", inputGain: [1], input: [1], normalizationGain: [1],
                                  sigma: [0.1], tauY: [1], tauA: [1])
        #expect(try CaseFile.decode(CaseFile.encode(circuit)).name == circuit.name)
    }
}
