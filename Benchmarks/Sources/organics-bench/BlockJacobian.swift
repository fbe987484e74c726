import CircuitModel
import LinearAlgebra

/// The hand-written block formula of DF (MATH.md §2), for timing beside JacobianBuilder.
enum BlockJacobian {
    /// J_F at x for variant `paper` with dense W_r and W (proofs/jacobian.md); a > 0 assumed.
    static func residualJacobian(_ circuit: Circuit, _ recurrent: ColumnMajorMatrix, _ normalization: ColumnMajorMatrix,
                                        _ x: [Double]) -> ColumnMajorMatrix {
        let n = circuit.neuronCount
        let y = Array(x[0..<n]), a = Array(x[n..<(2 * n)])
        let root = a.map { max($0, 0).squareRoot() }
        let r = recurrent.multiply(y)
        var j = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for col in 0..<n {
            for row in 0..<n {
                j[row, col] = (1 - root[row]) * recurrent[row, col]
                let w = normalization[row, col]
                j[n + row, col] = w * 2 * a[col] * y[col]
                j[n + row, n + col] = w * y[col] * y[col]
            }
            j[col, col] -= 1
            j[n + col, n + col] -= 1
            j[col, n + col] = root[col] > 0 ? -r[col] / (2 * root[col]) : 0
        }
        return j
    }
}
