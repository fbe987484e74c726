/// A scalar event function g(t, x) whose sign changes are located on the dense output
/// (for Poincaré sections, thresholds, divergence bounds).
///
/// A crossing is detected when g changes sign between the ends of an accepted step in
/// the requested direction; two crossings inside one step cancel and are missed, so
/// limit the step (`ODEOptions.maximumStepSize`) when g oscillates faster than the
/// solution is resolved.
public struct ODEEvent: Sendable {
    public enum Direction: Sendable, Equatable {
        /// g goes from < 0 to ≥ 0.
        case rising
        /// g goes from > 0 to ≤ 0.
        case falling
        case either
    }

    public let function: @Sendable (_ time: Double, _ state: [Double]) -> Double
    public let direction: Direction
    /// Stop the integration at the first crossing (status `.terminatedByEvent`).
    public let isTerminal: Bool

    public init(direction: Direction = .either, isTerminal: Bool = false,
                function: @escaping @Sendable (_ time: Double, _ state: [Double]) -> Double) {
        self.function = function
        self.direction = direction
        self.isTerminal = isTerminal
    }

    /// True when the sign change g(t₀) = before → g(t₁) = after is one this event watches.
    func isCrossing(from before: Double, to after: Double) -> Bool {
        switch direction {
        case .rising: return before < 0 && after >= 0
        case .falling: return before > 0 && after <= 0
        case .either: return (before < 0 && after >= 0) || (before > 0 && after <= 0)
        }
    }
}

/// A located crossing: the event's index in `ODEOptions.events`, the time, and the
/// interpolated state there.
public struct ODEEventOccurrence: Sendable, Equatable {
    public let eventIndex: Int
    public let time: Double
    public let state: [Double]
}
