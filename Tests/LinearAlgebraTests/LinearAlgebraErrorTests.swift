import LinearAlgebra
import Testing

/// The entry points that require a square, finite matrix, by name.
private let squareRoutines: [String: @Sendable (ColumnMajorMatrix) throws -> Void] = [
    "Eigendecomposition": { _ = try Eigendecomposition($0, rightVectors: true, leftVectors: true) },
    "SymmetricEigendecomposition": { _ = try SymmetricEigendecomposition($0, vectors: true) },
    "RealSchurDecomposition": { _ = try RealSchurDecomposition($0) },
    "LUFactorization": { _ = try LUFactorization($0) },
    "CholeskyFactorization": { _ = try CholeskyFactorization($0) },
]

@Suite("LinearAlgebraError: bad input is refused, never a crash")
struct LinearAlgebraErrorTests {
    @Test("Non-square input to eigen, Schur, LU and Cholesky → .dimensionMismatch (requireSquareFinite)",
          arguments: squareRoutines.keys.sorted())
    func nonSquare(name: String) throws {
        let call = try #require(squareRoutines[name])
        for matrix in [ColumnMajorMatrix(rows: 2, columns: 3, repeating: 1), ColumnMajorMatrix(rows: 3, columns: 1)] {
            let error = #expect(throws: LinearAlgebraError.self, "\(name) on \(matrix.rows)×\(matrix.columns)") {
                try call(matrix)
            }
            #expect(isDimensionMismatch(error), "\(name): \(String(describing: error))")
        }
    }

    @Test("A NaN or ±Inf entry → .nonFiniteInput, checked before LAPACK sees it (LinearAlgebraError doc)",
          arguments: squareRoutines.keys.sorted())
    func nonFinite(name: String) throws {
        let call = try #require(squareRoutines[name])
        for bad in [Double.nan, .infinity, -.infinity] {
            var matrix = ColumnMajorMatrix.identity(3)
            matrix[2, 0] = bad  // lower triangle, so the symmetric routines would read it
            let error = #expect(throws: LinearAlgebraError.self, "\(name) with \(bad)") { try call(matrix) }
            #expect(isNonFiniteInput(error), "\(name): \(String(describing: error))")
        }
    }

    @Test("A zero column → .singularMatrix(routine: \"dgetrf\", pivot: 2) for column 2 of 3 (dgetrf INFO)")
    func zeroColumnIsSingular() throws {
        let a = try ColumnMajorMatrix(rowMajor: [[1, 0, 2], [3, 0, 4], [5, 0, 7]])
        #expect(throws: LinearAlgebraError.singularMatrix(routine: "dgetrf", pivot: 2)) { _ = try LUFactorization(a) }
    }

    @Test("Errors describe the bad input in a sentence")
    func descriptions() {
        #expect(LinearAlgebraError.notPositiveDefinite(order: 2).description.contains("order 2"))
        #expect(LinearAlgebraError.singularMatrix(routine: "dgetrf", pivot: 3).description.contains("U(3,3)"))
        #expect(LinearAlgebraError.nonFiniteInput(operation: "LU factorization").description.contains("NaN"))
        let mismatch = LinearAlgebraError.dimensionMismatch(operation: "eigendecomposition",
                                                            expected: "a square matrix", found: "2×3")
        #expect(mismatch.description == "eigendecomposition: expected a square matrix, found 2×3")
    }
}
