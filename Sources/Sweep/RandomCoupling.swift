import Foundation
import LinearAlgebra
import Randomness

/// Draws of the random coupling K (shared/SWEEPS.md "Ensembles"), entries drawn in
/// column-major order from the generator passed in, so a seed fixes K on every platform.
///
/// | ensemble | K |
/// | `gaussian` | K_ij = μ/n + g_ij/√n, g_ij ~ N(0, 1) (circular law, radius 1) |
/// | `symmetric` | (M + Mᵀ)/2, M `gaussian` (off-diagonal variance 1/(2n)) |
/// | `sparse` | K_ij = B_ij (μ/c + g_ij/√c), B_ij ~ Bernoulli(c/n) |
/// | `sparse-symmetric` | (M + Mᵀ)/2, M `sparse` |
/// | `orthogonal` | Haar: Q·diag(sign diag R) of A = QR, A Gaussian (Mezzadri 2007); μ ignored |
/// | `power-law` | K_ij = μ/n + ε_ij u_ij^(−1/α) n^(−1/α), u ~ U(0, 1], ε = ±1 (Pareto(α), x_m = 1) |
public enum RandomCoupling {
    public static func sample<G: RandomNumberGenerator>(_ config: SweepConfig, using generator: inout G)
        throws(LinearAlgebraError) -> ColumnMajorMatrix {
        let n = config.neuronCount
        let nDouble = Double(n)
        switch config.ensemble {
        case .gaussian:
            return gaussian(n: n, mean: config.mean / nDouble, deviation: 1 / nDouble.squareRoot(), using: &generator)
        case .symmetric:
            return symmetrized(gaussian(n: n, mean: config.mean / nDouble, deviation: 1 / nDouble.squareRoot(), using: &generator))
        case .sparse:
            return sparse(config, using: &generator)
        case .sparseSymmetric:
            return symmetrized(sparse(config, using: &generator))
        case .orthogonal:
            let factors = try QRFactorization(gaussian(n: n, mean: 0, deviation: 1, using: &generator))
            var q = factors.q
            for j in 0..<n where factors.r[j, j] < 0 {
                for i in 0..<n { q[i, j] = -q[i, j] }
            }
            return q
        case .powerLaw:
            var k = ColumnMajorMatrix(rows: n, columns: n)
            let scale = pow(nDouble, -1 / config.tailExponent)
            for index in 0..<(n * n) {
                let magnitude = pow(generator.nextOpenUnitInterval(), -1 / config.tailExponent)
                let sign: Double = generator.nextBernoulli(0.5) ? 1 : -1
                k.elements[index] = config.mean / nDouble + sign * magnitude * scale
            }
            return k
        }
    }

    private static func gaussian<G: RandomNumberGenerator>(n: Int, mean: Double, deviation: Double,
                                                           using generator: inout G) -> ColumnMajorMatrix {
        var k = ColumnMajorMatrix(rows: n, columns: n)
        for index in 0..<(n * n) { k.elements[index] = mean + deviation * generator.nextGaussian() }
        return k
    }

    private static func sparse<G: RandomNumberGenerator>(_ config: SweepConfig, using generator: inout G) -> ColumnMajorMatrix {
        let n = config.neuronCount
        var k = ColumnMajorMatrix(rows: n, columns: n)
        let probability = config.connectivity / Double(n)
        let mean = config.mean / config.connectivity, deviation = 1 / config.connectivity.squareRoot()
        for index in 0..<(n * n) where generator.nextBernoulli(probability) {
            k.elements[index] = mean + deviation * generator.nextGaussian()
        }
        return k
    }

    /// (M + Mᵀ)/2.
    static func symmetrized(_ m: ColumnMajorMatrix) -> ColumnMajorMatrix {
        var k = m
        for j in 0..<m.columns { for i in 0..<m.rows { k[i, j] = 0.5 * (m[i, j] + m[j, i]) } }
        return k
    }
}
