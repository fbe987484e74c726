import LinearAlgebra
import Stability

/// The settling test and the report on a settled state.
struct FixedPointAnalysis {
    let problem: AttractorProblem
    let options: AttractorOptions

    /// ‖diag(τ) f(x)‖∞ ≤ threshold · max(1, ‖x‖∞) at every sample in [now − window, now]
    /// (and the chunk must cover the whole window).
    func hasSettled(times: [Double], states: [[Double]], now: Double) -> Bool {
        let windowStart = now - options.settleWindow * problem.timeScale
        guard let first = times.first, first <= windowStart else { return false }
        for (time, state) in zip(times, states) where time >= windowStart {
            // Written as !(≤) so that a NaN residual counts as not settled.
            if !(scaledResidual(state) <= options.settleThreshold * max(1, maximumNorm(state))) { return false }
        }
        return true
    }

    /// ‖diag(τ) f(x)‖∞ with τ = `componentTimeScales` (‖F(x)‖∞ for a circuit).
    func scaledResidual(_ state: [Double]) -> Double {
        guard !state.isEmpty else { return .infinity }
        let derivative = problem.derivative(at: state)
        return maximumNorm(zip(derivative, problem.componentTimeScales).map { $0 * $1 })
    }

    /// Polish (when given), distance to the reference, and the spectrum of J there
    /// (`Stability.Spectrum`; nil, so isStable false, when J is not finite or dgeev fails).
    func analyze(settledState: [Double], basin: QuadraticBasin? = nil) -> FixedPointAttractor {
        let polished = basin?.center ?? problem.polish?(settledState).flatMap { candidate in
            candidate.count == settledState.count && allFinite(candidate) ? candidate : nil
        }
        let point = polished ?? settledState
        let distance = problem.referenceFixedPoint.flatMap { reference -> Double? in
            guard reference.count == point.count else { return nil }
            return maximumNorm(zip(point, reference).map { $0 - $1 })
        }
        let spectrum = try? Spectrum(jacobian: problem.jacobian(at: point))
        return FixedPointAttractor(settledState: settledState, polishedState: polished,
                                   scaledResidual: scaledResidual(point), distanceToReference: distance,
                                   spectrum: spectrum, basin: basin)
    }
}

/// ‖v‖∞ (NaN-propagating: a NaN entry gives NaN).
func maximumNorm(_ values: [Double]) -> Double {
    var largest = 0.0
    for value in values {
        if value.isNaN { return .nan }
        largest = max(largest, abs(value))
    }
    return largest
}
