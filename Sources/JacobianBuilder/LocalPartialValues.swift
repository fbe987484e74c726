import CircuitModel
import LinearAlgebra

/// The nine local partials at every neuron (vectors of length n), and the assembly of
/// DF from them, proofs/jacobian.md eq. (3.10).
struct LocalPartialValues {
    var dFieldYdActivity, dFieldYdModulator, dFieldYdRecurrentInput: [Double]
    var dFieldAdActivity, dFieldAdModulator, dFieldAdPool: [Double]
    var dTransferdActivity, dDrivedActivity, dDrivedModulator: [Double]

    init(count n: Int) {
        let zeros = [Double](repeating: 0, count: n)
        (dFieldYdActivity, dFieldYdModulator, dFieldYdRecurrentInput) = (zeros, zeros, zeros)
        (dFieldAdActivity, dFieldAdModulator, dFieldAdPool) = (zeros, zeros, zeros)
        (dTransferdActivity, dDrivedActivity, dDrivedModulator) = (zeros, zeros, zeros)
    }

    /// Stores values[k..<k+9], in the order of `LocalDerivatives.all`.
    mutating func store(_ values: [Double], from k: Int, neuron i: Int) {
        dFieldYdActivity[i] = values[k + 0]
        dFieldYdModulator[i] = values[k + 1]
        dFieldYdRecurrentInput[i] = values[k + 2]
        dFieldAdActivity[i] = values[k + 3]
        dFieldAdModulator[i] = values[k + 4]
        dFieldAdPool[i] = values[k + 5]
        dTransferdActivity[i] = values[k + 6]
        dDrivedActivity[i] = values[k + 7]
        dDrivedModulator[i] = values[k + 8]
    }

    /// DF: the four diagonal blocks, then the three weighted couplings of eq. (3.10).
    func assemble(recurrentWeights: WeightMatrix, normalizationWeights: WeightMatrix) -> ColumnMajorMatrix {
        let n = dFieldYdActivity.count
        var matrix = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            matrix[i, i] = dFieldYdActivity[i]
            matrix[i, n + i] = dFieldYdModulator[i]
            matrix[n + i, i] = dFieldAdActivity[i]
            matrix[n + i, n + i] = dFieldAdModulator[i]
        }
        matrix.addScaled(recurrentWeights, rowScale: dFieldYdRecurrentInput, columnScale: dTransferdActivity,
                         rowOffset: 0, columnOffset: 0)
        matrix.addScaled(normalizationWeights, rowScale: dFieldAdPool, columnScale: dDrivedActivity,
                         rowOffset: n, columnOffset: 0)
        matrix.addScaled(normalizationWeights, rowScale: dFieldAdPool, columnScale: dDrivedModulator,
                         rowOffset: n, columnOffset: n)
        return matrix
    }
}

extension ColumnMajorMatrix {
    /// self[r₀ + i, c₀ + j] += rowScale_i · M_ij · columnScale_j, i.e. adds
    /// diag(rowScale) M diag(columnScale) as a block. O(n) for identity, O(n²) otherwise.
    mutating func addScaled(_ weights: WeightMatrix, rowScale: [Double], columnScale: [Double],
                            rowOffset: Int, columnOffset: Int) {
        let n = rowScale.count
        switch weights {
        case .identity:
            for i in 0..<n { self[rowOffset + i, columnOffset + i] += rowScale[i] * columnScale[i] }
        case .ones:
            for j in 0..<n {
                for i in 0..<n { self[rowOffset + i, columnOffset + j] += rowScale[i] * columnScale[j] }
            }
        case .dense(let dense):
            for j in 0..<n {
                for i in 0..<n {
                    self[rowOffset + i, columnOffset + j] += rowScale[i] * dense[i, j] * columnScale[j]
                }
            }
        }
    }

    /// Row i divided by τ_y,i and row n + i by τ_a,i: diag(1/τ)·self (eq. 3.14).
    mutating func scaleRows(tauY: [Double], tauA: [Double]) {
        let n = tauY.count
        for j in 0..<columns {
            for i in 0..<n {
                self[i, j] /= tauY[i]
                self[n + i, j] /= tauA[i]
            }
        }
    }
}
