import LinearAlgebra

/// Forward-difference Jacobian, column j:
///     J e_j ≈ (f(t, x + δ_j e_j) − f(t, x)) / δ_j,   δ_j = √ε · max(|x_j|, 1e-5),
/// with truncation error O(δ) and rounding error O(ε/δ), about √ε ≈ 1.5e-8 relative
/// (Dennis & Schnabel, §5.4). Costs n evaluations of f. `derivative` is f(t, x).
enum FiniteDifferenceJacobian {
    static func evaluate(problem: ODEProblem, time t: Double, state x: [Double],
                         derivative: [Double]) -> ColumnMajorMatrix {
        evaluate(problem.vectorField, time: t, state: x, derivative: derivative)
    }

    static func evaluate(_ vectorField: VectorField, time t: Double, state x: [Double],
                         derivative: [Double]) -> ColumnMajorMatrix {
        let n = x.count
        var matrix = ColumnMajorMatrix(rows: n, columns: n)
        var shifted = x
        var column = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let delta = Double.ulpOfOne.squareRoot() * max(abs(x[j]), 1e-5)
            shifted[j] = x[j] + delta
            let actualDelta = shifted[j] - x[j]
            vectorField(t, shifted, &column)
            for i in 0..<n { matrix[i, j] = (column[i] - derivative[i]) / actualDelta }
            shifted[j] = x[j]
        }
        return matrix
    }
}
