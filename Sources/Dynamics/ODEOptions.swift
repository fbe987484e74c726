/// The integration method.
public enum ODEMethod: Sendable, Equatable {
    /// Explicit Dormand–Prince 5(4) (`DormandPrince54Tableau`); for non-stiff problems.
    case dormandPrince
    /// Linearly implicit Rosenbrock 2(3) of Shampine & Reichelt (`RosenbrockStepper`);
    /// L-stable, for stiff problems (τ_y ≪ τ_a or the reverse).
    case rosenbrock
    /// Dormand–Prince with Hairer's stiffness test (h·|λ| > 3.25 on 15 accepted steps,
    /// Hairer & Wanner, Solving ODE II, §IV.2); switches to Rosenbrock for the rest of
    /// the interval once the problem is found stiff.
    case automatic
}

/// Which states the solution keeps.
public enum ODESampling: Sendable, Equatable {
    /// Only the final state.
    case none
    /// The initial state and every accepted step.
    case acceptedSteps
    /// t₀, t₀ + Δ, t₀ + 2Δ, … ≤ t_end, interpolated by the dense output of each step
    /// (plus nothing at t_end unless it lies on the grid).
    case uniform(interval: Double)
}

/// Step-size selection.
public enum StepControl: Sendable, Equatable {
    /// Error-controlled steps (PI controller, `StepSizeController`).
    case adaptive
    /// A constant step (the last one shortened to land on t_end); no error control.
    /// For measuring convergence orders, not for production.
    case fixed(step: Double)
}

/// How to integrate: shared by every problem of a sweep.
///
/// The local error estimate `err` of each step is measured in the weighted RMS norm
///     ‖e‖ = sqrt( (1/n) Σ_i (e_i / (atol + rtol · max(|x_i|, |x_i,new|)))² ),
/// and a step is accepted when ‖e‖ ≤ 1 (Hairer, Nørsett & Wanner I, §II.4, eq. 4.11).
public struct ODEOptions: Sendable {
    public var method: ODEMethod
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    public var stepControl: StepControl
    /// First trial step; nil chooses one by Hairer's estimate (`ODESolver+InitialStep`).
    public var initialStep: Double?
    /// Upper bound on |h|; nil means the length of the interval.
    public var maximumStepSize: Double?
    /// Accepted plus rejected steps before giving up with `.maximumStepsReached`.
    public var maximumSteps: Int
    /// Keep every step's interpolant in `ODESolution.denseOutput` (memory: a few vectors per step).
    public var denseOutput: Bool
    public var sampling: ODESampling
    public var events: [ODEEvent]

    /// Defaults: rtol = 1e-6, atol = 1e-9 (states of the circuit are O(1e-3…1), so the
    /// absolute floor only matters near zero crossings), Dormand–Prince, adaptive steps,
    /// 10⁶ steps, samples at accepted steps.
    public init(method: ODEMethod = .dormandPrince, relativeTolerance: Double = 1e-6,
                absoluteTolerance: Double = 1e-9, stepControl: StepControl = .adaptive,
                initialStep: Double? = nil, maximumStepSize: Double? = nil, maximumSteps: Int = 1_000_000,
                denseOutput: Bool = false, sampling: ODESampling = .acceptedSteps, events: [ODEEvent] = []) {
        self.method = method
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.stepControl = stepControl
        self.initialStep = initialStep
        self.maximumStepSize = maximumStepSize
        self.maximumSteps = maximumSteps
        self.denseOutput = denseOutput
        self.sampling = sampling
        self.events = events
    }

    /// Throws `.invalidOption` for tolerances, steps or sampling intervals that are not
    /// finite and positive (absolute tolerance may be 0).
    func validate() throws(ODEError) {
        func positive(_ name: String, _ value: Double) throws(ODEError) {
            guard value.isFinite, value > 0 else { throw .invalidOption(name: name, value: value) }
        }
        try positive("relativeTolerance", relativeTolerance)
        guard absoluteTolerance.isFinite, absoluteTolerance >= 0 else {
            throw .invalidOption(name: "absoluteTolerance", value: absoluteTolerance)
        }
        if let initialStep { try positive("initialStep", initialStep) }
        if let maximumStepSize { try positive("maximumStepSize", maximumStepSize) }
        if case let .fixed(step) = stepControl { try positive("fixed step", step) }
        if case let .uniform(interval) = sampling { try positive("sampling interval", interval) }
        try positive("maximumSteps", Double(maximumSteps))
    }
}
