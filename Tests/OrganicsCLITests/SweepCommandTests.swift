import Foundation
import Testing

/// The sweep as a user runs it: SIGKILL at an arbitrary moment, then --resume, gives the same
/// rows as an uninterrupted run (issue 8 "Robustness"); a refused config writes nothing.
@Suite("CLI: sweep")
struct SweepCommandTests {
    static let config = """
    {"name": "kill-test", "n": 24, "delta": {"min": 0.05, "max": 3, "count": 6, "spacing": "log"},
     "input_norm": {"min": 0.05, "max": 0.5, "count": 2, "spacing": "log"}, "trials": 40, "seed": 7,
     "simulate": "none"}
    """

    /// cells.csv rows without the `seconds` column (wall time differs run to run).
    func rowsWithoutSeconds(_ path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.first { !$0.hasPrefix("#") })
        let columns = header.split(separator: ",", omittingEmptySubsequences: false)
        let seconds = try #require(columns.firstIndex(of: "seconds"))
        return lines.filter { !$0.hasPrefix("#") }.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields.count == columns.count { fields.remove(at: seconds) }
            return fields.joined(separator: ",")
        }
    }

    @Test("a sweep killed with SIGKILL mid-run and resumed equals the uninterrupted run, row for row")
    func killAndResume() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let config = try CommandRunner.write(Self.config, named: "config.json", in: directory)
        let reference = directory.appendingPathComponent("reference").path
        let interrupted = directory.appendingPathComponent("interrupted").path
        let full = try CommandRunner.run(["sweep", "--config", config, "--output", reference, "--quiet", "--workers", "2"])
        #expect(full.status == 0, "\(full.standardError)")

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["sweep", "--config", config, "--output", interrupted, "--quiet", "--workers", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.6)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let resumed = try CommandRunner.run(["sweep", "--config", config, "--output", interrupted, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let expected = try rowsWithoutSeconds(reference + "/cells.csv")
        #expect(expected.count == 40 * 2 * 6 + 1)
        #expect(try rowsWithoutSeconds(interrupted + "/cells.csv") == expected)
        #expect(try String(contentsOfFile: interrupted + "/map.csv", encoding: .utf8)
                == String(contentsOfFile: reference + "/map.csv", encoding: .utf8))
    }

    @Test("a refused config exits 64, names the key, and writes no output directory")
    func refusedConfig() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let config = try CommandRunner.write(Self.config.replacingOccurrences(of: "\"trials\"", with: "\"trails\""), named: "bad.json", in: directory)
        let output = directory.appendingPathComponent("out").path
        let result = try CommandRunner.run(["sweep", "--config", config, "--output", output])
        #expect(result.status == 64)
        #expect(result.standardError.contains("trails"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("an emitted cell re-solved with 'organics solve' reproduces its row's abscissa")
    func emittedCellReproducesRow() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let config = try CommandRunner.write(Self.config.replacingOccurrences(of: "\"trials\": 40", with: "\"trials\": 2"), named: "c.json", in: directory)
        let output = directory.appendingPathComponent("out").path
        #expect(try CommandRunner.run(["sweep", "--config", config, "--output", output, "--quiet"]).status == 0)
        let lines = try String(contentsOfFile: output + "/cells.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let cell = 7
        let row = lines[1 + cell].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let caseFile = directory.appendingPathComponent("cell.json").path
        let emitted = try CommandRunner.run(["sweep", "--config", config, "--emit-case", "\(cell)", "--case-output", caseFile])
        #expect(emitted.status == 0, "\(emitted.standardError)")
        let solved = try CommandRunner.run(["solve", caseFile, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(solved.standardOutput.utf8)) as? [String: Any])
        let column = try #require(columns.firstIndex(of: "spectral_abscissa"))
        let abscissa = try #require(Double(row[column]))
        let resolved = try #require(json["spectral_abscissa"] as? Double)
        // Both routes converge the same branch to ~1e-13 relative; eigenvalues then agree to
        // ~κ·ε·‖J‖ ≈ 1e-9 relative (‖J‖ ~ 1e3 1/s).
        #expect(abs(resolved - abscissa) <= 1e-8 * max(1, abs(abscissa)), "row \(abscissa) vs solve \(resolved)")
    }

    @Test("a sweep row's from_* columns equal 'organics simulate --from S' on the emitted case (δ up to 10: branch and diverging)")
    func rowOutcomesMatchSimulate() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let text = """
        {"name": "starts", "n": 12, "delta": {"min": 0.3, "max": 10, "count": 4, "spacing": "log"},
         "input_norm": {"min": 0.01, "max": 0.3, "count": 2, "spacing": "log"}, "trials": 1, "seed": 20251129}
        """
        let config = try CommandRunner.write(text, named: "starts.json", in: directory)
        let output = directory.appendingPathComponent("out").path
        let run = try CommandRunner.run(["sweep", "--config", config, "--output", output, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = try String(contentsOfFile: output + "/cells.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let closed = try #require(columns.firstIndex(of: "from_closed_form"))
        let first = try #require(columns.firstIndex(of: "from_first_order"))
        var seen: Set<String> = []
        for cell in 0..<(lines.count - 1) {
            let row = lines[1 + cell].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let caseFile = directory.appendingPathComponent("cell\(cell).json").path
            #expect(try CommandRunner.run(["sweep", "--config", config, "--emit-case", "\(cell)", "--case-output", caseFile]).status == 0)
            for (start, column) in [("closed-form", closed), ("first-order", first)] {
                let simulated = try CommandRunner.run(["simulate", caseFile, "--from", start, "--json"])
                #expect(simulated.status == 0, "\(simulated.standardError)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(simulated.standardOutput.utf8)) as? [String: Any])
                #expect(json["outcome"] as? String == row[column], "cell \(cell) from \(start)")
                seen.insert(row[column])
            }
        }
        #expect(seen.contains("branch") && seen.contains("diverging"), "\(seen)")
    }
}
