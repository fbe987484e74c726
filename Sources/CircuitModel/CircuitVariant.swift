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
                guard n > 0, let entries = m.baseAddress, let o = out.baseAddress else { return }
                for i in 0..<n { o[i] = 0 }
                var pending = (0, 0, 0), count = 0
                for j in 0..<n where x[j] != 0 {
                    switch count {
                    case 0: pending.0 = j
                    case 1: pending.1 = j
                    case 2: pending.2 = j
                    default:
                        let (j0, j1, j2) = pending
                        Self.accumulate(columns: (entries + j0 * n, entries + j1 * n, entries + j2 * n, entries + j * n),
                                        times: (x[j0], x[j1], x[j2], x[j]), into: o, count: n)
                    }
                    count = (count + 1) % 4
                }
                for k in 0..<count {
                    let j = k == 0 ? pending.0 : (k == 1 ? pending.1 : pending.2)
                    let xj = x[j], column = entries + j * n
                    for i in 0..<n { o[i] += column[i] * xj }
                }
            }
        }
    }

    /// o_i += (c0_i x0 + c1_i x1) + (c2_i x2 + c3_i x3) for i < count, four rows at a time in SIMD
    /// lanes: each lane does exactly the scalar operations in the same order, so the result is the
    /// scalar loop's to the bit (Swift does not contract a·b + c into a fused multiply-add).
    private static func accumulate(columns c: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                                   times x: (Double, Double, Double, Double), into o: UnsafeMutablePointer<Double>, count n: Int) {
        let x0 = SIMD4(repeating: x.0), x1 = SIMD4(repeating: x.1), x2 = SIMD4(repeating: x.2), x3 = SIMD4(repeating: x.3)
        func load(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> { UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self) }
        var i = 0
        while i &+ 4 <= n {
            let sum = load(o, i) + ((load(c.0, i) * x0 + load(c.1, i) * x1) + (load(c.2, i) * x2 + load(c.3, i) * x3))
            UnsafeMutableRawPointer(o + i).storeBytes(of: sum, as: SIMD4<Double>.self)
            i &+= 4
        }
        while i < n {
            o[i] += (c.0[i] * x.0 + c.1[i] * x.1) + (c.2[i] * x.2 + c.3[i] * x.3)
            i &+= 1
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
