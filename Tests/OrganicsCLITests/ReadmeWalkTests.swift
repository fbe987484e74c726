import Foundation
import Testing

/// The README as a user reads it (issue 18): every `$ ` command in a ```console block runs,
/// in order, in a scratch directory holding the repository's examples/ and sweeps/, exits 0,
/// and prints every output line shown under it — compared with numbers masked, since digits
/// beyond ~1e-12 vary with the build and the BLAS. Lines shown as `…` are elisions.
/// Not run: commands that need a SLURM cluster (`submit.sh`, `sbatch`); scripts/slurm-check.sh
/// is where a real scheduler is exercised.
@Suite("CLI: the README's commands run as shown")
struct ReadmeWalkTests {
    /// A command of the README and the output lines printed under it.
    struct Step: CustomStringConvertible {
        let command: String
        let shownOutput: [String]
        var description: String { command }
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `$ ` lines of ```console blocks (a trailing `\` continues the command), with the lines
    /// up to the next command or the block's end as the shown output.
    static func steps(of readme: String) -> [Step] {
        var steps: [Step] = []
        var inConsole = false, command: String?, output: [String] = [], continuing = false
        func flush() {
            if let command { steps.append(Step(command: command, shownOutput: output)) }
            command = nil; output = []
        }
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if inConsole { flush() }
                inConsole = !inConsole && line.hasPrefix("```console")
                continue
            }
            guard inConsole else { continue }
            if continuing, let current = command {
                command = String(current.dropLast()) + " " + line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("$ ") {
                flush()
                command = String(line.dropFirst(2))
            } else if command != nil, !line.isEmpty {
                output.append(line)
            }
            continuing = command?.hasSuffix("\\") ?? false
        }
        flush()
        return steps
    }

    /// Numbers replaced by `#`, runs of spaces by one, so "11 step(s)" matches "12 step(s)".
    static func masked(_ line: String) -> String {
        var text = line.replacingOccurrences(of: #"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"#, with: "#", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespaces)
    }

    @Test("the parser finds the commands and their shown output (a README excerpt written here)")
    func parserOnKnownText() {
        let text = """
        ```sh
        make test
        ```
        ```console
        $ organics a x \\
            --y 1
        out 1
        …
        $ organics b   # comment
        ```
        """
        let found = Self.steps(of: text)
        #expect(found.map(\.command) == ["organics a x  --y 1", "organics b   # comment"])
        #expect(found.first?.shownOutput == ["out 1", "…"])
        #expect(Self.masked("t = 0.43999999999999995 s,  11 step(s)") == "t = # s, # step(s)")
    }

    @Test("every README console command exits 0 and prints what the README shows (numbers masked)")
    func walk() throws {
        let root = Self.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let steps = Self.steps(of: readme).filter { !$0.command.contains("submit.sh") && !$0.command.contains("sbatch") }
        #expect(steps.count >= 10, "README console commands found: \(steps.count)")
        let scratch = try CommandRunner.temporaryDirectory()
        for folder in ["examples", "sweeps"] {
            try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent(folder),
                                                       withDestinationURL: root.appendingPathComponent(folder))
        }
        let binDirectory = CommandRunner.executable.deletingLastPathComponent().path
        for step in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "{ " + step.command + "\n} 2>&1"]  // newline: a trailing # comment ends there
            process.currentDirectoryURL = scratch
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["OPENBLAS_NUM_THREADS"] = "1"
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(step): exit \(process.terminationStatus)\n\(output.prefix(2000))")
            let actual = Set(output.split(separator: "\n").map { Self.masked(String($0)) })
            for shown in step.shownOutput where !shown.contains("…") {
                #expect(actual.contains(Self.masked(shown)), "\(step): README shows\n  \(shown)\nbut the command printed\n\(output.prefix(3000))")
            }
        }
    }
}
