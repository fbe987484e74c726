import Foundation

/// What every sweep config key means, for `organics sweep --print-config` (so a user need not
/// find sweeps/README.md, which says the same at more length). One entry per
/// `SweepConfig.allowedKeys` entry, in that order; a test checks the two lists agree.
extension SweepConfig {
    public static let keyMeanings: [(key: String, meaning: String)] = [
        ("name", "label; the default output directory is results/<name>"),
        ("variant", "paper | rectified | rectified-recurrence: the dynamics of every cell's circuit"),
        ("ensemble", "distribution of K: gaussian | symmetric | sparse | sparse-symmetric | orthogonal | power-law"),
        ("recurrence", "identity-plus: W_r = I + δK; scaled: W_r = δK/ρ(K)"),
        ("mean", "μ: K_ij has mean μ/n (μ/c when sparse)"),
        ("connectivity", "c, expected nonzeros per row of a sparse K"),
        ("tail_exponent", "α of power-law (Pareto magnitudes)"),
        ("normalization_weights", "W: ones | identity | random (U[0, 2), per trial)"),
        ("input_kind", "direction of z = ‖z‖ ẑ: localized | delocalized | random | gaussian-bump"),
        ("n", "neurons per circuit"),
        ("b", "input gain b_i (number or n numbers)"),
        ("b0", "normalization gain b0_i (number or n numbers)"),
        ("sigma", "semi-saturation σ_i; (b0 σ)² > 0 (number or n numbers)"),
        ("tau_y", "time constant of y, seconds (number or n numbers)"),
        ("tau_a", "time constant of a, seconds (number or n numbers)"),
        ("delta", "δ grid {min, max, count, spacing: log | linear}"),
        ("input_norm", "‖z‖ grid {min, max, count, spacing: log | linear}"),
        ("trials", "independent draws of K (and of W, ẑ when random) per grid point"),
        ("seed", "master seed (omitted: drawn and printed)"),
        ("certificate", "also compute a Lyapunov certificate at each branch fixed point"),
        ("simulate", "which cells are simulated from the starts: all | unstable (branch lost or unstable) | none"),
        ("starts", "start states of the simulations, one from_* column each: closed-form | first-order | zero | branch | random"),
        ("literature_replay", "also replay the literature's explicit Euler from the first start (literature_euler column)"),
        ("bisection_tolerance", "relative width in δ at which bisection for δ* stops"),
        ("linear_algebra", "linear algebra of branch and spectrum: auto (n × n work when W has rank one) | dense (2n × 2n, to cross-check) | structured"),
    ]

    /// "key  value  meaning" lines: the effective value of every key as JSON, then its meaning.
    public func referenceTable() -> String {
        let values = Self.topLevelValues(of: encoded())
        let keyWidth = Self.keyMeanings.map(\.key.count).max() ?? 0
        let valueWidth = min(Self.keyMeanings.map { (values[$0.key] ?? "(drawn)").count }.max() ?? 0, 56)
        return Self.keyMeanings.map { entry in
            let value = values[entry.key] ?? "(drawn)"
            return entry.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                + value.padding(toLength: max(valueWidth, value.count), withPad: " ", startingAt: 0) + "  " + entry.meaning
        }.joined(separator: "\n") + "\n"
    }

    /// The top-level members of `encoded()`'s object as JSON text (one per line there).
    private static func topLevelValues(of json: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in json.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), let colon = trimmed.range(of: "\": ") else { continue }
            let key = String(trimmed[trimmed.index(after: trimmed.startIndex)..<colon.lowerBound])
            var value = String(trimmed[colon.upperBound...])
            if value.hasSuffix(",") { value.removeLast() }
            values[key] = value
        }
        return values
    }
}
