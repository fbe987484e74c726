import ArgumentParser
import CircuitModel
import Foundation
import Sweep

/// `organics sweep`: a randomized stability sweep into a directory (sweeps/README.md).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a randomized stability sweep (cells.csv, map.csv, boundary.csv, config.json, map.svg, spectrum.svg).",
        discussion: """
            Every config key (sweeps/README.md) can be overridden with --set KEY=VALUE (VALUE is JSON \
            or a bare word; grid keys as delta.count=4). Without a seed one is drawn and printed. \
            --resume continues an interrupted sweep in --output without losing or duplicating rows. \
            --emit-case CELL writes that cell's circuit as a case file instead of sweeping. \
            --print-config lists every key, its value and its meaning.

            Examples:
              organics sweep --config sweeps/default.json
              organics sweep --set n=20 --set trials=2 --output results/small --quiet
              organics sweep --output results/small --emit-case 5 > cell5.json
              organics sweep --print-config
            """)

    @Option(name: .long, help: "Sweep config JSON file (defaults when omitted).")
    var config: String?
    @Option(name: .long, help: "Output directory (default: results/<name>).")
    var output: String?
    @Flag(name: .long, help: "Continue the sweep already in --output.")
    var resume = false
    @Option(name: .long, help: "Master seed (overrides the config's).")
    var seed: UInt64?
    @Option(name: .long, help: "Number of trials (overrides the config's).")
    var trials: Int?
    @Option(name: .customLong("set"), help: "Override a config key: KEY=VALUE (repeatable).")
    var overrides: [String] = []
    @Option(name: .long, help: "Run shard i of k (trials t with t mod k = i), as i/k.")
    var shard: String?
    @Option(name: .long, help: "Worker threads (default: all cores).")
    var workers: Int?
    @Option(name: .customLong("emit-case"), help: "Write the case file of this cell index and exit.")
    var emitCase: Int?
    @Option(name: .customLong("case-output"), help: "With --emit-case: write here instead of stdout.")
    var caseOutput: String?
    @Option(help: "With --emit-case --case-output: write the matrices and non-uniform vectors as .npy in this directory (relative to the case).")
    var npyDir: String?
    @Flag(name: .customLong("no-summaries"), help: "Write only cells.csv and config.json (shards).")
    var noSummaries = false
    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false
    @Flag(name: .customLong("print-config"), help: "Print every config key with its value (after --config/--set) and meaning, and exit.")
    var printConfig = false

    /// The config: --config's file (a config or a sweep's own config.json), else — when
    /// --output already holds a sweep — that sweep's recorded config (so --emit-case and
    /// --resume mean *that* sweep's cells), else the defaults; then --set, --trials, --seed.
    func loadConfig() throws -> SweepConfig {
        var extra = overrides
        if let trials { extra.append("trials=\(trials)") }
        if let seed { extra.append("seed=\(seed)") }
        let path = config ?? output.map { $0 + "/" + SweepFiles.record }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        do { return try SweepConfig.load(path: path, overrides: extra) } catch { throw ValidationError(error.description) }
    }

    func validate() throws {
        let config = try loadConfig()
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be i/k with 0 ≤ i < k, found \"\(shard)\"")
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be ≥ 1, found \(workers)") }
        if let emitCase {
            let cells = SweepGrid(config).cellCount
            guard emitCase >= 0, emitCase < cells else {
                throw ValidationError("--emit-case must be a cell index in 0..<\(cells), found \(emitCase)")
            }
        }
        if caseOutput != nil, emitCase == nil { throw ValidationError("--case-output needs --emit-case") }
        if npyDir != nil, caseOutput == nil { throw ValidationError("--npy-dir needs --emit-case and --case-output") }
    }

    func run() throws {
        LinearAlgebraThreads.pinToOneThread()
        let config = try loadConfig()
        if printConfig { return print(config.referenceTable(), terminator: "") }
        let directory = output ?? "results/\(config.name)"
        if let emitCase { return try emit(cell: emitCase, config: config, directory: directory) }
        let resumedFromRecord = FileManager.default.fileExists(atPath: directory + "/" + SweepFiles.record)
        let runner: SweepRunner
        do {
            var prepared = try SweepRunner.prepare(config: config, shard: shard.flatMap(Shard.init(parsing:)) ?? .whole,
                                                   directory: directory, resume: resume,
                                                   workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
            prepared.showProgress = !quiet
            prepared.writeSummaries = !noSummaries
            runner = prepared
        } catch { throw exitStatus(reporting: error) }
        if config.seed == nil {
            printNote(resumedFromRecord
                ? "sweep: master seed \(runner.master) (from \(directory)/\(SweepFiles.record))"
                : "sweep: master seed \(runner.master) (drawn; rerun with --seed \(runner.master))")
        }
        do {
            let outcome = try runner.run()
            printNote("sweep: \(outcome.cellsRun) cells run, \(outcome.cellsKept) kept from before"
                       + (outcome.linesDropped > 0 ? ", \(outcome.linesDropped) incomplete rows redone" : "")
                       + " -> \(directory)")
        } catch let error as SweepRunError {
            throw exitStatus(reporting: error)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode.failure
        }
    }

    private func emit(cell: Int, config: SweepConfig, directory: String) throws {
        var seeded = config
        if seeded.seed == nil, let record = try? SweepRecord.load(directory: directory) {
            var recorded = record.config
            recorded.seed = nil
            guard recorded == seeded else {
                throw ValidationError("--config differs from the sweep recorded in \(directory)/\(SweepFiles.record), so its seed "
                    + "would give another circuit than that sweep's cell \(cell); drop --config to use the recorded sweep, or give --seed")
            }
            seeded.seed = record.master
        }
        guard let master = seeded.seed else {
            throw ValidationError("--emit-case needs the master seed: give --seed, a config with \"seed\", or an --output holding a sweep")
        }
        let circuit: Circuit
        do { circuit = try SweepUnit.circuit(config: seeded, master: master, cell: cell) } catch {
            Terminal.printError("\(error)")
            throw ExitCode.failure
        }
        if let npyDir, let caseOutput { return try writeCaseWithArrays(circuit, to: caseOutput, arrayDirectory: npyDir) }
        let text = CaseFile.encode(circuit)
        if let caseOutput {
            do { try SweepFiles.writeAtomically(text, to: caseOutput) } catch {
                Terminal.printError("\(error)")
                throw ExitCode.failure
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// An informational line on stderr (stdout is reserved for data such as --emit-case).
func printNote(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
