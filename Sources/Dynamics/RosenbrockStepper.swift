import LinearAlgebra

/// One step of the L-stable Rosenbrock 2(3) pair of Shampine & Reichelt ("The MATLAB ODE
/// Suite", SIAM J. Sci. Comput. 18, 1997, §3.1; MATLAB's `ode23s`). With d = 1/(2 + √2),
/// e₃₂ = 6 + √2, J = ∂f/∂x(t, x), T = ∂f/∂t(t, x), W = I − h d J:
///     F₀ = f(t, x)
///     k₁ = W⁻¹ (F₀ + h d T)
///     F₁ = f(t + h/2, x + h k₁/2)
///     k₂ = W⁻¹ (F₁ − k₁) + k₁
///     x₁ = x + h k₂                                  (order 2, L-stable)
///     F₂ = f(t + h, x₁)
///     k₃ = W⁻¹ (F₂ − e₃₂ (k₂ − F₁) − 2 (k₁ − F₀) + h d T)
///     err = h (k₁ − 2 k₂ + k₃) / 6                   (O(h³): controller exponent 1/3)
/// F₂ is the next step's F₀ (FSAL); one LU of W per attempt, J reused across rejections
/// at the same (t, x). Without a Jacobian closure J is a forward difference.
struct RosenbrockStepper {
    static let d = 1 / (2 + 2.0.squareRoot())
    static let e32 = 6 + 2.0.squareRoot()
    static let errorOrder = 3
    static let order = 2

    private(set) var derivative: [Double]      // F₀
    private(set) var newState: [Double]
    private(set) var newDerivative: [Double]   // F₂
    private var k1: [Double], k2: [Double]
    private var stage: [Double], f1: [Double], timeDerivative: [Double]
    private var jacobian: ColumnMajorMatrix?

    init(dimension n: Int, derivative: [Double]) {
        self.derivative = derivative
        let zero = [Double](repeating: 0, count: n)
        newState = zero; newDerivative = zero; k1 = zero; k2 = zero
        stage = zero; f1 = zero; timeDerivative = zero
    }

    /// Tries a step; returns the weighted error norm (NaN when a stage is not finite), or
    /// throws when W cannot be factored.
    mutating func attempt(problem: ODEProblem, time t: Double, step h: Double, state x: [Double],
                          options: ODEOptions, statistics: inout ODEStatistics) throws(LinearAlgebraError) -> Double {
        let n = x.count
        let d = RosenbrockStepper.d
        let jacobian = try currentJacobian(problem: problem, time: t, state: x, statistics: &statistics)
        if !problem.isAutonomous {
            let delta = Double.ulpOfOne.squareRoot() * max(abs(t), abs(h), 1e-8)
            problem.evaluate(t + delta, x, into: &stage)
            statistics.functionEvaluations += 1
            for i in 0..<n { timeDerivative[i] = (stage[i] - derivative[i]) / delta }
        }
        var w = (-h * d) * jacobian
        for i in 0..<n { w[i, i] += 1 }
        guard w.isFinite else { return .nan }
        let lu = try LUFactorization(w)
        statistics.factorizations += 1

        var rhs = [Double](repeating: 0, count: n)
        for i in 0..<n { rhs[i] = derivative[i] + h * d * timeDerivative[i] }
        k1 = try lu.solve(rhs)
        for i in 0..<n { stage[i] = x[i] + 0.5 * h * k1[i] }
        problem.evaluate(t + 0.5 * h, stage, into: &f1)
        for i in 0..<n { rhs[i] = f1[i] - k1[i] }
        k2 = try lu.solve(rhs)
        for i in 0..<n {
            k2[i] += k1[i]
            newState[i] = x[i] + h * k2[i]
        }
        problem.evaluate(t + h, newState, into: &newDerivative)
        statistics.functionEvaluations += 2
        guard allFinite(newDerivative), allFinite(newState) else { return .nan }
        for i in 0..<n {
            rhs[i] = newDerivative[i] - RosenbrockStepper.e32 * (k2[i] - f1[i]) - 2 * (k1[i] - derivative[i])
                + h * d * timeDerivative[i]
        }
        let k3 = try lu.solve(rhs)
        var error = k3
        for i in 0..<n { error[i] = h * (k1[i] - 2 * k2[i] + k3[i]) / 6 }
        return weightedRMSNorm(error, x, newState, relativeTolerance: options.relativeTolerance,
                               absoluteTolerance: options.absoluteTolerance)
    }

    /// J at (t, x): the closure's, or forward differences; cached until `accept`.
    private mutating func currentJacobian(problem: ODEProblem, time t: Double, state x: [Double],
                                          statistics: inout ODEStatistics) throws(LinearAlgebraError) -> ColumnMajorMatrix {
        if let jacobian { return jacobian }
        let matrix: ColumnMajorMatrix
        if let closure = problem.jacobian {
            matrix = closure(t, x)
            guard matrix.rows == x.count, matrix.columns == x.count else {
                throw .dimensionMismatch(operation: "Jacobian closure", expected: "\(x.count)×\(x.count)",
                                         found: "\(matrix.rows)×\(matrix.columns)")
            }
        } else {
            matrix = FiniteDifferenceJacobian.evaluate(problem: problem, time: t, state: x, derivative: derivative)
            statistics.functionEvaluations += x.count
        }
        statistics.jacobianEvaluations += 1
        jacobian = matrix
        return matrix
    }

    /// The continuous extension of the attempted step (call before `accept`).
    func interpolant(time t: Double, step h: Double, state x: [Double]) -> StepInterpolant {
        StepInterpolant(kind: .rosenbrock, startTime: t, stepSize: h,
                        coefficients: [x, k1.map { h * $0 }, k2.map { h * $0 }])
    }

    /// Commits the attempted step: F₂ becomes the next F₀; J must be re-evaluated.
    mutating func accept() {
        swap(&derivative, &newDerivative)
        jacobian = nil
    }
}
