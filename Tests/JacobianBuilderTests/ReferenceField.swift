import CircuitModel
import LinearAlgebra
import PropertyBased
import Randomness
import Testing

/// A test-side generic copy of the residual F of case-format.md ("The dynamics"),
/// written from the table of variants, not from CircuitModel's code:
///
///     F_y,i = −y_i + b_i z_i + (1 − √a⁺_i) r_i,   F_a,i = −a_i + c_i² + Σ_j W_ij q_j
///
/// `paper`: r = W_r y, q_j = a⁺_j y_j²; `rectified`: r = W_r max(y,0),
/// q_j = a⁺_j max(y_j,0)²; `rectified-recurrence`: r = max(W_r y, 0), q as `rectified`.
/// Dense loops only (O(n²)); it reads the circuit's parameter arrays, nothing else.
enum ReferenceField {
    static func residual<T: FieldScalar>(_ circuit: Circuit, _ x: [T]) -> [T] {
        let n = circuit.neuronCount
        return residual(circuit, x, recurrent: circuit.recurrentWeights.denseMatrix(order: n),
                        normalization: circuit.normalizationWeights.denseMatrix(order: n))
    }

    static func residual<T: FieldScalar>(_ circuit: Circuit, _ x: [T], recurrent: ColumnMajorMatrix,
                                         normalization: ColumnMajorMatrix) -> [T] {
        let n = circuit.neuronCount
        let y = Array(x[0..<n]), a = Array(x[n...])
        let rectify = circuit.variant != .paper
        let sent = y.map { circuit.variant == .rectified ? $0.positivePart : $0 }
        let q = (0..<n).map { j -> T in
            let activity = rectify ? y[j].positivePart : y[j]
            return a[j].positivePart * activity * activity
        }
        var out: [T] = []
        out.reserveCapacity(2 * n)
        for i in 0..<n {
            var r = T(0)
            for j in 0..<n { r = r + T(recurrent[i, j]) * sent[j] }
            if circuit.variant == .rectifiedRecurrence { r = r.positivePart }
            let drive = T(circuit.inputGain[i] * circuit.input[i])
            out.append(T(0) - y[i] + drive + (T(1) - a[i].positivePart.squareRoot) * r)
        }
        for i in 0..<n {
            var pool = T(0)
            for j in 0..<n { pool = pool + T(normalization[i, j]) * q[j] }
            let c2 = T((circuit.normalizationGain[i] * circuit.sigma[i]) * (circuit.normalizationGain[i] * circuit.sigma[i]))
            out.append(T(0) - a[i] + c2 + pool)
        }
        return out
    }

    /// DF by forward mode: column k is the derivative along e_k.
    static func dualJacobian(_ circuit: Circuit, at x: [Double]) -> ColumnMajorMatrix {
        let m = x.count, n = circuit.neuronCount
        let recurrent = circuit.recurrentWeights.denseMatrix(order: n)
        let normalization = circuit.normalizationWeights.denseMatrix(order: n)
        var jacobian = ColumnMajorMatrix(rows: m, columns: m)
        for k in 0..<m {
            let seeded = x.indices.map { DualNumber(value: x[$0], derivative: $0 == k ? 1 : 0) }
            let column = residual(circuit, seeded, recurrent: recurrent, normalization: normalization)
            for i in 0..<m { jacobian[i, k] = column[i].derivative }
        }
        return jacobian
    }
}

/// The reference field on `Double` is an independent transcription of the format document;
/// it must agree with CircuitModel's optimized residual, or the dual-number route would
/// differentiate the wrong field. Same sums in another order: |Δ| ≤ 4(n+2)ε·(term scale).
@Test("the reference field on Double equals CircuitModel's residual, all variants (property)")
func referenceFieldMatchesCircuitModel() async {
    await propertyCheck(count: 40, input: Gen.uint64()) { seed in
        var rng = Xoshiro256StarStar(seed: seed)
        let sample = RandomCase(using: &rng, maximumNeurons: 16)
        let reference = ReferenceField.residual(sample.circuit, sample.state)
        let model = sample.circuit.residual(at: sample.state), scale = sample.circuit.residualScale(at: sample.state)
        let n = sample.circuit.neuronCount
        for k in model.indices {
            #expect(abs(reference[k] - model[k]) <= 4 * Double(n + 2) * .ulpOfOne * scale[k], "seed \(seed), component \(k)")
        }
    }
}
