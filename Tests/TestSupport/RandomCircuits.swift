import CircuitModel
import Randomness

/// Random circuits for property tests. Every draw is a function of the generator's
/// state, so a failing property test is reproduced by its printed seed.
public enum RandomCircuits {
    /// How the normalization weights W are drawn.
    public enum NormalizationKind: CaseIterable, Sendable {
        case ones, identity, denseNonnegative, sparseNonnegative, heavyTailed
    }

    /// How the input z is drawn. Every kind but `dense` puts exact zeros in z.
    public enum InputKind: CaseIterable, Sendable {
        /// Every z_i ≠ 0, |z_i| log-uniform in [1e-3, 3], random signs (the old default).
        case dense
        /// A bump exp(−(i − c)²/(2w²)) around a random neuron c, width w ∈ [0.3, n/4]; entries
        /// below 1e-3 of the peak are set to exactly 0 (issue 14's "localized input").
        case localized
        /// Each z_i ≠ 0 with probability 0.3, else exactly 0 (possibly z = 0 altogether).
        case sparse
        /// |z_i| log-uniform over eight decades, [1e-6, 1e2]: very unequal scales.
        case unequalScales
    }

    /// How the coupling K of W_r = I + δK is drawn.
    public enum CouplingKind: CaseIterable, Sendable {
        /// K_ij ~ N(0, 1/n).
        case gaussian
        /// K_ij ~ N(0, 1/(0.2 n)) with probability 0.2, else exactly 0.
        case sparse
        /// Gaussian entries times a per-row scale log-uniform over four decades.
        case unequalScales
    }

    /// A random circuit with W_r = I: parameters spread over decades, b and z of any sign,
    /// W ≥ 0 of the given kind, z of the given kind (a random kind when nil, so property tests
    /// meet exact zeros in z). Satisfies the hypotheses of Theorem 1 when `variant == .paper`.
    public static func identityRecurrence(
        neuronCount n: Int, variant: CircuitVariant = .paper, normalization: NormalizationKind = .denseNonnegative,
        input: InputKind? = nil, using rng: inout some RandomNumberGenerator
    ) -> Circuit {
        let b = (0..<n).map { _ in signedLogUniform(0.1, 10, using: &rng) }
        let kind = input ?? InputKind.allCases[rng.nextIndex(below: InputKind.allCases.count)]
        let z = self.input(order: n, kind: kind, using: &rng)
        let b0 = (0..<n).map { _ in rng.nextLogUniform(0.1, 3) }
        let sigma = (0..<n).map { _ in rng.nextLogUniform(0.01, 1) }
        let tauY = (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) }
        let tauA = (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) }
        let weights = normalizationWeights(order: n, kind: normalization, using: &rng)
        return makeCircuit(variant: variant, b: b, z: z, b0: b0, sigma: sigma, tauY: tauY, tauA: tauA,
                           recurrent: .identity, normalization: weights)
    }

    /// The same kind of circuit with W_r = I + δ K (K of the given kind, random when nil).
    /// With probability 1/3 some neurons are made *silent*: z_i = 0 and row i of K = 0, so
    /// y_i = 0 exactly at every point of the normalization branch (issue 14).
    public static func perturbedRecurrence(
        neuronCount n: Int, delta: Double, variant: CircuitVariant = .paper,
        normalization: NormalizationKind = .denseNonnegative, input: InputKind? = nil, coupling: CouplingKind? = nil,
        using rng: inout some RandomNumberGenerator
    ) -> Circuit {
        let base = identityRecurrence(neuronCount: n, variant: variant, normalization: normalization, input: input, using: &rng)
        var k = self.coupling(order: n, kind: coupling ?? CouplingKind.allCases[rng.nextIndex(below: CouplingKind.allCases.count)],
                              using: &rng)
        var z = base.input
        if rng.nextBernoulli(1.0 / 3) {
            for i in silentSubset(order: n, using: &rng) {
                z[i] = 0
                for j in 0..<n { k[i, j] = 0 }
            }
        }
        var recurrent = ColumnMajorMatrix.identity(n)
        for index in recurrent.elements.indices { recurrent.elements[index] += delta * k.elements[index] }
        return makeCircuit(variant: variant, b: base.inputGain, z: z, b0: base.normalizationGain, sigma: base.sigma,
                           tauY: base.tauY, tauA: base.tauA, recurrent: .dense(recurrent), normalization: base.normalizationWeights)
    }

    /// z of the given kind (see `InputKind`).
    public static func input(order n: Int, kind: InputKind, using rng: inout some RandomNumberGenerator) -> [Double] {
        switch kind {
        case .dense:
            return (0..<n).map { _ in signedLogUniform(1e-3, 3, using: &rng) }
        case .localized:
            let center = Double(rng.nextIndex(below: n))
            let width = rng.nextUniform(0.3, max(0.3, Double(n) / 4))
            let peak = signedLogUniform(1e-2, 3, using: &rng)
            return (0..<n).map { i in
                let bump = exp(-(Double(i) - center) * (Double(i) - center) / (2 * width * width))
                return bump < 1e-3 ? 0 : peak * bump
            }
        case .sparse:
            return (0..<n).map { _ in rng.nextBernoulli(0.3) ? signedLogUniform(1e-3, 3, using: &rng) : 0 }
        case .unequalScales:
            return (0..<n).map { _ in signedLogUniform(1e-6, 1e2, using: &rng) }
        }
    }

    /// K of the given kind (see `CouplingKind`).
    public static func coupling(order n: Int, kind: CouplingKind, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
        switch kind {
        case .gaussian:
            return gaussianMatrix(order: n, using: &rng)
        case .sparse:
            var k = ColumnMajorMatrix(rows: n, columns: n)
            let scale = 1 / (0.2 * Double(n)).squareRoot()
            for index in k.elements.indices where rng.nextBernoulli(0.2) { k.elements[index] = scale * rng.nextGaussian() }
            return k
        case .unequalScales:
            var k = gaussianMatrix(order: n, using: &rng)
            let rowScales = (0..<n).map { _ in rng.nextLogUniform(1e-2, 1e2) }
            for i in 0..<n { for j in 0..<n { k[i, j] *= rowScales[i] } }
            return k
        }
    }

    /// A non-empty proper subset of 0..<n when n ≥ 2 (each index with probability 1/3), {0} for n = 1.
    private static func silentSubset(order n: Int, using rng: inout some RandomNumberGenerator) -> [Int] {
        guard n > 1 else { return [0] }
        var chosen = (0..<n).filter { _ in rng.nextBernoulli(1.0 / 3) }
        if chosen.isEmpty { chosen = [rng.nextIndex(below: n)] }
        if chosen.count == n { chosen.removeLast() }
        return chosen
    }

    /// K_ij ~ N(0, 1/n).
    public static func gaussianMatrix(order n: Int, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
        var k = ColumnMajorMatrix(rows: n, columns: n)
        let scale = 1 / Double(n).squareRoot()
        for index in k.elements.indices { k.elements[index] = scale * rng.nextGaussian() }
        return k
    }

    /// A random state with a > 0 and y of any sign (for field and Jacobian tests).
    public static func state(neuronCount n: Int, using rng: inout some RandomNumberGenerator) -> [Double] {
        let y = (0..<n).map { _ in rng.nextUniform(-2, 2) }
        let a = (0..<n).map { _ in rng.nextLogUniform(1e-2, 4) }
        precondition(a.allSatisfy { $0 > 0 } && y.allSatisfy(\.isFinite), "RandomCircuits.state: a ≤ 0 or y not finite")
        return y + a
    }

    /// W ≥ 0 of the requested kind, with an overall scale over several decades.
    public static func normalizationWeights(order n: Int, kind: NormalizationKind,
                                            using rng: inout some RandomNumberGenerator) -> WeightMatrix {
        switch kind {
        case .ones: return .ones
        case .identity: return .identity
        case .denseNonnegative, .sparseNonnegative, .heavyTailed:
            let scale = rng.nextLogUniform(1e-3, 10)
            var w = ColumnMajorMatrix(rows: n, columns: n)
            for index in w.elements.indices {
                switch kind {
                case .sparseNonnegative: w.elements[index] = rng.nextBernoulli(0.2) ? scale * rng.nextUnitInterval() : 0
                case .heavyTailed: w.elements[index] = scale * (pow(rng.nextOpenUnitInterval(), -1 / 1.5) - 1)
                default: w.elements[index] = scale * rng.nextUnitInterval()
                }
            }
            // The promise every caller relies on (Theorem 1's hypothesis W ≥ 0): checked, not assumed.
            precondition(w.elements.allSatisfy { $0 >= 0 && $0.isFinite }, "RandomCircuits: W has a negative or non-finite entry")
            return .dense(w)
        }
    }

    public static func signedLogUniform(_ lower: Double, _ upper: Double, using rng: inout some RandomNumberGenerator) -> Double {
        let magnitude = rng.nextLogUniform(lower, upper)
        return rng.nextBernoulli(0.5) ? magnitude : -magnitude
    }

    /// Builds a circuit from values the generator guarantees valid; the refusal branch is
    /// unreachable for those values and would show as a test failure, not a crash.
    public static func makeCircuit(variant: CircuitVariant, b: [Double], z: [Double], b0: [Double], sigma: [Double],
                                   tauY: [Double], tauA: [Double], recurrent: WeightMatrix, normalization: WeightMatrix) -> Circuit {
        do {
            return try Circuit(variant: variant, inputGain: b, input: z, normalizationGain: b0, sigma: sigma,
                               tauY: tauY, tauA: tauA, recurrentWeights: recurrent, normalizationWeights: normalization)
        } catch {
            preconditionFailure("RandomCircuits produced an invalid circuit: \(error)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
