import RealModule

extension IntegrationRun {
    /// Hairer's starting step (`hinit` of `dopri5.f`; Hairer, Nørsett & Wanner I, §II.4):
    /// with sc_i = atol + rtol |x_i|, d₀ = ‖x₀/sc‖, d₁ = ‖f₀/sc‖,
    ///     h₀ = 0.01 d₀/d₁ (1e-6 when either is tiny), x₁ = x₀ + h₀ f₀,
    ///     d₂ = ‖(f(t₀+h₀, x₁) − f₀)/sc‖ / h₀,
    ///     h = min(100 h₀, (0.01 / max(d₁, d₂))^(1/p)),  p the method's order;
    /// so the first step's local error is about 1% of the tolerance. One extra evaluation.
    mutating func initialStep(order: Int) -> Double {
        let n = state.count
        var d0 = 0.0, d1 = 0.0
        for i in 0..<n {
            let scale = options.absoluteTolerance + options.relativeTolerance * abs(state[i])
            d0 += (state[i] / scale) * (state[i] / scale)
            d1 += (derivative[i] / scale) * (derivative[i] / scale)
        }
        d0 = (d0 / Double(n)).squareRoot()
        d1 = (d1 / Double(n)).squareRoot()
        var h0 = (d0 < 1e-10 || d1 < 1e-10) ? 1e-6 : 0.01 * d0 / d1
        let span = problem.endTime - problem.startTime
        h0 = min(h0, span, options.maximumStepSize ?? span)
        var trial = state
        for i in 0..<n { trial[i] += h0 * derivative[i] }
        var trialDerivative = derivative
        problem.evaluate(time + h0, trial, into: &trialDerivative)
        statistics.functionEvaluations += 1
        var d2 = 0.0
        for i in 0..<n {
            let scale = options.absoluteTolerance + options.relativeTolerance * abs(state[i])
            let difference = (trialDerivative[i] - derivative[i]) / scale
            d2 += difference * difference
        }
        d2 = (d2 / Double(n)).squareRoot() / h0
        let largest = max(d1, d2)
        let h1 = largest <= 1e-15 || !largest.isFinite
            ? max(1e-6, h0 * 1e-3)
            : Double.pow(0.01 / largest, 1 / Double(order))
        return min(100 * h0, h1, span, options.maximumStepSize ?? span)
    }
}
