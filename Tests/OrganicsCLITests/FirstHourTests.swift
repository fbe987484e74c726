import Foundation
import CircuitModel
import Testing

/// The first hour with the tool (issue 18): traps a new user hit, each checked against the
/// behaviour that surprised them, so each test fails on the old behaviour.
@Suite("CLI: first-hour traps")
struct FirstHourTests {
    static let tinySweep = ["--set", "n=5", "--set", "trials=1", "--set", "delta.count=3", "--set", "input_norm.count=2",
                            "--set", "seed=11", "--quiet"]

    @Test("sweep --output DIR --emit-case uses DIR's recorded config, not the defaults (old: n = 100 circuit)")
    func emitCaseUsesRecordedSweep() throws {
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("sweep").path
        let run = try CommandRunner.run(["sweep", "--output", directory] + Self.tinySweep)
        #expect(run.status == 0, "\(run.standardError)")
        let emitted = try CommandRunner.run(["sweep", "--output", directory, "--emit-case", "4"])
        #expect(emitted.status == 0, "\(emitted.standardError)")
        #expect(emitted.standardOutput.contains("\"n\": 5"), "\(emitted.standardOutput.prefix(300))")
        // The recorded sweep's δ for cell 4 (delta index 1 of 3 on [0.01, 10], log) is in the name.
        let cells = try String(contentsOfFile: directory + "/cells.csv", encoding: .utf8)
        let row = try #require(cells.split(separator: "\n").first { $0.hasPrefix("4,") })
        let header = try #require(cells.split(separator: "\n").first { $0.hasPrefix("cell,") })
        let deltaColumn = try #require(header.split(separator: ",").firstIndex(of: "delta"))
        let delta = row.split(separator: ",", omittingEmptySubsequences: false)[deltaColumn]
        #expect(emitted.standardOutput.contains("delta \(delta)"))
    }

    @Test("--emit-case with a --config that differs from DIR's sweep is refused with 64, naming both")
    func emitCaseRefusesForeignConfig() throws {
        let base = try CommandRunner.temporaryDirectory()
        let directory = base.appendingPathComponent("sweep").path
        #expect(try CommandRunner.run(["sweep", "--output", directory] + Self.tinySweep).status == 0)
        let other = try CommandRunner.write("{\"n\": 7}", named: "other.json", in: base)
        let emitted = try CommandRunner.run(["sweep", "--config", other, "--output", directory, "--emit-case", "1"])
        #expect(emitted.status == 64)
        #expect(emitted.standardError.contains("differs from the sweep recorded in"))
        #expect(emitted.standardOutput.isEmpty)
    }

    @Test("a sweep re-runs from its own config.json (old: unknown key \"format\") and gives the same rows")
    func rerunFromRecord() throws {
        let base = try CommandRunner.temporaryDirectory()
        let first = base.appendingPathComponent("first").path, second = base.appendingPathComponent("second").path
        #expect(try CommandRunner.run(["sweep", "--output", first] + Self.tinySweep).status == 0)
        let rerun = try CommandRunner.run(["sweep", "--config", first + "/config.json", "--output", second, "--quiet"])
        #expect(rerun.status == 0, "\(rerun.standardError)")
        func rows(_ directory: String) throws -> [String] {
            try String(contentsOfFile: directory + "/cells.csv", encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("#") }
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        }
        #expect(try rows(first) == rows(second))
    }

    @Test("--resume without --seed does not claim the seed was drawn")
    func resumeSeedMessage() throws {
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("sweep").path
        let options = ["--set", "n=5", "--set", "trials=1", "--set", "delta.count=2", "--set", "input_norm.count=1"]
        let first = try CommandRunner.run(["sweep", "--output", directory] + options)
        #expect(first.standardError.contains("(drawn; rerun with --seed"))
        let resumed = try CommandRunner.run(["sweep", "--output", directory, "--resume"] + options)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(!resumed.standardError.contains("drawn"), "\(resumed.standardError)")
    }

    @Test("input mistakes exit 64: summarize on a missing directory, merge with a missing shard or another seed")
    func sweepInputMistakesExit64() throws {
        let base = try CommandRunner.temporaryDirectory()
        let missing = try CommandRunner.run(["summarize", base.appendingPathComponent("nothing-here").path])
        #expect(missing.status == 64)
        #expect(missing.standardError.hasPrefix("organics: error: "))

        let shardZero = base.appendingPathComponent("s0").path
        let options = ["--set", "n=4", "--set", "trials=2", "--set", "delta.count=2", "--set", "input_norm.count=1", "--quiet",
                       "--no-summaries"]
        #expect(try CommandRunner.run(["sweep", "--output", shardZero, "--shard", "0/2", "--seed", "1"] + options).status == 0)
        let partial = try CommandRunner.run(["merge", base.appendingPathComponent("merged").path, shardZero])
        #expect(partial.status == 64)
        #expect(partial.standardError.contains("missing shard"))

        let otherSeed = base.appendingPathComponent("s1").path
        #expect(try CommandRunner.run(["sweep", "--output", otherSeed, "--shard", "1/2", "--seed", "2"] + options).status == 0)
        let mixed = try CommandRunner.run(["merge", base.appendingPathComponent("mixed").path, shardZero, otherSeed])
        #expect(mixed.status == 64)
        #expect(mixed.standardError.contains("different config or seed"))
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("mixed").path + "/cells.csv"))
    }

    @Test("validate on a directory says so (old: NSCocoaErrorDomain error 256), exit 64")
    func validateDirectory() throws {
        let result = try CommandRunner.run(["validate", try CommandRunner.temporaryDirectory().path])
        #expect(result.status == 64)
        #expect(result.standardError.contains("is a directory"))
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test("one error style: usage mistakes read 'organics: error:' and point at the subcommand's help, not the top usage")
    func oneErrorStyle() throws {
        let unknownOption = try CommandRunner.run(["solve", "--no-such-option"])
        #expect(unknownOption.status == 64)
        #expect(unknownOption.standardError.hasPrefix("organics: error: "))
        #expect(unknownOption.standardError.contains("'organics solve --help'"))
        #expect(!unknownOption.standardError.contains("Error: "))

        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("sweep").path
        #expect(try CommandRunner.run(["sweep", "--output", directory] + Self.tinySweep).status == 0)
        let again = try CommandRunner.run(["sweep", "--output", directory] + Self.tinySweep)
        #expect(again.status == 64)
        #expect(again.standardError.contains("already holds a sweep"))
        #expect(!again.standardError.contains("SUBCOMMANDS"), "top-level usage printed: \(again.standardError)")
    }
}

/// `organics case-template`: a reference from the binary (issue 18).
@Suite("CLI: case-template")
struct CaseTemplateCommandTests {
    @Test("the template validates as printed, for n = 1, 3 and 50")
    func templateValidates() throws {
        let directory = try CommandRunner.temporaryDirectory()
        for n in [1, 3, 50] {
            let template = try CommandRunner.run(["case-template", "--n", "\(n)"])
            #expect(template.status == 0)
            let path = try CommandRunner.write(template.standardOutput, named: "t\(n).json", in: directory)
            let validated = try CommandRunner.run(["validate", path])
            #expect(validated.status == 0, "n = \(n): \(validated.standardError)")
            #expect(validated.standardOutput.contains("n = \(n),"))
        }
    }

    @Test("--keys names exactly the keys the case-file parser accepts")
    func keysMatchParser() throws {
        let result = try CommandRunner.run(["case-template", "--keys"])
        #expect(result.status == 0)
        let listed = result.standardOutput.split(separator: "\n").dropFirst().dropLast()
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == CaseFile.allowedKeys)
    }

    @Test("--n 0 is refused with 64")
    func refusesZero() throws {
        #expect(try CommandRunner.run(["case-template", "--n", "0"]).status == 64)
    }

    @Test("jacobian --json is --format json")
    func jacobianJSONSpelling() throws {
        let template = try CommandRunner.run(["case-template", "--n", "2"])
        let path = try CommandRunner.write(template.standardOutput, named: "case.json", in: try CommandRunner.temporaryDirectory())
        let viaFormat = try CommandRunner.run(["jacobian", path, "--format", "json"])
        let viaFlag = try CommandRunner.run(["jacobian", path, "--json"])
        #expect(viaFormat.status == 0 && viaFlag.status == 0, "\(viaFlag.standardError)")
        #expect(viaFormat.standardOutput == viaFlag.standardOutput)
    }
}

/// One numbering of neurons, 1..n, in every human-facing table and CSV header (issue 18:
/// simulate's CSV said y_1, jacobian's y_0).
@Suite("CLI: neurons numbered 1..n")
struct NeuronNumberingTests {
    @Test("jacobian --format csv and text, normalization's table: y_1..y_n, a_1..a_n")
    func oneBased() throws {
        let template = try CommandRunner.run(["case-template", "--n", "3"])
        let path = try CommandRunner.write(template.standardOutput, named: "case.json", in: try CommandRunner.temporaryDirectory())
        let csv = try CommandRunner.run(["jacobian", path, "--format", "csv"])
        #expect(csv.standardOutput.hasPrefix("row,y_1,y_2,y_3,a_1,a_2,a_3\n"))
        let text = try CommandRunner.run(["jacobian", path])
        #expect(text.standardOutput.contains("state order y_1..y_3, a_1..a_3"))
        let table = try CommandRunner.run(["normalization", path])
        let rows = table.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(Array(rows[2...4]) == ["1", "2", "3"], "\(table.standardOutput)")
    }
}

/// Outputs feed the next command (issue 18): `simulate --json` is a state file for
/// `solve --from`, `jacobian --at` and `spectrum --at`.
@Suite("CLI: outputs feed the next command")
struct OutputReuseTests {
    @Test("simulate --json → jacobian --at reads final_state (the same y and a)")
    func simulateFeedsStateReaders() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let template = try CommandRunner.run(["case-template", "--n", "2"])
        let casePath = try CommandRunner.write(template.standardOutput, named: "case.json", in: directory)
        let simulated = try CommandRunner.run(["simulate", casePath, "--from", "random", "--seed", "3", "--json"])
        #expect(simulated.status == 0, "\(simulated.standardError)")
        let statePath = try CommandRunner.write(simulated.standardOutput, named: "end.json", in: directory)
        let jacobian = try CommandRunner.run(["jacobian", casePath, "--at", statePath, "--json"])
        #expect(jacobian.status == 0, "\(jacobian.standardError)")
        func vector(_ key: String, in text: String, after marker: String) throws -> String {
            let start = try #require(text.range(of: marker))
            let rest = text[start.upperBound...]
            let keyRange = try #require(rest.range(of: "\"\(key)\": ["))
            let end = try #require(rest[keyRange.upperBound...].firstIndex(of: "]"))
            return String(rest[keyRange.upperBound..<end])
        }
        #expect(try vector("y", in: simulated.standardOutput, after: "\"final_state\"")
                == vector("y", in: jacobian.standardOutput, after: "\"kind\""))
        #expect(try vector("a", in: simulated.standardOutput, after: "\"final_state\"")
                == vector("a", in: jacobian.standardOutput, after: "\"kind\""))
    }
}

/// `organics sweep --print-config`: the config reference from the binary (issue 18).
@Suite("CLI: sweep --print-config")
struct PrintConfigTests {
    @Test("every allowed key, in order, with the value after --set and a meaning")
    func everyKey() throws {
        let result = try CommandRunner.run(["sweep", "--print-config", "--set", "n=7", "--set", "ensemble=gaussian"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.compactMap { $0.split(separator: " ").first.map(String.init) }
                == ["name", "variant", "ensemble", "recurrence", "mean", "connectivity", "tail_exponent", "normalization_weights",
                    "input_kind", "n", "b", "b0", "sigma", "tau_y", "tau_a", "delta", "input_norm", "trials", "seed",
                    "certificate", "simulate", "starts", "literature_replay", "bisection_tolerance", "linear_algebra"])
        #expect(lines.contains { $0.hasPrefix("n ") && $0.split(separator: " ", omittingEmptySubsequences: true)[1] == "7" })
        #expect(lines.contains { $0.hasPrefix("ensemble ") && $0.contains("\"gaussian\"") })
        #expect(lines.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true).count >= 3 })
    }
}

/// Case-file refusals as a new user meets them (issue 18).
@Suite("CLI: case-file problems, all of them, in the user's words")
struct CaseFileProblemTests {
    @Test("validate lists every problem; rows are called rows; a scalar τ has no index")
    func everyProblemListed() throws {
        let text = """
        {"n": 3, "b": 1, "z": [1, 2, 3], "b0": 1, "sigma": 0.1, "tau_y": 0, "tau_a": -1, "W_r": [[1, 0, 0], [0, 1, 0]]}
        """
        let path = try CommandRunner.write(text, named: "bad.json", in: try CommandRunner.temporaryDirectory())
        let result = try CommandRunner.run(["validate", path])
        #expect(result.status == 64)
        #expect(result.standardError.contains("3 problems"))
        #expect(result.standardError.contains("  - tau_y must be > 0, found 0.0"))
        #expect(result.standardError.contains("  - tau_a must be > 0, found -1.0"))
        #expect(result.standardError.contains("  - W_r must have 3 rows (an n × n matrix, n = 3), found 2"))
        #expect(!result.standardError.contains("tau_y[0]"))
        #expect(result.standardOutput.isEmpty)
    }
}

/// One vocabulary across commands (issue 18): both spellings of JSON output everywhere, the
/// unit-suffixed keys beside their deprecated spellings, human-facing numbers for people.
@Suite("CLI: one vocabulary")
struct VocabularyTests {
    static func casePath() throws -> String {
        let template = try CommandRunner.run(["case-template", "--n", "3"])
        let text = template.standardOutput.replacingOccurrences(of: "\"W_r\": \"identity\"",
                                                                with: "\"W_r\": [[1.0, 0.3, 0.0], [0.1, 0.9, 0.2], [0.0, 0.4, 1.1]]")
        return try CommandRunner.write(text, named: "case.json", in: try CommandRunner.temporaryDirectory())
    }

    @Test("--json and --format json give the same output in solve, spectrum, simulate, check2d and jacobian")
    func bothSpellings() throws {
        let path = try Self.casePath()
        let pairs: [([String], [String])] = [
            (["solve", path, "--json"], ["solve", path, "--format", "json"]),
            (["spectrum", path, "--json"], ["spectrum", path, "--format", "json"]),
            (["simulate", path, "--from", "random", "--seed", "2", "--json"], ["simulate", path, "--from", "random", "--seed", "2", "--format", "json"]),
            (["check2d", "--wr", "1/2", "--w", "1", "--b", "1/2", "--z", "-1", "--b0", "1/2", "--sigma", "1/10", "--tau-y", "1/500",
              "--tau-a", "1/500", "--json"],
             ["check2d", "--wr", "1/2", "--w", "1", "--b", "1/2", "--z", "-1", "--b0", "1/2", "--sigma", "1/10", "--tau-y", "1/500",
              "--tau-a", "1/500", "--format", "json"]),
            (["jacobian", path, "--json"], ["jacobian", path, "--format", "json"]),
        ]
        for (flag, option) in pairs {
            let a = try CommandRunner.run(flag), b = try CommandRunner.run(option)
            #expect(a.status == 0 && b.status == 0, "\(flag[0]): \(a.standardError) \(b.standardError)")
            #expect(a.standardOutput == b.standardOutput, "\(flag[0])")
            #expect(a.standardOutput.hasPrefix("{") || a.standardOutput.hasPrefix("["), "\(flag[0]) is JSON")
        }
    }

    @Test("solve --json has the unit-suffixed keys, the deprecated ones with a note, equal values")
    func unitSuffixedKeys() throws {
        let result = try CommandRunner.run(["solve", try Self.casePath(), "--json"])
        let text = result.standardOutput
        for key in ["spectral_abscissa_per_s", "spectral_abscissa_tau_max", "error_bound_per_s", "residual_per_s", "deprecated_keys"] {
            #expect(text.contains("\"\(key)\":"), "\(key)")
        }
        func value(_ key: String) -> String? {
            guard let range = text.range(of: "\"\(key)\": ") else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "," && $0 != "\n" })
        }
        #expect(value("spectral_abscissa_per_s") == value("spectral_abscissa"))
        #expect(value("spectral_abscissa_tau_max") == value("abscissa_times_tau"))
        #expect(value("error_bound_per_s") == value("undecided_bound"))
    }

    @Test("the verdict line reads as a margin against an error bound (old: 'stable (… undecided within ±…)')")
    func verdictWording() throws {
        let result = try CommandRunner.run(["spectrum", try Self.casePath()])
        let line = try #require(result.standardOutput.split(separator: "\n").first { $0.contains("verdict:") })
        #expect(line.contains("verdict: stable"))
        #expect(line.contains("margin ") && line.contains("error bound "), "\(line)")
        #expect(!line.contains("undecided within"))
    }

    @Test("--every K reports the rows it writes (old: '101 samples, every 10' for 11 rows)")
    func everyCountsRows() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("t.csv").path
        let result = try CommandRunner.run(["simulate", try Self.casePath(), "--from", "random", "--seed", "1", "--t-end", "0.05",
                                            "--every", "10", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count - 1
        #expect(result.standardOutput.contains("(\(rows) rows of "), "\(result.standardOutput)")
    }
}

@Suite("CLI: solve --all gives each fixed point's stability")
struct SolveAllStabilityTests {
    @Test("one neuron with three fixed points: numbered from 1, each with a verdict that matches its spectrum's sign")
    func everyFixedPointHasAVerdict() throws {
        // n = 1, w_r = 1.3, w = −1, b z = 0.1, c² = 0.25 (the DeflationTests circuit): three fixed points.
        let text = """
        {"n": 1, "b": 1, "z": [0.1], "b0": 0.5, "sigma": 1, "tau_y": 0.002, "tau_a": 0.002, "W_r": [[1.3]], "W": [[-1]]}
        """
        let path = try CommandRunner.write(text, named: "three.json", in: try CommandRunner.temporaryDirectory())
        let result = try CommandRunner.run(["solve", path, "--all", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let objects = result.standardOutput.components(separatedBy: "\"fixed_points\"").last ?? ""
        let verdicts = objects.components(separatedBy: "\"verdict\": \"").dropFirst().map { $0.prefix { $0 != "\"" } }
        let abscissas = objects.components(separatedBy: "\"spectral_abscissa_per_s\": ").dropFirst()
            .compactMap { Double($0.prefix { $0 != "," && $0 != "}" }) }
        #expect(verdicts.count >= 2 && verdicts.count == abscissas.count, "\(objects)")
        for (verdict, alpha) in zip(verdicts, abscissas) {
            #expect(verdict == (alpha < 0 ? "stable" : "unstable"), "verdict \(verdict) for α = \(alpha)")
        }
        let textOutput = try CommandRunner.run(["solve", path, "--all", "3"])
        #expect(textOutput.standardOutput.contains("  [1]") && !textOutput.standardOutput.contains("  [0]"))
        #expect(textOutput.standardOutput.components(separatedBy: "      verdict: ").count - 1 == verdicts.count)
    }
}

@Suite("CLI: simulate's trajectory span and end state")
struct SimulateSpanTests {
    @Test("without --t-end the CSV spans the classification time plus the margin (old: 2000 τ_max); --save-end feeds solve --from")
    func spanAndSaveEnd() throws {
        let directory = try CommandRunner.temporaryDirectory()
        let template = try CommandRunner.run(["case-template", "--n", "3"])
        let casePath = try CommandRunner.write(template.standardOutput, named: "case.json", in: directory)
        let out = directory.appendingPathComponent("t.csv").path, end = directory.appendingPathComponent("end.json").path
        let result = try CommandRunner.run(["simulate", casePath, "--from", "random", "--seed", "5", "--out", out,
                                            "--save-end", end, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let finalTime = try #require(result.standardOutput.components(separatedBy: "\"final_time_s\": ").dropFirst().first
            .flatMap { Double($0.prefix { $0 != "," && $0 != "\n" }) })
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst()
        let lastTime = try #require(rows.last.flatMap { Double($0.split(separator: ",")[0]) })
        let tau = 0.002
        // The span: max(1.5 t, t + 20 τ) up to one sample interval (τ/10), far below 2000 τ.
        #expect(abs(lastTime - max(1.5 * finalTime, finalTime + 20 * tau)) <= tau / 10 + 1e-12, "last \(lastTime), t \(finalTime)")
        #expect(lastTime < 2000 * tau)
        let solved = try CommandRunner.run(["solve", casePath, "--from", end])
        #expect(solved.status == 0 && solved.standardOutput.contains("converged"), "\(solved.standardOutput)")
    }
}

@Suite("CLI: check2d --json gives numbers as numbers")
struct Check2DNumbersTests {
    @Test("y_value and a_value are JSON numbers inside the exact enclosures (old: strings only)")
    func numbersBesideStrings() throws {
        let result = try CommandRunner.run(["check2d", "--wr", "1/2", "--w", "1", "--b", "1/2", "--z", "-1", "--b0", "1/2",
                                            "--sigma", "1/10", "--tau-y", "1/500", "--tau-a", "1/500", "--json"])
        #expect(result.status == 0)
        let text = result.standardOutput
        func number(_ key: String) -> Double? {
            guard let range = text.range(of: "\"\(key)\": ") else { return nil }
            return Double(text[range.upperBound...].prefix { $0 != "," && $0 != "}" })
        }
        let y = try #require(number("y_value")), a = try #require(number("a_value"))
        // The exact decimal strings printed beside them (10 significant digits by default).
        #expect(abs(y - (-0.8979706914)) < 1e-9 && abs(a - 0.01290997982) < 1e-10, "\(y) \(a)")
    }
}
