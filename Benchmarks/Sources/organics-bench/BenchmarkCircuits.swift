import CircuitModel
import Randomness

/// The literature's circuit (SWEEPS.md): W_r = I + δK, K = (M + Mᵀ)/2, M_ij ~ N(0, 1/n),
/// W = ones or dense, b = b0 = 1, σ = 0.1, τ = 2 ms, delocalized input of norm 0.1.
enum BenchmarkCircuits {
    static func literature(n: Int, delta: Double, denseNormalization: Bool = false, inputNorm: Double = 0.1, seed: UInt64 = 1) throws -> Circuit {
        var rng = Xoshiro256StarStar(seed: seed)
        var k = ColumnMajorMatrix(rows: n, columns: n)
        let scale = 1 / Double(n).squareRoot()
        for index in k.elements.indices { k.elements[index] = scale * rng.nextGaussian() }
        var recurrent = ColumnMajorMatrix.identity(n)
        for i in 0..<n { for j in 0..<n { recurrent[i, j] += delta * 0.5 * (k[i, j] + k[j, i]) } }
        var normalization = WeightMatrix.ones
        if denseNormalization {
            var w = ColumnMajorMatrix(rows: n, columns: n)
            for index in w.elements.indices { w.elements[index] = rng.nextUnitInterval() * 2 / Double(n) }
            normalization = .dense(w)
        }
        let ones = [Double](repeating: 1, count: n)
        return try Circuit(inputGain: ones, input: [Double](repeating: inputNorm / Double(n).squareRoot(), count: n),
                           normalizationGain: ones, sigma: [Double](repeating: 0.1, count: n),
                           tauY: [Double](repeating: 0.002, count: n), tauA: [Double](repeating: 0.002, count: n),
                           recurrentWeights: .dense(recurrent), normalizationWeights: normalization)
    }
}
