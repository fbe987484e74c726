import Foundation
import Testing

/// Help text is read in an 80-column terminal: every subcommand's --help must fit it and be
/// wrapped once (issue 14: text pre-wrapped at ~95 columns and wrapped again left lines such
/// as "problem)," alone between two full lines).
@Suite("--help of every subcommand fits 80 columns without ragged lines")
struct HelpLayoutTests {
    static let commands = ["", "validate", "normalization", "jacobian", "solve", "spectrum", "simulate", "check2d",
                           "map2d", "sweep", "summarize", "merge", "slurm", "scaling", "case-template"]

    @Test("≤ 80 columns (except ArgumentParser's one-line USAGE synopsis), no short line between two long ones")
    func helpLayout() throws {
        for command in Self.commands {
            let result = try CommandRunner.run((command.isEmpty ? [] : [command]) + ["--help"])
            #expect(result.status == 0, "\(command) --help")
            let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.count > 5, "\(command): help too short")
            for line in lines where !line.hasPrefix("USAGE:") {
                #expect(line.count <= 80, "organics \(command) --help: \(line.count) columns: \(line)")
            }
            // A ragged line: shorter than 40 columns, between two lines of ≥ 60 with the same
            // indentation (one paragraph), and not a list heading ending in ':'.
            func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }
            for index in lines.indices.dropFirst().dropLast() {
                let before = lines[index - 1], line = lines[index], after = lines[index + 1]
                let ragged = !line.trimmingCharacters(in: .whitespaces).isEmpty && line.count < 40 && before.count >= 60
                    && after.count >= 60 && !line.hasSuffix(":")
                    && indentation(before) == indentation(line) && indentation(line) == indentation(after)
                #expect(!ragged, "organics \(command) --help: ragged line \"\(line)\"")
            }
        }
    }
}
