import CircuitModel
import Randomness

/// Random circuits for property tests. Every draw is a function of the generator's
/// state, so a failing property test is reproduced by its printed seed.
public enum RandomCircuits {
    /// How the normalization weights W are drawn.
    public enum NormalizationKind: CaseIterable, Sendable {
        case ones, identity, denseNonnegative, sparseNonnegative, heavyTailed
    }

    /// A random circuit with W_r = I: parameters spread over decades, b and z of any sign,
    /// W ≥ 0 of the given kind. Satisfies the hypotheses of Theorem 1 when `variant == .paper`.
    public static func identityRecurrence(
        neuronCount n: Int, variant: CircuitVariant = .paper, normalization: NormalizationKind = .denseNonnegative,
        using rng: inout some RandomNumberGenerator
    ) -> Circuit {
        let b = (0..<n).map { _ in signedLogUniform(0.1, 10, using: &rng) }
        let z = (0..<n).map { _ in signedLogUniform(1e-3, 3, using: &rng) }
        let b0 = (0..<n).map { _ in rng.nextLogUniform(0.1, 3) }
        let sigma = (0..<n).map { _ in rng.nextLogUniform(0.01, 1) }
        let tauY = (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) }
        let tauA = (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) }
        let weights = normalizationWeights(order: n, kind: normalization, using: &rng)
        return makeCircuit(variant: variant, b: b, z: z, b0: b0, sigma: sigma, tauY: tauY, tauA: tauA,
                           recurrent: .identity, normalization: weights)
    }

    /// The same kind of circuit with W_r = I + δ K, K_ij ~ N(0, 1/n) dense.
    public static func perturbedRecurrence(
        neuronCount n: Int, delta: Double, variant: CircuitVariant = .paper,
        using rng: inout some RandomNumberGenerator
    ) -> Circuit {
        let base = identityRecurrence(neuronCount: n, variant: variant, using: &rng)
        let k = gaussianMatrix(order: n, using: &rng)
        var recurrent = ColumnMajorMatrix.identity(n)
        for index in recurrent.elements.indices { recurrent.elements[index] += delta * k.elements[index] }
        return (try? base.replacingRecurrentWeights(.dense(recurrent))) ?? base
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
