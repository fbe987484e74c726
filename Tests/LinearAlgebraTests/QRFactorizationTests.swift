import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Testing

@Suite("QRFactorization (dgeqrf, dorgqr)")
struct QRFactorizationTests {
    @Test("Random m×n, m ≥ n: QᵀQ = I, R upper triangular, ‖QR − A‖_F ≤ 10·m·ε·‖A‖_F (Higham Thm 19.4)")
    func orthogonalityAndReconstruction() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 7)
            let m = n + rng.nextIndex(below: 4)
            let a = gaussianMatrix(rows: m, columns: n, using: &rng)
            let qr = try QRFactorization(a)
            #expect(qr.q.rows == m && qr.q.columns == n && qr.r.rows == n && qr.r.columns == n)
            // Householder QR: ‖ΔA‖ ≤ c·m·n·ε‖A‖ in the worst case, c·m·ε in practice for m ≤ 10.
            let bound = 10 * Double(m) * epsilon
            #expect(distanceFromIdentity(qr.q.transposed() * qr.q) <= bound)
            #expect((qr.q * qr.r - a).frobeniusNorm <= bound * a.frobeniusNorm)
            for j in 0..<n { for i in (j + 1)..<n { #expect(qr.r[i, j] == 0) } }
        }
    }

    @Test("Wide input (rows < columns) is refused with .dimensionMismatch; NaN with .nonFiniteInput")
    func refusals() {
        #expect(throws: LinearAlgebraError.self) { _ = try QRFactorization(ColumnMajorMatrix(rows: 2, columns: 3)) }
        var a = ColumnMajorMatrix.identity(3)
        a[0, 2] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "QR factorization")) {
            _ = try QRFactorization(a)
        }
    }
}
