import CircuitModel
import ComplexModule
import Foundation

/// Runs a sweep into a directory (SWEEPS.md "What ours must do"; layout in sweeps/README.md).
///
/// Robustness contract: `config.json` is written (atomically) before any row; each finished
/// unit's rows are appended to `cells.csv` with one write(2) and no buffering, so a SIGKILL
/// loses at most the units in flight. `resume` re-reads cells.csv, drops lines that do not
/// parse (a cut last line) and the rows of units that are incomplete, rewrites the file
/// atomically with the rest, and runs only the missing units: no row lost or duplicated.
/// At the end cells.csv is rewritten sorted by cell index and the summaries are written.
/// Row content never depends on scheduling or on the number of workers.
public struct SweepRunner: Sendable {
    public let config: SweepConfig
    public let master: UInt64
    public let shard: Shard
    public let directory: String
    public var workers: Int
    public var pipeline: CellPipeline = .standard
    public var showProgress = true
    public var writeSummaries = true

    /// `config.seed` must be resolved (`SweepRunner.prepare` does it).
    public init(config: SweepConfig, master: UInt64, shard: Shard, directory: String, workers: Int) {
        self.config = config; self.master = master; self.shard = shard; self.directory = directory
        self.workers = max(1, workers)
    }

    /// Checks the directory against the config before anything is written, and decides the
    /// master seed: the config's, else (on resume) the directory's, else a fresh one.
    public static func prepare(config: SweepConfig, shard: Shard, directory: String, resume: Bool,
                               workers: Int) throws(SweepRunError) -> SweepRunner {
        let recordPath = directory + "/" + SweepFiles.record
        let cellsPath = directory + "/" + SweepFiles.cells
        let manager = FileManager.default
        var resolved = config
        if manager.fileExists(atPath: recordPath) || manager.fileExists(atPath: cellsPath) {
            guard resume else { throw .existingOutput(path: directory) }
            if manager.fileExists(atPath: recordPath) {
                let record = try SweepRecord.load(directory: directory)
                if resolved.seed == nil { resolved.seed = record.master }
                guard record.config == resolved else {
                    throw .configMismatch(path: recordPath, detail: "config differs from the one given")
                }
                guard record.shard == shard else {
                    throw .configMismatch(path: recordPath, detail: "shard \(record.shard), not \(shard)")
                }
            }
        }
        resolved = resolved.resolvingSeed()
        var runner = SweepRunner(config: resolved, master: resolved.seed ?? 0, shard: shard, directory: directory, workers: workers)
        runner.pipeline = .standard(route: resolved.linearAlgebra)
        return runner
    }

    public struct Outcome: Sendable {
        public let cellsRun: Int
        public let cellsKept: Int
        public let linesDropped: Int
    }

    public func run() throws -> Outcome {
        let manager = FileManager.default
        do { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw SweepRunError.io(path: directory, reason: (error as NSError).localizedDescription)
        }
        let record = SweepRecord(config: config, master: master, shard: shard)
        try SweepFiles.writeAtomically(record.encoded, to: directory + "/" + SweepFiles.record)
        let grid = SweepGrid(config)
        let cellsPath = directory + "/" + SweepFiles.cells
        let comment = SweepFiles.commentLine(config: config, master: master)
        let shardUnits = grid.units(in: shard)
        let shardUnitSet = Set(shardUnits)
        let perUnit = grid.deltas.count

        // Keep the complete units already on disk; drop everything else.
        var kept: [CellRow] = []
        var dropped = 0
        if manager.fileExists(atPath: cellsPath) {
            let parsed = try SweepFiles.parseCells(try SweepFiles.read(cellsPath), path: cellsPath)
            dropped = parsed.dropped
            var byUnit: [Int: [Int: CellRow]] = [:]
            for row in parsed.rows {
                let unit = row.cell / perUnit
                let sizeMaster = SweepConfig.sliceMaster(master, sizeIndex: grid.sizeSlice(ofCell: row.cell).sizeIndex)
                guard row.cell < grid.cellCount, shardUnitSet.contains(unit), row.outcomeColumns == config.outcomeColumns,
                      row.seed == TrialDraw.trialSeed(master: sizeMaster, trial: row.trial) else {
                    dropped += 1; continue
                }
                if byUnit[unit, default: [:]].updateValue(row, forKey: row.cell) != nil { dropped += 1 }
            }
            for (_, cells) in byUnit {
                if cells.count == perUnit { kept += cells.values } else { dropped += cells.count }
            }
            kept.sort { $0.cell < $1.cell }
        }
        try SweepFiles.writeAtomically(SweepFiles.cellsText(comment: comment, outcomeColumns: config.outcomeColumns, rows: kept), to: cellsPath)
        let done = Set(kept.map { $0.cell / perUnit })
        let todo = shardUnits.filter { !done.contains($0) }

        let progress = SweepProgress(totalCells: shardUnits.count * perUnit, alreadyDone: kept.count, enabled: showProgress)
        guard let handle = FileHandle(forWritingAtPath: cellsPath) else {
            throw SweepRunError.io(path: cellsPath, reason: "cannot open for appending")
        }
        _ = try? handle.seekToEnd()
        let state = RunState(todo: todo)
        // spectrum.svg shows one unit's spectra; when this run computes that unit, they are kept
        // for the summaries instead of running the unit again (at n = 2000 a unit is ≈ 15 s).
        // Single-size sweeps only: the summaries re-run a unit of the unsliced config.
        let representative = grid.sizes.count == 1
            ? SweepSummary.representativeUnit(grid: grid, trials: shardUnits.map { grid.unit($0).trial }) : nil
        // One runner per size slice (SweepConfig+Sizes); rows get global cell indices.
        let sliceRunners = grid.sizes.indices.map { sizeIndex in
            SweepUnit(config: config.slice(sizeIndex), master: SweepConfig.sliceMaster(master, sizeIndex: sizeIndex), pipeline: pipeline)
        }
        let group = DispatchGroup()
        for _ in 0..<min(workers, max(todo.count, 1)) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let unit = state.claim() {
                    do {
                        let (sizeIndex, local) = grid.sizeSlice(ofUnit: unit)
                        var keep: ((Int, [Complex<Double>]) -> Void)?
                        if unit == representative { keep = { cell, eigenvalues in state.keepSpectrum(cell: cell, eigenvalues: eigenvalues) } }
                        let rows = try sliceRunners[sizeIndex].run(unit: local, spectra: keep).map { row in
                            var global = row
                            global.cell += sizeIndex * grid.cellsPerSize
                            return global
                        }
                        let text = rows.map { $0.csvLine + "\n" }.joined()
                        try state.append(Data(text.utf8), to: handle)
                        progress.advance(by: rows.count)
                    } catch let error as SweepRunError {
                        state.fail(error)
                    } catch {
                        state.fail(SweepRunError.cellFailed(cell: unit * perUnit, reason: "\(error)"))
                    }
                }
            }
        }
        group.wait()
        try? handle.close()
        if let failure = state.failure { throw failure }

        let all = try SweepFiles.parseCells(try SweepFiles.read(cellsPath), path: cellsPath).rows.sorted { $0.cell < $1.cell }
        try SweepFiles.writeAtomically(SweepFiles.cellsText(comment: comment, outcomeColumns: config.outcomeColumns, rows: all), to: cellsPath)
        if writeSummaries {
            let known = representative.flatMap { todo.contains($0) ? SweepSummary.UnitSpectra(unit: $0, spectra: state.keptSpectra) : nil }
            try SweepSummary.write(directory: directory, record: record, rows: all, pipeline: pipeline, known: known)
        }
        return Outcome(cellsRun: todo.count * perUnit, cellsKept: kept.count, linesDropped: dropped)
    }
}

/// Shared mutable state of the worker threads, behind one lock.
private final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var todo: [Int]
    private var next = 0
    private(set) var failure: SweepRunError?
    private var spectra: [Int: [Complex<Double>]] = [:]

    init(todo: [Int]) { self.todo = todo }

    func keepSpectrum(cell: Int, eigenvalues: [Complex<Double>]) {
        lock.lock(); defer { lock.unlock() }
        spectra[cell] = eigenvalues
    }

    var keptSpectra: [Int: [Complex<Double>]] {
        lock.lock(); defer { lock.unlock() }
        return spectra
    }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard failure == nil, next < todo.count else { return nil }
        next += 1
        return todo[next - 1]
    }

    func append(_ data: Data, to handle: FileHandle) throws(SweepRunError) {
        lock.lock(); defer { lock.unlock() }
        do { try handle.write(contentsOf: data) } catch {
            throw .io(path: SweepFiles.cells, reason: (error as NSError).localizedDescription)
        }
    }

    func fail(_ error: SweepRunError) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil { failure = error }
    }
}
