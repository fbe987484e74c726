/// How to follow a branch (proofs/newton.md §7.4). Step sizes are fractions of the parameter
/// interval |p₁ − p₀|, so the same options serve t ∈ [0, 1] and δ_k → δ_{k+1}.
public struct ContinuationOptions: Sendable {
    /// First step (default 0.05 of the interval).
    public let initialStep: Double
    /// Largest step (default 0.1 of the interval). The acceptance tests (contraction, sign of
    /// det) do not prove that a long step lands on the continued zero, and with steps of the
    /// whole interval they did not: on `SweepRunnerTests.smallConfig` (n = 6, δ = 4.47 and 20)
    /// a first step of 1 converged to an unstable fixed point 0.74–0.92 away (∞-norm) from the
    /// branch that a 2000-step route reaches, so `organics solve` and the sweep disagreed on the
    /// same circuit. Every path now takes at least 11 steps (proofs/newton.md §7.4).
    public let maximumStep: Double
    /// Natural steps stall (and pseudo-arclength takes over, §7.7) when a step this small fails.
    public let minimumStep: Double
    /// Accepted plus rejected steps allowed.
    public let maximumSteps: Int
    /// The corrector's tolerances at the target (ε_abs, ε_rel of eq. (7.4)), its iteration
    /// budget and singularity threshold. The corrector is plain Newton with full steps.
    public let corrector: NewtonOptions
    /// Chord iterations (with the last accepted point's factorization) tried before Newton.
    public let maximumChordIterations: Int
    /// Add ½h²ẍ to the tangent predictor, ẍ from the last two tangents (error O(h³), not O(h²)).
    public let usesSecondOrderPredictor: Bool
    /// When the chord iteration stops contracting, try Newton (one LU per iteration) before
    /// rejecting the step. Off: reject at once and shrink the step (cheaper on smooth paths).
    public let usesNewtonCorrector: Bool
    /// In the Newton corrector, reuse the LU made at the predicted point for chord steps
    /// x ← x − DF(x̃)⁻¹F(x) while each correction is at most ¼ of the previous one, and
    /// refactor otherwise; the final LU at the converged point is kept (a factorization within
    /// 1e-6 relative of it may stand in). About 21–24 % fewer LUs on random circuits, but not
    /// outcome-identical to plain Newton: on the fold test's generator a few fragile fold
    /// locations flip between `folded` and `lost` (as they do for plain Newton when the ray is
    /// scaled by 1 + 1e-14), so it is off by default (proofs/newton.md §7.10). Off: one LU per
    /// Newton iteration.
    public let reusesPredictorFactorization: Bool
    /// ε_rel at intermediate points (the tangent needs no more; the target gets `corrector`'s).
    public let intermediateRelativeTolerance: Double
    /// A corrector is abandoned as soon as a Newton correction exceeds this fraction of the
    /// previous one (Deuflhard's contraction test, θ_k = ‖d_k‖/‖d_{k−1}‖): the predictor is not
    /// in the basin of quadratic convergence of the continued zero.
    public let maximumContraction: Double
    /// The contraction θ₀ aimed at: the next step is h·√(θ_target/θ₀) (θ₀ ∝ h² for a tangent
    /// predictor), clamped to [0.1h, `growthFactor`·h] after acceptance and [0.1h, 0.5h] after a
    /// rejection.
    public let targetContraction: Double
    /// Largest growth of the step after an accepted one.
    public let growthFactor: Double
    /// Natural steps hand over to pseudo-arclength (§7.7) when 1/κ₁(DF) at an accepted point
    /// falls below this (or a step below `minimumStep` fails).
    public let foldReciprocalCondition: Double
    /// Pseudo-arclength steps allowed after natural steps stall (§7.7).
    public let maximumArclengthSteps: Int
    /// Reject a step whose corrected point is not on the curve the tangents at both ends
    /// describe (§7.4; off only to show in a test what it prevents: stepping over a fold).
    public let checksTangentConsistency: Bool
    /// c (default 0.5): a natural step is capped beforehand by the tangent, h‖ẋ‖∞ ≤ c‖x₀‖∞, and
    /// rejected afterwards if it moved the state by more than 2c·max(‖x₀‖∞, ‖x₁‖∞)
    /// (proofs/newton.md §7.4, eq. 7.7b). Near a
    /// fold ‖ẋ‖ → ∞, so the cap shrinks the steps until pseudo-arclength takes over, instead of
    /// a long step landing beyond an S-shaped pair of folds, where det DF has its old sign and
    /// both tangents agree with the step (fold generator seed 1616 on the ray λ = 10). nil: no cap.
    public let maximumRelativeChange: Double?

    public init(initialStep: Double = 0.05, maximumStep: Double = 0.1, minimumStep: Double = 1e-10, maximumSteps: Int = 1000,
                corrector: NewtonOptions = NewtonOptions(maximumIterations: 10, usesLineSearch: false),
                usesSecondOrderPredictor: Bool = true, maximumChordIterations: Int = 0, usesNewtonCorrector: Bool = true,
                reusesPredictorFactorization: Bool = false, intermediateRelativeTolerance: Double = 1e-11, maximumContraction: Double = 0.5,
                targetContraction: Double = 0.2, growthFactor: Double = 4, foldReciprocalCondition: Double = 1e-14,
                maximumArclengthSteps: Int = 2000, checksTangentConsistency: Bool = true,
                maximumRelativeChange: Double? = 0.5) {
        self.initialStep = initialStep
        self.maximumStep = maximumStep
        self.minimumStep = minimumStep
        self.maximumSteps = maximumSteps
        self.corrector = corrector
        self.usesSecondOrderPredictor = usesSecondOrderPredictor
        self.maximumChordIterations = maximumChordIterations
        self.usesNewtonCorrector = usesNewtonCorrector
        self.reusesPredictorFactorization = reusesPredictorFactorization
        self.intermediateRelativeTolerance = intermediateRelativeTolerance
        self.maximumContraction = maximumContraction
        self.targetContraction = targetContraction
        self.growthFactor = growthFactor
        self.foldReciprocalCondition = foldReciprocalCondition
        self.maximumArclengthSteps = maximumArclengthSteps
        self.checksTangentConsistency = checksTangentConsistency
        self.maximumRelativeChange = maximumRelativeChange
    }

    /// The chord corrector only: each accepted step costs one LU (at the accepted point) plus
    /// O(m²) chord iterations; a step whose chord iteration stops contracting is rejected and
    /// halved, never rescued by Newton. Cheaper steps than the default (Newton from the
    /// predictor); measured faster at n = 100 (proofs/newton.md §7.6).
    public static let chordCorrector = ContinuationOptions(maximumChordIterations: 30, usesNewtonCorrector: false,
                                                           targetContraction: 0.3)
}
