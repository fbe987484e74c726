import CircuitModel
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// The flow Jacobian against the block formula of MATH.md §2, written out here by hand
/// (dense loops, no use of the builder's local derivatives), with the Heaviside factors
/// MATH.md names for the rectified variants.
@Suite("Flow Jacobian against the block formula of MATH.md §2 (proofs/jacobian.md eq. 3.15)")
struct JacobianBlockFormulaTests {
    let builder = JacobianBuilder()

    /// J of MATH.md §2 with s = √a, for `paper` (φ = y, r = W_r y):
    ///     [ diag(1/τ_y)(−I + diag(1−s) W_r)   diag(1/τ_y) diag(−r/(2s))     ]
    ///     [ diag(1/τ_a) W diag(2 a∘y)         diag(1/τ_a)(−I + W diag(y²))  ]
    /// `rectified`: W_r → W_r diag(H(y)), r = W_r max(y,0), y → max(y,0) in the a-rows;
    /// `rectified-recurrence`: the recurrent term gets diag(H(W_r y)) on its rows,
    /// r = max(W_r y, 0), y → max(y,0) in the a-rows.
    static func handDerived(_ circuit: Circuit, at x: [Double]) -> ColumnMajorMatrix {
        let n = circuit.neuronCount
        let wr = circuit.recurrentWeights.denseMatrix(order: n)
        let w = circuit.normalizationWeights.denseMatrix(order: n)
        let y = Array(x[0..<n]), a = Array(x[n...])
        let s = a.map { $0.squareRoot() }
        let heaviside = { (value: Double) -> Double in value > 0 ? 1 : 0 }
        let yPlus = circuit.variant == .paper ? y : y.map { max($0, 0) }
        let sent = circuit.variant == .rectified ? yPlus : y
        let preActivation = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + wr[i, $1] * sent[$1] } }
        let r = circuit.variant == .rectifiedRecurrence ? preActivation.map { max($0, 0) } : preActivation
        var j = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            let rowGate = circuit.variant == .rectifiedRecurrence ? heaviside(preActivation[i]) : 1
            for k in 0..<n {
                let columnGate = circuit.variant == .rectified ? heaviside(y[k]) : 1
                j[i, k] = ((i == k ? -1 : 0) + (1 - s[i]) * rowGate * wr[i, k] * columnGate) / circuit.tauY[i]
                j[n + i, k] = w[i, k] * 2 * a[k] * yPlus[k] / circuit.tauA[i]
                j[n + i, n + k] = ((i == k ? -1 : 0) + w[i, k] * yPlus[k] * yPlus[k]) / circuit.tauA[i]
            }
            j[i, n + i] = -r[i] / (2 * s[i]) / circuit.tauY[i]
        }
        return j
    }

    /// 1e-12 of the row scale: the same products as the builder, summed in another order.
    @Test("J = diag(1/τ)·DF equals the MATH.md §2 block formula, all variants, n ≤ 64 (eq. 3.15)")
    func matchesHandDerivedBlocks() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let sample = RandomCase(using: &rng)
            let flow = builder.flowJacobian(of: sample.circuit, at: sample.state)
            #expect(flow.kind == .flow)
            let reference = JacobianBlockFormulaTests.handDerived(sample.circuit, at: sample.state)
            let scales = rowScales(reference)
            for column in 0..<reference.columns {
                for row in 0..<reference.rows {
                    let error = abs(flow.matrix[row, column] - reference[row, column])
                    #expect(error <= 1e-12 * scales[row], "seed \(seed), \(sample.circuit.variant), entry (\(row), \(column))")
                }
            }
        }
    }

    @Test("At the closed-form fixed point (W_r = I, paper) F = 0 and J has the MATH.md §2 blocks (case-format.md)")
    func closedFormFixedPoint() throws {
        var rng = Xoshiro256StarStar(seed: 20_261_129)
        let circuit = RandomCircuits.identityRecurrence(neuronCount: 5, normalization: .denseNonnegative, using: &rng)
        let state = try NormalizationFixedPoint.state(for: circuit).flattened
        let flow = builder.flowJacobian(of: circuit, at: state)
        let scale = circuit.residualScale(at: state)
        for i in state.indices { #expect(abs(flow.residual[i]) <= 1e-14 * scale[i]) }
        let reference = JacobianBlockFormulaTests.handDerived(circuit, at: state)
        let scales = rowScales(reference)
        for index in reference.elements.indices {
            #expect(abs(flow.matrix.elements[index] - reference.elements[index]) <= 1e-12 * scales[index % reference.rows])
        }
    }
}
