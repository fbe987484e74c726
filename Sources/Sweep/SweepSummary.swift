import ComplexModule
import Dynamics
import Foundation
import RealModule

/// The summaries of a sweep, all rebuilt from cells.csv and config.json alone
/// (`organics summarize DIR`), each written atomically:
/// - map.csv: per (δ, ‖z‖) cell of the grid, over the trials present;
/// - boundary.csv: per (‖z‖, trial), δ* and fold δ beside the analytic landmarks;
/// - map.svg, spectrum.svg (`SweepPlots`).
public enum SweepSummary {
    public static let attractorKinds = ["branch-fixed-point", "fixed-point", "limit-cycle", "diverging", "undecided", "not-simulated"]
    public static let mapColumns = [
        "delta_index", "input_norm_index", "delta", "input_norm", "trials", "fraction_branch_converged", "fraction_stable",
        "fraction_unstable", "fraction_undecided", "fraction_folded", "fraction_lost",
    ] + attractorKinds.map { "fraction_attractor_" + $0.replacingOccurrences(of: "-", with: "_") }
        + ["median_abscissa_times_tau", "min_abscissa_times_tau", "max_abscissa_times_tau"]
    public static let boundaryColumns = [
        "input_norm_index", "input_norm", "trial", "delta_star", "fold_delta", "analytic_delta_star", "analytic_delta_c",
    ]

    /// Δ* = s/(√2 (1 − s)) and Δ_c = √2 s/(1 − s), s = √(σ² + ‖z‖²) (SWEEPS.md, delocalized
    /// input, W = ones, b = 1, μ = 0); nil when s ≥ 1. σ is the first neuron's.
    public static func analyticLandmarks(sigma: Double, inputNorm: Double) -> (deltaStar: Double, deltaCritical: Double)? {
        let s = (sigma * sigma + inputNorm * inputNorm).squareRoot()
        guard s < 1 else { return nil }
        return (s / (2.0.squareRoot() * (1 - s)), 2.0.squareRoot() * s / (1 - s))
    }

    /// `known`: the representative unit's spectra when the caller has just run that unit
    /// (`SweepRunner`), so that it is not run again; nil re-runs it from the seed.
    public static func write(directory: String, record: SweepRecord, rows: [CellRow], pipeline: CellPipeline = .standard,
                             known: UnitSpectra? = nil) throws {
        let grid = SweepGrid(record.config)
        try SweepFiles.writeAtomically(mapText(grid: grid, rows: rows, outcomeColumns: record.config.outcomeColumns),
                                       to: directory + "/" + SweepFiles.map)
        try SweepFiles.writeAtomically(boundaryText(config: record.config, grid: grid, rows: rows),
                                       to: directory + "/" + SweepFiles.boundary)
        try SweepFiles.writeAtomically(SweepPlots.map(config: record.config, grid: grid, rows: rows,
                                                      leadingRealEigenvalue: leadingRealEigenvalue(record: record, rows: rows)),
                                       to: directory + "/" + SweepFiles.mapPlot)
        let spectra = try representativeSpectra(record: record, rows: rows, pipeline: pipeline, known: known)
        try SweepFiles.writeAtomically(SweepPlots.spectrum(spectra), to: directory + "/" + SweepFiles.spectrumPlot)
    }

    /// Median over the trials present of Re λ_max(K) (the top axis δ · Re λ_max(K) of map.svg,
    /// which puts ensembles of different spectral scale on one axis); nil for `scaled` sweeps
    /// or when no draw can be rebuilt.
    public static func leadingRealEigenvalue(record: SweepRecord, rows: [CellRow]) -> Double? {
        guard record.config.recurrence == .identityPlus else { return nil }
        let values = Set(rows.map(\.trial)).sorted().compactMap { trial -> Double? in
            guard let draw = try? TrialDraw(config: record.config, master: record.master, trial: trial) else { return nil }
            return draw.couplingEigenvalues.map(\.real).max()
        }.sorted()
        return values.isEmpty ? nil : median(values)
    }

    /// The outcome fraction columns of map.csv: `fraction_<column>_<outcome>` for every outcome
    /// column and `AttractorOutcome` value (e.g. `fraction_from_closed_form_diverging`).
    public static func outcomeFractionColumns(_ outcomeColumns: [String]) -> [String] {
        outcomeColumns.flatMap { column in
            AttractorOutcome.allCases.map { "fraction_\(column)_" + $0.rawValue.replacingOccurrences(of: "-", with: "_") }
        }
    }

    public static func mapText(grid: SweepGrid, rows: [CellRow], outcomeColumns: [String] = []) -> String {
        var groups: [Int: [CellRow]] = [:]
        for row in rows { groups[row.inputNormIndex * grid.deltas.count + row.deltaIndex, default: []].append(row) }
        var text = (mapColumns + outcomeFractionColumns(outcomeColumns)).joined(separator: ",") + "\n"
        for zIndex in grid.inputNorms.indices {
            for dIndex in grid.deltas.indices {
                let group = groups[zIndex * grid.deltas.count + dIndex] ?? []
                let count = Double(group.count)
                func fraction(_ predicate: (CellRow) -> Bool) -> String {
                    group.isEmpty ? "" : "\(Double(group.filter(predicate).count) / count)"
                }
                let converged = { (row: CellRow) in row.branchStatus == BranchStatus.converged.rawValue }
                var fields = ["\(dIndex)", "\(zIndex)", "\(grid.deltas[dIndex])", "\(grid.inputNorms[zIndex])", "\(group.count)",
                              fraction(converged),
                              fraction { converged($0) && $0.verdict == "stable" },
                              fraction { converged($0) && $0.verdict == "unstable" },
                              fraction { converged($0) && $0.verdict == "undecided" },
                              // The branch did not reach W_r: stable + unstable + undecided + folded + lost = 1.
                              fraction { $0.branchStatus == BranchStatus.folded.rawValue },
                              fraction { $0.branchStatus == BranchStatus.lost.rawValue }]
                fields += attractorKinds.map { kind in fraction { $0.attractor == kind } }
                let abscissas = group.compactMap(\.abscissaTimesTau).sorted()
                fields += abscissas.isEmpty ? ["", "", ""]
                    : ["\(median(abscissas))", "\(abscissas[0])", "\(abscissas[abscissas.count - 1])"]
                for column in outcomeColumns {
                    fields += AttractorOutcome.allCases.map { outcome in fraction { $0.outcome(column) == outcome.rawValue } }
                }
                text += fields.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// Median of sorted values: the middle one, or the mean of the two middle ones.
    static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
    }

    public static func boundaryText(config: SweepConfig, grid: SweepGrid, rows: [CellRow]) -> String {
        var first: [Int: CellRow] = [:]
        for row in rows {
            let unit = row.cell / grid.deltas.count
            if let existing = first[unit], existing.cell <= row.cell { continue }
            first[unit] = row
        }
        var text = boundaryColumns.joined(separator: ",") + "\n"
        let units = first.values.sorted { lhs, rhs in
            lhs.inputNormIndex != rhs.inputNormIndex ? lhs.inputNormIndex < rhs.inputNormIndex : lhs.trial < rhs.trial
        }
        for row in units {
            let landmarks = analyticLandmarks(sigma: config.sigma[0], inputNorm: row.inputNorm)
            let optional: (Double?) -> String = { $0.map { "\($0)" } ?? "" }
            var fields: [String] = ["\(row.inputNormIndex)", "\(row.inputNorm)", "\(row.trial)"]
            fields.append(optional(row.boundaryDelta))
            fields.append(optional(row.foldDelta))
            fields.append(optional(landmarks?.deltaStar))
            fields.append(optional(landmarks?.deltaCritical))
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The eigenvalues of a unit's cells with a branch fixed point, by cell index.
    public struct UnitSpectra: Sendable {
        public let unit: Int
        public let spectra: [Int: [Complex<Double>]]
        public init(unit: Int, spectra: [Int: [Complex<Double>]]) { self.unit = unit; self.spectra = spectra }
    }

    /// The unit spectrum.svg shows: the first trial present, the middle ‖z‖ (a unit of the first
    /// size slice's grid).
    public static func representativeUnit(grid: SweepGrid, trials: some Sequence<Int>) -> Int? {
        trials.min().map { $0 * grid.inputNorms.count + grid.inputNorms.count / 2 }
    }

    /// Eigenvalues of up to three cells of one unit (`representativeUnit`): the smallest δ, the
    /// middle δ and the largest δ that have a branch fixed point. Recomputed from the seed, so
    /// cells.csv need not store spectra — unless `known` holds that unit's spectra (a unit's
    /// spectra do not depend on its simulations, which this re-run skips).
    public static func representativeSpectra(record: SweepRecord, rows: [CellRow], pipeline: CellPipeline,
                                             known: UnitSpectra? = nil) throws -> [(label: String, eigenvalues: [Complex<Double>])] {
        let grid = SweepGrid(record.config)
        guard let unit = representativeUnit(grid: grid, trials: rows.map(\.trial)) else { return [] }
        let zIndex = grid.unit(unit).inputNormIndex
        var spectra: [Int: [Complex<Double>]] = [:]
        if let known, known.unit == unit {
            spectra = known.spectra
        } else {
            // Only the spectra are needed: no simulations in this re-run.
            var config = record.config
            config.simulate = .none
            let unitRunner = SweepUnit(config: config, master: record.master, pipeline: pipeline)
            _ = try unitRunner.run(unit: unit) { cell, eigenvalues in spectra[cell] = eigenvalues }
        }
        let cells = spectra.keys.sorted()
        guard !cells.isEmpty else { return [] }
        let chosen = Array(Set([cells[0], cells[cells.count / 2], cells[cells.count - 1]])).sorted()
        return chosen.compactMap { cell in
            let (_, _, dIndex) = grid.coordinates(ofCell: cell)
            let label = String(format: "cell %d: δ=%.3g, ‖z‖=%.3g", cell, grid.deltas[dIndex], grid.inputNorms[zIndex])
            return spectra[cell].map { (label, $0) }
        }
    }
}
