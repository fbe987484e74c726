import LinearAlgebra

/// Failures of the stability layer. Input that makes the question meaningless (a
/// non-square or non-finite Jacobian, unsorted sample times) is named with its position;
/// LAPACK failures are passed through as `LinearAlgebraError`.
///
/// Outcomes that are answers — an `undecided` verdict, a `refuted` or `inconclusive`
/// certificate — are never errors; they are values of `Spectrum` and `LyapunovCertificate`.
public enum StabilityError: Error, Equatable, CustomStringConvertible {
    /// The Jacobian has no rows (m = 0): there is no spectrum to classify.
    case emptyMatrix
    /// The Jacobian is rows × columns with rows ≠ columns.
    case notSquare(rows: Int, columns: Int)
    /// Entry (row, column) of the named matrix is NaN or ±Inf.
    case nonFiniteEntry(matrix: String, row: Int, column: Int, value: Double)
    /// A vector has the wrong length (e.g. an initial deviation for an m × m Jacobian).
    case wrongLength(argument: String, expected: Int, found: Int)
    /// Sample times must be finite, ≥ 0 and non-decreasing; index and value of the first bad one.
    case invalidTime(index: Int, value: Double)
    /// exp(A) with ‖A‖₁ beyond 2¹⁰⁰⁰: the scaling step of the Padé method would underflow.
    case exponentialOutOfRange(oneNorm: Double)
    /// A LAPACK routine failed (dgeev/dgees iteration, illegal argument, …).
    case linearAlgebra(LinearAlgebraError)

    public var description: String {
        switch self {
        case .emptyMatrix:
            return "the Jacobian is empty (0 × 0): there is no spectrum to classify"
        case let .notSquare(rows, columns):
            return "the Jacobian must be square, found \(rows) × \(columns)"
        case let .nonFiniteEntry(matrix, row, column, value):
            return "\(matrix)[\(row)][\(column)] must be finite, found \(value)"
        case let .wrongLength(argument, expected, found):
            return "\(argument) must have length \(expected), found \(found)"
        case let .invalidTime(index, value):
            return "times[\(index)] must be finite, ≥ 0 and not below the previous time, found \(value)"
        case let .exponentialOutOfRange(oneNorm):
            return "exp(A) is out of range: ‖A‖₁ = \(oneNorm) exceeds 2^1000"
        case let .linearAlgebra(error):
            return error.description
        }
    }
}

/// Refuses an empty, non-square or non-finite Jacobian, naming the first bad entry.
func validateJacobian(_ jacobian: ColumnMajorMatrix) throws(StabilityError) {
    guard jacobian.rows == jacobian.columns else {
        throw .notSquare(rows: jacobian.rows, columns: jacobian.columns)
    }
    guard jacobian.rows > 0 else { throw .emptyMatrix }
    if let index = jacobian.elements.firstIndex(where: { !$0.isFinite }) {
        throw .nonFiniteEntry(matrix: "J", row: index % jacobian.rows, column: index / jacobian.rows,
                              value: jacobian.elements[index])
    }
}

/// Runs a LAPACK-backed computation, wrapping its error.
func lapack<T>(_ body: () throws(LinearAlgebraError) -> T) throws(StabilityError) -> T {
    do { return try body() } catch { throw .linearAlgebra(error) }
}
