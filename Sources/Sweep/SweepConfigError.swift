import CircuitModel

/// Why a sweep configuration (file or flags) is refused. Nothing is written when one is thrown.
public enum SweepConfigError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case malformedJSON(JSONSyntaxError)
    case notAnObject(found: String)
    case unknownKey(String)
    case duplicateKey(String)
    case wrongType(key: String, expected: String, found: String)
    case unknownChoice(key: String, value: String, allowed: [String])
    case outOfRange(key: String, value: String, requirement: String)
    case wrongLength(key: String, expected: Int, found: Int)
    case malformedOverride(String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "cannot read sweep config \(path): \(reason)"
        case .malformedJSON(let error): return "sweep config is not valid JSON: \(error)"
        case .notAnObject(let found): return "sweep config must be a JSON object, found \(found)"
        case .unknownKey(let key): return "unknown key \"\(key)\" in sweep config (see sweeps/README.md)"
        case .duplicateKey(let key): return "key \"\(key)\" appears twice in sweep config"
        case .wrongType(let key, let expected, let found): return "\(key) must be \(expected), found \(found)"
        case .unknownChoice(let key, let value, let allowed):
            return "\(key) must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), found \"\(value)\""
        case .outOfRange(let key, let value, let requirement): return "\(key) must be \(requirement), found \(value)"
        case .wrongLength(let key, let expected, let found):
            return "\(key) must be one number or an array of n = \(expected) numbers, found \(found)"
        case .malformedOverride(let text): return "override \"\(text)\" must be KEY=VALUE (e.g. trials=8, delta.count=4)"
        }
    }
}
