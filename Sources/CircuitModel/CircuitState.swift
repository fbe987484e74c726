import Foundation

/// A state x = (y, a) of a circuit, the order used by F, the Jacobian and every file.
public struct CircuitState: Sendable, Equatable {
    public let y: [Double]
    public let a: [Double]

    public init(y: [Double], a: [Double]) {
        precondition(y.count == a.count, "y and a must have the same length")
        self.y = y
        self.a = a
    }

    /// From x = (y, a) of length 2n.
    public init(flattened x: [Double]) {
        precondition(x.count % 2 == 0, "a state vector has even length 2n")
        let n = x.count / 2
        self.init(y: Array(x[0..<n]), a: Array(x[n...]))
    }

    /// x = (y, a).
    public var flattened: [Double] { y + a }
}

/// Why a state file (`{"y": [...], "a": [...]}`) is refused.
public enum StateFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case wrongLength(path: String, key: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read state file '\(path)': \(reason)"
        case let .malformed(path, reason): return "state file '\(path)': \(reason)"
        case let .wrongLength(path, key, expected, found):
            return "state file '\(path)': \(key) must have \(expected) entries (n of the circuit), found \(found)"
        }
    }
}

extension CircuitState {
    /// Reads a state file: a JSON object with exactly the keys "y" and "a", arrays of n
    /// finite numbers (other keys, such as a solver's output, are ignored only if `lenient`).
    /// `organics simulate --json` output is a state file too: without top-level "y", the
    /// object under "final_state" is read.
    public static func load(path: String, neuronCount n: Int, lenient: Bool = true) throws(StateFileError) -> CircuitState {
        let text: String
        do { text = try TextFile.read(path) } catch { throw .unreadable(path: path, reason: error.reason) }
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw .malformed(path: path, reason: "malformed JSON at \(error)") }
        guard case .object(var members) = value else { throw .malformed(path: path, reason: "expected a JSON object") }
        // `organics simulate --json` nests the end state: {"final_state": {"y": …, "a": …}, …}.
        if !members.contains(where: { $0.key == "y" }),
           case .object(let nested)? = members.first(where: { $0.key == "final_state" })?.value {
            members = nested
        }
        var vectors: [String: [Double]] = [:]
        for (key, field) in members {
            guard key == "y" || key == "a" else {
                if lenient { continue }
                throw .malformed(path: path, reason: "unknown key '\(key)' (expected \"y\" and \"a\")")
            }
            guard case .array(let entries) = field else { throw .malformed(path: path, reason: "\(key) must be an array of numbers") }
            var numbers: [Double] = []
            for (index, entry) in entries.enumerated() {
                guard case .number(let literal) = entry, let number = Double(literal), number.isFinite else {
                    throw .malformed(path: path, reason: "\(key)[\(index)] must be a finite number, found \(entry.kindDescription)")
                }
                numbers.append(number)
            }
            vectors[key] = numbers
        }
        guard let y = vectors["y"] else { throw .malformed(path: path, reason: "missing key 'y'") }
        guard let a = vectors["a"] else { throw .malformed(path: path, reason: "missing key 'a'") }
        guard y.count == n else { throw .wrongLength(path: path, key: "y", expected: n, found: y.count) }
        guard a.count == n else { throw .wrongLength(path: path, key: "a", expected: n, found: a.count) }
        return CircuitState(y: y, a: a)
    }
}
