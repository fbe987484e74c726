import CircuitModel
import Dynamics
import Foundation
import LinearAlgebra

/// Everything a stability sweep needs, as read from a JSON file (`sweeps/README.md` lists
/// the keys) and possibly overridden by CLI flags. Defaults are the literature's
/// (Morone et al. 2025, shared/SWEEPS.md): n = 100, `symmetric` K, W = ones, b = b0 = 1,
/// σ = 0.1, τ_y = τ_a = 2 ms, δ log-spaced on [0.01, 10], ‖z‖ log-spaced on [0.01, 1].
///
/// Keys (JSON name → property):
/// - `name` (string): label echoed in outputs.
/// - `variant`: the circuit variant of every cell (case-format.md): `paper` (default),
///   `rectified` or `rectified-recurrence`.
/// - `ensemble`: `gaussian` K_ij ~ N(μ/n, 1/n); `symmetric` (M + Mᵀ)/2 of that;
///   `sparse` / `sparse-symmetric` K_ij ~ N(μ/c, 1/c)·Bernoulli(c/n) (symmetrized for the
///   latter); `orthogonal` Haar; `power-law` Pareto(α) magnitudes, random signs, × n^(−1/α).
/// - `recurrence`: `identity-plus` W_r = I + δK, or `scaled` W_r = δK/ρ(K).
/// - `mean` μ (finite), `connectivity` c in (0, n], `tail_exponent` α > 0.
/// - `normalization_weights`: `ones`, `identity` or `random` (W_ij ~ U[0, 2/n), nonnegative).
/// - `input_kind`: `localized` z = ‖z‖e₁, `delocalized` z_i = ‖z‖/√n, `random` Gaussian
///   direction normalized (drawn once per trial), `gaussian-bump` exp(−i²/(2(n/10)²)) normalized.
/// - `n` (1…2000), `b`, `b0`, `sigma` (number or array of n), `tau_y`, `tau_a` (seconds, > 0).
/// - `delta`, `input_norm`: grids {`min`, `max`, `count`, `spacing`: `log` | `linear`}.
/// - `trials` ≥ 1; `seed` (integer in 0…2⁶⁴−1; omitted: drawn from the system RNG and printed).
/// - `certificate` (bool): also compute a Lyapunov certificate; `bisection_tolerance`
///   (relative, in (0, 0.5)).
/// - `starts` (non-empty list of distinct `CircuitStart` names: `closed-form`, `first-order`,
///   `zero`, `branch`, `random` — the last seeded per cell): the start states every simulated
///   cell is integrated from, one `from_*` column each; `simulate`: `all` | `unstable` | `none`;
///   `literature_replay` (bool): also replay the literature's Euler method from the first start.
/// - `linear_algebra`: `auto` (default) | `dense` | `structured` — the linear algebra of the branch
///   continuation and the spectrum (`LinearAlgebraRoute`, proofs/newton.md §7.10,
///   proofs/structure.md); `dense` forces the 2n × 2n route (to cross-check).
public struct SweepConfig: Sendable, Equatable {
    public var name: String = "sweep"
    /// The dynamics of every cell's circuit (case-format.md); first-order predictions exist for `paper` only.
    public var variant: CircuitVariant = .paper
    public var ensemble: Ensemble = .symmetric
    public var recurrence: RecurrenceMode = .identityPlus
    /// μ, the mean coupling (K_ij has mean μ/n, or μ/c when sparse).
    public var mean: Double = 0
    /// c, the expected number of nonzero entries per row of a sparse K.
    public var connectivity: Double = 10
    /// α, the Pareto tail exponent of `power-law`.
    public var tailExponent: Double = 3
    public var normalizationWeights: NormalizationWeightsKind = .ones
    public var inputKind: InputKind = .delocalized
    /// n: one size, or several for a finite-size sweep (the whole δ × ‖z‖ × trials grid at
    /// each n; `SweepConfig+Sizes.swift`).
    public var neuronCounts: [Int] = [100]
    /// The first n — for a one-size sweep, the n; setting it makes a one-size sweep.
    public var neuronCount: Int {
        get { neuronCounts[0] }
        set { neuronCounts = [newValue] }
    }
    /// Per-neuron parameters: one value (broadcast) or n values.
    public var inputGain: [Double] = [1]
    public var normalizationGain: [Double] = [1]
    public var sigma: [Double] = [0.1]
    /// Seconds.
    public var tauY: [Double] = [0.002]
    public var tauA: [Double] = [0.002]
    public var delta = SweepAxis(minimum: 0.01, maximum: 10, count: 16, spacing: .log)
    public var inputNorm = SweepAxis(minimum: 0.01, maximum: 1, count: 8, spacing: .log)
    public var trials: Int = 4
    /// The master seed; nil until drawn (`SweepConfig.resolvingSeed`).
    public var seed: UInt64?
    public var certificate: Bool = false
    /// Which cells are simulated from `starts`.
    public var simulate: SimulateMode = .all
    /// The start states of the simulations (one `from_*` column each), in column order.
    public var starts: [CircuitStart] = [.closedForm, .firstOrder]
    /// Also replay the literature's explicit-Euler method from `starts[0]` (`literature_euler`).
    public var literatureReplay: Bool = false
    /// Relative width in δ at which bisection for δ* stops.
    public var bisectionTolerance: Double = 1e-3
    /// The linear algebra of the branch continuation (proofs/newton.md §7.10).
    public var linearAlgebra: LinearAlgebraRoute = .automatic

    public init() {}

    /// A per-neuron parameter broadcast to n values.
    public func perNeuron(_ values: [Double]) -> [Double] {
        values.count == 1 ? Array(repeating: values[0], count: neuronCount) : values
    }

    /// The same configuration with a seed: the given one, or one from the system RNG.
    public func resolvingSeed() -> SweepConfig {
        guard seed == nil else { return self }
        var copy = self
        var system = SystemRandomNumberGenerator()
        copy.seed = system.next()
        return copy
    }
}

/// Which cells a sweep simulates from its starts: every cell (`all`), cells whose branch is
/// unstable, undecided, folded or lost (`unstable`), or none.
public enum SimulateMode: String, Sendable, CaseIterable {
    case all, unstable, none
}

extension SweepConfig {
    /// The start names a sweep accepts (`random` is seeded per cell from the trial seed).
    public static let allowedStarts = CircuitStart.allCases

    /// The outcome columns of cells.csv for this config: `from_<start>` per start, then
    /// `literature_euler` when replayed.
    public var outcomeColumns: [String] {
        starts.map { "from_" + $0.columnSuffix } + (literatureReplay ? ["literature_euler"] : [])
    }
}

/// The distribution of the random matrix K (shared/SWEEPS.md "Ensembles").
public enum Ensemble: String, Sendable, CaseIterable {
    case gaussian, symmetric, sparse
    case sparseSymmetric = "sparse-symmetric"
    case orthogonal
    case powerLaw = "power-law"
}

/// How K enters the recurrence: W_r = I + δK, or W_r = δK/ρ(K).
public enum RecurrenceMode: String, Sendable, CaseIterable {
    case identityPlus = "identity-plus"
    case scaled
}

public enum NormalizationWeightsKind: String, Sendable, CaseIterable {
    case ones, identity, random
}

public enum InputKind: String, Sendable, CaseIterable {
    case localized, delocalized, random
    case gaussianBump = "gaussian-bump"
}

/// One axis of the grid: `count` points from `minimum` to `maximum` inclusive, evenly
/// spaced in value (`linear`) or in logarithm (`log`, needs minimum > 0).
public struct SweepAxis: Sendable, Equatable {
    public enum Spacing: String, Sendable, CaseIterable { case linear, log }
    public var minimum: Double
    public var maximum: Double
    public var count: Int
    public var spacing: Spacing

    public init(minimum: Double, maximum: Double, count: Int, spacing: Spacing) {
        self.minimum = minimum; self.maximum = maximum; self.count = count; self.spacing = spacing
    }

    /// The k-th grid value, k in 0..<count: min + (max − min)·k/(count − 1), or
    /// exp(ln min + (ln max − ln min)·k/(count − 1)); the endpoints are returned exactly.
    /// A value within 4 ulp of a decimal with at most 12 significant digits is returned as
    /// that decimal (0.1, not 0.10000000000000002; 0.1 on a log grid from 0.01 to 10), so
    /// grid values print as written; other values (most log-grid points) are untouched.
    public func value(at k: Int) -> Double {
        if count == 1 || k == 0 { return minimum }
        if k == count - 1 { return maximum }
        let fraction = Double(k) / Double(count - 1)
        switch spacing {
        case .linear: return Self.snappedToShortDecimal(minimum + (maximum - minimum) * fraction)
        case .log: return Self.snappedToShortDecimal(exp(log(minimum) + (log(maximum) - log(minimum)) * fraction))
        }
    }

    /// `value` replaced by the nearest decimal of 12 significant digits when that decimal is
    /// within 4 ulp (rounding of the grid formula is a few ulp; a genuine grid point that is
    /// not a short decimal differs from its 12-digit rounding by far more).
    static func snappedToShortDecimal(_ value: Double) -> Double {
        guard value.isFinite, value != 0, let decimal = Double(String(format: "%.12g", value)) else { return value }
        return abs(decimal - value) <= 4 * value.ulp ? decimal : value
    }

    public var values: [Double] { (0..<count).map(value(at:)) }
}
