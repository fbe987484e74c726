import ArgumentParser
import Foundation
import CMallocTuning

extension Organics {
    /// The entry point: ArgumentParser's, with one error style for every failure.
    ///
    /// Every error reads `organics: error: MESSAGE` on stderr. A usage mistake (an unknown
    /// option, a ValidationError from `validate()` or `run()`) adds one line pointing at the
    /// help of the subcommand that refused it — not the top-level usage — and exits 64
    /// (EX_USAGE); a computation that fails exits 1. Help and version requests print as usual.
    static func main() {
        keepFreedMemory()
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitReporting(error, subcommand: subcommandName(in: arguments))
        }
        do {
            try command.run()
        } catch {
            exitReporting(error, subcommand: type(of: command).configuration.commandName)
        }
        Foundation.exit(0)
    }

    /// glibc's malloc returns a freed block of more than 128 KiB to the kernel, and the next one
    /// comes back as fresh pages, each faulted in and zeroed: a Newton iteration at n = 400 frees
    /// and allocates several n × n blocks (1.3 MB each). Blocks up to 32 MiB (glibc's largest
    /// threshold: n × n for n ≤ 2048) are kept on the heap instead, and the heap's top is not
    /// trimmed below 1 GiB of free memory. Measured (notebooks-md/benchmarks.md): `organics solve`
    /// at n = 400, 7 900 → 5 900 page faults and ≈ 8 ms less CPU time; at n = 2000, 3.6 → 2.9 s,
    /// for a peak of 547 MiB instead of 425 MiB (16 MiB threshold: no gain at n = 2000).
    private static func keepFreedMemory() {
        _ = organics_keep_freed_memory(32 << 20, 1 << 30)
    }

    /// The first argument naming a subcommand, if any (for the help pointer of a parse error).
    private static func subcommandName(in arguments: [String]) -> String? {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        return arguments.first(where: { names.contains($0) })
    }

    private static func exitReporting(_ error: Error, subcommand: String?) -> Never {
        if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
        let status = exitCode(for: error)
        // Help, --version and clean exits: ArgumentParser prints them its own way.
        guard status != .success else { exit(withError: error) }
        let message = self.message(for: error).replacingOccurrences(of: "Error: ", with: "")
        FileHandle.standardError.write(Data("organics: error: \(message)\n".utf8))
        if status == .validationFailure {
            let command = subcommand.map { "organics \($0)" } ?? "organics"
            FileHandle.standardError.write(Data("(see '\(command) --help')\n".utf8))
        }
        Foundation.exit(status.rawValue)
    }
}
