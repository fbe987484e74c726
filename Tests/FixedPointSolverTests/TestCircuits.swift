import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Randomness
import PropertyBased
import TestSupport
import Testing

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

/// The stopping rule (proofs/newton.md eq. (7.4′)) recomputed here from CircuitModel's F and
/// scale and the hand-derived `paperJacobian`: |F_i| ≤ ε_rel·scale_i + 2⁻⁴⁶‖DF_i,:‖₁‖x‖∞.
func satisfiesStoppingRule(_ circuit: Circuit, at x: [Double], relativeTolerance: Double) -> Bool {
    let f = circuit.residual(at: x), scale = circuit.residualScale(at: x)
    let jacobian = paperJacobian.evaluate(circuit, x)
    let size = infinityNorm(x)
    return f.indices.allSatisfy { i in
        let rowNorm = (0..<x.count).reduce(0.0) { $0 + abs(jacobian[i, $1]) }
        return abs(f[i]) <= relativeTolerance * scale[i] + 0x1p-46 * rowNorm * size
    }
}

/// ‖u − v‖∞ / max(‖v‖∞, tiny).
func relativeDistance(_ u: [Double], _ v: [Double]) -> Double {
    infinityNorm(zip(u, v).map { $0 - $1 }) / max(infinityNorm(v), .leastNormalMagnitude)
}

/// The helpers above are references for the solver tests, so they are checked themselves,
/// against CircuitModel's residual F and by construction.
@Suite("FixedPointSolver test helpers")
struct TestCircuitHelperTests {
    /// Central differences of F with h = 1e-6·max(1, |x_j|): truncation O(h²‖F‴‖) plus
    /// rounding O(ε‖F‖/h) ≈ 1e-10 relative for these O(1) circuits; 1e-6 of the row scale
    /// leaves a wide margin and still catches a wrong block entry.
    @Test("paperJacobian equals central differences of F (variant paper, W_r = I + δK), property")
    func paperJacobianMatchesDifferences() async throws {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 6)
            let circuit = try coupled(try randomCircuit(neurons: n, using: &rng),
                                      RandomCircuits.gaussianMatrix(order: n, using: &rng), rng.nextUniform(0, 1))
            let x = (0..<n).map { _ in rng.nextUniform(-1, 1) } + (0..<n).map { _ in rng.nextUniform(0.1, 2) }
            let jacobian = paperJacobian.evaluate(circuit, x)
            for j in 0..<(2 * n) {
                let h = 1e-6 * max(1, abs(x[j]))
                var plus = x, minus = x
                plus[j] += h
                minus[j] -= h
                let fPlus = circuit.residual(at: plus), fMinus = circuit.residual(at: minus)
                for i in 0..<(2 * n) {
                    let difference = (fPlus[i] - fMinus[i]) / (2 * h)
                    let rowScale = (0..<(2 * n)).reduce(1) { max($0, abs(jacobian[i, $1])) }
                    #expect(abs(jacobian[i, j] - difference) <= 1e-6 * rowScale, "seed \(seed): entry (\(i), \(j))")
                }
            }
        }
    }

    @Test("randomCircuit: W_r = I, W ≥ 0, σ and b in range; coupled(c, K, δ) = I + δK exactly; oneNeuron as stated")
    func constructors() throws {
        var rng = Xoshiro256StarStar(seed: 2024)
        for _ in 0..<20 {
            let n = 1 + rng.nextIndex(below: 8)
            let circuit = try randomCircuit(neurons: n, using: &rng)
            #expect(circuit.recurrentWeights == .identity)
            #expect(circuit.normalizationWeights.denseMatrix(order: n).elements.allSatisfy { $0 >= 0 })
            #expect(circuit.sigma.allSatisfy { (0.05...1).contains($0) })
            #expect(circuit.inputGain.allSatisfy { (0.5...1.5).contains($0) })
            let k = RandomCircuits.gaussianMatrix(order: n, using: &rng)
            let recurrent = try coupled(circuit, k, 0.25).recurrentWeights.denseMatrix(order: n)
            for i in 0..<n { for j in 0..<n { #expect(recurrent[i, j] == (i == j ? 1 : 0) + 0.25 * k[i, j]) } }
        }
        let one = try oneNeuron(recurrent: 1.3, normalization: 0.5, drive: -0.2, pool: 0.04)
        #expect(one.recurrentWeights.denseMatrix(order: 1)[0, 0] == 1.3)
        #expect(one.normalizationWeights.denseMatrix(order: 1)[0, 0] == 0.5)
        #expect(one.inputGain[0] * one.input[0] == -0.2)
        #expect(abs(one.sigma[0] * one.sigma[0] - 0.04) <= 1e-17)
        #expect(relativeDistance([1, 2, 3], [1, 2, 3]) == 0 && relativeDistance([1, 2, 4], [1, 2, 3]) == 1.0 / 3)
    }
}

/// How far apart two points of one regular branch can be when both satisfy (7.4′) at
/// ε_rel = 1e-12 (proofs/newton.md): |F_i| ≤ 1e-12·scale_i each, so they differ by at most
/// ‖DF⁻¹‖∞ · 2 · 1e-12 · max_i scale_i (to first order), floored at 1e-12 ‖x‖∞. ‖DF⁻¹‖∞ is
/// computed exactly (column by column of DF⁻ᵀ from the LU of DFᵀ), not estimated.
func branchAccuracyBound(_ circuit: Circuit, at x: [Double]) throws -> Double {
    let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(flattened: x), jacobian: paperJacobian)
    let scale = problem.convergenceScale(at: x).max() ?? 0
    let lu = try LUFactorization(paperJacobian.evaluate(circuit, x).transposed())
    var inverseInfinityNorm = 0.0  // ‖DF⁻ᵀ‖₁ = ‖DF⁻¹‖∞
    for j in 0..<lu.order {
        var e = [Double](repeating: 0, count: lu.order)
        e[j] = 1
        inverseInfinityNorm = max(inverseInfinityNorm, try lu.solve(e).reduce(0) { $0 + abs($1) })
    }
    return max(1e-12 * infinityNorm(x), 2e-12 * scale * inverseInfinityNorm)
}
