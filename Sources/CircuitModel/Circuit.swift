/// One ORGaNICs circuit (case-format.md; proofs/model.md §1): n principal neurons y and
/// n modulators a, with per-neuron parameters already broadcast to length n.
///
/// A `Circuit` is only made by `CaseFile` decoding or `init(validating:…)`, so its
/// invariants hold: every array has length n ≥ 1, all entries finite, τ > 0 and
/// c_i² = (b0_i σ_i)² > 0.
public struct Circuit: Sendable, Equatable {
    public let name: String?
    public let variant: CircuitVariant
    /// Number of y neurons (= number of a neurons); the state has 2n entries.
    public let neuronCount: Int
    /// Input gain b_i.
    public let inputGain: [Double]
    /// Input drive z_i.
    public let input: [Double]
    /// Normalization gain b0_i.
    public let normalizationGain: [Double]
    /// Semi-saturation constant σ_i.
    public let sigma: [Double]
    /// τ_y,i in seconds.
    public let tauY: [Double]
    /// τ_a,i in seconds.
    public let tauA: [Double]
    /// W_r, row i = inputs to neuron i.
    public let recurrentWeights: WeightMatrix
    /// W, the normalization weights.
    public let normalizationWeights: WeightMatrix

    /// b∘z, the feed-forward drive.
    public let drive: [Double]
    /// c² = (b0∘σ)², the normalization constant (> 0).
    public let poolConstant: [Double]

    /// Validates and builds a circuit; every refusal is a `CaseFileError` naming the key.
    public init(name: String? = nil, variant: CircuitVariant = .paper, inputGain: [Double], input: [Double],
                normalizationGain: [Double], sigma: [Double], tauY: [Double], tauA: [Double],
                recurrentWeights: WeightMatrix = .identity, normalizationWeights: WeightMatrix = .ones) throws(CaseFileError) {
        let n = input.count
        guard n >= 1 else { throw .invalidNeuronCount(found: "\(n)") }
        for (key, values) in [("b", inputGain), ("z", input), ("b0", normalizationGain), ("sigma", sigma),
                              ("tau_y", tauY), ("tau_a", tauA)] {
            guard values.count == n else { throw .wrongLength(key: key, expected: n, found: values.count) }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFinite(key: key, index: bad, text: "\(values[bad])")
            }
        }
        for (key, values) in [("tau_y", tauY), ("tau_a", tauA)] {
            if let bad = values.firstIndex(where: { $0 <= 0 }) {
                throw .nonPositiveTimeConstant(key: key, index: bad, value: values[bad])
            }
        }
        let pool = zip(normalizationGain, sigma).map { ($0 * $1) * ($0 * $1) }
        if let bad = pool.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw .vanishingPool(index: bad, b0: normalizationGain[bad], sigma: sigma[bad])
        }
        for (key, matrix) in [("W_r", recurrentWeights), ("W", normalizationWeights)] {
            if case .dense(let m) = matrix {
                guard m.rows == n, m.columns == n else {
                    throw .wrongLength(key: key, expected: n, found: m.rows == n ? m.columns : m.rows)
                }
                if !m.isFinite, let bad = m.elements.firstIndex(where: { !$0.isFinite }) {  // one branch-free pass first
                    throw .nonFinite(key: "\(key)[\(bad % n)]", index: bad / n, text: "\(m.elements[bad])")
                }
            }
        }
        self.name = name
        self.variant = variant
        self.neuronCount = n
        self.inputGain = inputGain
        self.input = input
        self.normalizationGain = normalizationGain
        self.sigma = sigma
        self.tauY = tauY
        self.tauA = tauA
        self.recurrentWeights = recurrentWeights
        self.normalizationWeights = normalizationWeights
        self.drive = zip(inputGain, input).map { $0 * $1 }
        self.poolConstant = pool
    }

    /// The same circuit with other recurrent weights (continuation, sweeps).
    public func replacingRecurrentWeights(_ weights: WeightMatrix) throws(CaseFileError) -> Circuit {
        try Circuit(name: name, variant: variant, inputGain: inputGain, input: input,
                    normalizationGain: normalizationGain, sigma: sigma, tauY: tauY, tauA: tauA,
                    recurrentWeights: weights, normalizationWeights: normalizationWeights)
    }

    /// The same circuit with another input vector z.
    public func replacingInput(_ newInput: [Double]) throws(CaseFileError) -> Circuit {
        try Circuit(name: name, variant: variant, inputGain: inputGain, input: newInput,
                    normalizationGain: normalizationGain, sigma: sigma, tauY: tauY, tauA: tauA,
                    recurrentWeights: recurrentWeights, normalizationWeights: normalizationWeights)
    }

    /// Length of the state vector x = (y, a): 2n.
    public var stateDimension: Int { 2 * neuronCount }

    /// The largest time constant, max(τ_y, τ_a), in seconds.
    public var slowestTimeConstant: Double { max(tauY.max() ?? 0, tauA.max() ?? 0) }

    /// Which hypotheses of Theorem 1 (proofs/theorem1.md) hold.
    public var theoremHypotheses: TheoremHypotheses {
        TheoremHypotheses(normalizationWeightsNonnegative: !normalizationWeights.hasNegativeEntry,
                          recurrentWeightsIdentity: recurrentWeights.isIdentity,
                          poolConstantPositive: poolConstant.allSatisfy { $0 > 0 },
                          variantIsPaper: variant == .paper)
    }
}

/// The hypotheses of Theorem 1: W ≥ 0, W_r = I, c² > 0 (τ > 0 always holds), variant `paper`.
public struct TheoremHypotheses: Sendable, Equatable {
    public let normalizationWeightsNonnegative: Bool
    public let recurrentWeightsIdentity: Bool
    public let poolConstantPositive: Bool
    public let variantIsPaper: Bool
    /// All hold: the fixed point is asymptotically stable by Theorem 1.
    public var allHold: Bool {
        normalizationWeightsNonnegative && recurrentWeightsIdentity && poolConstantPositive && variantIsPaper
    }
}
