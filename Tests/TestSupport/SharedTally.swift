import Foundation

/// Values collected from the concurrent cases of a property test (propertyCheck runs its
/// cases in parallel), read once the check is over: how often a check had teeth, how far an
/// adaptive check had to go. A lock around an array; nothing more.
public final class SharedTally<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Value] = []

    public init() {}

    public func record(_ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        collected.append(value)
    }

    public var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
