/// The weighted RMS norm of a local error estimate e (Hairer, Nørsett & Wanner I, eq. II.4.11):
///     ‖e‖ = sqrt( (1/n) Σ_i (e_i / (atol + rtol · max(|x_i|, |x̃_i|)))² ).
/// A step is accepted when ‖e‖ ≤ 1. NaN propagates (the step is then rejected).
@inlinable
func weightedRMSNorm(_ error: [Double], _ x: [Double], _ xNew: [Double],
                     relativeTolerance: Double, absoluteTolerance: Double) -> Double {
    var sum = 0.0
    for i in error.indices {
        let scale = absoluteTolerance + relativeTolerance * max(abs(x[i]), abs(xNew[i]))
        let ratio = error[i] / scale
        sum += ratio * ratio
    }
    return (sum / Double(max(1, error.count))).squareRoot()
}

/// True when every entry is finite.
@inlinable
func allFinite(_ values: [Double]) -> Bool {
    for value in values where !value.isFinite { return false }
    return true
}
