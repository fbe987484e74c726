/// Why a case file (case-format.md) is refused. Every case names the key, and the index
/// and value where there is one; `description` is the sentence a user needs.
public enum CaseFileError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case malformedJSON(JSONSyntaxError)
    case notAnObject(found: String)
    case unknownKey(String)
    case duplicateKey(String)
    case missingKey(String)
    case wrongType(key: String, expected: String, found: String)
    case wrongLength(key: String, expected: Int, found: Int)
    case raggedMatrix(key: String, row: Int, expected: Int, found: Int)
    /// A matrix key with the wrong number of rows (an n × n matrix is n arrays of n numbers).
    case wrongRowCount(key: String, expected: Int, found: Int)
    /// NaN, ±Inf, or a number that overflows a double.
    case nonFinite(key: String, index: Int?, text: String)
    case invalidNeuronCount(found: String)
    /// `index` nil: the key was one number (broadcast), so no index is named.
    case nonPositiveTimeConstant(key: String, index: Int?, value: Double)
    /// (b0_i σ_i)² = 0: the normalization pool would vanish.
    case vanishingPool(index: Int, b0: Double, sigma: Double)
    case unknownVariant(String)
    /// A key given as `{"npy": …}` or `{"npz": …, "key": …}` whose file is refused.
    case arrayFile(key: String, file: String, problem: ArrayFileProblem)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "cannot read '\(path)': \(reason)"
        case let .malformedJSON(error): return "malformed JSON at \(error)"
        case let .notAnObject(found): return "a case file must be a JSON object, found \(found)"
        case let .unknownKey(key):
            return "unknown key '\(key)' (allowed: \(CaseFile.allowedKeys.joined(separator: ", ")))"
        case let .duplicateKey(key): return "key '\(key)' appears more than once"
        case let .missingKey(key): return "missing required key '\(key)'"
        case let .wrongType(key, expected, found): return "\(key) must be \(expected), found \(found)"
        case let .wrongLength(key, expected, found):
            return "\(key) must have \(expected) entries (n = \(expected)), found \(found)"
        case let .wrongRowCount(key, expected, found):
            return "\(key) must have \(expected) rows (an n × n matrix, n = \(expected)), found \(found)"
        case let .raggedMatrix(key, row, expected, found):
            return "\(key)[\(row)] must have \(expected) entries (a square n × n matrix), found \(found)"
        case let .nonFinite(key, index, text):
            let place = index.map { "\(key)[\($0)]" } ?? key
            return "\(place) must be a finite number, found \(text)"
        case let .invalidNeuronCount(found): return "n must be an integer ≥ 1, found \(found)"
        case let .nonPositiveTimeConstant(key, index, value):
            return "\(index.map { "\(key)[\($0)]" } ?? key) must be > 0, found \(value)"
        case let .vanishingPool(index, b0, sigma):
            return "(b0[\(index)] · sigma[\(index)])² must be > 0 (the normalization pool would vanish), found b0 = \(b0), sigma = \(sigma)"
        case let .arrayFile(key, file, problem): return "\(key) (array file '\(file)'): \(problem)"
        case let .unknownVariant(name):
            return "variant must be one of \(CircuitVariant.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(name)\""
        }
    }
}
