import LinearAlgebra
import Randomness

/// Bare LAPACK costs, the yardstick for everything the toolkit adds on top.
enum LinearAlgebraBenchmarks {
    static func randomMatrix(_ n: Int, seed: UInt64) -> ColumnMajorMatrix {
        var rng = Xoshiro256StarStar(seed: seed)
        var matrix = ColumnMajorMatrix(rows: n, columns: n)
        for k in matrix.elements.indices { matrix.elements[k] = rng.nextGaussian() }
        return matrix
    }

    static func run() throws {
        print("## LAPACK yardsticks (median of 5)")
        print("")
        print("| n | dgemm n×n | dgetrf+dgetrs n×n | dgeev n×n (values) | dgees n×n |")
        print("| --- | --- | --- | --- | --- |")
        for n in [100, 200, 400, 1000, 2000] {
            let a = randomMatrix(n, seed: UInt64(n)), b = randomMatrix(n, seed: UInt64(n + 1))
            let rhs = [Double](repeating: 1, count: n)
            let gemm = medianSeconds { _ = a * b }
            let lu = try medianSeconds { _ = try LUFactorization(a).solve(rhs) }
            let eig = try medianSeconds(repetitions: n >= 1000 ? 1 : 5) { _ = try Eigendecomposition(a) }
            let schur = try medianSeconds(repetitions: n >= 1000 ? 1 : 5) { _ = try RealSchurDecomposition(a) }
            print("| \(n) | \(formatSeconds(gemm)) | \(formatSeconds(lu)) | \(formatSeconds(eig)) | \(formatSeconds(schur)) |")
        }
        print("")
    }
}
