/// Locates a sign change of g(t) = event.function(t, x(t)) on one step's interpolant by
/// the Illinois variant of regula falsi (Dowell & Jarratt 1971): superlinear (order ≈ 1.44)
/// and, like bisection, always keeps a bracket [a, b] with the sign change inside.
/// Stops when b − a ≤ 4 ulp(b) + 1e-13 h or after 200 iterations, and returns b, the
/// first time at which g has reached its post-crossing sign (so the located state is on
/// the far side of the section, as a terminal event needs).
enum EventLocator {
    static func locate(_ event: ODEEvent, in step: StepInterpolant, valueAtStart: Double, valueAtEnd: Double) -> Double {
        var a = step.startTime, b = step.endTime
        var ga = valueAtStart, gb = valueAtEnd
        var state = [Double](repeating: 0, count: step.coefficients[0].count)
        var side = 0
        let tolerance = 1e-13 * abs(step.stepSize)
        for _ in 0..<200 {
            if b - a <= 4 * b.ulp + tolerance { break }
            var t = (a * gb - b * ga) / (gb - ga)
            if !(t > a && t < b) { t = 0.5 * (a + b) }
            step.state(at: t, into: &state)
            let g = event.function(t, state)
            if !g.isFinite { return b }
            if isOnStartSide(g, start: valueAtStart) {
                a = t; ga = g
                if side == -1 { gb *= 0.5 }
                side = -1
            } else {
                b = t; gb = g
                if side == 1 { ga *= 0.5 }
                side = 1
            }
        }
        return b
    }

    /// True when g has the sign g had at the step's start (strictly), i.e. not crossed yet.
    private static func isOnStartSide(_ g: Double, start: Double) -> Bool {
        start < 0 ? g < 0 : g > 0
    }
}
