import CircuitModel
import Foundation
import Randomness
import TestSupport
import Testing

/// NumPy arrays on the command line: `validate` reporting and rewriting, refusals (exit 64,
/// no output file), and `solve --inputs` against `solve` on one case file per input.
@Suite("CLI: NumPy arrays and solve --inputs")
struct NumPyCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy")

    static let caseText = #"{"n": 3, "b": 0.5, "b0": 0.5, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [1.0, 0.2, 0.0], "W_r": {"npy": "arrays/W_r.npy"}}"#
    static let matrix: [Double] = [1.0, 0.3, 0.0, 0.1, 0.9, 0.2, 0.0, 0.4, 1.1]

    @Test("validate lists every array read (file, dtype, shape, order, version), text and --json")
    func validateReportsArrays() throws {
        let path = Self.fixtures.appendingPathComponent("case-npy.json").path
        let text = try CommandRunner.run(["validate", path])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("W from arrays/W_big_endian_fortran.npy: float32 '>f4', shape (4, 4), Fortran order, format 1.0"))
        #expect(text.standardOutput.contains(#"z from layer_compressed.npz["z"]: float64 '<f8', shape (4,), C order"#))
        let json = try CommandRunner.run(["validate", path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let arrays = object?["arrays"] as? [[String: Any]] ?? []
        #expect(arrays.count == 6)
        #expect(arrays.contains { $0["key"] as? String == "tau_y" && $0["npz_key"] as? String == "tau_y" && $0["dtype"] as? String == "<f8" })
    }

    @Test("validate --write-case --npy-dir, then solve: the same fixed point and verdict as the JSON case")
    func rewriteRoundTrip() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = Self.fixtures.appendingPathComponent("case-json.json").path
        let written = directory.appendingPathComponent("out/case.json").path
        let rewrite = try CommandRunner.run(["validate", source, "--write-case", written, "--npy-dir", "arrays"])
        #expect(rewrite.status == 0, "\(rewrite.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/arrays/case.W_r.npy").path))
        let original = try CommandRunner.run(["solve", source, "--jsonl"])
        let reread = try CommandRunner.run(["solve", written, "--jsonl"])
        #expect(original.status == 0 && reread.status == 0)
        // Everything but the "case" member (the path) is identical.
        func dropCase(_ line: String) -> String { line.replacingOccurrences(of: #"^\{"case": "[^"]*", "#, with: "", options: .regularExpression) }
        #expect(dropCase(original.standardOutput) == dropCase(reread.standardOutput))
        #expect(!original.standardOutput.isEmpty)
        // An --npy-dir leaving the case's directory is refused before anything is written.
        let outside = try CommandRunner.run(["validate", source, "--write-case", directory.appendingPathComponent("o2/case.json").path,
                                             "--npy-dir", "../arrays"])
        #expect(outside.status == 64)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("o2").path))
    }

    /// (label, bytes of arrays/W_r.npy, message fragment)
    static func badMatrices() -> [(String, Data, String)] {
        let good = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 3], values: matrix)
        return [
            ("truncated", good.dropLast(8), "truncated data"),
            ("trailing", good + Data(repeating: 0, count: 8), "8 bytes after the data"),
            ("int64", NumPyBytes.make(descr: "<i8", fortran: false, shape: [3, 3], values: matrix), "dtype '<i8' is not read"),
            ("object", NumPyBytes.make(descr: "|O", fortran: false, shape: [3, 3], values: matrix), "object arrays"),
            ("wrong shape", NumPyBytes.make(descr: "<f8", fortran: false, shape: [9], values: matrix), "shape (9,), expected (n, n) = (3, 3)"),
            ("transposed shape", NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 2], values: Array(matrix.prefix(6))), "shape (3, 2)"),
            ("nan", NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 3], values: [1, 0, 0, 0, .nan, 0, 0, 0, 1]), "entry [1][1] is nan"),
            ("infinity", NumPyBytes.make(descr: ">f4", fortran: true, shape: [3, 3], values: [1, 0, 0, 0, 1, .infinity, 0, 0, 1]), "entry [1][2] is inf"),
            ("version 4", { var d = good; d[6] = 4; return d }(), "unsupported .npy format version"),
            ("not npy", Data("W_r\n".utf8), "not a NumPy .npy array"),
        ]
    }

    @Test("each malformed array: validate --write-case and solve exit 64, name key and file, write nothing",
          arguments: 0..<10)
    func malformedArrayRefused(index: Int) throws {
        let (label, bytes, fragment) = Self.badMatrices()[index]
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("arrays"), withIntermediateDirectories: true)
        try bytes.write(to: directory.appendingPathComponent("arrays/W_r.npy"))
        let casePath = try CommandRunner.write(Self.caseText, named: "case.json", in: directory)
        let inputs = try CommandRunner.write("0.1,0.2,0.3\n", named: "z.csv", in: directory)
        let output = directory.appendingPathComponent("out/case.json").path
        let rows = directory.appendingPathComponent("rows.csv").path
        for arguments in [["validate", casePath, "--write-case", output, "--npy-dir", "arrays"],
                          ["solve", casePath, "--inputs", inputs, "--out", rows]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 64, "\(label) \(arguments[0]): status \(result.status)")
            #expect(result.standardError.contains("W_r (array file 'arrays/W_r.npy')"), "\(label): \(result.standardError)")
            #expect(result.standardError.contains(fragment), "\(label): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: output) && !FileManager.default.fileExists(atPath: rows))
    }

    @Test("solve --inputs: every row equals solve --jsonl on that input's own case file (npy and CSV inputs)")
    func inputsRowsEqualSingleSolves() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = Self.fixtures.appendingPathComponent("case-json.json").path
        let inputsPath = Self.fixtures.appendingPathComponent("inputs.npy").path
        let rowsPath = directory.appendingPathComponent("rows.jsonl").path
        let run = try CommandRunner.run(["solve", casePath, "--inputs", inputsPath, "--out", rowsPath, "--workers", "2",
                                         "--npy-dir", directory.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("5 inputs, 4 fixed points on the branch: 4 stable, 0 unstable, 0 undecided") && run.standardOutput.contains("branch folded before W_r: none") && run.standardOutput.contains("through a branch point (bifurcation, not the normalization branch's continuation): 2"), "\(run.standardOutput)")
        let rows = try String(contentsOfFile: rowsPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows.count == 5)
        let inputs = try NumPyArray.parse(Data(contentsOf: URL(fileURLWithPath: inputsPath)))
        let circuit = try CaseFile.load(path: casePath)
        let n = circuit.neuronCount
        let fixedPointsY = try NumPyArray.parse(Data(contentsOf: directory.appendingPathComponent("inputs.y.npy")))
        #expect(fixedPointsY.shape == [5, n])
        var csv = "", csv32 = ""
        for k in 0..<5 {
            let z = Array(inputs.values[(k * n)..<((k + 1) * n)])
            csv += z.map { "\($0)" }.joined(separator: ",") + "\n"
            csv32 += z.map { "\(Double(Float($0)))" }.joined(separator: ",") + "\n"
            let single = try CommandRunner.write(CaseFile.encode(try circuit.replacingInput(z)), named: "input\(k).json", in: directory)
            let result = try CommandRunner.run(["solve", single, "--jsonl"])
            let expected = result.standardOutput
            let row = rows[k]
            #expect(row.hasPrefix("{\"index\": \(k), "))
            // The same computation on the same doubles: equal exactly (compared as the printed
            // round-trip digits; Foundation's JSONSerialization on Linux may round them differently).
            for (rowKey, singleKey) in [("converged", "converged"), ("branch", "branch"), ("verdict", "verdict"),
                                        ("t_reached", "t_reached"), ("residual_per_s", "residual"),
                                        ("spectral_abscissa_per_s", "spectral_abscissa"), ("abscissa_times_tau", "abscissa_times_tau"),
                                        ("leading_frequency_hz", "leading_frequency_hz")] {
                let mine = Self.member(rowKey, in: row), theirs = Self.member(singleKey, in: expected)
                #expect(mine != nil && mine == theirs, "input \(k) \(rowKey): \(mine ?? "-") vs \(theirs ?? "-")")
            }
            let y = Self.member("y", in: expected).map { $0.dropFirst().dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            #expect(Array(fixedPointsY.values[(k * n)..<((k + 1) * n)]) == y)
        }
        // The same inputs as CSV (round-trip digits): the same rows.
        let csvPath = try CommandRunner.write("# one input per line\n" + csv, named: "inputs.csv", in: directory)
        let csvRows = directory.appendingPathComponent("rows-csv.jsonl").path
        let fromCSV = try CommandRunner.run(["solve", casePath, "--inputs", csvPath, "--out", csvRows, "--workers", "1"])
        #expect(fromCSV.status == 0, "\(fromCSV.standardError)")
        #expect(try String(contentsOfFile: csvRows, encoding: .utf8) == String(contentsOfFile: rowsPath, encoding: .utf8))
        // The float32 Fortran-order copy NumPy wrote reads as the float32-rounded inputs.
        let csv32Path = try CommandRunner.write(csv32, named: "inputs32.csv", in: directory)
        let rows32 = directory.appendingPathComponent("rows32.csv").path, rowsF = directory.appendingPathComponent("rowsF.csv").path
        _ = try CommandRunner.run(["solve", casePath, "--inputs", csv32Path, "--out", rows32])
        let fortran = try CommandRunner.run(["solve", casePath, "--inputs", Self.fixtures.appendingPathComponent("inputs_f32_fortran.npy").path, "--out", rowsF])
        #expect(fortran.status == 0 && fortran.standardOutput.contains("float32 (5, 4), Fortran order"), "\(fortran.standardOutput)")
        let rowsFortran = try String(contentsOfFile: rowsF, encoding: .utf8)
        #expect(try String(contentsOfFile: rows32, encoding: .utf8) == rowsFortran)
        // The same inputs as a member of an .npz archive (savez_compressed): the same rows.
        let rowsZ = directory.appendingPathComponent("rowsZ.jsonl").path
        let archive = Self.fixtures.appendingPathComponent("inputs.npz").path
        let fromArchive = try CommandRunner.run(["solve", casePath, "--inputs", archive, "--inputs-key", "Z", "--out", rowsZ])
        #expect(fromArchive.status == 0, "\(fromArchive.standardError)")
        #expect(try String(contentsOfFile: rowsZ, encoding: .utf8) == String(contentsOfFile: rowsPath, encoding: .utf8))
        let noKey = try CommandRunner.run(["solve", casePath, "--inputs", archive])
        #expect(noKey.status == 64 && noKey.standardError.contains("name the array with --inputs-key"))
        let wrongKey = try CommandRunner.run(["solve", casePath, "--inputs", archive, "--inputs-key", "X"])
        #expect(wrongKey.status == 64 && wrongKey.standardError.contains("no array 'X' in the archive (it holds: Z)"), "\(wrongKey.standardError)")
        // Without --out, --jsonl streams the same rows to stdout and the summary to stderr.
        let streamed = try CommandRunner.run(["solve", casePath, "--inputs", inputsPath, "--jsonl"])
        let written = try String(contentsOfFile: rowsPath, encoding: .utf8)
        #expect(streamed.status == 0 && streamed.standardOutput == written)
        #expect(streamed.standardError.contains("5 inputs, 4 fixed points on the branch"))
    }

    /// The JSON text of member `key` (a scalar, string or flat array) in one-line JSON `text`.
    static func member(_ key: String, in text: String) -> String? {
        guard let range = text.range(of: "\"\(key)\": ") else { return nil }
        let rest = text[range.upperBound...]
        if rest.hasPrefix("[") { return rest.firstIndex(of: "]").map { String(rest[...$0]) } }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }

    @Test("solve --inputs refuses a wrong input shape, a bad CSV field and a non-finite input with exit 64")
    func inputsRefusals() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = Self.fixtures.appendingPathComponent("case-json.json").path
        let rows = directory.appendingPathComponent("rows.csv").path
        let wrongShape = directory.appendingPathComponent("z.npy")
        try NumPyBytes.make(descr: "<f8", fortran: false, shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).write(to: wrongShape)
        let cases: [(String, String)] = [
            (wrongShape.path, "inputs must have shape (m, n) = (m, 4)"),
            (try CommandRunner.write("1,2,3,x\n", named: "bad.csv", in: directory), "field 4 is not a number"),
            (try CommandRunner.write("1,2,3\n", named: "short.csv", in: directory), "has 3 fields, expected n = 4"),
            (try CommandRunner.write("1,2,3,nan\n", named: "nan.csv", in: directory), "not a finite number"),
            (Self.fixtures.appendingPathComponent("arrays/object.npy").path, "object arrays"),
        ]
        for (path, fragment) in cases {
            let result = try CommandRunner.run(["solve", casePath, "--inputs", path, "--out", rows])
            #expect(result.status == 64, "\(path): \(result.status)")
            #expect(result.standardError.contains(fragment), "\(path): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: rows))
    }

    @Test("arrays NumPy wrote with other dtypes and shapes (fixtures) are refused by name")
    func numpyWrittenRefusals() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["arrays", "layer_compressed.npz"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        func validate(_ reference: String) throws -> CommandResult {
            let text = #"{"n": 4, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 1, "tau_a": 1, "z": \#(reference)}"#
            return try CommandRunner.run(["validate", try CommandRunner.write(text, named: "case.json", in: directory)])
        }
        for (file, fragment) in [("int64", "'<i8'"), ("complex", "'<c16'"), ("object", "object arrays"), ("three_d", "3-dimensional"),
                                 ("float16", "'<f2'"), ("structured", "structured")] {
            let result = try validate(#"{"npy": "arrays/\#(file).npy"}"#)
            #expect(result.status == 64 && result.standardError.contains(fragment), "\(file): \(result.standardError)")
        }
        let missing = try validate(#"{"npz": "layer_compressed.npz", "key": "zz"}"#)
        #expect(missing.status == 64 && missing.standardError.contains("no array 'zz' in the archive (it holds: b, z)"), "\(missing.standardError)")
        let found = try validate(#"{"npz": "layer_compressed.npz", "key": "z"}"#)
        #expect(found.status == 0, "\(found.standardError)")
    }

    @Test("sweep --emit-case --npy-dir: the case with .npy arrays loads to the same circuit as the JSON emit")
    func sweepEmitWithArrays() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try CommandRunner.write(SweepCommandTests.config, named: "config.json", in: directory)
        let json = directory.appendingPathComponent("cell.json").path
        let withArrays = directory.appendingPathComponent("npy/cell.json").path
        let first = try CommandRunner.run(["sweep", "--config", config, "--emit-case", "7", "--case-output", json])
        let second = try CommandRunner.run(["sweep", "--config", config, "--emit-case", "7", "--case-output", withArrays, "--npy-dir", "arrays"])
        #expect(first.status == 0 && second.status == 0, "\(first.standardError) \(second.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("npy/arrays/cell.W_r.npy").path))
        #expect(try CaseFile.load(path: withArrays) == CaseFile.load(path: json))
        let refused = try CommandRunner.run(["sweep", "--config", config, "--emit-case", "7", "--npy-dir", "arrays"])
        #expect(refused.status == 64)
    }

    @Test("solve --inputs --simulate random: each row's outcome equals simulate --from random with the derived seed")
    func inputsSimulateEqualsSimulate() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = Self.fixtures.appendingPathComponent("case-json.json").path
        let inputsPath = Self.fixtures.appendingPathComponent("inputs.npy").path
        let rowsPath = directory.appendingPathComponent("rows.jsonl").path
        let run = try CommandRunner.run(["solve", casePath, "--inputs", inputsPath, "--out", rowsPath, "--simulate", "random", "--seed", "9"])
        #expect(run.status == 0 && run.standardOutput.contains("simulated: "), "\(run.standardError)")
        let rows = try String(contentsOfFile: rowsPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let inputs = try NumPyArray.parse(Data(contentsOf: URL(fileURLWithPath: inputsPath)))
        let circuit = try CaseFile.load(path: casePath)
        let n = circuit.neuronCount
        for k in 0..<rows.count {
            let z = Array(inputs.values[(k * n)..<((k + 1) * n)])
            let single = try CommandRunner.write(CaseFile.encode(try circuit.replacingInput(z)), named: "input\(k).json", in: directory)
            let seed = SplitMix64.derivedSeed(master: 9, index: UInt64(k))
            let result = try CommandRunner.run(["simulate", single, "--from", "random", "--seed", "\(seed)", "--json"])
            #expect(result.status == 0)
            #expect(Self.member("sim_kind", in: rows[k]) == Self.member("kind", in: result.standardOutput), "input \(k)")
            #expect(Self.member("sim_final_time_s", in: rows[k]) == Self.member("final_time_s", in: result.standardOutput), "input \(k)")
        }
        let refused = try CommandRunner.run(["solve", casePath, "--inputs", inputsPath, "--simulate", "random"])
        #expect(refused.status == 64)
    }

    @Test("solve CASE --npy-dir: y, a and the eigenvalues as .npy equal the --jsonl output bit for bit")
    func singleSolveArrays() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let casePath = Self.fixtures.appendingPathComponent("case-json.json").path
        let result = try CommandRunner.run(["solve", casePath, "--jsonl", "--npy-dir", directory.path])
        #expect(result.status == 0, "\(result.standardError)")
        func numbers(_ text: String?) -> [Double] {
            (text ?? "").filter { !"[] ".contains($0) }.split(separator: ",").compactMap { Double($0) }
        }
        let y = try NumPyArray.parse(Data(contentsOf: directory.appendingPathComponent("case-json.y.npy")))
        let a = try NumPyArray.parse(Data(contentsOf: directory.appendingPathComponent("case-json.a.npy")))
        let eigenvalues = try NumPyArray.parse(Data(contentsOf: directory.appendingPathComponent("case-json.eigenvalues.npy")))
        #expect(y.values == numbers(Self.member("y", in: result.standardOutput)) && y.shape == [4])
        #expect(a.values == numbers(Self.member("a", in: result.standardOutput)))
        // "eigenvalues": [[re, im], ...] — the member helper stops at the first "]", so cut the text here.
        let text = result.standardOutput
        let start = try #require(text.range(of: "\"eigenvalues\": ")).upperBound
        let end = try #require(text[start...].range(of: "]]")).upperBound
        #expect(eigenvalues.shape == [8, 2] && eigenvalues.values == numbers(String(text[start..<end])))
    }
}
