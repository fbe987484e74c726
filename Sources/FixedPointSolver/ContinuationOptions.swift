/// How to follow a branch (proofs/newton.md §7.3). Step sizes are fractions of the parameter
/// interval |p₁ − p₀|, so the same options serve t ∈ [0, 1] and δ_k → δ_{k+1}.
public struct ContinuationOptions: Sendable {
    /// First step; 1 tries the whole interval at once (an easy path takes one step).
    public let initialStep: Double
    /// Largest step.
    public let maximumStep: Double
    /// The branch is declared folded when a step this small fails (step-size underflow).
    public let minimumStep: Double
    /// Accepted plus rejected steps allowed.
    public let maximumSteps: Int
    /// Newton as the corrector: few iterations, since a tangent predictor starts it close.
    public let corrector: NewtonOptions
    /// A corrector step is rejected unless its second Newton step is at most this fraction of
    /// the first (Deuflhard's contraction test): the predictor must be inside the basin
    /// of quadratic convergence of the continued branch, not another zero's.
    public let maximumContraction: Double
    /// The branch is declared folded when 1/κ₁(DF) at an accepted point falls below this.
    public let foldReciprocalCondition: Double
    /// Step growth after an easy corrector (≤ 3 iterations) and shrink factor after a rejection.
    public let growthFactor: Double
    public let shrinkFactor: Double

    public init(initialStep: Double = 1, maximumStep: Double = 1, minimumStep: Double = 1e-10, maximumSteps: Int = 1000,
                corrector: NewtonOptions = NewtonOptions(maximumIterations: 8, usesLineSearch: false),
                maximumContraction: Double = 0.5, foldReciprocalCondition: Double = 1e-14,
                growthFactor: Double = 2, shrinkFactor: Double = 0.5) {
        self.initialStep = initialStep
        self.maximumStep = maximumStep
        self.minimumStep = minimumStep
        self.maximumSteps = maximumSteps
        self.corrector = corrector
        self.maximumContraction = maximumContraction
        self.foldReciprocalCondition = foldReciprocalCondition
        self.growthFactor = growthFactor
        self.shrinkFactor = shrinkFactor
    }
}
