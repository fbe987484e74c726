/// A point where the vector field is not differentiable: the argument of a max(·, 0)
/// (or of its derivative H) is exactly 0, proofs/jacobian.md §3.3.
///
/// The Jacobian returned there is the one-sided matrix with H(0) = 0 for every such
/// argument: the left derivative of max(·, 0), i.e. the rectifier is treated as off.
/// For a = 0 this also sets ∂√max(a,0)/∂a = 0 (the left derivative of √max(a,0)).
public struct JacobianKink: Sendable, Hashable, CustomStringConvertible {
    /// Which rectified quantity of the neuron is exactly 0.
    public enum Location: String, Sendable, Hashable, CaseIterable {
        /// y_i = 0 (variants `rectified` and `rectified-recurrence`: max(y, 0)).
        case activity = "y"
        /// a_i = 0 (every variant: √a⁺ and q = a⁺ …).
        case modulator = "a"
        /// (W_r y)_i = 0 (variant `rectified-recurrence`: max(W_r y, 0)).
        case recurrentInput = "W_r y"
    }

    /// Neuron index i, 0-based.
    public let neuron: Int
    public let location: Location

    public init(neuron: Int, location: Location) {
        self.neuron = neuron
        self.location = location
    }

    public var description: String {
        switch location {
        case .activity: return "y[\(neuron)] = 0"
        case .modulator: return "a[\(neuron)] = 0"
        case .recurrentInput: return "(W_r y)[\(neuron)] = 0"
        }
    }
}
