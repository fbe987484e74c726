import CircuitModel
import Foundation
import Testing
@testable import Sweep

/// n as a grid axis (finite-size sweeps): a multi-size sweep is the one-size sweeps of its
/// slices, each with its documented master seed, with global cell indices (SweepConfig+Sizes).
@Suite("Sweep over several n: slices, seeds, shards, resume, emit")
struct SweepSizesTests {
    static func config(sizes: String = "[5, 9]", seed: UInt64 = 21) throws -> SweepConfig {
        try SweepConfig.decode("""
            {"n": \(sizes), "trials": 3, "seed": \(seed), "delta": {"min": 0.05, "max": 2, "count": 3, "spacing": "log"},
             "input_norm": {"min": 0.02, "max": 0.2, "count": 2, "spacing": "log"}}
            """)
    }

    @Test("n decodes as a number or a list; lists round-trip through the record; bad lists are refused naming n")
    func decoding() throws {
        let list = try Self.config()
        #expect(list.neuronCounts == [5, 9])
        #expect(try SweepConfig.decode("{\"n\": 7}").neuronCounts == [7])
        let record = SweepRecord(config: list, master: 21, shard: .whole)
        #expect(try SweepRecord.decode(record.encoded, path: "config.json").config == list)
        #expect(throws: SweepConfigError.self) { try SweepConfig.decode("{\"n\": [5, 5]}") }
        #expect(throws: SweepConfigError.self) { try SweepConfig.decode("{\"n\": []}") }
        #expect(throws: SweepConfigError.self) { try SweepConfig.decode("{\"n\": [5, 0]}") }
        // Per-neuron arrays cannot fit two sizes: one number (broadcast) only.
        #expect(throws: SweepConfigError.self) { try SweepConfig.decode("{\"n\": [2, 3], \"b\": [1, 1]}") }
        #expect(try SweepConfig.decode("{\"n\": [2, 3], \"b\": 0.5}").inputGain == [0.5])
    }

    @Test("each size's rows equal a one-size sweep at that n with the slice's master seed (cells offset)")
    func slicesAreOneSizeSweeps() throws {
        let config = try Self.config()
        let whole = try SweepRunnerTests.run(config, workers: 2)
        let grid = SweepGrid(config)
        #expect(whole.rows.count == grid.cellCount)
        #expect(whole.rows.map(\.cell) == Array(0..<grid.cellCount))
        for (sizeIndex, n) in config.neuronCounts.enumerated() {
            var single = config.slice(sizeIndex)
            single.seed = SweepConfig.sliceMaster(21, sizeIndex: sizeIndex)
            let alone = try SweepRunnerTests.run(single)
            let slice = whole.rows.filter { $0.neuronCount == n }.map { row -> CellRow in
                var local = row.withoutTiming
                local.cell -= sizeIndex * grid.cellsPerSize
                return local
            }
            #expect(slice == alone.rows.map(\.withoutTiming), "n = \(n)")
        }
        // The first slice is exactly the one-size sweep with the same master (seeds unchanged).
        #expect(SweepConfig.sliceMaster(21, sizeIndex: 0) == 21)
        #expect(Set(whole.rows.map(\.seed)).count == config.neuronCounts.count * config.trials)
    }

    @Test("shards of a multi-size sweep, merged, equal the unsharded sweep; resume after a cut equals it too")
    func shardsAndResume() throws {
        let config = try Self.config()
        let whole = try SweepRunnerTests.run(config)
        let shards = try (0..<2).map { try SweepRunnerTests.run(config, shard: Shard(parsing: "\($0)/2")!) }
        let union = shards.flatMap(\.rows).sorted { $0.cell < $1.cell }
        #expect(union.map(\.withoutTiming) == whole.rows.map(\.withoutTiming))
        let merged = SweepRunnerTests.temporaryDirectory("sizes-merge")
        try SweepMerge.merge(output: merged, inputs: shards.map(\.directory))
        let path = merged + "/" + SweepFiles.cells
        #expect(try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows.map(\.withoutTiming)
                == whole.rows.map(\.withoutTiming))

        // Keep the first 25 rows (into the second size), then resume.
        let cut = SweepRunnerTests.temporaryDirectory("sizes-resume")
        try FileManager.default.createDirectory(atPath: cut, withIntermediateDirectories: true)
        let text = try SweepFiles.read(whole.directory + "/" + SweepFiles.cells)
        let lines = text.split(separator: "\n").map(String.init)
        try SweepFiles.writeAtomically(lines.prefix(2 + 25).joined(separator: "\n") + "\n", to: cut + "/" + SweepFiles.cells)
        try SweepFiles.writeAtomically(try SweepFiles.read(whole.directory + "/" + SweepFiles.record), to: cut + "/" + SweepFiles.record)
        let resumed = try SweepRunnerTests.run(config, directory: cut, resume: true)
        #expect(resumed.rows.map(\.withoutTiming) == whole.rows.map(\.withoutTiming))
    }

    @Test("--emit-case's circuit for a cell of the second size has that n and is the slice's circuit")
    func emitSecondSize() throws {
        let config = try Self.config()
        let grid = SweepGrid(config)
        let cell = grid.cellsPerSize + 4
        let circuit = try SweepUnit.circuit(config: config, master: 21, cell: cell)
        #expect(circuit.neuronCount == 9)
        var single = config.slice(1)
        single.seed = SweepConfig.sliceMaster(21, sizeIndex: 1)
        let reference = try SweepUnit(config: single, master: single.seed ?? 0).circuit(ofCell: 4)
        #expect(CaseFile.encode(circuit) == CaseFile.encode(reference))
    }
}
