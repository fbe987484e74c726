/// A matrix's absolute row sums Σ_j |a_ij|, absolute column sums Σ_i |a_ij| and largest entry
/// max |a_ij|, from ONE pass over its entries: ‖A‖∞ is the largest row sum and ‖A‖₁ the largest
/// column sum. At large n each pass over an n × n block costs as much as the arithmetic of a
/// Newton iteration's eigenbasis solve (proofs/newton.md §7.11), so the three are made together.
///
/// Row sums add each row's terms in column order (as a column-by-column pass does); column sums
/// add in four interleaved partial sums, so they may differ from a left-to-right sum in the last
/// bits (both are within n ε Σ|a_ij| of the exact sum).
public struct AbsoluteSums: Sendable, Equatable {
    /// Σ_j |a_ij| for each row i.
    public let rows: [Double]
    /// Σ_i |a_ij| for each column j.
    public let columns: [Double]
    /// max |a_ij| when every entry is finite (0 for an empty matrix), nil when some entry is ±∞ or NaN.
    public let finiteLargest: Double?
}

extension ColumnMajorMatrix {
    /// The absolute row and column sums and the largest entry, in one pass (`AbsoluteSums`).
    /// An entry is non-finite exactly when its column's sum is, unless that sum overflowed: only
    /// such a column is scanned again, entry by entry.
    public var absoluteSums: AbsoluteSums {
        let m = rows
        var rowSums = [Double](repeating: 0, count: m)
        var columnSums = [Double](repeating: 0, count: columns)
        var largest = SIMD4<Double>(repeating: 0)
        var scalarLargest = 0.0
        let magnitudeMask = SIMD4<UInt64>(repeating: ~(1 << 63))
        elements.withUnsafeBufferPointer { a in
            rowSums.withUnsafeMutableBufferPointer { r in
                guard let start = a.baseAddress, let rowStart = r.baseAddress else { return }
                for j in 0..<columns {
                    let column = start + j * m
                    var partial = SIMD4<Double>(repeating: 0)
                    var i = 0
                    while i + 4 <= m {
                        // |x| by clearing the sign bit (NaN stays NaN; the column sum then says so).
                        let bits = UnsafeRawPointer(column + i).loadUnaligned(as: SIMD4<UInt64>.self) & magnitudeMask
                        let v = unsafeBitCast(bits, to: SIMD4<Double>.self)
                        let accumulated = UnsafeRawPointer(rowStart + i).loadUnaligned(as: SIMD4<Double>.self) + v
                        UnsafeMutableRawPointer(rowStart + i).storeBytes(of: accumulated, as: SIMD4<Double>.self)
                        partial += v
                        largest.replace(with: v, where: v .> largest)  // a compare and a blend (`pointwiseMax` branches per lane)
                        i += 4
                    }
                    var tail = 0.0
                    while i < m {
                        let v = abs(column[i])
                        rowStart[i] += v
                        tail += v
                        scalarLargest = Swift.max(scalarLargest, v)
                        i += 1
                    }
                    columnSums[j] = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + tail
                }
            }
        }
        var finite = true
        for j in 0..<columns where !columnSums[j].isFinite {
            if elements[(j * m)..<((j + 1) * m)].contains(where: { !$0.isFinite }) { finite = false; break }
        }
        let maximum = Swift.max(largest.max(), scalarLargest)
        return AbsoluteSums(rows: rowSums, columns: columnSums, finiteLargest: finite ? maximum : nil)
    }
}
