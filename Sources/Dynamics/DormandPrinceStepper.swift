/// One Dormand–Prince 5(4) step with FSAL (`DormandPrince54Tableau`) on preallocated
/// stage buffers: `attempt` computes x₁, f(t + h, x₁) and the error norm without
/// committing; `accept` makes them current.
struct DormandPrinceStepper {
    private(set) var derivative: [Double]      // k₁ = f(t, x)
    private(set) var newState: [Double]
    private(set) var newDerivative: [Double]   // k₇ = f(t + h, x₁)
    private var k2, k3, k4, k5, k6: [Double]
    private var stage: [Double]
    private var stage6: [Double]               // argument of k₆, for the stiffness test
    private var error: [Double]

    static let errorOrder = 5
    static let order = 5

    init(dimension n: Int, derivative: [Double]) {
        self.derivative = derivative
        let zero = [Double](repeating: 0, count: n)
        newState = zero; newDerivative = zero
        k2 = zero; k3 = zero; k4 = zero; k5 = zero; k6 = zero
        stage = zero; stage6 = zero; error = zero
    }

    /// Tries a step of size h from (t, x). Returns the weighted error norm (NaN when a
    /// stage is not finite) and Hairer's stiffness product h·ρ̂ with
    ///     ρ̂ = ‖k₇ − k₆‖ / ‖x₁ − x_stage6‖ ≈ |λ_dominant|
    /// (Hairer & Wanner II, §IV.2; both arguments are at t + h since c₆ = c₇ = 1).
    mutating func attempt(problem: ODEProblem, time t: Double, step h: Double, state x: [Double],
                          options: ODEOptions) -> (error: Double, stiffness: Double) {
        typealias T = DormandPrince54Tableau
        let k1 = derivative
        for i in x.indices { stage[i] = x[i] + h * T.a21 * k1[i] }
        problem.evaluate(t + T.c2 * h, stage, into: &k2)
        for i in x.indices { stage[i] = x[i] + h * (T.a31 * k1[i] + T.a32 * k2[i]) }
        problem.evaluate(t + T.c3 * h, stage, into: &k3)
        for i in x.indices { stage[i] = x[i] + h * (T.a41 * k1[i] + T.a42 * k2[i] + T.a43 * k3[i]) }
        problem.evaluate(t + T.c4 * h, stage, into: &k4)
        for i in x.indices {
            stage[i] = x[i] + h * (T.a51 * k1[i] + T.a52 * k2[i] + T.a53 * k3[i] + T.a54 * k4[i])
        }
        problem.evaluate(t + T.c5 * h, stage, into: &k5)
        for i in x.indices {
            stage6[i] = x[i] + h * (T.a61 * k1[i] + T.a62 * k2[i] + T.a63 * k3[i] + T.a64 * k4[i]
                + T.a65 * k5[i])
        }
        problem.evaluate(t + h, stage6, into: &k6)
        for i in x.indices {
            newState[i] = x[i] + h * (T.a71 * k1[i] + T.a73 * k3[i] + T.a74 * k4[i] + T.a75 * k5[i]
                + T.a76 * k6[i])
        }
        problem.evaluate(t + h, newState, into: &newDerivative)
        for i in x.indices {
            error[i] = h * (T.e1 * k1[i] + T.e3 * k3[i] + T.e4 * k4[i] + T.e5 * k5[i] + T.e6 * k6[i]
                + T.e7 * newDerivative[i])
        }
        let norm = weightedRMSNorm(error, x, newState, relativeTolerance: options.relativeTolerance,
                                   absoluteTolerance: options.absoluteTolerance)
        var numerator = 0.0, denominator = 0.0
        for i in x.indices {
            let dk = newDerivative[i] - k6[i], dx = newState[i] - stage6[i]
            numerator += dk * dk
            denominator += dx * dx
        }
        let stiffness = denominator > 0 ? abs(h) * (numerator / denominator).squareRoot() : 0
        return (norm.isFinite && allFinite(newState) ? norm : .nan, stiffness)
    }

    /// Function evaluations per attempt (FSAL: the first stage is the last one's k₇).
    static let evaluationsPerStep = 6

    /// The continuous extension of the attempted step (call before `accept`).
    func interpolant(time t: Double, step h: Double, state x: [Double]) -> StepInterpolant {
        typealias T = DormandPrince54Tableau
        let n = x.count
        var r2 = [Double](repeating: 0, count: n), r3 = r2, r4 = r2, r5 = r2
        for i in 0..<n {
            r2[i] = newState[i] - x[i]
            r3[i] = h * derivative[i] - r2[i]
            r4[i] = r2[i] - h * newDerivative[i] - r3[i]
            r5[i] = h * (T.d1 * derivative[i] + T.d3 * k3[i] + T.d4 * k4[i] + T.d5 * k5[i] + T.d6 * k6[i]
                + T.d7 * newDerivative[i])
        }
        return StepInterpolant(kind: .dormandPrince, startTime: t, stepSize: h, coefficients: [x, r2, r3, r4, r5])
    }

    /// Commits the attempted step: f(t + h, x₁) becomes the next k₁.
    mutating func accept() { swap(&derivative, &newDerivative) }
}
