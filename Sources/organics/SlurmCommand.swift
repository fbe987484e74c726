import ArgumentParser
import Foundation
import Sweep

/// `organics slurm CONFIG --shards k --output OUT`: writes OUT/shards.sbatch (a job array of
/// k `organics sweep --shard i/k` tasks), OUT/merge.sbatch and OUT/submit.sh (submits the
/// array, then the merge with --dependency=afterok). The seed is fixed in the scripts.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm", abstract: "Write a SLURM job-array script for a sharded sweep and its merge.",
        discussion: """
        Writes OUT/shards.sbatch (array task i runs 'organics sweep --shard i/k'), \
        OUT/merge.sbatch and OUT/submit.sh (the array, then the merge after it succeeds). \
        submit.sh is safe to re-run: it resubmits only incomplete shards, then the merge — \
        the recovery after a failed task (whose merge waits forever, DependencyNeverSatisfied).

        Example:
          organics slurm sweeps/default.json --shards 8 --output results/default-slurm
          bash results/default-slurm/submit.sh
        """)

    @Argument(help: "Sweep config JSON file.")
    var config: String
    @Option(name: .long, help: "Number of shards (array tasks).")
    var shards: Int
    @Option(name: .long, help: "Directory for the scripts and the shard outputs (default results/<name>-slurm).")
    var output: String?
    @Option(name: .long, help: "Master seed (default: the config's, else drawn and printed).")
    var seed: UInt64?
    @Option(name: .long, help: "Path of the organics executable on the cluster.")
    var executable = "organics"
    @Option(name: .customLong("cpus-per-task"), help: "CPUs per array task.")
    var cpusPerTask = 4
    @Option(name: .long, help: "Time limit per task (SLURM format).")
    var time = "04:00:00"
    @Option(name: .long, help: "Memory per task (SLURM format, e.g. 4G).")
    var mem = "4G"
    @Option(name: .long, help: "SLURM partition for both jobs.")
    var partition: String?
    @Option(name: .long, help: "SLURM account to charge.")
    var account: String?
    @Option(name: .customLong("sbatch-arg"), help: "Any other sbatch option, passed through as an #SBATCH line (repeatable), e.g. --sbatch-arg=--qos=low.")
    var sbatchArguments: [String] = []

    func loadConfig() throws -> SweepConfig {
        do { return try SweepConfig.load(path: config, overrides: seed.map { ["seed=\($0)"] } ?? []) } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        let loaded = try loadConfig()
        guard shards >= 1, shards <= loaded.trials else {
            throw ValidationError("--shards must be in 1…\(loaded.trials) (the number of trials), found \(shards)")
        }
        guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be ≥ 1") }
        for argument in sbatchArguments where !argument.hasPrefix("-") || argument.contains("\n") {
            throw ValidationError("--sbatch-arg must be one sbatch option starting with '-', found \"\(argument)\"")
        }
    }

    func run() throws {
        let loaded = try loadConfig().resolvingSeed()
        let master = loaded.seed ?? 0
        let directory = output ?? "results/\(loaded.name)-slurm"
        let configPath = URL(fileURLWithPath: config).standardizedFileURL.path
        let outputPath = URL(fileURLWithPath: directory).standardizedFileURL.path
        var script = SlurmScript(configPath: configPath, config: loaded, shards: shards, output: outputPath, seed: master)
        script.executable = executable
        script.cpusPerTask = cpusPerTask
        script.timeLimit = time
        script.memory = mem
        script.partition = partition
        script.account = account
        script.extraArguments = sbatchArguments
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try SweepFiles.writeAtomically(script.arrayScript, to: directory + "/shards.sbatch")
            try SweepFiles.writeAtomically(script.mergeScript, to: directory + "/merge.sbatch")
            try SweepFiles.writeAtomically(script.submitScript, to: directory + "/submit.sh")
            chmod(directory + "/submit.sh", 0o755)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode.failure
        }
        if seed == nil, (try? SweepConfig.load(path: config))?.seed == nil { printNote("slurm: master seed \(master) (drawn)") }
        printNote("slurm: wrote \(directory)/shards.sbatch, merge.sbatch, submit.sh; run: bash \(directory)/submit.sh")
    }
}
