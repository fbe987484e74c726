import Foundation

/// Reading and writing circuit case files (case-format.md, the interchange format).
///
/// Decoding is strict: an unknown or duplicated key, a missing required key, a wrong
/// length, a ragged matrix, a non-finite number (NaN, ±Inf or a literal overflowing a
/// double), n < 1, τ ≤ 0, (b0σ)² = 0 or an unknown variant is a `CaseFileError`.
/// A negative entry in W is accepted and reported by `Circuit.theoremHypotheses`.
public enum CaseFile {
    /// A case file's parse tree: each number is converted to a double once, from its bytes.
    typealias CaseJSON = JSONTree<JSONNumber>

    public static let allowedKeys = ["variant", "n", "b", "z", "b0", "sigma", "tau_y", "tau_a", "W_r", "W", "name"]
    static let requiredKeys = ["n", "b", "z", "b0", "sigma", "tau_y", "tau_a"]

    /// Reads and decodes the case file at `path`; array files it names are read relative to
    /// its directory (`ArrayFileReader`'s path rule).
    public static func load(path: String) throws(CaseFileError) -> Circuit {
        try loadReportingArrays(path: path).circuit
    }

    /// `load`, and which keys came from `.npy`/`.npz` files (shape, dtype, order, version).
    public static func loadReportingArrays(path: String) throws(CaseFileError) -> (circuit: Circuit, arrays: [ArraySource]) {
        let text: String
        do { text = try TextFile.read(path) } catch { throw .unreadableFile(path: path, reason: error.reason) }
        var reader = ArrayFileReader(caseFilePath: path)
        let circuit = try decode(text, arrays: &reader)
        return (circuit, reader.sources)
    }

    /// Decodes case-file JSON text into a validated circuit. Array-file references are refused
    /// here (there is no case file to resolve their paths against): use `load(path:)`.
    public static func decode(_ text: String) throws(CaseFileError) -> Circuit {
        var reader = ArrayFileReader(caseFilePath: nil)
        return try decode(text, arrays: &reader)
    }

    static func decode(_ text: String, arrays reader: inout ArrayFileReader) throws(CaseFileError) -> Circuit {
        let (circuit, problems) = decodeCollectingProblems(text, arrays: &reader)
        if let first = problems.first { throw first }
        guard let circuit else { throw .notAnObject(found: "nothing") }  // unreachable: no problem means a circuit
        return circuit
    }

    /// Every problem of a case file, not only the first (`organics validate` lists them all):
    /// each key is checked on its own, so a wrong length in `z` does not hide a τ ≤ 0. Empty
    /// when the file decodes.
    public static func problems(path: String) -> [CaseFileError] {
        let text: String
        do { text = try TextFile.read(path) } catch { return [.unreadableFile(path: path, reason: error.reason)] }
        var reader = ArrayFileReader(caseFilePath: path)
        return decodeCollectingProblems(text, arrays: &reader).problems
    }

    /// The circuit when there is no problem; otherwise every problem found, in key order.
    /// Only malformed JSON, a non-object and an unusable n stop the checks early (nothing else
    /// can be checked without them).
    static func decodeCollectingProblems(_ text: String, arrays reader: inout ArrayFileReader)
        -> (circuit: Circuit?, problems: [CaseFileError]) {
        var problems: [CaseFileError] = []
        func attempt<T>(_ body: () throws(CaseFileError) -> T) -> T? {
            do { return try body() } catch { problems.append(error); return nil }
        }
        let value: CaseJSON
        do { value = try JSONParser.parse(text, numbers: JSONNumber.self) } catch { return (nil, [.malformedJSON(error)]) }
        guard case .object(let members) = value else { return (nil, [.notAnObject(found: value.kindDescription)]) }
        var fields: [String: CaseJSON] = [:]
        for (key, field) in members {
            guard allowedKeys.contains(key) else { problems.append(.unknownKey(key)); continue }
            guard fields[key] == nil else { problems.append(.duplicateKey(key)); continue }
            fields[key] = field
        }
        for key in requiredKeys where fields[key] == nil { problems.append(.missingKey(key)) }

        var variant = CircuitVariant.paper
        if let field = fields["variant"] {
            if case .string(let name) = field {
                if let parsed = CircuitVariant(rawValue: name) { variant = parsed } else { problems.append(.unknownVariant(name)) }
            } else {
                problems.append(.wrongType(key: "variant", expected: "a string", found: field.kindDescription))
            }
        }
        var name: String?
        if let field = fields["name"] {
            if case .string(let text) = field { name = text } else {
                problems.append(.wrongType(key: "name", expected: "a string", found: field.kindDescription))
            }
        }
        guard let nField = fields["n"], let n = attempt({ () throws(CaseFileError) in try neuronCount(nField) }) else {
            return (nil, problems)
        }
        func vector(_ key: String, scalarAllowed: Bool = true) -> [Double]? {
            guard let field = fields[key] else { return nil }
            return attempt { () throws(CaseFileError) in try perNeuron(key: key, field, n: n, scalarAllowed: scalarAllowed, arrays: &reader) }
        }
        let z = vector("z", scalarAllowed: false)
        let b = vector("b"), b0 = vector("b0"), sigma = vector("sigma")
        let tauY = vector("tau_y"), tauA = vector("tau_a")
        // A time constant given as one number is named without an index ("tau_y must be > 0").
        for (key, values) in [("tau_y", tauY), ("tau_a", tauA)] {
            guard let values, let bad = values.firstIndex(where: { $0 <= 0 }) else { continue }
            let scalar: Bool = if case .number = fields[key] { true } else { false }
            problems.append(.nonPositiveTimeConstant(key: key, index: scalar ? nil : bad, value: values[bad]))
        }
        let recurrent = attempt { () throws(CaseFileError) in
            try weights(key: "W_r", fields["W_r"], n: n, keywords: ["identity": .identity], arrays: &reader)
        }
        let normalization = attempt { () throws(CaseFileError) in
            try weights(key: "W", fields["W"], n: n, keywords: ["ones": .ones, "identity": .identity], defaultValue: .ones,
                        arrays: &reader)
        }
        guard problems.isEmpty, let z, let b, let b0, let sigma, let tauY, let tauA, let recurrent, let normalization else {
            return (nil, problems)
        }
        let circuit = attempt { () throws(CaseFileError) in
            try Circuit(name: name, variant: variant, inputGain: b, input: z, normalizationGain: b0, sigma: sigma,
                        tauY: tauY, tauA: tauA, recurrentWeights: recurrent, normalizationWeights: normalization)
        }
        return (circuit, problems)
    }

    /// A finite double from a JSON number (`Double` of its exact text; overflow to ±Inf refused).
    static func number(_ value: CaseJSON, key: String, index: Int?) throws(CaseFileError) -> Double {
        guard case .number(let number) = value else {
            let place = index.map { "\(key)[\($0)]" } ?? key
            throw .wrongType(key: place, expected: "a number", found: value.kindDescription)
        }
        guard let parsed = number.value, parsed.isFinite else { throw .nonFinite(key: key, index: index, text: number.text) }
        return parsed
    }

    private static func neuronCount(_ value: CaseJSON) throws(CaseFileError) -> Int {
        guard case .number(let number) = value else {
            throw .wrongType(key: "n", expected: "an integer ≥ 1", found: value.kindDescription)
        }
        let text = number.text
        guard let count = Int(text), count >= 1 else { throw .invalidNeuronCount(found: text) }
        guard count <= 100_000 else { throw .invalidNeuronCount(found: "\(text) (more than 100000 neurons)") }
        return count
    }

    /// A per-neuron key: a scalar (broadcast to n entries) or an array of n numbers.
    private static func perNeuron(key: String, _ value: CaseJSON, n: Int, scalarAllowed: Bool,
                                  arrays reader: inout ArrayFileReader) throws(CaseFileError) -> [Double] {
        switch value {
        case .object(let members):
            return try arrayFile(key: key, members, shape: [n], arrays: &reader)
        case .number where scalarAllowed:
            return Array(repeating: try number(value, key: key, index: nil), count: n)
        case .array(let elements):
            guard elements.count == n else { throw .wrongLength(key: key, expected: n, found: elements.count) }
            var result: [Double] = []
            result.reserveCapacity(n)
            for (index, element) in elements.enumerated() { result.append(try number(element, key: key, index: index)) }
            return result
        default:
            throw .wrongType(key: key, expected: scalarAllowed ? "a number or an array of n numbers" : "an array of n numbers",
                             found: value.kindDescription)
        }
    }

    /// A matrix key: one of `keywords`, or n arrays of n numbers (row-major).
    private static func weights(key: String, _ value: CaseJSON?, n: Int, keywords: [String: WeightMatrix],
                                defaultValue: WeightMatrix = .identity,
                                arrays reader: inout ArrayFileReader) throws(CaseFileError) -> WeightMatrix {
        guard let value else { return defaultValue }
        let expected = keywords.keys.sorted().map { "\"\($0)\"" }.joined(separator: " or ") + " or n arrays of n numbers"
        switch value {
        case .object(let members):
            let values = try arrayFile(key: key, members, shape: [n, n], arrays: &reader)
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0..<n { matrix[i, j] = values[i * n + j] }
            }
            return .dense(matrix)
        case .string(let word):
            guard let matrix = keywords[word] else { throw .wrongType(key: key, expected: expected, found: value.kindDescription) }
            return matrix
        case .array(let rows):
            guard rows.count == n else { throw .wrongRowCount(key: key, expected: n, found: rows.count) }
            var matrix = ColumnMajorMatrix(rows: n, columns: n)
            for (i, row) in rows.enumerated() {
                guard case .array(let entries) = row else {
                    throw .wrongType(key: "\(key)[\(i)]", expected: "an array of n numbers", found: row.kindDescription)
                }
                guard entries.count == n else { throw .raggedMatrix(key: key, row: i, expected: n, found: entries.count) }
                let rowKey = "\(key)[\(i)]"
                for (j, entry) in entries.enumerated() { matrix[i, j] = try number(entry, key: rowKey, index: j) }
            }
            return .dense(matrix)
        default:
            throw .wrongType(key: key, expected: expected, found: value.kindDescription)
        }
    }

    /// The values of an array file (`{"npy": …}` or `{"npz": …, "key": …}`), row-major,
    /// checked to have exactly `shape` and finite entries.
    private static func arrayFile(key: String, _ members: [(key: String, value: CaseJSON)], shape: [Int],
                                  arrays reader: inout ArrayFileReader) throws(CaseFileError) -> [Double] {
        let array = try reader.read(key: key, members: members)
        let file = reader.sources.last?.file ?? "?"
        guard array.shape == shape else {
            let expected = shape.count == 1 ? "(n,) = \(NumPyArray.shapeText(shape))" : "(n, n) = \(NumPyArray.shapeText(shape))"
            throw .arrayFile(key: key, file: file, problem: .wrongShape(expected: expected, found: array.shape))
        }
        if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
            let index = shape.count == 2 ? "[\(bad / shape[1])][\(bad % shape[1])]" : "[\(bad)]"
            throw .arrayFile(key: key, file: file, problem: .nonFinite(index: index, value: array.values[bad]))
        }
        return array.values
    }
}
