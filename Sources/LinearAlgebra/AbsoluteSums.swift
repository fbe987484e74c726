/// A matrix's absolute row sums Σ_j |a_ij|, absolute column sums Σ_i |a_ij| and largest entry
/// max |a_ij|, from ONE pass over its entries: ‖A‖∞ is the largest row sum and ‖A‖₁ the largest
/// column sum. At large n each pass over an n × n block costs as much as the arithmetic of a
/// Newton iteration's eigenbasis solve (proofs/newton.md §7.11), so the three are made together
/// (and, through `Accumulator`, while the block itself is being written).
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

    /// The sums of a matrix given column by column (`add(column:)` for j = 0, 1, …, then `sums`),
    /// so that a column can be summed while it is still in cache after being written.
    public struct Accumulator {
        private let rowCount: Int
        private var rowSums: [Double]
        private var columnSums: [Double] = []
        private var largest = SIMD4<Double>(repeating: 0)
        private var scalarLargest = 0.0
        private var allFinite = true
        private static let magnitudeMask = SIMD4<UInt64>(repeating: ~(1 << 63))

        public init(rows: Int, columns: Int) {
            rowCount = rows
            rowSums = [Double](repeating: 0, count: rows)
            columnSums.reserveCapacity(columns)
        }

        /// Adds the next column (`rows` entries from `column`). An entry is non-finite exactly when
        /// its column's sum is, unless that sum overflowed: only such a column is scanned again.
        public mutating func add(column: UnsafePointer<Double>) {
            let m = rowCount
            var partial = SIMD4<Double>(repeating: 0)
            var tail = 0.0
            var largest = self.largest, scalarLargest = self.scalarLargest
            rowSums.withUnsafeMutableBufferPointer { sums in
                guard let rowStart = sums.baseAddress else { return }
                var i = 0
                while i &+ 4 <= m {
                    // |x| by clearing the sign bit (NaN stays NaN; the column sum then says so).
                    let bits = UnsafeRawPointer(column + i).loadUnaligned(as: SIMD4<UInt64>.self) & Self.magnitudeMask
                    let v = unsafeBitCast(bits, to: SIMD4<Double>.self)
                    let accumulated = UnsafeRawPointer(rowStart + i).loadUnaligned(as: SIMD4<Double>.self) + v
                    UnsafeMutableRawPointer(rowStart + i).storeBytes(of: accumulated, as: SIMD4<Double>.self)
                    partial += v
                    largest.replace(with: v, where: v .> largest)  // a compare and a blend (`pointwiseMax` branches per lane)
                    i &+= 4
                }
                while i < m {
                    let v = abs(column[i])
                    rowStart[i] += v
                    tail += v
                    scalarLargest = Swift.max(scalarLargest, v)
                    i &+= 1
                }
            }
            self.largest = largest
            self.scalarLargest = scalarLargest
            let sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + tail
            if !sum.isFinite, UnsafeBufferPointer(start: column, count: m).contains(where: { !$0.isFinite }) { allFinite = false }
            columnSums.append(sum)
        }

        public var sums: AbsoluteSums {
            AbsoluteSums(rows: rowSums, columns: columnSums,
                         finiteLargest: allFinite ? Swift.max(largest.max(), scalarLargest) : nil)
        }
    }
}

extension ColumnMajorMatrix {
    /// The absolute row and column sums and the largest entry, in one pass (`AbsoluteSums`).
    public var absoluteSums: AbsoluteSums {
        var accumulator = AbsoluteSums.Accumulator(rows: rows, columns: columns)
        elements.withUnsafeBufferPointer { a in
            guard let start = a.baseAddress else { return }
            for j in 0..<columns { accumulator.add(column: start + j * rows) }
        }
        return accumulator.sums
    }
}
