import Foundation

/// Fits y(n) = y∞ + A n^(−α) (`PowerLawFit`), the finite-size law of the literature's
/// mean and spread of the leading Re λ·τ: μ(n) = μ∞ + A n^(−α), σ(n) = σ∞ + B n^(−β).
public struct PowerLawFitter: Sendable {
    /// Exponents scanned before refinement: 400 log-spaced values on [0.01, 4] (the
    /// literature's α, β are 0.5–1; 2/3 is the random-matrix edge exponent).
    public var exponentRange: ClosedRange<Double> = 0.01...4
    public var scanPoints = 400

    public init() {}

    var exponentGrid: [Double] {
        let low = log(exponentRange.lowerBound), high = log(exponentRange.upperBound)
        return (0..<scanPoints).map { exp(low + (high - low) * Double($0) / Double(scanPoints - 1)) }
    }

    /// The fit, or nil with fewer than three distinct n (three parameters).
    public func fit(sizes: [Double], values: [Double], standardErrors: [Double]) -> PowerLawFit? {
        guard sizes.count == values.count, sizes.count == standardErrors.count, Set(sizes).count >= 3,
              sizes.allSatisfy({ $0 > 0 }), values.allSatisfy(\.isFinite) else { return nil }
        let weights = standardErrors.allSatisfy { $0 > 0 && $0.isFinite }
            ? standardErrors.map { 1 / ($0 * $0) } : Array(repeating: 1.0, count: sizes.count)
        func profile(_ alpha: Double) -> (chiSquared: Double, limit: Double, amplitude: Double) {
            linearFit(x: sizes.map { pow($0, -alpha) }, y: values, weights: weights)
        }
        let grid = exponentGrid
        let scanned = grid.map { profile($0).chiSquared }
        guard let best = scanned.indices.min(by: { scanned[$0] < scanned[$1] }) else { return nil }
        // Golden-section search on the bracket around the best grid point (χ² is smooth in α).
        var low = grid[max(best - 1, 0)], high = grid[min(best + 1, grid.count - 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 where high - low > 1e-12 * high {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if profile(a).chiSquared < profile(b).chiSquared { high = b } else { low = a }
        }
        let alpha = 0.5 * (low + high)
        let optimum = profile(alpha)
        return PowerLawFit(limit: optimum.limit, amplitude: optimum.amplitude, exponent: alpha,
                           chiSquared: optimum.chiSquared, degreesOfFreedom: sizes.count - 3,
                           standardErrors: covarianceDiagonal(sizes: sizes, weights: weights, amplitude: optimum.amplitude,
                                                              exponent: alpha),
                           exponentAtBound: best == 0 || best == grid.count - 1)
    }

    /// Weighted linear least squares y ≈ c + A x: the 2 × 2 normal equations.
    private func linearFit(x: [Double], y: [Double], weights: [Double]) -> (chiSquared: Double, limit: Double, amplitude: Double) {
        var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for k in x.indices {
            sw += weights[k]; sx += weights[k] * x[k]; sy += weights[k] * y[k]
            sxx += weights[k] * x[k] * x[k]; sxy += weights[k] * x[k] * y[k]
        }
        let determinant = sw * sxx - sx * sx
        guard determinant > 1e-300 * max(sw * sxx, 1e-300) else { return (.infinity, .nan, .nan) }
        let amplitude = (sw * sxy - sx * sy) / determinant
        let limit = (sy - amplitude * sx) / sw
        var chiSquared = 0.0
        for k in x.indices {
            let residual = y[k] - limit - amplitude * x[k]
            chiSquared += weights[k] * residual * residual
        }
        return (chiSquared, limit, amplitude)
    }

    /// √diag((JᵀWJ)⁻¹), J_k = (1, n_k^(−α), −A ln(n_k) n_k^(−α)); nil when singular.
    private func covarianceDiagonal(sizes: [Double], weights: [Double], amplitude: Double, exponent: Double)
        -> (limit: Double, amplitude: Double, exponent: Double)? {
        var normal = [[Double]](repeating: [0, 0, 0], count: 3)
        for k in sizes.indices {
            let power = pow(sizes[k], -exponent)
            let row = [1, power, -amplitude * log(sizes[k]) * power]
            for i in 0..<3 { for j in 0..<3 { normal[i][j] += weights[k] * row[i] * row[j] } }
        }
        guard let inverse = Self.inverse3x3(normal) else { return nil }
        let diagonal = (0..<3).map { inverse[$0][$0] }
        guard diagonal.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
        return (diagonal[0].squareRoot(), diagonal[1].squareRoot(), diagonal[2].squareRoot())
    }

    /// The inverse by cofactors; nil when the determinant is 0 relative to the entries' scale.
    static func inverse3x3(_ m: [[Double]]) -> [[Double]]? {
        let c00 = m[1][1] * m[2][2] - m[1][2] * m[2][1], c01 = m[1][2] * m[2][0] - m[1][0] * m[2][2]
        let c02 = m[1][0] * m[2][1] - m[1][1] * m[2][0]
        let determinant = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02
        let scale = m.flatMap { $0 }.map(abs).max() ?? 0
        guard determinant.isFinite, abs(determinant) > 1e-14 * scale * scale * scale else { return nil }
        let c10 = m[0][2] * m[2][1] - m[0][1] * m[2][2], c11 = m[0][0] * m[2][2] - m[0][2] * m[2][0]
        let c12 = m[0][1] * m[2][0] - m[0][0] * m[2][1]
        let c20 = m[0][1] * m[1][2] - m[0][2] * m[1][1], c21 = m[0][2] * m[1][0] - m[0][0] * m[1][2]
        let c22 = m[0][0] * m[1][1] - m[0][1] * m[1][0]
        return [[c00, c10, c20], [c01, c11, c21], [c02, c12, c22]].map { $0.map { $0 / determinant } }
    }
}

extension PowerLawFitter {
    /// What is fitted from a set of samples: the mean or the standard deviation per n.
    public enum Moment: Sendable { case mean, standardDeviation }

    /// Fits the chosen moment of `samples` (n → the trials' values) with standard errors.
    public func fit(_ samples: [Int: [Double]], moment: Moment) -> PowerLawFit? {
        let sizes = samples.keys.sorted()
        let statistics = sizes.compactMap { SampleStatistics(samples[$0] ?? []) }
        guard statistics.count == sizes.count else { return nil }
        switch moment {
        case .mean:
            return fit(sizes: sizes.map(Double.init), values: statistics.map(\.mean),
                       standardErrors: statistics.map(\.standardErrorOfMean))
        case .standardDeviation:
            return fit(sizes: sizes.map(Double.init), values: statistics.map(\.standardDeviation),
                       standardErrors: statistics.map(\.standardErrorOfStandardDeviation))
        }
    }

    /// Percentile intervals (central `level`) of the parameters over `resamples` refits, each
    /// on trials drawn with replacement within every n (the trials are the independent draws).
    public func bootstrap(_ samples: [Int: [Double]], moment: Moment, resamples: Int, level: Double = 0.95,
                          using generator: inout some RandomNumberGenerator) -> BootstrapIntervals? {
        var limits: [Double] = [], amplitudes: [Double] = [], exponents: [Double] = []
        let sizes = samples.keys.sorted()
        for _ in 0..<resamples {
            var drawn: [Int: [Double]] = [:]
            for n in sizes {
                let values = samples[n] ?? []
                drawn[n] = values.isEmpty ? [] : (0..<values.count).map { _ in values[Int.random(in: 0..<values.count, using: &generator)] }
            }
            guard let refit = fit(drawn, moment: moment), refit.limit.isFinite else { continue }
            limits.append(refit.limit); amplitudes.append(refit.amplitude); exponents.append(refit.exponent)
        }
        guard limits.count >= max(10, resamples / 2) else { return nil }
        func interval(_ values: [Double]) -> ClosedRange<Double> {
            let sorted = values.sorted()
            return SampleStatistics.quantile(sorted: sorted, level: (1 - level) / 2)
                ... SampleStatistics.quantile(sorted: sorted, level: (1 + level) / 2)
        }
        return BootstrapIntervals(resamples: limits.count, level: level, limit: interval(limits),
                                  amplitude: interval(amplitudes), exponent: interval(exponents))
    }
}
