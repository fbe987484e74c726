import LinearAlgebra

/// DF of a circuit whose normalization weights have rank one, W = u wᵀ (proofs/newton.md §7.10),
/// kept in factored form instead of as a dense 2n × 2n matrix:
///
///     DF = [ Y          diag(d) ]  +  [ 0 ] [ v_yᵀ  v_aᵀ ]
///          [ diag(e)    diag(g) ]     [ ũ ]
///
/// with Y = diag(∂F_y/∂y) + diag(∂F_y/∂r) W_r diag(φ') (n × n, dense), d = ∂F_y/∂a,
/// e = ∂F_a/∂y and g = ∂F_a/∂a (local partials: e = 0 and g = −1 for every variant),
/// ũ = (∂F_a/∂p) ∘ u, v_y = w ∘ ∂q/∂y and v_a = w ∘ ∂q/∂a (proofs/jacobian.md eq. 3.10 with
/// W = u wᵀ). Storage and assembly are O(n²) (Y) plus O(n); `denseMatrix()` rebuilds the
/// 2n × 2n DF (for the dense route, fallbacks and tests).
public struct StructuredResidualJacobian: Sendable, Equatable {
    /// n.
    public let order: Int
    /// Y = ∂F_y/∂y, n × n.
    public let activityBlock: ColumnMajorMatrix
    /// d = ∂F_y/∂a (the diagonal of the ya-block).
    public let activityModulator: [Double]
    /// e = ∂F_a/∂y, local part (the diagonal of the ay-block before the rank-one term).
    public let modulatorActivity: [Double]
    /// g = ∂F_a/∂a, local part (the diagonal of the aa-block before the rank-one term).
    public let modulatorModulator: [Double]
    /// ũ = (∂F_a/∂p) ∘ u, the rank-one term's column (a-rows only).
    public let column: [Double]
    /// v_y = w ∘ ∂q/∂y, the rank-one term's row over the y-columns.
    public let rowActivity: [Double]
    /// v_a = w ∘ ∂q/∂a, the rank-one term's row over the a-columns.
    public let rowModulator: [Double]
    /// Y's absolute row and column sums and its largest entry (nil if some entry is not finite),
    /// made in one pass at construction: the norms below and the factorization's scale are then O(n).
    public let activityBlockSums: AbsoluteSums

    public init(activityBlock: ColumnMajorMatrix, activityModulator: [Double], modulatorActivity: [Double],
                modulatorModulator: [Double], column: [Double], rowActivity: [Double], rowModulator: [Double]) {
        self.init(activityBlock: activityBlock, activityModulator: activityModulator, modulatorActivity: modulatorActivity,
                  modulatorModulator: modulatorModulator, column: column, rowActivity: rowActivity,
                  rowModulator: rowModulator, activityBlockSums: activityBlock.absoluteSums)
    }

    /// As above, with Y's sums already made (by the assembly, while each column was in cache).
    init(activityBlock: ColumnMajorMatrix, activityModulator: [Double], modulatorActivity: [Double],
         modulatorModulator: [Double], column: [Double], rowActivity: [Double], rowModulator: [Double],
         activityBlockSums: AbsoluteSums) {
        let n = activityBlock.rows
        precondition(activityBlock.columns == n && [activityModulator, modulatorActivity, modulatorModulator, column,
                                                    rowActivity, rowModulator].allSatisfy { $0.count == n },
                     "StructuredResidualJacobian: inconsistent lengths")
        self.order = n
        self.activityBlock = activityBlock
        self.activityModulator = activityModulator
        self.modulatorActivity = modulatorActivity
        self.modulatorModulator = modulatorModulator
        self.column = column
        self.rowActivity = rowActivity
        self.rowModulator = rowModulator
        self.activityBlockSums = activityBlockSums
    }

    /// True when every stored number is finite.
    public var isFinite: Bool { vectorsAreFinite && activityBlockSums.finiteLargest != nil }

    /// True when the six vectors (everything but Y) are finite: O(n).
    public var vectorsAreFinite: Bool {
        [activityModulator, modulatorActivity, modulatorModulator, column, rowActivity, rowModulator]
            .allSatisfy { $0.allSatisfy(\.isFinite) }
    }

    /// The 2n × 2n DF.
    public func denseMatrix() -> ColumnMajorMatrix {
        let n = order, m = 2 * n
        var matrix = ColumnMajorMatrix(rows: m, columns: m)
        matrix.elements.withUnsafeMutableBufferPointer { out in
            activityBlock.elements.withUnsafeBufferPointer { block in
                for j in 0..<n {
                    for i in 0..<n { out[i + j * m] = block[i + j * n] }
                    out[j + (n + j) * m] = activityModulator[j]
                    let vy = rowActivity[j], va = rowModulator[j]
                    for i in 0..<n {
                        out[n + i + j * m] = column[i] * vy
                        out[n + i + (n + j) * m] = column[i] * va
                    }
                    out[n + j + j * m] += modulatorActivity[j]
                    out[n + j + (n + j) * m] += modulatorModulator[j]
                }
            }
        }
        return matrix
    }

    /// DF x, O(n²).
    public func multiply(_ x: [Double]) -> [Double] {
        let n = order
        precondition(x.count == 2 * n, "StructuredResidualJacobian.multiply: length")
        let xy = Array(x[0..<n]), xa = Array(x[n...])
        var out = activityBlock.multiply(xy)
        var mu = 0.0
        for j in 0..<n { mu += rowActivity[j] * xy[j] + rowModulator[j] * xa[j] }
        out.reserveCapacity(2 * n)
        for i in 0..<n { out[i] += activityModulator[i] * xa[i] }
        for i in 0..<n { out.append(modulatorActivity[i] * xy[i] + modulatorModulator[i] * xa[i] + column[i] * mu) }
        return out
    }

    /// ‖DF_i,:‖₁ for every row i (exact up to rounding, without forming DF; O(n), Y's row sums
    /// being made at construction).
    public func rowOneNorms() -> [Double] {
        let n = order
        var norms = activityBlockSums.rows + [Double](repeating: 0, count: n)
        let vy1 = rowActivity.reduce(0) { $0 + abs($1) }, va1 = rowModulator.reduce(0) { $0 + abs($1) }
        for i in 0..<n {
            norms[i] += abs(activityModulator[i])
            let u = column[i]
            norms[n + i] = abs(u) * (vy1 + va1) - abs(u * rowActivity[i]) - abs(u * rowModulator[i])
                + abs(modulatorActivity[i] + u * rowActivity[i]) + abs(modulatorModulator[i] + u * rowModulator[i])
            norms[n + i] = max(norms[n + i], 0)
        }
        return norms
    }

    /// ‖DF‖₁ = max_j ‖DF_:,j‖₁ (exact up to rounding; O(n), Y's column sums being made at construction).
    public func oneNorm() -> Double {
        let n = order
        let u1 = column.reduce(0) { $0 + abs($1) }
        var largest = 0.0
        for j in 0..<n {
            let u = column[j], vy = rowActivity[j], va = rowModulator[j]
            let yColumn = activityBlockSums.columns[j] + abs(vy) * u1 - abs(u * vy) + abs(modulatorActivity[j] + u * vy)
            let aColumn = abs(activityModulator[j]) + abs(va) * u1 - abs(u * va) + abs(modulatorModulator[j] + u * va)
            largest = max(largest, yColumn, aColumn)
        }
        return largest
    }
}
