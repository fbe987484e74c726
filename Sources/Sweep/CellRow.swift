/// One line of cells.csv: one circuit (one trial's draw at one (δ, ‖z‖)), what was done to
/// it and what came out. Optional values are empty fields in the CSV (not computed, or not
/// applicable: no spectrum without a fixed point). Columns are documented in sweeps/README.md.
public struct CellRow: Sendable, Equatable {
    public var cell: Int
    public var trial: Int
    public var inputNormIndex: Int
    public var deltaIndex: Int
    /// The trial's seed, SplitMix64.derivedSeed(master, trial): regenerates K, W and ẑ.
    public var seed: UInt64
    public var ensemble: String
    public var recurrence: String
    public var neuronCount: Int
    public var mean: Double
    public var delta: Double
    public var inputNorm: Double
    public var inputKind: String
    /// ρ(W_r).
    public var spectralRadiusRecurrent: Double
    public var branchStatus: String
    /// Fraction t of the path W_r(t) = I + t (W_r − I) along which the branch was followed.
    public var branchT: Double
    public var newtonIterations: Int
    /// ‖F‖∞ at the last branch point.
    public var residual: Double
    /// max Re λ of the flow Jacobian at the branch fixed point, 1/s.
    public var spectralAbscissa: Double?
    /// spectral_abscissa × max(τ_y, τ_a) (dimensionless).
    public var abscissaTimesTau: Double?
    /// |Im λ|/(2π) of the leading eigenvalue, Hz.
    public var leadingFrequencyHz: Double?
    /// stable, unstable, undecided, or empty (no fixed point).
    public var verdict: String
    /// certified, refuted, inconclusive (Lyapunov), failed, not-computed.
    public var certificate: String
    /// branch-fixed-point (stable branch, no simulation needed), fixed-point (another one,
    /// found by simulation), limit-cycle, diverging, undecided, not-simulated.
    public var attractor: String
    public var periodSeconds: Double?
    /// ‖x − x̂‖∞/‖x‖∞, x̂ the first-order perturbation prediction.
    public var firstOrderError: Double?
    /// δ* of this (trial, ‖z‖): where the branch's abscissa crosses 0 (bisection), if found.
    public var boundaryDelta: Double?
    /// The δ where the branch folded (identity-plus), if it did.
    public var foldDelta: Double?
    /// The names of the outcome columns (`SweepConfig.outcomeColumns`: `from_<start>`…,
    /// `literature_euler`) and their values (`AttractorOutcome` raw values), in that order.
    public var outcomeColumns: [String] = []
    public var outcomes: [String] = []
    /// Wall time of the cell (the only column that depends on the machine).
    public var seconds: Double

    public init(cell: Int, trial: Int, inputNormIndex: Int, deltaIndex: Int, seed: UInt64, ensemble: String,
                recurrence: String, neuronCount: Int, mean: Double, delta: Double, inputNorm: Double, inputKind: String,
                spectralRadiusRecurrent: Double, branchStatus: String, branchT: Double, newtonIterations: Int,
                residual: Double, spectralAbscissa: Double? = nil, abscissaTimesTau: Double? = nil,
                leadingFrequencyHz: Double? = nil, verdict: String = "", certificate: String = "not-computed",
                attractor: String = "not-simulated", periodSeconds: Double? = nil, firstOrderError: Double? = nil,
                boundaryDelta: Double? = nil, foldDelta: Double? = nil, seconds: Double = 0) {
        self.cell = cell; self.trial = trial; self.inputNormIndex = inputNormIndex; self.deltaIndex = deltaIndex
        self.seed = seed; self.ensemble = ensemble; self.recurrence = recurrence; self.neuronCount = neuronCount
        self.mean = mean; self.delta = delta; self.inputNorm = inputNorm; self.inputKind = inputKind
        self.spectralRadiusRecurrent = spectralRadiusRecurrent; self.branchStatus = branchStatus
        self.branchT = branchT; self.newtonIterations = newtonIterations; self.residual = residual
        self.spectralAbscissa = spectralAbscissa; self.abscissaTimesTau = abscissaTimesTau
        self.leadingFrequencyHz = leadingFrequencyHz; self.verdict = verdict; self.certificate = certificate
        self.attractor = attractor; self.periodSeconds = periodSeconds; self.firstOrderError = firstOrderError
        self.boundaryDelta = boundaryDelta; self.foldDelta = foldDelta; self.seconds = seconds
    }

    /// The value of outcome column `name` (nil when the row has no such column).
    public func outcome(_ name: String) -> String? {
        outcomeColumns.firstIndex(of: name).map { outcomes[$0] }
    }

    /// The row without its machine-dependent column, for comparing runs.
    public var withoutTiming: CellRow {
        var copy = self
        copy.seconds = 0
        return copy
    }
}
