import CircuitModel
import Foundation
import PropertyBased
import Randomness
import TestSupport
import Testing

@Suite("NumPy .npy reader and case-file array references (docs/numpy-arrays.md)")
struct NumPyArrayTests {
    static let descriptors = ["<f8", ">f8", "<f4", ">f4"]

    /// A non-symmetric 3 × 3 matrix (catches a transposition) with values that are not
    /// exact in float32 (so float32 files must give Double(Float(v)), not v).
    static let matrix: [Double] = [1.0, 0.3, -0.1, 0.1, 0.9, 0.2, 0.0, 0.4, 1.1]
    static let vector: [Double] = [1.0, 0.2, 1e-300]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("numpy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func jsonArray(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }

    @Test("every dtype × order × version: the case equals its JSON form (float32 entries as Double(Float(v)))",
          arguments: descriptors, [false, true])
    func everyVariantEqualsJSON(descr: String, fortran: Bool) throws {
        for major: UInt8 in [1, 2, 3] {
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try NumPyBytes.make(descr: descr, fortran: fortran, shape: [3, 3], values: Self.matrix, major: major)
                .write(to: directory.appendingPathComponent("W_r.npy"))
            try NumPyBytes.make(descr: descr, fortran: fortran, shape: [3], values: Self.vector, major: major)
                .write(to: directory.appendingPathComponent("z.npy"))
            let casePath = directory.appendingPathComponent("case.json").path
            try Data(#"{"n": 3, "b": 0.5, "b0": 0.5, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": {"npy": "z.npy"}, "W_r": {"npy": "W_r.npy"}}"#.utf8)
                .write(to: URL(fileURLWithPath: casePath))
            let (circuit, sources) = try CaseFile.loadReportingArrays(path: casePath)

            let widen: (Double) -> Double = descr.hasSuffix("4") ? { Double(Float($0)) } : { $0 }
            let rows = (0..<3).map { i in Self.jsonArray((0..<3).map { widen(Self.matrix[3 * i + $0]) }) }
            let json = #"{"n": 3, "b": 0.5, "b0": 0.5, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": \#(Self.jsonArray(Self.vector.map(widen))), "W_r": [\#(rows.joined(separator: ", "))]}"#
            #expect(circuit == (try CaseFile.decode(json)), "\(descr) fortran \(fortran) version \(major)")
            #expect(sources.map(\.key) == ["z", "W_r"])
            #expect(sources.allSatisfy { $0.elementType.rawValue == descr && $0.version == "\(major).0" && $0.fortranOrder == fortran })
            #expect(sources.last?.shape == [3, 3])
        }
    }

    @Test("CaseFile.write with arrays then load gives the circuit back exactly (property, every variant)")
    func writeLoadRoundTrip() async throws {
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 7)
            let variant = CircuitVariant.allCases[rng.nextIndex(below: 3)]
            var circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: 0.3, variant: variant, using: &rng)
            // Silent neurons: exact zeros in z and a zero row of W_r.
            var z = circuit.input
            z[0] = 0
            circuit = try circuit.replacingInput(z)
            if case .dense(var m) = circuit.recurrentWeights {
                for j in 0..<n { m[n - 1, j] = 0 }
                circuit = try circuit.replacingRecurrentWeights(.dense(m))
            }
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("out/case.json").path
            let written = try CaseFile.write(circuit, to: path, arrayDirectory: "arrays")
            #expect(written.last == path && written.count >= 2)
            let (loaded, sources) = try CaseFile.loadReportingArrays(path: path)
            #expect(loaded == circuit)
            #expect(sources.contains { $0.key == "W_r" && $0.shape == [n, n] })
        }
    }

    @Test("NumPy's own files (scripts/numpy-fixtures.py: np.save, savez, savez_compressed) equal the JSON form")
    func numpyWrittenFixtures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/numpy")
        let (fromArrays, sources) = try CaseFile.loadReportingArrays(path: root.appendingPathComponent("case-npy.json").path)
        let fromJSON = try CaseFile.load(path: root.appendingPathComponent("case-json.json").path)
        #expect(fromArrays == fromJSON)
        let types = Dictionary(uniqueKeysWithValues: sources.map { ($0.key, $0.elementType.rawValue) })
        #expect(types == ["W_r": "<f8", "W": ">f4", "b0": ">f8", "z": "<f8", "b": "<f4", "tau_y": "<f8"])
        #expect(sources.first { $0.key == "W" }?.fortranOrder == true)
    }

    /// (mutated bytes, fragment of the message)
    static func malformed() -> [(String, Data, String)] {
        let good = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3], values: Self.vector)
        return [
            ("not npy", Data("hello, world".utf8), "does not start with"),
            ("short header", good.prefix(9), "truncated .npy header"),
            ("version 4", { var d = good; d[6] = 4; return d }(), "unsupported .npy format version 4.0"),
            ("truncated data", good.dropLast(1), "truncated data"),
            ("trailing data", good + Data([0]), "1 bytes after the data"),
            ("int64", NumPyBytes.make(descr: "<i8", fortran: false, shape: [3], values: Self.vector), "dtype '<i8' is not read"),
            ("object", NumPyBytes.make(descr: "|O", fortran: false, shape: [3], values: Self.vector), "object arrays"),
            ("complex", NumPyBytes.make(descr: "<c16", fortran: false, shape: [3], values: Self.vector), "dtype '<c16'"),
            ("float16", NumPyBytes.make(descr: "<f2", fortran: false, shape: [3], values: Self.vector), "dtype '<f2'"),
            ("structured", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                           headerOverride: "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (3,), }"), "structured"),
            ("3-d", NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 1, 1], values: Self.vector), "3-dimensional"),
            ("missing key", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                            headerOverride: "{'descr': '<f8', 'shape': (3,), }"), "a key is missing"),
            ("extra key", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                          headerOverride: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}"), "unexpected key 'x'"),
            ("bad order", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                          headerOverride: "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }"), "fortran_order must be"),
            ("negative shape", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                               headerOverride: "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }"), "non-negative"),
            ("not a dict", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                           headerOverride: "[1, 2]"), "not a dict"),
            ("huge shape", NumPyBytes.make(descr: "", fortran: false, shape: [3], values: Self.vector,
                                           headerOverride: "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 2), }"), "too large"),
        ]
    }

    @Test("every malformed .npy variant is a NumPyFormatError with its own message")
    func malformedBytes() {
        for (label, data, fragment) in Self.malformed() {
            do {
                _ = try NumPyArray.parse(data)
                Issue.record("\(label): accepted")
            } catch {
                #expect(error.description.contains(fragment), "\(label): \(error.description)")
            }
        }
    }

    /// Loads a case whose z is `reference` (after writing `files` into a fresh directory).
    static func refusal(_ reference: String, files: [String: Data] = [:], key: String = "z") throws -> String? {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, data) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let zText = key == "z" ? reference : "[1, 1, 1]"
        let wText = key == "W" ? reference : "\"ones\""
        let path = directory.appendingPathComponent("case/case.json")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 1, "tau_a": 1, "z": \#(zText), "W": \#(wText)}"#.utf8).write(to: path)
        do { _ = try CaseFile.load(path: path.path); return nil } catch { return error.description }
    }

    @Test("path rule: absolute, '..' and symbolic links leaving the case directory are refused; inside is read")
    func pathRule() throws {
        let z = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3], values: [1, 2, 3])
        #expect(try Self.refusal(#"{"npy": "sub/z.npy"}"#, files: ["case/sub/z.npy": z]) == nil)
        #expect(try Self.refusal(#"{"npy": "sub/../sub/z.npy"}"#, files: ["case/sub/z.npy": z]) == nil)
        let outside = try Self.refusal(#"{"npy": "../z.npy"}"#, files: ["z.npy": z])
        #expect(outside?.contains("leaves the case file's directory tree") == true, "\(outside ?? "accepted")")
        let absolute = try Self.refusal(#"{"npy": "/etc/passwd"}"#)
        #expect(absolute?.contains("absolute paths are refused") == true)
        // A symbolic link inside the directory pointing out of it.
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try z.write(to: directory.appendingPathComponent("z.npy"))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("case"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("case/link.npy").path,
                                                   withDestinationPath: directory.appendingPathComponent("z.npy").path)
        let casePath = directory.appendingPathComponent("case/case.json").path
        try Data(#"{"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 1, "tau_a": 1, "z": {"npy": "link.npy"}}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        #expect(throws: CaseFileError.self) { try CaseFile.load(path: casePath) }
        // Text has no directory: references are refused by decode.
        #expect(throws: CaseFileError.self) { try CaseFile.decode(#"{"n": 1, "b": 1, "b0": 1, "sigma": 1, "tau_y": 1, "tau_a": 1, "z": {"npy": "z.npy"}}"#) }
    }

    @Test("wrong shape, non-finite entries, bad references and archive problems name key, file and problem")
    func caseLevelRefusals() throws {
        let vector4 = NumPyBytes.make(descr: "<f8", fortran: false, shape: [4], values: [1, 2, 3, 4])
        let row = NumPyBytes.make(descr: "<f8", fortran: false, shape: [1, 3], values: [1, 2, 3])
        let withNaN = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3], values: [1, .nan, 3])
        let square = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 3], values: Array(repeating: 1, count: 9))
        let cases: [(String, [String: Data], String, String)] = [
            (#"{"npy": "z.npy"}"#, ["case/z.npy": vector4], "z", "z (array file 'z.npy'): shape (4,), expected (n,) = (3,)"),
            (#"{"npy": "z.npy"}"#, ["case/z.npy": row], "z", "shape (1, 3), expected (n,)"),
            (#"{"npy": "z.npy"}"#, ["case/z.npy": withNaN], "z", "entry [1] is nan"),
            (#"{"npy": "W.npy"}"#, ["case/W.npy": vector4], "W", "W (array file 'W.npy'): shape (4,), expected (n, n) = (3, 3)"),
            (#"{"npy": "z.npy"}"#, ["case/z.npy": square], "z", "expected (n,)"),
            (#"{"npy": "missing.npy"}"#, [:], "z", "no such file"),
            (#"{"npy": 3}"#, [:], "z", "\"npy\" must be a path string"),
            (#"{"npz": "a.npz"}"#, [:], "z", "an array file is"),
            (#"{"npy": "z.npy", "key": "z"}"#, [:], "z", "an array file is"),
            (#"{"npz": "a.npz", "key": "z"}"#, ["case/a.npz": Data("not a zip".utf8)], "z", "not a readable .npz"),
        ]
        for (reference, files, key, fragment) in cases {
            let message = try Self.refusal(reference, files: files, key: key)
            #expect(message?.contains(fragment) == true, "\(reference): \(message ?? "accepted")")
        }
    }

    @Test("NumPyArray.encode is read back by the independent byte builder's reader path and by itself")
    func encoderMatchesBuilder() throws {
        let encoded = NumPyArray.encode(shape: [3, 3], values: Self.matrix)
        let built = NumPyBytes.make(descr: "<f8", fortran: false, shape: [3, 3], values: Self.matrix)
        #expect(encoded == built)
        #expect(encoded.count % 64 == Self.matrix.count * 8 % 64)
        #expect(try NumPyArray.parse(encoded).values == Self.matrix)
    }
}
