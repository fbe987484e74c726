import Foundation
import PropertyBased
import Randomness
import Testing
@testable import FiniteSizeScaling

/// The finite-size fit y(n) = y∞ + A n^(−α): exact on noise-free data, and honest about its
/// uncertainty on noisy data drawn from a known law (issue 16's cross-validation).
@Suite("Finite-size fit μ(n) = μ∞ + A n^(−α)")
struct PowerLawFitterTests {
    static let sizes = [50, 100, 167, 250, 500, 1000]

    @Test("noise-free power laws are recovered: μ∞, A, α to 1e-7 (random truths, seed printed)")
    func exactRecovery() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let limit = rng.nextUniform(-0.2, 0.1), amplitude = rng.nextUniform(-3, 3), exponent = rng.nextUniform(0.2, 2.5)
            guard abs(amplitude) > 0.05 else { return }
            let values = Self.sizes.map { limit + amplitude * pow(Double($0), -exponent) }
            let fit = PowerLawFitter().fit(sizes: Self.sizes.map(Double.init), values: values,
                                           standardErrors: Array(repeating: 1e-3, count: values.count))
            // The profile minimum in α is located to ~1e-12 relative; μ∞ and A follow linearly.
            #expect(fit != nil)
            guard let fit else { return }
            #expect(abs(fit.exponent - exponent) < 1e-7 * max(1, exponent), "seed \(seed): α \(fit.exponent) vs \(exponent)")
            #expect(abs(fit.limit - limit) < 1e-7, "seed \(seed): μ∞ \(fit.limit) vs \(limit)")
            #expect(abs(fit.amplitude - amplitude) < 1e-6 * max(1, abs(amplitude)))
            #expect(fit.chiSquared < 1e-12)
        }
    }

    /// Draws `trials` values per n: the law plus Gaussian noise of standard deviation `noise`.
    static func samples(limit: Double, amplitude: Double, exponent: Double, noise: Double, trials: Int,
                        using rng: inout Xoshiro256StarStar) -> [Int: [Double]] {
        var samples: [Int: [Double]] = [:]
        for n in sizes {
            samples[n] = (0..<trials).map { _ in limit + amplitude * pow(Double(n), -exponent) + noise * rng.nextGaussian() }
        }
        return samples
    }

    @Test("on noisy data from a known law the 95 % intervals cover the truth at the stated rate (seed 2026)")
    func intervalsCoverTruth() {
        // The literature's regime: μ∞ = −0.0125, A = 0.8, α = 2/3, per-trial spread 0.01, 60 trials per n.
        let limit = -0.0125, amplitude = 0.8, exponent = 2.0 / 3
        var rng = Xoshiro256StarStar(seed: 2026)
        let replicates = 40
        var asymptoticHits = 0, bootstrapHits = 0, exponentHits = 0
        for _ in 0..<replicates {
            let samples = Self.samples(limit: limit, amplitude: amplitude, exponent: exponent, noise: 0.01, trials: 60, using: &rng)
            let fitter = PowerLawFitter()
            guard let fit = fitter.fit(samples, moment: .mean), let errors = fit.standardErrors else { continue }
            if abs(fit.limit - limit) <= 1.96 * errors.limit { asymptoticHits += 1 }
            if abs(fit.exponent - exponent) <= 1.96 * errors.exponent { exponentHits += 1 }
            if let intervals = fitter.bootstrap(samples, moment: .mean, resamples: 100, using: &rng),
               intervals.limit.contains(limit) { bootstrapHits += 1 }
        }
        // Nominal 95 %; with 40 replicates P(≤ 32 hits | p = 0.95) ≈ 0.3 %, so ≥ 33 is the bar
        // (an interval that ignored the noise, or a biased fit, covers far less often).
        #expect(asymptoticHits >= 33, "asymptotic μ∞ interval covered \(asymptoticHits)/\(replicates)")
        #expect(exponentHits >= 33, "asymptotic α interval covered \(exponentHits)/\(replicates)")
        #expect(bootstrapHits >= 31, "bootstrap μ∞ interval covered \(bootstrapHits)/\(replicates)")
    }

    @Test("σ(n) = σ∞ + B n^(−β) is fitted from the per-n standard deviations")
    func spreadFit() {
        // Per-trial spread σ(n) = 0.002 + 0.5 n^(−0.5), zero-mean noise: the std fit recovers it.
        var rng = Xoshiro256StarStar(seed: 7)
        var samples: [Int: [Double]] = [:]
        for n in Self.sizes {
            let spread = 0.002 + 0.5 * pow(Double(n), -0.5)
            samples[n] = (0..<4000).map { _ in spread * rng.nextGaussian() }
        }
        let fit = PowerLawFitter().fit(samples, moment: .standardDeviation)
        #expect(fit != nil)
        guard let fit, let errors = fit.standardErrors else { return }
        #expect(abs(fit.exponent - 0.5) <= 4 * errors.exponent, "β = \(fit.exponent) ± \(errors.exponent)")
        #expect(abs(fit.limit - 0.002) <= 4 * errors.limit, "σ∞ = \(fit.limit) ± \(errors.limit)")
    }

    @Test("fewer than three distinct n: no fit (three parameters)")
    func tooFewSizes() {
        #expect(PowerLawFitter().fit(sizes: [100, 200], values: [0.1, 0.05], standardErrors: [0.01, 0.01]) == nil)
        #expect(PowerLawFitter().fit(sizes: [100, 100, 200], values: [0.1, 0.1, 0.05], standardErrors: [0.01, 0.01, 0.01]) == nil)
    }
}

@Suite("Sample statistics")
struct SampleStatisticsTests {
    @Test("1…10: mean 5.5, std √(55/6), type-7 quantiles 1.45, 3.25, 5.5, 7.75, 9.55 (NumPy's default)")
    func knownSample() throws {
        let statistics = try #require(SampleStatistics((1...10).map(Double.init).shuffled()))
        #expect(statistics.mean == 5.5)
        #expect(abs(statistics.standardDeviation - (55.0 / 6).squareRoot()) < 1e-15)
        let expected = [1.45, 3.25, 5.5, 7.75, 9.55]
        for (value, reference) in zip(statistics.quantiles, expected) { #expect(abs(value - reference) < 1e-14) }
        #expect(statistics.minimum == 1 && statistics.maximum == 10)
        #expect(abs(statistics.standardErrorOfMean - (55.0 / 6).squareRoot() / 10.0.squareRoot()) < 1e-15)
    }

    @Test("histogram: equal bins, ends clamped, counts add up")
    func histogram() {
        #expect(SampleStatistics.histogram([0, 0.1, 0.5, 0.99, 1, -3, 7], lower: 0, upper: 1, bins: 4) == [3, 0, 1, 3])
        #expect(SampleStatistics(Array<Double>()) == nil)
    }
}
