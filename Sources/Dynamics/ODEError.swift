/// Inputs that make an integration meaningless (thrown, never returned as a status).
/// Failures of the integration itself are `ODEStatus` values.
public enum ODEError: Error, Equatable, CustomStringConvertible {
    case emptyState
    case nonFiniteInitialState(index: Int, value: Double)
    case invalidTimeSpan(start: Double, end: Double)
    case invalidOption(name: String, value: Double)
    case stateLengthMismatch(expected: Int, found: Int)

    public var description: String {
        switch self {
        case .emptyState:
            return "the initial state is empty"
        case let .nonFiniteInitialState(index, value):
            return "initial state[\(index)] must be finite, found \(value)"
        case let .invalidTimeSpan(start, end):
            return "the time span must be finite with end ≥ start, found [\(start), \(end)]"
        case let .invalidOption(name, value):
            return "option \(name) must be finite and > 0, found \(value)"
        case let .stateLengthMismatch(expected, found):
            return "the start state has \(found) entries; the circuit's state has 2n = \(expected)"
        }
    }
}
