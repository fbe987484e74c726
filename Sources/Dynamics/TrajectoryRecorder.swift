/// Collects what an integration keeps: samples (`ODESampling`), located events, and the
/// step interpolants for dense output. Fed one accepted step at a time.
struct TrajectoryRecorder {
    private let sampling: ODESampling
    private let events: [ODEEvent]
    private let keepsDenseOutput: Bool
    private let startTime: Double
    private(set) var times: [Double] = []
    private(set) var states: [[Double]] = []
    private(set) var occurrences: [ODEEventOccurrence] = []
    private(set) var interpolants: [StepInterpolant] = []
    private var nextSampleIndex = 0
    private var eventValues: [Double]

    init(options: ODEOptions, startTime: Double, initialState: [Double]) {
        sampling = options.sampling
        events = options.events
        keepsDenseOutput = options.denseOutput
        self.startTime = startTime
        eventValues = options.events.map { $0.function(startTime, initialState) }
        switch sampling {
        case .none: break
        case .acceptedSteps:
            times.append(startTime); states.append(initialState)
        case .uniform:
            times.append(startTime); states.append(initialState)
            nextSampleIndex = 1
        }
    }

    /// Records the accepted step [t₀, t₁] with end state x₁. Returns the earliest terminal
    /// event crossing inside the step, if any; samples and events after it are dropped.
    mutating func record(_ step: StepInterpolant, endState: [Double]) -> ODEEventOccurrence? {
        let endTime = step.endTime
        var found: [ODEEventOccurrence] = []
        var terminal: ODEEventOccurrence?
        for (index, event) in events.enumerated() {
            let after = event.function(endTime, endState)
            let before = eventValues[index]
            eventValues[index] = after
            guard before.isFinite, after.isFinite, event.isCrossing(from: before, to: after) else { continue }
            let time = EventLocator.locate(event, in: step, valueAtStart: before, valueAtEnd: after)
            let occurrence = ODEEventOccurrence(eventIndex: index, time: time, state: step.state(at: time))
            found.append(occurrence)
            if event.isTerminal, time < (terminal?.time ?? .infinity) { terminal = occurrence }
        }
        let horizon = terminal?.time ?? endTime
        occurrences += found.filter { $0.time <= horizon }.sorted { $0.time < $1.time }
        if keepsDenseOutput { interpolants.append(step) }
        switch sampling {
        case .none: break
        case .acceptedSteps:
            if terminal == nil { times.append(endTime); states.append(endState) }
        case let .uniform(interval):
            while true {
                var time = startTime + Double(nextSampleIndex) * interval
                // A grid point within rounding (1e-9 Δ) of the end is the end: t₀ + kΔ computed
                // in floating point may exceed t_end by an ulp and would otherwise be lost.
                guard time <= horizon + 1e-9 * interval else { break }
                time = min(time, horizon)
                times.append(time)
                states.append(time == endTime ? endState : step.state(at: time))
                nextSampleIndex += 1
            }
        }
        if let terminal, case .acceptedSteps = sampling {
            times.append(terminal.time); states.append(terminal.state)
        }
        return terminal
    }
}
