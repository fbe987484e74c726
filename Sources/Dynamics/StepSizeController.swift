import RealModule

/// Proportional–integral step-size control (Gustafsson 1991; Hairer & Wanner II, §IV.2,
/// and the controller of `dopri5.f`, Hairer, Nørsett & Wanner I, §II.4).
///
/// With errₙ the weighted norm of the current estimate and errₙ₋₁ that of the last
/// accepted step,
///     h_new = h · clamp( safety · errₙ^(−α) · errₙ₋₁^β, minimumFactor, maximumFactor ),
/// and after a rejection the step may not grow on the next accepted step. α = 1/k − 0.75β
/// with k the order of the error estimate (5 for Dormand–Prince: α = 0.17, β = 0.04, as
/// in `dopri5.f`; 3 for Rosenbrock 2(3), where β = 0.04 gives α ≈ 0.303).
/// Defaults: safety 0.9, step ratio in [0.2, 10] (Hairer's `fac1`, `fac2`).
struct StepSizeController {
    let alpha: Double
    let beta: Double
    let safety = 0.9
    let minimumFactor = 0.2
    let maximumFactor = 10.0
    private var previousError = 1e-4
    private var lastWasRejected = false

    /// For an error estimate of order k (local error O(h^k)).
    init(errorOrder: Int) {
        beta = 0.04
        alpha = 1 / Double(errorOrder) - 0.75 * beta
    }

    /// The next step after an accepted step of size h with error norm `error` ≤ 1.
    mutating func accepted(step h: Double, error: Double) -> Double {
        let clipped = max(error, 1e-10)
        var factor = safety * Double.pow(clipped, -alpha) * Double.pow(previousError, beta)
        factor = min(maximumFactor, max(minimumFactor, factor))
        if lastWasRejected { factor = min(factor, 1) }
        previousError = max(error, 1e-4)
        lastWasRejected = false
        return h * factor
    }

    /// The retry after a rejected step (error > 1, or NaN/∞ from a non-finite stage).
    mutating func rejected(step h: Double, error: Double) -> Double {
        lastWasRejected = true
        guard error.isFinite else { return h * minimumFactor }
        let factor = max(minimumFactor, safety * Double.pow(error, -alpha))
        return h * min(factor, 1)
    }
}
