import Dynamics
import Foundation
import Testing
@testable import Sweep

@Suite("Sweep: starts, simulate modes, literature replay")
struct SweepStartsTests {
    @Test("config keys starts / simulate / literature_replay: defaults, round trip, refusals naming the key")
    func configKeys() throws {
        let defaults = try SweepConfig.decode("{}")
        #expect(defaults.starts == [.closedForm, .firstOrder] && defaults.simulate == .all && !defaults.literatureReplay)
        #expect(defaults.outcomeColumns == ["from_closed_form", "from_first_order"])
        let custom = try SweepConfig.decode("""
            {"starts": ["zero", "branch", "random"], "simulate": "unstable", "literature_replay": true}
            """)
        #expect(custom.outcomeColumns == ["from_zero", "from_branch", "from_random", "literature_euler"])
        #expect(try SweepConfig.decode(custom.encoded()) == custom)
        for (text, key) in [("{\"starts\": []}", "starts"), ("{\"starts\": [\"norm\"]}", "starts[0]"),
                            ("{\"starts\": [\"zero\", \"zero\"]}", "starts[1]"), ("{\"simulate\": true}", "simulate"),
                            ("{\"simulate\": \"some\"}", "simulate"), ("{\"literature_replay\": 1}", "literature_replay")] {
            #expect(throws: SweepConfigError.self, "\(text)") { try SweepConfig.decode(text) }
            do { _ = try SweepConfig.decode(text) } catch { #expect("\(error)".contains(key), "\(text): \(error)") }
        }
    }

    @Test("simulate = none / unstable: stable cells are not-simulated; all: every outcome is an AttractorOutcome")
    func simulateModes() throws {
        var config = try SweepRunnerTests.smallConfig()
        config.trials = 1
        config.simulate = .none
        let none = try SweepRunnerTests.run(config).rows
        #expect(none.allSatisfy { $0.outcomes == ["not-simulated", "not-simulated"] })
        config.simulate = .unstable
        let unstable = try SweepRunnerTests.run(config).rows
        #expect(unstable.filter { $0.verdict == "stable" }.allSatisfy { $0.outcomes == ["not-simulated", "not-simulated"] })
        config.simulate = .all
        config.literatureReplay = true
        let all = try SweepRunnerTests.run(config).rows
        let names = Set(AttractorOutcome.allCases.map(\.rawValue)).subtracting(["not-simulated"])
        #expect(all.allSatisfy { $0.outcomes.count == 3 && $0.outcomes.allSatisfy(names.contains) })
        #expect(all.allSatisfy { $0.outcomeColumns == ["from_closed_form", "from_first_order", "literature_euler"] })
        // Rows other than the outcomes do not depend on the simulate mode.
        #expect(zip(none, all).allSatisfy { a, b in
            var x = a.withoutTiming, y = b.withoutTiming
            x.outcomes = []; y.outcomes = []; x.outcomeColumns = []; y.outcomeColumns = []
            return x == y
        })
    }
}
