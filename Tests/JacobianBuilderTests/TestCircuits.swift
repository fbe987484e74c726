import CircuitModel
import Randomness
import TestSupport

enum TestCircuits {
    /// A `paper` circuit with W_r = I and dense W ≥ 0.
    static func identity(neuronCount n: Int, variant: CircuitVariant = .paper,
                         using rng: inout some RandomNumberGenerator) -> Circuit {
        RandomCircuits.identityRecurrence(neuronCount: n, variant: variant, normalization: .denseNonnegative, using: &rng)
    }
}
