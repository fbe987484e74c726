import Foundation
import Randomness
import Sweep

/// Everything `organics scaling` writes for a set of (δ, ‖z‖) groups: per-n statistics, the
/// fits of μ(n) and σ(n) with asymptotic errors and bootstrap intervals, histograms, outcome
/// fractions (CSV), and a figure (`ScalingReport.svg`).
public struct ScalingReport: Sendable {
    public struct GroupFits: Sendable {
        public let group: ScalingGroup
        public let mean: PowerLawFit?
        public let spread: PowerLawFit?
        public let meanIntervals: BootstrapIntervals?
        public let spreadIntervals: BootstrapIntervals?
        public let linearLaw: Double?
    }

    public let groups: [GroupFits]
    public let bins: Int

    /// Fits every group; `resamples` bootstrap refits per fit from a generator seeded by
    /// `seed` and the group's index (SplitMix64-derived), so a report can be regenerated.
    public init(groups: [ScalingGroup], config: SweepConfig, resamples: Int, bins: Int, seed: UInt64) {
        let fitter = PowerLawFitter()
        self.bins = bins
        self.groups = groups.enumerated().map { index, group in
            var generator = Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: seed, index: UInt64(index)))
            return GroupFits(group: group, mean: fitter.fit(group.samples, moment: .mean),
                             spread: fitter.fit(group.samples, moment: .standardDeviation),
                             meanIntervals: resamples > 0 ? fitter.bootstrap(group.samples, moment: .mean, resamples: resamples, using: &generator) : nil,
                             spreadIntervals: resamples > 0 ? fitter.bootstrap(group.samples, moment: .standardDeviation, resamples: resamples, using: &generator) : nil,
                             linearLaw: LinearLaw.prediction(config: config, delta: group.delta, inputNorm: group.inputNorm))
        }
    }

    private static func field(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    /// scaling.csv: one row per (δ, ‖z‖, n).
    public var statisticsCSV: String {
        var lines = ["delta,input_norm,n,cells,with_spectrum,mean_abscissa_times_tau,std_abscissa_times_tau,"
                     + "stderr_mean,min,q05,q25,median,q75,q95,max"]
        for fits in groups {
            let group = fits.group
            for n in group.outcomes.keys.sorted() {
                let cells = ScalingGroup.cellCount(group.outcomes[n, default: [:]])
                let values = group.samples[n] ?? []
                let prefix = "\(group.delta),\(group.inputNorm),\(n),\(cells),\(values.count)"
                guard let statistics = SampleStatistics(values) else { lines.append(prefix + String(repeating: ",", count: 10)); continue }
                lines.append(prefix + ",\(statistics.mean),\(statistics.standardDeviation),\(statistics.standardErrorOfMean),"
                             + "\(statistics.minimum)," + statistics.quantiles.map { "\($0)" }.joined(separator: ",")
                             + ",\(statistics.maximum)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// scaling-fits.csv: per (δ, ‖z‖) and moment (mean μ, std σ): the fit, its asymptotic
    /// standard errors, bootstrap percentile intervals, and the linear law beside μ∞.
    public var fitsCSV: String {
        var lines = ["delta,input_norm,moment,sizes,limit,amplitude,exponent,se_limit,se_amplitude,se_exponent,chi_squared,"
                     + "degrees_of_freedom,exponent_at_bound,bootstrap_resamples,limit_lower,limit_upper,amplitude_lower,"
                     + "amplitude_upper,exponent_lower,exponent_upper,linear_law_limit"]
        for fits in groups {
            for (moment, fit, intervals) in [("mean", fits.mean, fits.meanIntervals), ("std", fits.spread, fits.spreadIntervals)] {
                var fields = ["\(fits.group.delta)", "\(fits.group.inputNorm)", moment, "\(fits.group.samples.count)"]
                if let fit {
                    fields += ["\(fit.limit)", "\(fit.amplitude)", "\(fit.exponent)", Self.field(fit.standardErrors?.limit),
                               Self.field(fit.standardErrors?.amplitude), Self.field(fit.standardErrors?.exponent),
                               "\(fit.chiSquared)", "\(fit.degreesOfFreedom)", "\(fit.exponentAtBound)"]
                } else {
                    fields += Array(repeating: "", count: 9)
                }
                if let intervals {
                    fields += ["\(intervals.resamples)", "\(intervals.limit.lowerBound)", "\(intervals.limit.upperBound)",
                               "\(intervals.amplitude.lowerBound)", "\(intervals.amplitude.upperBound)",
                               "\(intervals.exponent.lowerBound)", "\(intervals.exponent.upperBound)"]
                } else {
                    fields += Array(repeating: "", count: 7)
                }
                fields.append(moment == "mean" ? Self.field(fits.linearLaw) : "")
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The common histogram range of a group: all its values, padded when degenerate.
    static func histogramRange(_ group: ScalingGroup) -> (lower: Double, upper: Double)? {
        let all = group.samples.values.flatMap { $0 }
        guard let low = all.min(), let high = all.max() else { return nil }
        return high > low ? (low, high) : (low - 0.5 * max(abs(low), 1e-12), high + 0.5 * max(abs(high), 1e-12))
    }

    /// scaling-histograms.csv: counts of α·τ in `bins` equal bins over the group's range, per n.
    public var histogramsCSV: String {
        var lines = ["delta,input_norm,n,bin,bin_lower,bin_upper,count"]
        for fits in groups {
            guard let range = Self.histogramRange(fits.group) else { continue }
            let width = (range.upper - range.lower) / Double(bins)
            for n in fits.group.samples.keys.sorted() {
                let counts = SampleStatistics.histogram(fits.group.samples[n] ?? [], lower: range.lower, upper: range.upper, bins: bins)
                for (bin, count) in counts.enumerated() {
                    lines.append("\(fits.group.delta),\(fits.group.inputNorm),\(n),\(bin),\(range.lower + Double(bin) * width),"
                                 + "\(range.lower + Double(bin + 1) * width),\(count)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// scaling-outcomes.csv: per (δ, ‖z‖, n) the fraction of cells with each outcome.
    public var outcomesCSV: String {
        let names = Set(groups.flatMap { $0.group.outcomes.values.flatMap(\.keys) }).sorted()
        func column(_ name: String) -> String {
            "fraction_" + name.replacingOccurrences(of: ": ", with: "_").replacingOccurrences(of: "-", with: "_")
        }
        var lines = ["delta,input_norm,n,cells," + names.map(column).joined(separator: ",")]
        for fits in groups {
            for n in fits.group.outcomes.keys.sorted() {
                let counts = fits.group.outcomes[n, default: [:]]
                let total = ScalingGroup.cellCount(counts)
                lines.append("\(fits.group.delta),\(fits.group.inputNorm),\(n),\(total),"
                             + names.map { "\(Double(counts[$0, default: 0]) / Double(max(total, 1)))" }.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
