import Testing
@testable import Sweep

@Suite("Sweep config: strict keys, ranges, overrides (sweeps/README.md)")
struct SweepConfigTests {
    @Test("empty config gives the literature's defaults")
    func defaults() throws {
        let config = try SweepConfig.decode("{}")
        #expect(config.neuronCount == 100 && config.ensemble == .symmetric && config.normalizationWeights == .ones)
        #expect(config.inputGain == [1] && config.normalizationGain == [1] && config.sigma == [0.1])
        #expect(config.tauY == [0.002] && config.tauA == [0.002] && config.seed == nil)
        #expect(config.delta.values.first == 0.01 && config.delta.values.last == 10)
    }

    @Test("refusals name the key", arguments: [
        ("{\"trails\": 3}", "trails"),
        ("{\"n\": 0}", "n"),
        ("{\"ensemble\": \"gauss\"}", "ensemble"),
        ("{\"delta\": {\"min\": 0, \"max\": 1, \"spacing\": \"log\"}}", "delta.min"),
        ("{\"delta\": {\"step\": 2}}", "delta.step"),
        ("{\"tau_y\": -1}", "tau_y"),
        ("{\"sigma\": 0}", "sigma"),
        ("{\"n\": 3, \"b\": [1, 2]}", "b"),
        ("{\"seed\": -4}", "seed"),
        ("{\"mean\": 1e400}", "mean"),
        ("{\"ensemble\": \"sparse\", \"connectivity\": 500}", "connectivity"),
        ("{\"input_norm\": {\"min\": 2, \"max\": 1}}", "input_norm.max"),
        ("{\"trials\": 2, \"trials\": 3}", "trials"),
    ])
    func refusals(text: String, key: String) {
        do {
            _ = try SweepConfig.decode(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(key), "\(error.description)")
        }
    }

    @Test("overrides KEY=VALUE apply and are validated like the file")
    func overrides() throws {
        let config = try SweepConfig.decode("{\"trials\": 2}", overrides: ["trials=5", "delta.count=3", "ensemble=gaussian"])
        #expect(config.trials == 5 && config.delta.count == 3 && config.ensemble == .gaussian)
        #expect(throws: SweepConfigError.unknownKey("bogus")) { try SweepConfig.decode("{}", overrides: ["bogus=1"]) }
        #expect(throws: SweepConfigError.malformedOverride("trials")) { try SweepConfig.decode("{}", overrides: ["trials"]) }
    }

    @Test("encoded() decodes to an equal config (config.json round trip)")
    func roundTrip() throws {
        var config = SweepConfig()
        config.name = "a \"quoted\" name"; config.seed = UInt64.max; config.sigma = [0.1, 0.2, 0.3]; config.neuronCount = 3
        config.mean = -0.3; config.delta = SweepAxis(minimum: 0, maximum: 2, count: 5, spacing: .linear)
        #expect(try SweepConfig.decode(config.encoded()) == config)
    }
}
