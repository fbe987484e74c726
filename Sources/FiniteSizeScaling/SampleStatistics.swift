import Foundation

/// Summary of one sample (the α·τ of every trial at one (δ, ‖z‖, n)): mean, standard
/// deviation (n − 1 in the denominator), quantiles and the standard errors the fits weight by.
///
/// Quantiles use linear interpolation between order statistics (type 7 of Hyndman & Fan,
/// NumPy's default): q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (m − 1) p, 0-based.
public struct SampleStatistics: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (Bessel-corrected); 0 for a single value.
    public let standardDeviation: Double
    public let minimum: Double
    public let maximum: Double
    /// Quantiles at `SampleStatistics.quantileLevels`.
    public let quantiles: [Double]

    public static let quantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95]

    /// nil for an empty sample.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let m = values.count, average = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        count = m
        mean = average
        standardDeviation = m > 1 ? (squares / Double(m - 1)).squareRoot() : 0
        minimum = sorted[0]
        maximum = sorted[count - 1]
        quantiles = Self.quantileLevels.map { Self.quantile(sorted: sorted, level: $0) }
    }

    static func quantile(sorted: [Double], level: Double) -> Double {
        let h = Double(sorted.count - 1) * level
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Standard error of the mean, s/√m (0 for m < 2).
    public var standardErrorOfMean: Double { count > 1 ? standardDeviation / Double(count).squareRoot() : 0 }

    /// Standard error of the standard deviation for a normal sample, s/√(2(m − 1)).
    public var standardErrorOfStandardDeviation: Double {
        count > 1 ? standardDeviation / (2 * Double(count - 1)).squareRoot() : 0
    }

    /// Counts of the sample in `bins` equal bins over [lower, upper] (values outside are
    /// clamped into the end bins; an empty range puts everything in the first bin).
    public static func histogram(_ values: [Double], lower: Double, upper: Double, bins: Int) -> [Int] {
        var counts = Array(repeating: 0, count: max(bins, 1))
        let width = (upper - lower) / Double(counts.count)
        for value in values {
            let index = width > 0 ? Int(((value - lower) / width).rounded(.down)) : 0
            counts[min(max(index, 0), counts.count - 1)] += 1
        }
        return counts
    }
}
