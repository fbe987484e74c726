import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Randomness

/// DF of variant `paper` by the hand-derived block formula of MATH.md §2 (without the
/// diag(1/τ) factor, i.e. the residual's Jacobian), written here independently of the
/// solver and of JacobianBuilder:
///     [ −I + diag(1 − s) W_r     diag(−r / (2s))      ]
///     [ W diag(2 a∘y)            −I + W diag(y²)      ],   s = √a, r = W_r y.
let paperJacobian = CircuitJacobian { circuit, x in
    let n = circuit.neuronCount
    let y = Array(x[0..<n]), a = Array(x[n...])
    let s = a.map { max($0, 0).squareRoot() }
    let recurrent = circuit.recurrentWeights.denseMatrix(order: n)
    let normalization = circuit.normalizationWeights.denseMatrix(order: n)
    let r = recurrent.multiply(y)
    var matrix = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
    for i in 0..<n {
        for j in 0..<n {
            matrix[i, j] = (i == j ? -1 : 0) + (1 - s[i]) * recurrent[i, j]
            matrix[n + i, j] = normalization[i, j] * 2 * a[j] * y[j]
            matrix[n + i, n + j] = (i == j ? -1 : 0) + normalization[i, j] * y[j] * y[j]
        }
        matrix[i, n + i] = -r[i] / (2 * s[i])
    }
    return matrix
}

/// A random `paper` circuit with W_r = I: n neurons, b, b0 ∈ [0.5, 1.5], σ log-uniform on
/// [0.05, 1], z ∈ [−1, 1], W = ones or a random non-negative matrix, τ = 2 ms.
func randomCircuit(neurons n: Int, using rng: inout some RandomNumberGenerator) throws -> Circuit {
    let b = (0..<n).map { _ in rng.nextUniform(0.5, 1.5) }
    let b0 = (0..<n).map { _ in rng.nextUniform(0.5, 1.5) }
    let z = (0..<n).map { _ in rng.nextUniform(-1, 1) }
    let sigma = (0..<n).map { _ in rng.nextLogUniform(0.05, 1) }
    let normalization: WeightMatrix
    if rng.nextBernoulli(0.5) {
        normalization = .ones
    } else {
        let entries = (0..<(n * n)).map { _ in rng.nextUniform(0, 1) }
        normalization = .dense(try ColumnMajorMatrix(rows: n, columns: n, columnMajor: entries))
    }
    return try Circuit(inputGain: b, input: z, normalizationGain: b0, sigma: sigma,
                       tauY: Array(repeating: 0.002, count: n), tauA: Array(repeating: 0.002, count: n),
                       recurrentWeights: .identity, normalizationWeights: normalization)
}

/// K with i.i.d. N(0, 1/n) entries (the `gaussian` ensemble of SWEEPS.md, μ = 0).
func randomCoupling(neurons n: Int, using rng: inout some RandomNumberGenerator) -> ColumnMajorMatrix {
    var k = ColumnMajorMatrix(rows: n, columns: n)
    let scale = 1 / Double(n).squareRoot()
    for index in k.elements.indices { k.elements[index] = scale * rng.nextGaussian() }
    return k
}

/// The circuit with W_r = I + δ K.
func coupled(_ circuit: Circuit, _ k: ColumnMajorMatrix, _ delta: Double) throws -> Circuit {
    try circuit.replacingRecurrentWeights(.dense(.identity(circuit.neuronCount) + delta * k))
}

/// The one-neuron circuit of MATH.md §4 with scalar w_r, w, b z, c² (b = 1, b0 = 1, σ = c).
func oneNeuron(recurrent wr: Double, normalization w: Double, drive bz: Double, pool c2: Double) throws -> Circuit {
    try Circuit(inputGain: [1], input: [bz], normalizationGain: [1], sigma: [c2.squareRoot()], tauY: [0.002], tauA: [0.002],
                recurrentWeights: .dense(ColumnMajorMatrix(rowMajor: [[wr]])),
                normalizationWeights: .dense(ColumnMajorMatrix(rowMajor: [[w]])))
}

/// ‖u − v‖∞ / max(‖v‖∞, tiny).
func relativeDistance(_ u: [Double], _ v: [Double]) -> Double {
    infinityNorm(zip(u, v).map { $0 - $1 }) / max(infinityNorm(v), .leastNormalMagnitude)
}
