import CircuitModel
import JacobianBuilder

/// A circuit's trajectory over [0, duration] on a uniform grid, and the classification of
/// where it went (the `organics simulate` computation; the sweep calls
/// `AttractorClassifier` directly when it needs no trajectory).
public struct CircuitSimulation: Sendable {
    /// Sample times t_k = k · samplingInterval (seconds), up to the end or the stop.
    public let times: [Double]
    /// states[k] = x(t_k) = (y, a).
    public let states: [[Double]]
    /// `.success`, or how the trajectory integration stopped (`.terminatedByEvent(index: 0)`:
    /// ‖x‖∞ passed the divergence bound).
    public let trajectoryStatus: ODEStatus
    public let trajectoryStatistics: ODEStatistics
    /// The classifier run with time budget = duration.
    public let classification: AttractorClassification

    /// Integrates (rtol/atol and method of `options.integration`) and classifies.
    ///
    /// Two integrations of the same flow: the trajectory to `duration` with dense sampling,
    /// and the classifier, which stops as soon as it has a verdict; both are deterministic,
    /// so the trajectory and the verdict describe the same motion.
    /// - Parameters:
    ///   - duration: seconds (> 0).
    ///   - samplingInterval: seconds; nil means τ_max / 10.
    ///   - recordTrajectory: false skips the sampled trajectory (times/states hold the start only).
    public static func run(circuit: Circuit, from start: CircuitState, duration: Double,
                           samplingInterval: Double? = nil, options: AttractorOptions = AttractorOptions(),
                           jacobian: JacobianFunction? = nil, reference: CircuitState? = nil,
                           polish: FixedPointPolish = .standard,
                           recordTrajectory: Bool = true) throws(ODEError) -> CircuitSimulation {
        let tau = circuit.slowestTimeConstant
        guard duration.isFinite, duration > 0 else { throw .invalidOption(name: "duration", value: duration) }
        let interval = samplingInterval ?? tau / 10
        let bound = options.divergenceBound
        var trajectoryOptions = options.integration
        trajectoryOptions.sampling = .uniform(interval: interval)
        trajectoryOptions.events = [ODEEvent(direction: .rising, isTerminal: true) { _, x in
            var largest = 0.0
            for value in x { largest = max(largest, abs(value)) }
            return largest - bound
        }]
        let jacobian = jacobian ?? CircuitDynamics.flowJacobian(of: circuit, using: JacobianBuilder())
        let problem = try CircuitDynamics.problem(circuit: circuit, from: start, duration: duration, jacobian: jacobian)
        // Without a trajectory to write, only the classifier runs (times/states then hold the start).
        let trajectory = recordTrajectory ? try ODESolver(trajectoryOptions).solve(problem) : nil

        var classifierOptions = options
        classifierOptions.timeBudget = duration / tau
        let attractorProblem = try CircuitDynamics.attractorProblem(circuit: circuit, from: start, jacobian: jacobian,
                                                                    reference: reference, polish: polish)
        let classification = try AttractorClassifier(classifierOptions).classify(attractorProblem)
        return CircuitSimulation(times: trajectory?.times ?? [0], states: trajectory?.states ?? [start.flattened],
                                 trajectoryStatus: trajectory?.status ?? .success,
                                 trajectoryStatistics: trajectory?.statistics ?? ODEStatistics(),
                                 classification: classification)
    }
}

extension CircuitSimulation {
    /// This run's classification with `other`'s sampled trajectory — a recording of the same
    /// deterministic flow over a shorter span (`organics simulate` records only up to the
    /// classification time plus a margin).
    public func replacingTrajectory(with other: CircuitSimulation) -> CircuitSimulation {
        CircuitSimulation(times: other.times, states: other.states, trajectoryStatus: other.trajectoryStatus,
                          trajectoryStatistics: other.trajectoryStatistics, classification: classification)
    }
}
