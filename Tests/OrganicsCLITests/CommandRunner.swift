import Foundation
import Testing

/// Runs the built `organics` binary (next to the test bundle in .build/<config>/) and
/// captures stdout, stderr and the exit status, as swift-argument-parser's own tests do.
struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

enum CommandRunner {
    /// The executable: $ORGANICS_BIN if set, else `organics` beside the test runner.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["ORGANICS_BIN"] { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The runner may be inside an .xctest bundle directory.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("organics")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "organics")
    }

    /// Runs `organics` with OPENBLAS_NUM_THREADS=1, or with `blasThreads` (nil: the variable
    /// removed, so the command chooses).
    static func run(_ arguments: [String], currentDirectory: URL? = nil, blasThreads: Int? = 1) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = blasThreads.map { "\($0)" }
        environment["OMP_NUM_THREADS"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently with the process, so a large output cannot block it.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errorData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("organics-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` inside `directory` and returns the path.
    static func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// The runner every CLI test goes through: it must find the built binary, report the exit
/// status and both streams separately, and not deadlock on output larger than a pipe buffer.
@Suite("CLI test runner")
struct CommandRunnerTests {
    @Test("finds the built organics; --help exits 0 on stdout; an unknown subcommand exits non-zero on stderr")
    func statusAndStreams() throws {
        #expect(FileManager.default.isExecutableFile(atPath: CommandRunner.executable.path))
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0 && help.standardOutput.contains("USAGE") && help.standardError.isEmpty)
        let unknown = try CommandRunner.run(["no-such-subcommand"])
        #expect(unknown.status != 0 && unknown.standardOutput.isEmpty && !unknown.standardError.isEmpty)
    }

    @Test("output far larger than a pipe buffer (64 KiB) is read whole; write round-trips")
    func largeOutputAndWrite() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = String(repeating: "0123456789abcdef\n", count: 20_000)  // 340 000 bytes
        let path = try CommandRunner.write(text, named: "big.txt", in: directory)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        // `normalization` prints one line per neuron: n = 3000 gives ≈ 200 KB on stdout.
        let n = 3000
        let ones = "[" + Array(repeating: "1", count: n).joined(separator: ",") + "]"
        let tenth = "[" + Array(repeating: "0.1", count: n).joined(separator: ",") + "]"
        let tau = "[" + Array(repeating: "0.002", count: n).joined(separator: ",") + "]"
        let caseText = #"{"n": \#(n), "b": \#(ones), "z": \#(tenth), "b0": \#(ones), "sigma": \#(tenth), "tau_y": \#(tau), "tau_a": \#(tau), "W": "identity"}"#
        let casePath = try CommandRunner.write(caseText, named: "big.json", in: directory)
        let result = try CommandRunner.run(["normalization", casePath])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.utf8.count > 65_536 && result.standardOutput.split(separator: "\n").count > n)
    }
}
