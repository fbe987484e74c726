/// A dense real matrix stored column by column, the layout LAPACK expects:
/// element (i, j) lives at `elements[i + j * rows]`.
///
/// Case files are row-major (`W_r[i][j]` is the weight from j onto i); `init(rowMajor:)`
/// and `rowMajorArrays()` are the one conversion between the two layouts.
public struct ColumnMajorMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Column-major storage, `rows * columns` entries.
    public var elements: [Double]

    /// A rows × columns matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        elements = Array(repeating: value, count: rows * columns)
    }

    /// A rows × columns matrix whose every entry `initialize` writes, column-major (no zero fill
    /// first: a pass over the storage saved where the entries are all computed anyway).
    /// - Precondition: `initialize` writes all rows·columns entries.
    public init(rows: Int, columns: Int, initializingColumnMajor initialize: (UnsafeMutableBufferPointer<Double>) -> Void) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        elements = Array(unsafeUninitializedCapacity: rows * columns) { buffer, count in
            initialize(buffer)
            count = rows * columns
        }
    }

    /// A matrix over column-major `elements`; throws when the count is not rows·columns.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .dimensionMismatch(operation: "ColumnMajorMatrix(columnMajor:)",
                                     expected: "\(rows)·\(columns) = \(max(0, rows * columns)) entries",
                                     found: "\(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// From row-major nested arrays (`rowMajor[i][j]` = element (i, j)); throws on ragged input.
    public init(rowMajor: [[Double]]) throws(LinearAlgebraError) {
        let rowCount = rowMajor.count
        let columnCount = rowMajor.first?.count ?? 0
        for (index, row) in rowMajor.enumerated() where row.count != columnCount {
            throw .dimensionMismatch(operation: "ColumnMajorMatrix(rowMajor:)",
                                     expected: "row \(index) of length \(columnCount)", found: "\(row.count)")
        }
        self.init(rows: rowCount, columns: columnCount)
        for i in 0..<rowCount {
            for j in 0..<columnCount { elements[i + j * rowCount] = rowMajor[i][j] }
        }
    }

    /// Row-major nested arrays: the inverse of `init(rowMajor:)`.
    public func rowMajorArrays() -> [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in elements[i + j * rows] } }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> ColumnMajorMatrix {
        var matrix = ColumnMajorMatrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i + i * n] = 1 }
        return matrix
    }

    /// diag(values).
    public static func diagonal(_ values: [Double]) -> ColumnMajorMatrix {
        let n = values.count
        var matrix = ColumnMajorMatrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i + i * n] = values[i] }
        return matrix
    }

    public var isSquare: Bool { rows == columns }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Aᵀ.
    public func transposed() -> ColumnMajorMatrix {
        var result = ColumnMajorMatrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.elements[j + i * columns] = elements[i + j * rows] }
        }
        return result
    }

    /// The diagonal entries.
    public var diagonalEntries: [Double] {
        (0..<min(rows, columns)).map { elements[$0 + $0 * rows] }
    }

    /// True when the matrix is square and A_ij = A_ji exactly for every i, j.
    public var isExactlySymmetric: Bool {
        guard rows == columns else { return false }
        for j in 0..<columns { for i in (j + 1)..<max(j + 1, rows) where self[i, j] != self[j, i] { return false } }
        return true
    }

    /// True when every entry is finite.
    public var isFinite: Bool {
        // x·0 is 0 for finite x and NaN for ±∞ and NaN: one branch-free pass.
        elements.withUnsafeBufferPointer { a in
            var s0 = 0.0, s1 = 0.0
            var i = 0
            while i + 2 <= a.count { s0 += a[i] * 0; s1 += a[i + 1] * 0; i += 2 }
            if i < a.count { s0 += a[i] * 0 }
            return (s0 + s1).isFinite
        }
    }
}
