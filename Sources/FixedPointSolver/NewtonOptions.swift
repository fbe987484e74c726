/// How to compute a zero (proofs/newton.md §7.3): tolerances, iteration budget, line search.
/// One value serves thousands of problems in a sweep.
public struct NewtonOptions: Sendable {
    /// ε_abs in |F_i| ≤ ε_abs + ε_rel · scale_i.
    public let absoluteTolerance: Double
    /// ε_rel in |F_i| ≤ ε_abs + ε_rel · scale_i. The default 1e-12 sits a few hundred ulps
    /// above the rounding error of evaluating F (sums of ≤ n terms), so it is reachable.
    public let relativeTolerance: Double
    /// Newton steps allowed (Jacobian factorizations).
    public let maximumIterations: Int
    /// Record ‖F‖∞, step length and rcond of every iteration in `NewtonSolution.history`.
    public let recordsHistory: Bool
    /// Backtrack (Armijo on ½‖F‖²) when a full step does not decrease the merit enough.
    /// Off, every step is the (domain-damped) full Newton step.
    public let usesLineSearch: Bool
    /// Armijo constant c: accept α when ½‖F(x+αd)‖² ≤ (1 − 2cα) ½‖F(x)‖².
    public let sufficientDecrease: Double
    /// Smallest step fraction α the line search tries before reporting failure.
    public let minimumStepFraction: Double
    /// DF is treated as singular when its estimated 1/κ₁ is below this.
    public let minimumReciprocalCondition: Double

    public init(absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, maximumIterations: Int = 50,
                recordsHistory: Bool = false, usesLineSearch: Bool = true, sufficientDecrease: Double = 1e-4,
                minimumStepFraction: Double = 1e-10, minimumReciprocalCondition: Double = 1e-16) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.maximumIterations = maximumIterations
        self.recordsHistory = recordsHistory
        self.usesLineSearch = usesLineSearch
        self.sufficientDecrease = sufficientDecrease
        self.minimumStepFraction = minimumStepFraction
        self.minimumReciprocalCondition = minimumReciprocalCondition
    }
}
