import ArgumentParser
import FiniteSizeScaling
import Foundation
import Sweep

/// `organics scaling DIR…`: the finite-size study of a sweep (or of several sweeps that differ
/// only in n): per (δ, ‖z‖, n) statistics of α·τ over trials, fits of μ(n) and σ(n), outcome
/// fractions, and a figure. Parsing and printing only; the statistics are `FiniteSizeScaling`.
struct ScalingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Finite-size scaling of a sweep: statistics of α·τ per n, fits μ(n) = μ∞ + A n^(−α), σ(n) = σ∞ + B n^(−β).",
        discussion: """
        Reads cells.csv and config.json of each DIR (one sweep over several n, or several \
        sweeps identical but for n) and writes, into --output (default: the first DIR):
          scaling.csv             per (δ, ‖z‖, n): cells, mean, std, standard error, quantiles of α·τ
          scaling-fits.csv        per (δ, ‖z‖): μ∞, A, α and σ∞, B, β by weighted least squares
                                  (weights 1/standard error²), asymptotic standard errors, bootstrap
                                  percentile intervals (trials resampled within each n), and the
                                  linear law −s + (1 − s)√2 δ beside μ∞ where it applies
          scaling-histograms.csv  α·τ histograms per n on a common range
          scaling-outcomes.csv    fraction of cells stable / unstable / undecided / folded / lost, per n
          scaling.svg             histograms, μ(n), σ(n) (log axes) with fits, outcomes against n
        α·τ is the spectral abscissa of the branch fixed point times max τ, over the cells whose \
        branch reached W_r. Fits need three or more distinct n.

        Examples:
          organics sweep --config sweeps/finite-size.json
          organics scaling results/finite-size
          organics scaling results/n100 results/n200 results/n400 --output results/scaling
        """)

    @Argument(help: "Sweep output directories.")
    var directories: [String]
    @Option(help: "Where to write the scaling files (default: the first directory).")
    var output: String?
    @Option(help: "Bootstrap resamples per fit (0: none).")
    var bootstrap = 200
    @Option(help: "Histogram bins.")
    var bins = 20
    @Option(help: "Seed of the bootstrap resampling (default 1, so reruns give the same intervals).")
    var seed: UInt64 = 1

    func validate() throws {
        if directories.isEmpty { throw ValidationError("give at least one sweep directory") }
        guard bootstrap >= 0, bootstrap <= 100_000 else { throw ValidationError("--bootstrap must be in 0…100000, found \(bootstrap)") }
        guard bins >= 1, bins <= 1000 else { throw ValidationError("--bins must be in 1…1000, found \(bins)") }
    }

    func run() throws {
        var rows: [CellRow] = []
        var records: [SweepRecord] = []
        do {
            for directory in directories {
                let record = try SweepRecord.load(directory: directory)
                let path = directory + "/" + SweepFiles.cells
                rows += try SweepFiles.parseCells(try SweepFiles.read(path), path: path).rows
                records.append(record)
            }
        } catch {
            throw exitStatus(reporting: error)
        }
        if let first = records.first {
            for (directory, record) in zip(directories, records).dropFirst() {
                var mine = record.config, reference = first.config
                mine.neuronCount = 0; reference.neuronCount = 0; mine.seed = nil; reference.seed = nil
                mine.name = ""; reference.name = ""; mine.trials = 0; reference.trials = 0
                guard mine == reference else {
                    Terminal.printError("\(directory) is a sweep of another config than \(directories[0]) (only n, trials, name "
                                        + "and seed may differ between the sweeps of one scaling study)")
                    throw ExitCode(64)
                }
            }
        }
        guard let config = records.first?.config else { return }
        let report = ScalingReport(groups: ScalingGroup.groups(of: rows), config: config, resamples: bootstrap, bins: bins, seed: seed)
        let destination = output ?? directories[0]
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            Terminal.printError("cannot create \(destination): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let files = [("scaling.csv", report.statisticsCSV), ("scaling-fits.csv", report.fitsCSV),
                     ("scaling-histograms.csv", report.histogramsCSV), ("scaling-outcomes.csv", report.outcomesCSV),
                     ("scaling.svg", report.svg(title: "\(config.name): finite-size scaling of max Re λ·τ"))]
        do {
            for (name, text) in files { try SweepFiles.writeAtomically(text, to: destination + "/" + name) }
        } catch {
            throw exitStatus(reporting: error)
        }
        let sizes = Set(rows.map(\.neuronCount)).sorted()
        printNote("scaling: \(rows.count) cells, n = \(sizes.map(String.init).joined(separator: ", ")), "
                  + "\(report.groups.count) (δ, ‖z‖) group(s) -> \(destination)")
        for fits in report.groups {
            guard let mean = fits.mean else { continue }
            let interval = fits.meanIntervals.map { String(format: " [%.4g, %.4g]", $0.limit.lowerBound, $0.limit.upperBound) } ?? ""
            printNote(String(format: "  δ = %g, ‖z‖ = %g: μ∞ = %.4g%@, α = %.3g", fits.group.delta, fits.group.inputNorm,
                             mean.limit, interval, mean.exponent)
                      + (fits.linearLaw.map { String(format: "; linear law %.4g", $0) } ?? ""))
        }
    }
}
