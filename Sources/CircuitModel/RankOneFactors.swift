import LinearAlgebra

/// W = u wᵀ: the normalization weights as an outer product (proofs/structure.md). With W of rank
/// one the a-rows of the circuit's Jacobian are −e_iᵀ plus u_i times one row vector, so its
/// Newton systems and its spectrum reduce to n × n work.
///
/// Found exactly for `ones` (u = w = 1) and numerically for a dense W: the pivot entry
/// W_pq of largest magnitude gives u = W[:, q], w = W[p, :] / W_pq, and W is accepted as rank one
/// only when every entry is reproduced to rounding, |W_ij − u_i w_j| ≤ 4ε (|W_ij| + |u_i w_j|) —
/// a relative test per entry, so a tiny rank-two part is never discarded.
public struct RankOneFactors: Sendable, Equatable {
    /// u, the column factor (length n).
    public let column: [Double]
    /// w, the row factor (length n).
    public let row: [Double]

    public init(column: [Double], row: [Double]) {
        precondition(column.count == row.count, "rank-one factors must have equal lengths")
        self.column = column
        self.row = row
    }

    /// Entry (i, j) of u wᵀ.
    public subscript(i: Int, j: Int) -> Double { column[i] * row[j] }
}

extension WeightMatrix {
    /// u, w with W = u wᵀ when W has rank one (see `RankOneFactors`); nil for rank ≠ 1
    /// (including W = 0) and for the identity with n > 1.
    public func rankOneFactors(order n: Int) -> RankOneFactors? {
        switch self {
        case .ones:
            return RankOneFactors(column: [Double](repeating: 1, count: n), row: [Double](repeating: 1, count: n))
        case .identity:
            return n == 1 ? RankOneFactors(column: [1], row: [1]) : nil
        case .dense(let matrix):
            return Self.rankOneFactors(of: matrix)
        }
    }

    private static func rankOneFactors(of matrix: ColumnMajorMatrix) -> RankOneFactors? {
        let n = matrix.rows
        var pivotRow = 0, pivotColumn = 0, largest = 0.0
        for j in 0..<n {
            for i in 0..<n where abs(matrix[i, j]) > largest {
                largest = abs(matrix[i, j]); pivotRow = i; pivotColumn = j
            }
        }
        guard largest > 0, largest.isFinite else { return nil }
        let column = (0..<n).map { matrix[$0, pivotColumn] }
        let pivot = matrix[pivotRow, pivotColumn]
        let row = (0..<n).map { matrix[pivotRow, $0] / pivot }
        let tolerance = 4 * Double.ulpOfOne
        for j in 0..<n {
            for i in 0..<n {
                let product = column[i] * row[j]
                if abs(matrix[i, j] - product) > tolerance * (abs(matrix[i, j]) + abs(product)) { return nil }
            }
        }
        return RankOneFactors(column: column, row: row)
    }
}
