import Foundation
import Testing
@testable import Sweep

/// Grid values come out as the decimals a user wrote where the grid formula lands within a few
/// ulp of one (issue 18: "delta 0.10000000000000002" in CSVs, case names and messages).
@Suite("Sweep axis: decimal grid values")
struct SweepAxisTests {
    @Test("linear 0…1 in 11 points is exactly 0, 0.1, …, 1 (the decimal literals)")
    func linearTenths() {
        let axis = SweepAxis(minimum: 0, maximum: 1, count: 11, spacing: .linear)
        #expect(axis.values == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(axis.values.map(\.description) == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"])
    }

    @Test("log 0.01…10 in 4 points is exactly the decades 0.01, 0.1, 1, 10")
    func logDecades() {
        #expect(SweepAxis(minimum: 0.01, maximum: 10, count: 4, spacing: .log).values == [0.01, 0.1, 1, 10])
    }

    @Test("points that are not short decimals are the formula's value, untouched")
    func irrationalPointsUntouched() {
        let axis = SweepAxis(minimum: 0.01, maximum: 10, count: 16, spacing: .log)
        for k in 1..<15 {
            let formula = exp(log(0.01) + (log(10.0) - log(0.01)) * Double(k) / 15)
            let value = axis.value(at: k)
            // Decades (k = 5, 10) snap to 0.1 and 1; the others equal the formula bit for bit.
            if k % 5 == 0 {
                #expect(value == [0.1, 1.0][k / 5 - 1])
                #expect(abs(value - formula) <= 4 * formula.ulp)
            } else {
                #expect(value == formula, "k = \(k)")
            }
        }
    }
}

@Suite("Sweep config reference")
struct SweepConfigReferenceTests {
    @Test("--print-config's meanings cover exactly the keys the decoder accepts, in the same order")
    func meaningsMatchAllowedKeys() {
        #expect(SweepConfig.keyMeanings.map(\.key) == SweepConfig.allowedKeys)
    }
}
