import Foundation

/// Joins shard directories into one sweep directory (`organics merge OUT DIR…`).
///
/// Refuses: directories whose configs (seed included) differ, shards of different k, the
/// same shard twice, overlapping cell indices, or a row outside its directory's shard.
/// The output holds the union sorted by cell index, a config.json with shard 0/1 when every
/// shard of 0..<k is present (otherwise the merged shards are listed in an error), and the
/// summaries. Nothing is written when a check fails.
public enum SweepMerge {
    public static func merge(output: String, inputs: [String], pipeline: CellPipeline = .standard,
                             allowPartial: Bool = false) throws {
        guard let firstInput = inputs.first else { throw SweepRunError.mergeConflict("no input directories") }
        let records = try inputs.map { directory throws(SweepRunError) in try SweepRecord.load(directory: directory) }
        let reference = records[0]
        var seenShards: Set<Int> = []
        for (record, directory) in zip(records, inputs) {
            guard record.config == reference.config, record.master == reference.master else {
                throw SweepRunError.mergeConflict("\(directory) has a different config or seed than \(firstInput)")
            }
            guard record.shard.count == reference.shard.count else {
                throw SweepRunError.mergeConflict("\(directory) is shard \(record.shard), \(firstInput) is shard \(reference.shard)")
            }
            guard seenShards.insert(record.shard.index).inserted else {
                throw SweepRunError.mergeConflict("shard \(record.shard) given twice (\(directory))")
            }
        }
        let count = reference.shard.count
        if !allowPartial, seenShards.count != count {
            let missing = (0..<count).filter { !seenShards.contains($0) }.map { "\($0)/\(count)" }
            throw SweepRunError.mergeConflict("missing shard(s) \(missing.joined(separator: ", "))")
        }
        let grid = SweepGrid(reference.config)
        var rows: [Int: CellRow] = [:]
        for (record, directory) in zip(records, inputs) {
            let path = directory + "/" + SweepFiles.cells
            let parsed = try SweepFiles.parseCells(try SweepFiles.read(path), path: path)
            for row in parsed.rows {
                guard row.trial % count == record.shard.index, row.cell < grid.cellCount else {
                    throw SweepRunError.mergeConflict("\(path): cell \(row.cell) is not in shard \(record.shard)")
                }
                guard rows.updateValue(row, forKey: row.cell) == nil else {
                    throw SweepRunError.mergeConflict("cell \(row.cell) appears twice (\(path))")
                }
            }
        }
        let merged = SweepRecord(config: reference.config, master: reference.master,
                                 shard: seenShards.count == count ? .whole : reference.shard)
        let sorted = rows.values.sorted { $0.cell < $1.cell }
        do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw SweepRunError.io(path: output, reason: (error as NSError).localizedDescription)
        }
        try SweepFiles.writeAtomically(merged.encoded, to: output + "/" + SweepFiles.record)
        try SweepFiles.writeAtomically(
            SweepFiles.cellsText(comment: SweepFiles.commentLine(config: merged.config, master: merged.master),
                                 outcomeColumns: merged.config.outcomeColumns, rows: sorted),
            to: output + "/" + SweepFiles.cells)
        try SweepSummary.write(directory: output, record: merged, rows: sorted, pipeline: pipeline)
    }
}
