import Foundation
import Sweep

/// The cells of one (δ, ‖z‖) across system sizes: the leading Re λ·τ of every trial whose
/// branch has a spectrum, per n, and how every cell ended, per n.
public struct ScalingGroup: Sendable, Equatable {
    public let delta: Double
    public let inputNorm: Double
    /// n → α·τ (spectral abscissa × max τ) of each cell with a spectrum, in trial order.
    public let samples: [Int: [Double]]
    /// n → outcome → count of cells; outcomes are `ScalingGroup.outcome(of:)`, plus
    /// "from_<start>: <attractor outcome>" for every simulated start column.
    public let outcomes: [Int: [String: Int]]

    /// Cells in one n's outcome counts: the branch outcomes only (each cell has exactly one;
    /// the "from_…" entries count simulations of the same cells).
    public static func cellCount(_ counts: [String: Int]) -> Int {
        counts.filter { !$0.key.contains(":") }.values.reduce(0, +)
    }

    /// stable / unstable / undecided (branch reached W_r, by the spectrum's verdict), or the
    /// branch status when it did not (folded, lost).
    public static func outcome(of row: CellRow) -> String {
        row.branchStatus == BranchStatus.converged.rawValue && !row.verdict.isEmpty ? row.verdict : row.branchStatus
    }

    /// Rows grouped by (δ, ‖z‖) in increasing order; a row's n is its `n` column.
    public static func groups(of rows: [CellRow]) -> [ScalingGroup] {
        struct Key: Hashable { let delta: Double, inputNorm: Double }
        var samples: [Key: [Int: [Double]]] = [:], outcomes: [Key: [Int: [String: Int]]] = [:]
        for row in rows.sorted(by: { ($0.neuronCount, $0.trial, $0.cell) < ($1.neuronCount, $1.trial, $1.cell) }) {
            let key = Key(delta: row.delta, inputNorm: row.inputNorm)
            outcomes[key, default: [:]][row.neuronCount, default: [:]][outcome(of: row), default: 0] += 1
            // Where the sweep simulated its starts: "from_<start>: <outcome>" counts as well.
            for (column, value) in zip(row.outcomeColumns, row.outcomes) where value != "not-simulated" {
                outcomes[key, default: [:]][row.neuronCount, default: [:]]["\(column): \(value)", default: 0] += 1
            }
            if let value = row.abscissaTimesTau, value.isFinite, row.branchStatus == BranchStatus.converged.rawValue {
                samples[key, default: [:]][row.neuronCount, default: []].append(value)
            }
        }
        return outcomes.keys.sorted { ($0.inputNorm, $0.delta) < ($1.inputNorm, $1.delta) }.map { key in
            ScalingGroup(delta: key.delta, inputNorm: key.inputNorm, samples: samples[key] ?? [:], outcomes: outcomes[key] ?? [:])
        }
    }
}

/// The linear law of the branch's leading eigenvalue, λτ ≈ −s + (1 − s) λ_max(δK)
/// (docs/literature-sweeps.md, proofs/energy.md §4), at n → ∞ where λ_max(K) → √2 for the
/// symmetric ensemble with mean 0 (the semicircle edge: K = (M + Mᵀ)/2 has off-diagonal
/// variance 1/(2n)), with s = √((b0 σ)² + b² ‖z‖²) the closed-form s of W = ones.
public enum LinearLaw {
    /// nil where the law's assumptions fail: another ensemble, μ ≠ 0, scaled recurrence,
    /// localized or random input, W ≠ ones, per-neuron parameters, variant other than paper.
    public static func prediction(config: SweepConfig, delta: Double, inputNorm: Double) -> Double? {
        guard config.ensemble == .symmetric, config.mean == 0, config.recurrence == .identityPlus,
              config.inputKind == .delocalized, config.normalizationWeights == .ones, config.variant == .paper,
              config.inputGain.count == 1, config.normalizationGain.count == 1, config.sigma.count == 1
        else { return nil }
        let b = config.inputGain[0], c = config.normalizationGain[0] * config.sigma[0]
        let s = (c * c + b * b * inputNorm * inputNorm).squareRoot()
        return -s + (1 - s) * 2.0.squareRoot() * delta
    }
}
