import Foundation
import Testing
@testable import Sweep

/// The generated SLURM files as text and, for submit.sh, as a program run against stand-in
/// `sbatch`/`squeue`/`scancel` that log their arguments (scripts/slurm-check.sh runs them on
/// a real scheduler).
@Suite("SLURM scripts: directives and an idempotent submit.sh")
struct SlurmScriptTests {
    static func script(output: String) -> SlurmScript {
        var script = SlurmScript(configPath: "/c.json", shards: 3, output: output, seed: 42, expectedRows: [2, 2, 1])
        script.partition = "short"
        script.account = "lab-1"
        script.extraArguments = ["--qos=low", "--constraint=avx2"]
        script.memory = "8G"
        return script
    }

    @Test("--partition, --account, --mem and pass-through options become #SBATCH lines of both jobs")
    func directives() {
        let script = Self.script(output: "/out")
        for text in [script.arrayScript, script.mergeScript] {
            for line in ["#SBATCH --partition=short", "#SBATCH --account=lab-1", "#SBATCH --qos=low",
                         "#SBATCH --constraint=avx2", "#SBATCH --mem=8G"] {
                #expect(text.contains(line + "\n"), "\(line)")
            }
            // Directives must precede the first command, or sbatch ignores them.
            let lines = text.split(separator: "\n")
            let firstCommand = lines.firstIndex { !$0.hasPrefix("#") } ?? lines.count
            #expect(lines.lastIndex { $0.hasPrefix("#SBATCH") }! < firstCommand)
        }
    }

    @Test("expected rows per shard come from the grid: units of the shard × δ count")
    func expectedRowsFromGrid() throws {
        var config = SweepConfig()
        config.trials = 5
        config.delta = SweepAxis(minimum: 0.1, maximum: 1, count: 3, spacing: .log)
        config.inputNorm = SweepAxis(minimum: 0.1, maximum: 1, count: 2, spacing: .log)
        let script = SlurmScript(configPath: "/c.json", config: config, shards: 2, output: "/o", seed: 1)
        // Trials 0, 2, 4 in shard 0 and 1, 3 in shard 1; each trial has 2 units of 3 cells.
        #expect(script.expectedRows == [18, 12])
    }

    /// Runs submit.sh in `directory` with stand-ins that log "name args" to calls.log; `active`
    /// is what the stand-in squeue prints (tasks still queued).
    func runSubmit(in directory: URL, active: String = "") throws -> (status: Int32, calls: [String], output: String) {
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("calls.log").path
        let stubs = [
            "sbatch": "echo \"sbatch $*\" >> '\(log)'; n=$(wc -l < '\(log)'); echo \"$((100 + n));cluster\"",
            "squeue": "echo \"squeue $*\" >> '\(log)'; printf '%s' '\(active)'",
            "scancel": "echo \"scancel $*\" >> '\(log)'",
        ]
        for (name, body) in stubs {
            let path = bin.appendingPathComponent(name).path
            try "#!/bin/bash\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        try Self.script(output: directory.path).submitScript.write(to: directory.appendingPathComponent("submit.sh"),
                                                                   atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [directory.appendingPathComponent("submit.sh").path]
        process.environment = ["PATH": bin.path + ":/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        return (process.terminationStatus, calls, output)
    }

    func writeCells(_ rows: Int, cutLast: Bool = false, shard: Int, in directory: URL) throws {
        let folder = directory.appendingPathComponent("shard-\(shard)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = "# organics sweep\ncell,verdict,seconds\n"
        for row in 0..<rows { text += "\(row),stable,0.1\n" }
        if cutLast { text += "9,sta" }
        try text.write(to: folder.appendingPathComponent("cells.csv"), atomically: true, encoding: .utf8)
    }

    @Test("submit.sh resubmits only incomplete shards (a cut last line is incomplete), cancels the stale merge")
    func resubmitsIncompleteShards() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writeCells(2, shard: 0, in: directory)                 // complete (2 of 2)
        try writeCells(1, cutLast: true, shard: 1, in: directory)  // 1 complete row of 2
        // shard 2: no directory at all
        try "77\n".write(to: directory.appendingPathComponent("merge.jobid"), atomically: true, encoding: .utf8)
        let run = try runSubmit(in: directory)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.calls.contains("scancel 77"))
        #expect(run.calls.contains { $0.hasPrefix("sbatch --parsable --array=1,2 shards.sbatch") }, "\(run.calls)")
        #expect(run.calls.contains { $0.hasPrefix("sbatch --parsable --dependency=afterok:") && $0.hasSuffix("merge.sbatch") })

        try writeCells(2, shard: 1, in: directory)
        try writeCells(1, shard: 2, in: directory)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("calls.log"))
        let complete = try runSubmit(in: directory)
        #expect(complete.status == 0)
        #expect(complete.output.contains("every shard is complete"))
        #expect(!complete.calls.contains { $0.contains("shards.sbatch") })
        #expect(complete.calls.contains("sbatch --parsable merge.sbatch"), "\(complete.calls)")
    }

    @Test("submit.sh refuses while tasks of its last array are still queued (no second task on a shard)")
    func refusesWhileActive() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "55\n".write(to: directory.appendingPathComponent("array.jobid"), atomically: true, encoding: .utf8)
        let run = try runSubmit(in: directory, active: "55_1\n")
        #expect(run.status == 1)
        #expect(run.output.contains("still queued or running"))
        #expect(!run.calls.contains { $0.hasPrefix("sbatch") })
    }
}
