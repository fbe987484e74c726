/// Failures of the linear-algebra layer. LAPACK's `info` never escapes as a bare integer.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// Shapes that do not fit the operation (checked before any LAPACK call).
    case dimensionMismatch(operation: String, expected: String, found: String)
    /// A dimension or workspace size that does not fit LAPACK's 32-bit INTEGER.
    case dimensionTooLarge(routine: String, value: Int)
    /// A non-finite entry in an input matrix (LAPACK's behaviour on NaN is undefined).
    case nonFiniteInput(operation: String)
    /// info = −k: argument k was illegal — a bug in our wrapper, reported, never ignored.
    case illegalArgument(routine: String, position: Int)
    /// dgetrf info = k > 0: U(k,k) is exactly zero (1-based k).
    case singularMatrix(routine: String, pivot: Int)
    /// dgeev/dgees/dsyevd info > 0: the QR/divide-and-conquer iteration failed.
    case eigenvalueIterationFailed(routine: String, info: Int)
    /// dpotrf info = k > 0: the leading minor of order k is not positive.
    case notPositiveDefinite(order: Int)
    /// dtrsyl info = 1: A and −B have close eigenvalues; a perturbed system was solved.
    case sylvesterNearlySingular

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, expected, found):
            return "\(operation): expected \(expected), found \(found)"
        case let .dimensionTooLarge(routine, value):
            return "\(routine): size \(value) does not fit a 32-bit LAPACK integer"
        case let .nonFiniteInput(operation):
            return "\(operation): the matrix has a NaN or infinite entry"
        case let .illegalArgument(routine, position):
            return "\(routine): argument \(position) was illegal (a bug in the wrapper; please report)"
        case let .singularMatrix(routine, pivot):
            return "\(routine): the matrix is singular (U(\(pivot),\(pivot)) = 0)"
        case let .eigenvalueIterationFailed(routine, info):
            return "\(routine): the eigenvalue iteration failed to converge (info = \(info))"
        case let .notPositiveDefinite(order):
            return "dpotrf: the leading minor of order \(order) is not positive definite"
        case .sylvesterNearlySingular:
            return "dtrsyl: the Sylvester operator is nearly singular; the solution was perturbed"
        }
    }
}

/// Converts a size to LAPACK's INTEGER, or throws. Every call site goes through this.
@usableFromInline
func lapackInt(_ value: Int, routine: String) throws(LinearAlgebraError) -> Int32 {
    guard let converted = Int32(exactly: value) else {
        throw .dimensionTooLarge(routine: routine, value: value)
    }
    return converted
}

/// Maps a nonzero `info` with a negative value to `.illegalArgument`.
@usableFromInline
func checkIllegal(_ info: Int32, routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .illegalArgument(routine: routine, position: Int(-info)) }
}

/// Refuses non-square or non-finite input to a square routine.
@usableFromInline
func requireSquareFinite(_ matrix: ColumnMajorMatrix, operation: String) throws(LinearAlgebraError) {
    guard matrix.isSquare else {
        throw .dimensionMismatch(operation: operation, expected: "a square matrix",
                                 found: "\(matrix.rows)×\(matrix.columns)")
    }
    guard matrix.isFinite else { throw .nonFiniteInput(operation: operation) }
}
