import CircuitModel
import JacobianBuilder
import LinearAlgebra

/// W_r(p) = I + p K with K symmetric, diagonalized once: K = QΘQᵀ (dsyevd). For `paper` the
/// y-block of DF is Y = −I + diag(g) W_r(p), g = 1 − √a⁺; wherever g is one number g₀ (W = ones
/// with one b0 σ for every neuron keeps a uniform along the whole branch, to the bit) and the a-rows
/// have no local y-term (e = 0),
///
///     Y = Q diag(λ) Qᵀ,   λ_k = −1 + g₀ (1 + p θ_k),                                       (7.16)
///
/// and the reduced matrix K of (7.13) is Y bordered by one row and column, solved through Y⁻¹ and
/// its Schur complement in O(n²) (`SymmetricBorderedSolver`) instead of an LU of order n + 1
/// (proofs/newton.md §7.11). One O(n³) eigendecomposition per family replaces the LU of every
/// Newton iteration.
public struct SymmetricRecurrenceBasis: Sendable {
    /// K = QΘQᵀ.
    public let eigenbasis: SymmetricEigenbasis
    var basis: ColumnMajorMatrix { eigenbasis.basis }
    var eigenvalues: [Double] { eigenbasis.eigenvalues }

    /// The route pays for its eigendecomposition (≈ 4n³ flops, 16 ms at n = 400, 1.2 s at n = 2000)
    /// only against many LU of order n + 1 (≈ ⅔n³ each, ≈ 35 per branch); below this n the LU is
    /// cheap anyway (measured: §7.11).
    public static let minimumOrder = 64

    /// nil unless `offset` is exactly I, `direction` exactly symmetric, the variant `paper` and
    /// n ≥ `minimumOrder`, and dsyevd succeeds.
    /// `known`: an eigendecomposition already made of exactly `direction` (a sweep's coupling K,
    /// shared by the pieces of one unit), used instead of a new one.
    static func make(offset: ColumnMajorMatrix, direction: ColumnMajorMatrix, variant: CircuitVariant,
                     minimumOrder: Int, known: SymmetricEigenbasis? = nil) -> SymmetricRecurrenceBasis? {
        let n = direction.rows
        guard variant == .paper, n >= 1, n >= minimumOrder, offset.rows == n, offset.columns == n,
              direction.columns == n else { return nil }
        for j in 0..<n { for i in 0..<n where offset[i, j] != (i == j ? 1 : 0) { return nil } }
        if let known, known.matrix == direction { return SymmetricRecurrenceBasis(eigenbasis: known) }
        return SymmetricEigenbasis(of: direction).map { SymmetricRecurrenceBasis(eigenbasis: $0) }
    }

    /// Y = Q diag(λ) Qᵀ at x and p (7.16), or nil when g is not one number, e ≠ 0, or Y is so close
    /// to singular (min |λ| < 10⁻¹⁰ max |λ|) that the Schur complement would lose what the LU of K
    /// keeps.
    func activityBlock(at x: [Double], parameter p: Double, jacobian: StructuredResidualJacobian) -> SymmetricActivityBlock? {
        let n = jacobian.order
        guard n == eigenvalues.count, x.count == 2 * n, jacobian.modulatorActivity.allSatisfy({ $0 == 0 }) else { return nil }
        let g0 = 1 - max(x[n], 0).squareRoot()
        for i in 1..<n where 1 - max(x[n + i], 0).squareRoot() != g0 { return nil }
        let lambda = eigenvalues.map { -1 + g0 * (1 + p * $0) }
        let largest = lambda.map(abs).max() ?? 0, smallest = lambda.map(abs).min() ?? 0
        guard largest.isFinite, smallest > 1e-10 * largest else { return nil }
        return SymmetricActivityBlock(basis: basis, eigenvalues: lambda)
    }
}

extension SymmetricRecurrenceBasis {
    /// `linearization` at x on W_r(p) with its y-block as Q diag(λ) Qᵀ when (7.16) holds there,
    /// else `linearization` itself (dense, or structured where a is not uniform).
    func refining(_ linearization: LinearizedJacobian, at x: [Double], parameter p: Double) -> LinearizedJacobian {
        guard case .structured(let structured) = linearization,
              let block = activityBlock(at: x, parameter: p, jacobian: structured) else { return linearization }
        return .structuredSymmetric(structured, block)
    }
}

/// DF's y-block as Q diag(λ) Qᵀ (proofs/newton.md eq. 7.16), carried with a structured DF.
public struct SymmetricActivityBlock: Sendable {
    let basis: ColumnMajorMatrix
    let eigenvalues: [Double]
}

/// K = [Y, c; rᵀ, ζ] with Y = Q diag(λ) Qᵀ symmetric (`SymmetricRecurrenceBasis`): with w = Y⁻¹c
/// and the Schur complement s = ζ − rᵀw, K [z; μ] = [b; β] is z₀ = Y⁻¹b, μ = (β − rᵀz₀)/s,
/// z = z₀ − wμ; Kᵀ likewise with Y⁻¹r (Y = Yᵀ); det K = det Y · s = Π λ_k · s
/// (proofs/newton.md §7.11). Each solve costs two products with Q: O(n²).
struct SymmetricBorderedSolver: Sendable {
    let basis: ColumnMajorMatrix
    let eigenvalues: [Double]
    let row: [Double]
    let column: [Double]
    let corner: Double
    let columnSolution: [Double]
    let rowSolution: [Double]
    /// Y⁻¹t for the probe t of `agrees(with:)`, made with w and v (the same two passes over Q).
    let probeSolution: [Double]
    let schurComplement: Double
    /// (min|λ| / max(max|λ|, ‖r‖₂, ‖c‖₂, |ζ|)) · |s| / (|ζ| + Σ|r_i w_i|): how much these solves may
    /// lose beyond what DF's condition allows — the growth of Y⁻¹ against K's own size (at least
    /// κ₂(Y)) and the Schur complement's cancellation (§7.11).
    let reciprocalAmplification: Double
    /// ‖K⁻¹‖₂ ≤ 1/min|λ| + √(1 + ‖w‖²) √(1 + ‖v‖²) / |s| (eq. 7.18).
    let inverseNormBound: Double

    var order: Int { eigenvalues.count + 1 }

    /// nil when the Schur complement vanishes or is not finite (K is then treated by LU).
    init?(basis: ColumnMajorMatrix, eigenvalues: [Double], row: [Double], column: [Double], corner: Double) {
        self.basis = basis
        self.eigenvalues = eigenvalues
        self.row = row
        self.column = column
        self.corner = corner
        // w = Y⁻¹c, v = Y⁻¹r and the probe's Y⁻¹t together: two passes over Q, not six.
        let solved = Self.solveBlock(basis, eigenvalues, [column, row, Self.probe(count: eigenvalues.count)])
        let (w, v) = (solved[0], solved[1])
        var s = corner
        var magnitude = abs(corner)
        for i in row.indices { s -= row[i] * w[i]; magnitude += abs(row[i] * w[i]) }
        // s must stand out of its own rounding (≈ nε Σ|r_i w_i|) by a wide margin.
        guard s.isFinite, abs(s) > 1e-10 * magnitude else { return nil }
        // The solves' intermediates (Y⁻¹b, w μ) are ‖K‖/min|λ| times the data; s is computed
        // from terms `magnitude`/|s| times its size.
        let smallest = eigenvalues.map(abs).min() ?? 0
        let size = max(eigenvalues.map(abs).max() ?? 0, euclideanNorm(row), euclideanNorm(column), abs(corner))
        reciprocalAmplification = size > 0 && smallest > 0 ? smallest / size * abs(s) / magnitude : 0
        inverseNormBound = 1 / smallest + (1 + euclideanNormSquared(w)).squareRoot() * (1 + euclideanNormSquared(v)).squareRoot() / abs(s)
        columnSolution = w
        rowSolution = v
        probeSolution = solved[2]
        schurComplement = s
    }

    /// True when this eigendecomposition solves the y-block `block` itself (Y as assembled, not as
    /// (7.16) says): with t_i = (−1)^i (1 + i/n) (no zero entry, so every column of Y is probed)
    /// and x = Q diag(λ)⁻¹ Qᵀ t, ‖Y x − t‖∞ ≤ 10⁻¹⁰ (‖t‖∞ + √n max|λ| ‖x‖∞), where √n max|λ| =
    /// √n ‖Y‖₂ ≥ ‖Y‖∞. It catches a block that is not the one the eigendecomposition describes;
    /// rounding leaves ≈ nε. One product with Y (x was solved with w and v): O(n²).
    func agrees(with block: ColumnMajorMatrix) -> Bool {
        let n = eigenvalues.count
        let probe = Self.probe(count: n), solution = probeSolution
        let product = block.blasProduct(solution)
        var residual = 0.0
        for i in product.indices { residual = max(residual, abs(product[i] - probe[i])) }
        let blockNorm = Double(n).squareRoot() * (eigenvalues.map(abs).max() ?? 0)
        let scale = infinityNorm(probe) + blockNorm * infinityNorm(solution)
        return residual.isFinite && residual <= 1e-10 * scale
    }

    /// t_i = (−1)^i (1 + i/n): no zero entry, so a product with it touches every column.
    static func probe(count n: Int) -> [Double] {
        (0..<n).map { i in (i % 2 == 0 ? 1.0 : -1.0) * (1 + Double(i) / Double(n)) }
    }

    /// Y⁻¹b = Q (λ⁻¹ ∘ Qᵀb): two passes over Q (BLAS `dgemv`).
    static func solveBlock(_ q: ColumnMajorMatrix, _ lambda: [Double], _ b: [Double]) -> [Double] {
        var projected = q.blasProduct(b, transposed: true)
        for k in projected.indices { projected[k] /= lambda[k] }
        return q.blasProduct(projected)
    }

    /// Y⁻¹b for several b at once: still two passes over Q (BLAS `dgemm` with a thin right side),
    /// the passes being what costs at large n.
    static func solveBlock(_ q: ColumnMajorMatrix, _ lambda: [Double], _ bs: [[Double]]) -> [[Double]] {
        let n = lambda.count
        guard let right = try? ColumnMajorMatrix(rows: n, columns: bs.count, columnMajor: bs.flatMap { $0 }) else {
            preconditionFailure("solveBlock: every right-hand side must have length n = \(n)")
        }
        var projected = q.transposedProduct(right)
        for j in bs.indices { for k in 0..<n { projected[k, j] /= lambda[k] } }
        let solved = q * projected
        return bs.indices.map { solved.column($0) }
    }

    /// [z; μ] with K [z; μ] = rhs (Kᵀ when `transposed`).
    func solve(_ rhs: [Double], transposed: Bool = false) -> [Double] {
        let n = eigenvalues.count
        let top = Array(rhs[0..<n])
        let z0 = Self.solveBlock(basis, eigenvalues, top)
        let (border, correction) = transposed ? (column, rowSolution) : (row, columnSolution)
        var numerator = rhs[n]
        for i in 0..<n { numerator -= border[i] * z0[i] }
        let mu = numerator / schurComplement
        var solution = z0
        for i in 0..<n { solution[i] -= correction[i] * mu }
        solution.append(mu)
        return solution
    }

    /// sign det K = Π sign λ_k · sign s.
    var determinantSign: Int {
        var sign = schurComplement < 0 ? -1 : 1
        for value in eigenvalues where value < 0 { sign = -sign }
        return sign
    }
}

/// Σ x_i².
private func euclideanNormSquared(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
