/// cells.csv text: a `#` comment line with the master seed, the header, then one row per
/// cell. Doubles are Swift's round-trip `description`, so parse(format(row)) == row exactly.
/// The outcome columns (`from_<start>`…, `literature_euler`) depend on the config and sit
/// between `fold_delta` and `seconds`.
extension CellRow {
    /// The fixed columns (`seconds` last; outcome columns go before it).
    public static let columns = [
        "cell", "trial", "input_norm_index", "delta_index", "seed", "ensemble", "recurrence", "n", "mean", "delta",
        "input_norm", "input_kind", "spectral_radius_wr", "branch_status", "branch_t", "newton_iterations", "residual",
        "spectral_abscissa", "abscissa_times_tau", "leading_frequency_hz", "verdict", "certificate", "attractor",
        "period_s", "first_order_error", "boundary_delta", "fold_delta", "seconds",
    ]
    /// The header for a sweep with these outcome columns.
    public static func header(outcomeColumns: [String]) -> String {
        (columns.dropLast() + outcomeColumns + ["seconds"]).joined(separator: ",")
    }

    /// The outcome columns a header names, nil when it is not a cells.csv header.
    public static func outcomeColumns(header line: Substring) -> [String]? {
        let names = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard names.count >= columns.count, Array(names.prefix(columns.count - 1)) == Array(columns.dropLast()),
              names.last == "seconds" else { return nil }
        let extra = Array(names[(columns.count - 1)..<(names.count - 1)])
        guard extra.allSatisfy({ $0.hasPrefix("from_") || $0 == "literature_euler" }) else { return nil }
        return extra
    }

    /// The CSV line (no newline).
    public var csvLine: String {
        func optional(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        let fields: [String] = [
            "\(cell)", "\(trial)", "\(inputNormIndex)", "\(deltaIndex)", "\(seed)", ensemble, recurrence,
            "\(neuronCount)", "\(mean)", "\(delta)", "\(inputNorm)", inputKind, "\(spectralRadiusRecurrent)",
            branchStatus, "\(branchT)", "\(newtonIterations)", "\(residual)", optional(spectralAbscissa),
            optional(abscissaTimesTau), optional(leadingFrequencyHz), verdict, certificate, attractor,
            optional(periodSeconds), optional(firstOrderError), optional(boundaryDelta), optional(foldDelta),
        ] + outcomes + ["\(seconds)"]
        return fields.joined(separator: ",")
    }

    /// Parses one CSV line; nil when it is not a complete, well-formed row (a truncated
    /// last line after a kill parses as nil and is redone on resume).
    public init?(csvLine line: Substring, outcomeColumns: [String] = []) {
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == Self.columns.count + outcomeColumns.count else { return nil }
        let outcomes = Array(fields[(Self.columns.count - 1)..<(fields.count - 1)])
        guard outcomes.allSatisfy({ !$0.isEmpty }) else { return nil }
        fields.removeSubrange((Self.columns.count - 1)..<(fields.count - 1))
        func double(_ k: Int) -> Double? { Double(fields[k]) }
        func optional(_ k: Int) -> Double?? { fields[k].isEmpty ? .some(nil) : Double(fields[k]).map { .some($0) } }
        guard let cell = Int(fields[0]), let trial = Int(fields[1]), let zIndex = Int(fields[2]),
              let dIndex = Int(fields[3]), let seed = UInt64(fields[4]), let n = Int(fields[7]),
              let mean = double(8), let delta = double(9), let norm = double(10), let radius = double(12),
              let branchT = double(14), let iterations = Int(fields[15]), let residual = double(16),
              let abscissa = optional(17), let scaled = optional(18), let frequency = optional(19),
              let period = optional(23), let firstOrder = optional(24), let boundary = optional(25),
              let fold = optional(26), let seconds = double(27) else { return nil }
        self.init(cell: cell, trial: trial, inputNormIndex: zIndex, deltaIndex: dIndex, seed: seed, ensemble: fields[5],
                  recurrence: fields[6], neuronCount: n, mean: mean, delta: delta, inputNorm: norm, inputKind: fields[11],
                  spectralRadiusRecurrent: radius, branchStatus: fields[13], branchT: branchT,
                  newtonIterations: iterations, residual: residual, spectralAbscissa: abscissa,
                  abscissaTimesTau: scaled, leadingFrequencyHz: frequency, verdict: fields[20],
                  certificate: fields[21], attractor: fields[22], periodSeconds: period, firstOrderError: firstOrder,
                  boundaryDelta: boundary, foldDelta: fold, seconds: seconds)
        self.outcomeColumns = outcomeColumns
        self.outcomes = outcomes
    }
}
