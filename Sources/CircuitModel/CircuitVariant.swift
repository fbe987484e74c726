/// The three right-hand sides of case-format.md ("The dynamics"); proofs/model.md eq. (1.1).
///
/// | variant | recurrent drive r | normalization drive q_j |
/// | `paper` | W_r y | a⁺_j y_j² |
/// | `rectified` | W_r max(y, 0) | a⁺_j max(y_j, 0)² |
/// | `rectified-recurrence` | max(W_r y, 0) | a⁺_j max(y_j, 0)² |
public enum CircuitVariant: String, Sendable, CaseIterable, Codable {
    case paper
    case rectified
    case rectifiedRecurrence = "rectified-recurrence"
}

/// A weight matrix of a case file: structured forms keep products O(n).
public enum WeightMatrix: Sendable, Equatable {
    case identity
    /// Every entry 1.
    case ones
    /// n × n, column-major.
    case dense(ColumnMajorMatrix)

    /// The matrix as a dense n × n value.
    public func denseMatrix(order n: Int) -> ColumnMajorMatrix {
        switch self {
        case .identity: return .identity(n)
        case .ones: return ColumnMajorMatrix(rows: n, columns: n, repeating: 1)
        case .dense(let matrix): return matrix
        }
    }

    /// out = M x. O(n) for identity and ones, O(n²) dense (column-oriented, four columns a pass).
    public func apply(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = x.count
        switch self {
        case .identity:
            for i in 0..<n { out[i] = x[i] }
        case .ones:
            var total = 0.0
            for value in x { total += value }
            for i in 0..<n { out[i] = total }
        case .dense(let matrix):
            // Four non-zero columns per pass over `out` (a quarter of its loads and stores), without
            // allocating; columns with x_j = 0 are skipped, as a silent neuron's often are.
            matrix.elements.withUnsafeBufferPointer { m in
                for i in 0..<n { out[i] = 0 }
                var pending = (0, 0, 0), count = 0
                for j in 0..<n where x[j] != 0 {
                    switch count {
                    case 0: pending.0 = j
                    case 1: pending.1 = j
                    case 2: pending.2 = j
                    default:
                        let (j0, j1, j2) = pending
                        let x0 = x[j0], x1 = x[j1], x2 = x[j2], x3 = x[j]
                        let c0 = j0 * n, c1 = j1 * n, c2 = j2 * n, c3 = j * n
                        for i in 0..<n { out[i] += (m[c0 + i] * x0 + m[c1 + i] * x1) + (m[c2 + i] * x2 + m[c3 + i] * x3) }
                    }
                    count = (count + 1) % 4
                }
                for k in 0..<count {
                    let j = k == 0 ? pending.0 : (k == 1 ? pending.1 : pending.2)
                    let xj = x[j], base = j * n
                    for i in 0..<n { out[i] += m[base + i] * xj }
                }
            }
        }
    }

    /// out = M x for arrays.
    public func apply(_ x: [Double], into out: inout [Double]) {
        x.withUnsafeBufferPointer { input in out.withUnsafeMutableBufferPointer { apply(input, into: $0) } }
    }

    /// M x as a new array.
    public func applied(to x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        apply(x, into: &out)
        return out
    }

    /// True when some entry is negative (outside Theorem 1's hypothesis W ≥ 0).
    public var hasNegativeEntry: Bool {
        if case .dense(let matrix) = self { return matrix.elements.contains { $0 < 0 } }
        return false
    }

    /// True when the matrix is the identity (structurally or entry by entry).
    public var isIdentity: Bool {
        switch self {
        case .identity: return true
        case .ones: return false
        case .dense(let matrix): return matrix == .identity(matrix.rows)
        }
    }
}
