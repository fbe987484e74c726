import CLAPACK

extension ColumnMajorMatrix {
    /// A + B (same shape; a precondition, since both operands are ours).
    public static func + (lhs: ColumnMajorMatrix, rhs: ColumnMajorMatrix) -> ColumnMajorMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in +")
        var result = lhs
        for k in result.elements.indices { result.elements[k] += rhs.elements[k] }
        return result
    }

    /// A − B.
    public static func - (lhs: ColumnMajorMatrix, rhs: ColumnMajorMatrix) -> ColumnMajorMatrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in -")
        var result = lhs
        for k in result.elements.indices { result.elements[k] -= rhs.elements[k] }
        return result
    }

    /// A + c·B in one pass (each entry a + (c·b), rounded as `self + c * other` rounds it, without
    /// the intermediate c·B): the family W_r(p) = I + p K at every continuation step.
    public func adding(_ scalar: Double, times other: ColumnMajorMatrix) -> ColumnMajorMatrix {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch in adding(_:times:)")
        return elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                ColumnMajorMatrix(rows: rows, columns: columns) { out in
                    for k in 0..<(rows * columns) { out[k] = a[k] + scalar * b[k] }
                }
            }
        }
    }

    /// c·A.
    public static func * (scalar: Double, matrix: ColumnMajorMatrix) -> ColumnMajorMatrix {
        var result = matrix
        for k in result.elements.indices { result.elements[k] *= scalar }
        return result
    }

    /// A·B through BLAS `dgemm` (O(m·n·k)).
    public static func * (lhs: ColumnMajorMatrix, rhs: ColumnMajorMatrix) -> ColumnMajorMatrix {
        precondition(lhs.columns == rhs.rows, "inner dimensions differ in *")
        return lhs.blasProduct(rhs, transposingSelf: false)
    }

    /// Aᵀ·B through BLAS `dgemm`: one pass over A for all of B's columns (a few right-hand sides
    /// at the cost of one, where A is large and B is thin).
    public func transposedProduct(_ other: ColumnMajorMatrix) -> ColumnMajorMatrix {
        precondition(rows == other.rows, "row counts differ in transposedProduct")
        return blasProduct(other, transposingSelf: true)
    }

    /// op(A)·B by `dgemm`, op(A) = A or Aᵀ (shapes checked by the callers).
    private func blasProduct(_ other: ColumnMajorMatrix, transposingSelf: Bool) -> ColumnMajorMatrix {
        let (m, k) = transposingSelf ? (columns, rows) : (rows, columns)
        var result = ColumnMajorMatrix(rows: m, columns: other.columns)
        guard m > 0, other.columns > 0, k > 0 else { return result }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    clapack_dgemm(transposingSelf ? 84 : 78, 78, Int32(m), Int32(other.columns), Int32(k), 1,
                                  a.baseAddress, Int32(rows), b.baseAddress, Int32(other.rows), 0,
                                  c.baseAddress, Int32(m))
                }
            }
        }
        return result
    }

    /// A·x (Aᵀ·x when `transposed`) through BLAS `dgemv`: one pass over A at memory speed, for
    /// the O(n²) solves that stand in for a factorization (proofs/newton.md §7.11). Unlike
    /// `multiply`, zeros in x are not skipped and the summation order is BLAS's.
    public func blasProduct(_ vector: [Double], transposed: Bool = false) -> [Double] {
        precondition(vector.count == (transposed ? rows : columns), "vector length differs from the matrix")
        var result = [Double](repeating: 0, count: transposed ? columns : rows)
        guard rows > 0, columns > 0 else { return result }
        elements.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    clapack_dgemv(transposed ? 84 : 78, Int32(rows), Int32(columns), 1, a.baseAddress, Int32(rows),
                                  x.baseAddress, 0, y.baseAddress)
                }
            }
        }
        return result
    }

    /// A·x for a vector x of length `columns` (columns with x_j = 0 skipped; each out_i summed in
    /// column order, four rows per SIMD step with exactly the scalar operations).
    public func multiply(_ vector: [Double]) -> [Double] {
        precondition(vector.count == columns, "vector length differs from column count")
        var result = [Double](repeating: 0, count: rows)
        elements.withUnsafeBufferPointer { a in
            result.withUnsafeMutableBufferPointer { out in
                guard let entries = a.baseAddress, let o = out.baseAddress else { return }
                for j in 0..<columns {
                    let xj = vector[j]
                    if xj == 0 { continue }
                    let column = entries + j * rows, x4 = SIMD4(repeating: xj)
                    var i = 0
                    while i &+ 4 <= rows {
                        let sum = UnsafeRawPointer(o + i).loadUnaligned(as: SIMD4<Double>.self)
                            + UnsafeRawPointer(column + i).loadUnaligned(as: SIMD4<Double>.self) * x4
                        UnsafeMutableRawPointer(o + i).storeBytes(of: sum, as: SIMD4<Double>.self)
                        i &+= 4
                    }
                    while i < rows { o[i] += column[i] * xj; i &+= 1 }
                }
            }
        }
        return result
    }

    /// Aᵀ·x for a vector x of length `rows`.
    public func transposeMultiply(_ vector: [Double]) -> [Double] {
        precondition(vector.count == rows, "vector length differs from row count")
        var result = [Double](repeating: 0, count: columns)
        elements.withUnsafeBufferPointer { a in
            for j in 0..<columns {
                var sum = 0.0
                let base = j * rows
                for i in 0..<rows { sum += a[base + i] * vector[i] }
                result[j] = sum
            }
        }
        return result
    }

    /// ‖A‖₁ = max_j Σ_i |a_ij| (`absoluteSums`).
    public var oneNorm: Double { absoluteSums.columns.max() ?? 0 }

    /// ‖A‖∞ = max_i Σ_j |a_ij| (`absoluteSums`).
    public var infinityNorm: Double { absoluteSums.rows.max() ?? 0 }

    /// ‖A‖_F = √(Σ a_ij²): one unscaled pass (four partial sums) when Σ a_ij² lies in
    /// [2⁻⁶⁶⁴, ∞) — then the squares lost to underflow (each < 2⁻¹⁰²², at most 2³¹ of them)
    /// change the sum by less than 2⁻³²⁷ of it — otherwise a second pass scaled by max |a_ij|
    /// against overflow and underflow.
    public var frobeniusNorm: Double {
        let sumOfSquares = elements.withUnsafeBufferPointer { a -> Double in
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var i = 0
            while i + 4 <= a.count {
                s0 += a[i] * a[i]; s1 += a[i + 1] * a[i + 1]; s2 += a[i + 2] * a[i + 2]; s3 += a[i + 3] * a[i + 3]
                i += 4
            }
            while i < a.count { s0 += a[i] * a[i]; i += 1 }
            return (s0 + s1) + (s2 + s3)
        }
        if sumOfSquares.isFinite, sumOfSquares >= 0x1p-664 || sumOfSquares == 0 && !elements.contains(where: { $0 != 0 }) {
            return sumOfSquares.squareRoot()
        }
        let scale = elements.reduce(0) { max($0, abs($1)) }
        guard scale > 0, scale.isFinite else { return scale }
        return scale * elements.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }

    /// max |a_ij|.
    public var maximumAbsoluteEntry: Double {
        elements.reduce(0) { max($0, abs($1)) }
    }
}

/// ‖x‖∞ of a vector.
public func infinityNorm(_ vector: [Double]) -> Double {
    vector.reduce(0) { max($0, abs($1)) }
}

/// ‖x‖₂ of a vector (scaled against overflow).
public func euclideanNorm(_ vector: [Double]) -> Double {
    let scale = infinityNorm(vector)
    guard scale > 0, scale.isFinite else { return scale }
    return scale * vector.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
}
