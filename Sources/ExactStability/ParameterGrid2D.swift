import ExactArithmetic

/// A parameter of the 2D circuit that a map can vary, named as its CLI flag.
public enum CircuitParameter2D: String, Sendable, Hashable, CaseIterable {
    case wr, w, b, z, b0, sigma
    case tauY = "tau-y"
    case tauA = "tau-a"
}

extension Circuit2D {
    /// The same circuit with one parameter set to `value` (validated again).
    public func setting(_ parameter: CircuitParameter2D, to value: Rational) throws(Circuit2DError) -> Circuit2D {
        switch parameter {
        case .wr: return try with(recurrentWeight: value)
        case .w: return try with(normalizationWeight: value)
        case .b: return try with(b: value)
        case .z: return try with(z: value)
        case .b0: return try with(b0: value)
        case .sigma: return try with(sigma: value)
        case .tauY: return try with(tauY: value)
        case .tauA: return try with(tauA: value)
        }
    }
}

/// One axis of a parameter map: `count` equally spaced exact rationals from `start` to
/// `stop` inclusive, start + i (stop - start)/(count - 1); a single point when count = 1.
public struct GridAxis2D: Sendable, Hashable {
    public let parameter: CircuitParameter2D
    public let values: [Rational]

    /// Parses `name:start:stop:count`, e.g. `wr:0:3:101` or `z:-1/2:1/2:51`.
    public init(parsing text: String) throws(GridAxisError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 else { throw .malformed(text) }
        guard let parameter = CircuitParameter2D(rawValue: parts[0]) else { throw .unknownParameter(parts[0]) }
        guard let count = Int(parts[3]), (1...10_000).contains(count) else { throw .badCount(parts[3]) }
        let start: Rational, stop: Rational
        do {
            start = try Rational(parsing: parts[1])
            stop = try Rational(parsing: parts[2])
        } catch {
            throw .badEndpoint(error.description)
        }
        self.parameter = parameter
        if count == 1 {
            values = [start]
        } else {
            let step = (stop - start) / Rational(count - 1) ?? .zero
            values = (0..<count).map { start + step * Rational($0) }
        }
    }
}

/// Why an axis specification was refused; the CLI prefixes the flag.
public enum GridAxisError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownParameter(String)
    case badCount(String)
    case badEndpoint(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "'\(text)' is not name:start:stop:count (e.g. wr:0:3:101)"
        case .unknownParameter(let name):
            return "unknown parameter '\(name)' (one of \(CircuitParameter2D.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .badCount(let text):
            return "count must be an integer in 1...10000, found '\(text)'"
        case .badEndpoint(let message):
            return message
        }
    }
}
