import LinearAlgebra

/// Integrates an `ODEProblem` with the method and tolerances of its `ODEOptions`.
///
///     let solution = try ODESolver(options).solve(problem)
///
/// Throws only for meaningless input (`ODEError`); every integration failure is an
/// `ODEStatus` in the returned solution, with the state reached so far.
public struct ODESolver: Sendable {
    public let options: ODEOptions

    public init(_ options: ODEOptions = ODEOptions()) {
        self.options = options
    }

    public func solve(_ problem: ODEProblem) throws(ODEError) -> ODESolution {
        try options.validate()
        var run = IntegrationRun(problem: problem, options: options)
        switch options.method {
        case .dormandPrince:
            run.integrateDormandPrince(detectStiffness: false)
        case .rosenbrock:
            run.integrateRosenbrock()
        case .automatic:
            if run.integrateDormandPrince(detectStiffness: true) == .foundStiff {
                run.statistics.switchedToRosenbrockAt = run.time
                run.integrateRosenbrock()
            }
        }
        return run.solution()
    }
}

/// The mutable state of one integration: where it is, what it has recorded, how it ended.
struct IntegrationRun {
    enum SegmentEnd { case finished, foundStiff }

    let problem: ODEProblem
    let options: ODEOptions
    var time: Double
    var state: [Double]
    var derivative: [Double]
    var step: Double
    var statistics = ODEStatistics()
    var status: ODEStatus = .success
    var recorder: TrajectoryRecorder
    private var finished = false

    init(problem: ODEProblem, options: ODEOptions) {
        self.problem = problem
        self.options = options
        time = problem.startTime
        state = problem.initialState
        derivative = [Double](repeating: 0, count: problem.dimension)
        problem.evaluate(time, state, into: &derivative)
        statistics.functionEvaluations = 1
        recorder = TrajectoryRecorder(options: options, startTime: time, initialState: state)
        step = 0
        if !allFinite(derivative) {
            status = .nonFinite(at: time)
            finished = true
        } else if problem.endTime == problem.startTime {
            finished = true
        } else if case let .fixed(fixedStep) = options.stepControl {
            step = fixedStep
        } else {
            let order = options.method == .rosenbrock ? RosenbrockStepper.order : DormandPrinceStepper.order
            step = options.initialStep ?? initialStep(order: order)
        }
    }

    private var maximumStep: Double { options.maximumStepSize ?? (problem.endTime - problem.startTime) }
    private var isFixedStep: Bool { if case .fixed = options.stepControl { true } else { false } }

    /// Dormand–Prince until t_end, a failure, or (with `detectStiffness`) Hairer's test
    /// h·ρ̂ > 3.25 on 15 accepted steps without 6 consecutive non-stiff ones in between.
    @discardableResult
    mutating func integrateDormandPrince(detectStiffness: Bool) -> SegmentEnd {
        var stepper = DormandPrinceStepper(dimension: problem.dimension, derivative: derivative)
        var controller = StepSizeController(errorOrder: DormandPrinceStepper.errorOrder)
        var stiffCount = 0, nonStiffCount = 0
        while let h = nextStep() {
            let (error, stiffness) = stepper.attempt(problem: problem, time: time, step: h, state: state, options: options)
            statistics.functionEvaluations += DormandPrinceStepper.evaluationsPerStep
            guard decide(error: error, step: h, controller: &controller) else { continue }
            let interpolant = stepper.interpolant(time: time, step: h, state: state)
            stepper.accept()
            commit(interpolant, newState: stepper.newState, newDerivative: stepper.derivative, step: h)
            if detectStiffness, !finished {
                if stiffness > 3.25 {
                    nonStiffCount = 0
                    stiffCount += 1
                    if stiffCount >= 15 { return .foundStiff }
                } else {
                    nonStiffCount += 1
                    if nonStiffCount >= 6 { stiffCount = 0 }
                }
            }
        }
        return .finished
    }

    /// Rosenbrock 2(3) until t_end or a failure.
    mutating func integrateRosenbrock() {
        var stepper = RosenbrockStepper(dimension: problem.dimension, derivative: derivative)
        var controller = StepSizeController(errorOrder: RosenbrockStepper.errorOrder)
        while let h = nextStep() {
            let error: Double
            do {
                error = try stepper.attempt(problem: problem, time: time, step: h, state: state,
                                            options: options, statistics: &statistics)
            } catch {
                status = .linearAlgebraFailure(at: time, message: error.description)
                finished = true
                break
            }
            guard decide(error: error, step: h, controller: &controller) else { continue }
            let interpolant = stepper.interpolant(time: time, step: h, state: state)
            stepper.accept()
            commit(interpolant, newState: stepper.newState, newDerivative: stepper.derivative, step: h)
        }
    }

    /// The step to attempt from `time`, or nil when the run is over (which sets `status`).
    private mutating func nextStep() -> Double? {
        guard !finished, time < problem.endTime else { finished = true; return nil }
        guard statistics.acceptedSteps + statistics.rejectedSteps < options.maximumSteps else {
            status = .maximumStepsReached
            finished = true
            return nil
        }
        var h = min(step, maximumStep)
        // Land on t_end without a sliver step (Hairer: if t + 1.01 h ≥ t_end, h = t_end − t).
        if time + 1.01 * h >= problem.endTime { h = problem.endTime - time }
        guard h > 10 * time.ulp, h > 0 else {
            status = .stepSizeUnderflow(at: time)
            finished = true
            return nil
        }
        return h
    }

    /// Accept or reject an attempt of size h with error norm `error` (NaN: non-finite stage).
    /// On rejection updates `step` (or ends the run) and returns false.
    private mutating func decide(error: Double, step h: Double, controller: inout StepSizeController) -> Bool {
        if isFixedStep {
            guard error.isFinite else {
                statistics.rejectedSteps += 1
                status = .nonFinite(at: time)
                finished = true
                return false
            }
            return true
        }
        if error <= 1 {
            step = controller.accepted(step: h, error: error)
            return true
        }
        statistics.rejectedSteps += 1
        step = controller.rejected(step: h, error: error)
        if !error.isFinite, step <= 10 * time.ulp {
            status = .nonFinite(at: time)
            finished = true
        }
        return false
    }

    /// Makes the accepted step current and records it; a terminal event ends the run there.
    private mutating func commit(_ interpolant: StepInterpolant, newState: [Double], newDerivative: [Double], step h: Double) {
        statistics.acceptedSteps += 1
        // A step sized to land on t_end (h = t_end − t) can come out an ulp short of it: t_end − t
        // is rounded when t < t_end/2 (no Sterbenz), and t + h rounded again. A gap the next step
        // could not cover (≤ 10 ulps, the underflow threshold of `nextStep`) is t_end.
        let isLast = time + h >= problem.endTime - 10 * problem.endTime.ulp
        time = isLast ? problem.endTime : time + h
        state = newState
        derivative = newDerivative
        if let terminal = recorder.record(interpolant, endState: newState) {
            time = terminal.time
            state = terminal.state
            problem.evaluate(time, state, into: &derivative)
            statistics.functionEvaluations += 1
            status = .terminatedByEvent(index: terminal.eventIndex)
            finished = true
        }
    }

    func solution() -> ODESolution {
        var times = recorder.times, states = recorder.states
        if case .none = options.sampling { times = [time]; states = [state] }
        return ODESolution(status: status, statistics: statistics, finalTime: time, finalState: state,
                           times: times, states: states, events: recorder.occurrences,
                           denseOutput: options.denseOutput ? DenseOutput(steps: recorder.interpolants) : nil,
                           lastStepSize: step)
    }
}
