import Foundation
import Testing
@testable import Sweep

@Suite("merge refusals and SLURM scripts")
struct SweepMergeTests {
    @Test("merge refuses shards of different configs and incomplete sets, writing nothing")
    func mergeRefusals() throws {
        let config = try SweepRunnerTests.smallConfig()
        var other = config
        other.seed = 12
        guard let first = Shard(parsing: "0/2"), let second = Shard(parsing: "1/2") else { Issue.record("shard"); return }
        let a = try SweepRunnerTests.run(config, shard: first).directory
        let b = try SweepRunnerTests.run(other, shard: second).directory
        let output = SweepRunnerTests.temporaryDirectory("merge-refused")
        #expect(throws: SweepRunError.self) { try SweepMerge.merge(output: output, inputs: [a, b]) }
        #expect(throws: SweepRunError.self) { try SweepMerge.merge(output: output, inputs: [a]) }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("the SLURM array runs shards 0…k−1 with --shard i/k and --resume; the merge depends on the array")
    func slurmScripts() {
        let script = SlurmScript(configPath: "/c.json", shards: 5, output: "/out", seed: 42, expectedRows: [4, 4, 4, 4, 4])
        #expect(script.arrayScript.contains("#SBATCH --array=0-4"))
        #expect(script.arrayScript.contains("--shard \"${SLURM_ARRAY_TASK_ID}/5\""))
        #expect(script.arrayScript.contains("--seed 42") && script.arrayScript.contains("--resume"))
        #expect(script.submitScript.contains("--dependency=afterok:"))
        #expect((0..<5).allSatisfy { script.mergeScript.contains("'/out'/shard-\($0)") })
    }
}
