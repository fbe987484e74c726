/// How an integration ended.
public enum ODEStatus: Sendable, Equatable {
    /// t_end reached.
    case success
    /// A terminal event fired; `ODESolution.finalTime` is its location.
    case terminatedByEvent(index: Int)
    /// `ODEOptions.maximumSteps` steps (accepted + rejected) were spent before t_end.
    case maximumStepsReached
    /// The controller asked for h below 10·ulp(t): the error cannot be controlled
    /// (a singularity, or a tolerance below what double precision can resolve).
    case stepSizeUnderflow(at: Double)
    /// f or the state became NaN/±Inf after t (blow-up); the state at t is `finalState`.
    case nonFinite(at: Double)
    /// I − hγJ could not be factored (exactly singular or non-finite) in the Rosenbrock step.
    case linearAlgebraFailure(at: Double, message: String)

    /// True for `.success` and `.terminatedByEvent`.
    public var isSuccess: Bool {
        switch self {
        case .success, .terminatedByEvent: return true
        default: return false
        }
    }
}

/// Work done by an integration.
public struct ODEStatistics: Sendable, Equatable {
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    public var functionEvaluations = 0
    public var jacobianEvaluations = 0
    public var factorizations = 0
    /// With `.automatic`: the time at which the stiffness test switched to Rosenbrock.
    public var switchedToRosenbrockAt: Double?
    public init() {}
}

/// What happened: status, work, the final state and the sampled trajectory.
public struct ODESolution: Sendable {
    public let status: ODEStatus
    public let statistics: ODEStatistics
    public let finalTime: Double
    public let finalState: [Double]
    /// Sample times (see `ODESampling`), increasing.
    public let times: [Double]
    /// `states[k]` is the state at `times[k]`.
    public let states: [[Double]]
    /// Located event crossings in time order.
    public let events: [ODEEventOccurrence]
    /// Every accepted step's interpolant, when `ODEOptions.denseOutput` was set.
    public let denseOutput: DenseOutput?
    /// The last step size the controller proposed (to continue an integration in chunks).
    public let lastStepSize: Double
}

/// The piecewise interpolant of a whole integration: x(t) for any t in
/// [first step's start, last step's end], to the interpolant's order (4 for
/// Dormand–Prince, 2 for Rosenbrock) between steps and exact at step ends.
public struct DenseOutput: Sendable {
    public let steps: [StepInterpolant]

    /// x(t), or nil when t lies outside the integrated interval. O(log steps).
    public func state(at time: Double) -> [Double]? {
        guard let first = steps.first, let last = steps.last,
              time >= first.startTime, time <= last.startTime + last.stepSize else { return nil }
        var low = 0, high = steps.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if steps[middle].startTime <= time { low = middle } else { high = middle - 1 }
        }
        return steps[low].state(at: time)
    }
}
