import ArgumentParser
import Foundation
import Sweep

/// `organics merge OUT DIR…`: join shard directories (same config and seed, distinct shards
/// of the same k, no overlapping cells) into OUT with sorted cells.csv and fresh summaries.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join the shard directories of one sweep.",
        discussion: """
        The shards must come from one config and seed (sweep --shard i/k); a missing shard, \
        a shard given twice or a shard of another sweep is refused (exit 64) unless \
        --allow-partial.

        Example:
          organics merge results/big results/big-shard-0 results/big-shard-1
        """)

    @Argument(help: "Output directory.")
    var output: String
    @Argument(help: "Shard directories.")
    var inputs: [String] = []
    @Flag(name: .customLong("allow-partial"), help: "Merge even when some shards are missing.")
    var allowPartial = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one shard directory to merge") }
    }

    func run() throws {
        LinearAlgebraThreads.pinToOneThread()
        do {
            try SweepMerge.merge(output: output, inputs: inputs, allowPartial: allowPartial)
            printNote("merge: \(inputs.count) shard(s) -> \(output)")
        } catch let error as SweepRunError {
            throw exitStatus(reporting: error)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode.failure
        }
    }
}
