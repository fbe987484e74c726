import CircuitModel
import Foundation
import Testing
@testable import Sweep

/// The `variant` key: every cell's circuit has the config's dynamics (case-format.md).
@Suite("Sweep variant: paper (default), rectified, rectified-recurrence")
struct SweepVariantTests {
    /// n = 6, δ ∈ {0, 0.5, 1} (δ = 0 is W_r = I), a random input direction so some
    /// drives b z_i are negative (the rectified closed form then differs from the paper's).
    static func rectifiedConfig(variant: String = "rectified") throws -> SweepConfig {
        try SweepConfig.decode("""
            {"n": 6, "trials": 2, "seed": 5, "input_kind": "random",
             "delta": {"min": 0, "max": 1, "count": 3, "spacing": "linear"},
             "input_norm": {"min": 0.05, "max": 0.5, "count": 2, "spacing": "log"}}
            """, overrides: ["variant=\(variant)"])
    }

    @Test("variant defaults to paper, is read from the file and from --set, and survives config.json")
    func decoding() throws {
        #expect(try SweepConfig.decode("{}").variant == .paper)
        #expect(try SweepConfig.decode("{\"variant\": \"rectified\"}").variant == .rectified)
        let config = try SweepConfig.decode("{}", overrides: ["variant=rectified-recurrence"])
        #expect(config.variant == .rectifiedRecurrence)
        #expect(try SweepConfig.decode(config.encoded()) == config)
        #expect(config.encoded().contains("\"variant\": \"rectified-recurrence\""))
        // A config.json written before the key existed still equals a paper config (resume, merge).
        var old = SweepConfig(); old.seed = 3
        let withoutVariant = old.encoded().split(separator: "\n").filter { !$0.contains("\"variant\"") }.joined(separator: "\n")
        #expect(try SweepConfig.decode(withoutVariant) == old)
    }

    @Test("an unknown variant is refused with a message naming the key", arguments: [
        "{\"variant\": \"rectify\"}", "{\"variant\": 1}",
    ])
    func unknownVariant(text: String) {
        do {
            _ = try SweepConfig.decode(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("variant"), "\(error.description)")
        }
        #expect(throws: SweepConfigError.unknownChoice(key: "variant", value: "relu",
                                                       allowed: ["paper", "rectified", "rectified-recurrence"])) {
            try SweepConfig.decode("{}", overrides: ["variant=relu"])
        }
    }

    @Test("a tiny rectified sweep runs; its δ = 0 cells are stable at the closed form, a fixed point", arguments: [
        "rectified", "rectified-recurrence",
    ])
    func rectifiedSweep(variant: String) throws {
        let config = try Self.rectifiedConfig(variant: variant)
        let (directory, rows) = try SweepRunnerTests.run(config)
        let grid = SweepGrid(config)
        #expect(rows.count == grid.cellCount)
        #expect(rows.allSatisfy { !$0.branchStatus.isEmpty && !$0.verdict.isEmpty })
        // No first-order prediction outside variant paper: the column is empty, not a crash.
        #expect(rows.allSatisfy { $0.firstOrderError == nil })
        let record = try SweepRecord.load(directory: directory)
        #expect(record.config.variant == config.variant)
        let unit = SweepUnit(config: config, master: record.master)
        var negativeDrives = 0
        for row in rows where row.delta == 0 {
            #expect(row.branchStatus == "converged", "cell \(row.cell)")
            #expect(row.verdict == "stable", "cell \(row.cell): \(row.verdict)")
            #expect(row.residual < 1e-10, "cell \(row.cell): residual \(row.residual)")
            let circuit = try unit.circuit(ofCell: row.cell)
            #expect(circuit.variant == config.variant)
            let closedForm = try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit).flattened
            let residual = circuit.residual(at: closedForm).map(abs).max() ?? .infinity
            #expect(residual < 1e-10, "cell \(row.cell): closed-form residual \(residual)")
            negativeDrives += circuit.drive.filter { $0 < 0 }.count
        }
        #expect(negativeDrives > 0, "the test should exercise the rectified kink (some b z_i < 0)")
    }

    @Test("an emitted case of a rectified sweep carries \"variant\": \"rectified\"")
    func emittedCase() throws {
        let config = try Self.rectifiedConfig()
        let unit = SweepUnit(config: config, master: config.seed ?? 0)
        let text = CaseFile.encode(try unit.circuit(ofCell: 1))
        #expect(text.contains("\"variant\": \"rectified\""))
        #expect(try CaseFile.decode(text).variant == .rectified)
        let paper = try SweepConfig.decode("{\"n\": 4, \"seed\": 1}")
        #expect(CaseFile.encode(try SweepUnit(config: paper, master: 1).circuit(ofCell: 0)).contains("\"variant\": \"paper\""))
    }
}
