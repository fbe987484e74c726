import Foundation

/// A fit of y(n) = y∞ + A n^(−α) to points (n_k, y_k) with standard errors e_k, and what
/// is known about its uncertainty.
///
/// Weighted least squares: minimize χ²(y∞, A, α) = Σ_k w_k (y_k − y∞ − A n_k^(−α))², with
/// w_k = 1/e_k² (all w_k = 1 when some e_k is 0: a sample of one trial). For fixed α the
/// model is linear in (y∞, A) and solved in closed form (the 2 × 2 weighted normal
/// equations), so χ² is minimized over α alone ("variable projection"): a scan of
/// `PowerLawFitter.exponentGrid` followed by golden-section refinement around the best point.
/// Asymptotic standard errors are the square roots of the diagonal of (JᵀWJ)⁻¹, J the
/// Jacobian of the model in (y∞, A, α) at the optimum — the textbook covariance when the e_k
/// are the true standard errors. `bootstrap` adds percentile intervals from resampling
/// trials (`PowerLawFitter.bootstrap`).
public struct PowerLawFit: Sendable, Equatable {
    public let limit: Double
    public let amplitude: Double
    public let exponent: Double
    /// χ² at the optimum, and the degrees of freedom m − 3.
    public let chiSquared: Double
    public let degreesOfFreedom: Int
    /// Asymptotic standard errors of (limit, amplitude, exponent); nil when JᵀWJ is singular.
    public let standardErrors: (limit: Double, amplitude: Double, exponent: Double)?
    /// Whether the optimum is at an end of the exponent range (then α and A are not determined).
    public let exponentAtBound: Bool

    public func value(at n: Double) -> Double { limit + amplitude * pow(n, -exponent) }

    public static func == (lhs: PowerLawFit, rhs: PowerLawFit) -> Bool {
        lhs.limit == rhs.limit && lhs.amplitude == rhs.amplitude && lhs.exponent == rhs.exponent
            && lhs.chiSquared == rhs.chiSquared
    }
}

/// Percentile intervals of the three parameters over bootstrap refits.
public struct BootstrapIntervals: Sendable, Equatable {
    public let resamples: Int
    public let level: Double
    public let limit: ClosedRange<Double>
    public let amplitude: ClosedRange<Double>
    public let exponent: ClosedRange<Double>
}
