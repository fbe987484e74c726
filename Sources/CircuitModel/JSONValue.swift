/// A parsed JSON document that keeps what a validator needs and `JSONSerialization`
/// loses: the order and multiplicity of object keys, and every number's exact text
/// (so `1e400` can be refused as overflowing a double instead of becoming ∞).
///
/// `Number` is how a number is kept: `JSONValue` keeps its text (`String`); case files
/// keep a `JSONNumber` (the double, converted once from the bytes, and where its text is).
/// No case is `indirect`: the recursion goes through arrays, which are already on the heap,
/// so a number or a string costs no box of its own.
public enum JSONTree<Number> {
    case object([(key: String, value: JSONTree)])
    case array([JSONTree])
    case string(String)
    /// The number exactly as written (`JSONValue`), or as `Number` keeps it.
    case number(Number)
    case bool(Bool)
    case null
}

/// A JSON document with every number kept as its exact text.
public typealias JSONValue = JSONTree<String>

extension JSONTree: Sendable where Number: Sendable {}

extension JSONTree: Equatable where Number: Equatable {
    public static func == (lhs: JSONTree, rhs: JSONTree) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }
}

extension JSONTree where Number: CustomStringConvertible {
    /// A short name of the kind of value, for error messages ("a string", "an array");
    /// a number is named by its text as written.
    public var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let text): return "the string \"\(text)\""
        case .number(let number): return "the number \(number)"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        }
    }
}

/// Where and why JSON text is malformed (1-based line and column).
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: String
    public var description: String { "line \(line), column \(column): \(reason)" }
}
