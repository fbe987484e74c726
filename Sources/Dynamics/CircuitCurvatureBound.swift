import CircuitModel
import LinearAlgebra

/// A bound M(r) with ‖D²f(x)[e, e]‖₂ ≤ M(r) ‖e‖₂² for every x in the ball ‖x − x*‖₂ ≤ r,
/// f = diag(1/τ) F the circuit's flow, variant `paper` (proofs/attractors.md §A.2).
///
/// With e = (u, v) (y- and a-parts), s = √a, ρ = W_r y:
///
///     D²f_y,i[e, e] = (1/τ_y,i) (ρ_i v_i² / (4 a_i^{3/2}) − v_i (W_r u)_i / √a_i)
///     D²f_a,i[e, e] = (1/τ_a,i) Σ_j W_ij (2 a_j u_j² + 4 y_j u_j v_j)
///
/// On the ball, a_i ≥ A_i = a*_i − r > 0 (required: r < min a*), |ρ_i| ≤ |ρ*_i| + ‖W_r row i‖₂ r,
/// a_j ≤ a*_j + r, |y_j| ≤ |y*_j| + r. With ‖v‖₄ ≤ ‖v‖₂, |(W_r u)_i| ≤ max_i ‖W_r row i‖₂ ‖u‖₂,
/// ‖W w‖₂ ≤ max_j ‖W column j‖₂ ‖w‖₁ and ‖u‖₂‖v‖₂ ≤ ‖e‖₂²/2 (proofs/attractors.md eq. A.6):
///
///     M = max_i |ρ_i|/(4 τ_y,i A_i^{3/2}) + ½ max_i 1/(τ_y,i √A_i) · max_i ‖W_r row i‖₂
///       + max_j ‖diag(1/τ_a) W column j‖₂ (2 max_j a_j + 2 max_j |y_j|).
///
/// nil for the rectified variants (their field has kinks) and when r ≥ min a*.
public struct CircuitCurvatureBound: Sendable {
    let tauY: [Double]
    let recurrentRowNorms: [Double]
    /// max_i ‖W_r row i‖₂.
    let recurrentLargestRow: Double
    /// max_j ‖diag(1/τ_a) W column j‖₂.
    let scaledNormalizationLargestColumn: Double
    let applies: Bool

    public init(circuit: Circuit) {
        let n = circuit.neuronCount
        tauY = circuit.tauY
        applies = circuit.variant == .paper
        switch circuit.recurrentWeights {
        case .identity:
            recurrentRowNorms = Array(repeating: 1, count: n)
        case .ones:
            recurrentRowNorms = Array(repeating: Double(n).squareRoot(), count: n)
        case .dense(let matrix):
            var rows = [Double](repeating: 0, count: n)
            for j in 0..<n { for i in 0..<n { rows[i] += matrix[i, j] * matrix[i, j] } }
            recurrentRowNorms = rows.map { $0.squareRoot() }
        }
        recurrentLargestRow = recurrentRowNorms.max() ?? 0
        let inverseTau = circuit.tauA.map { 1 / $0 }
        var largestColumn = 0.0
        switch circuit.normalizationWeights {
        case .identity:
            largestColumn = inverseTau.max() ?? 0
        case .ones:
            largestColumn = inverseTau.reduce(0) { $0 + $1 * $1 }.squareRoot()
        case .dense(let matrix):
            for j in 0..<n {
                var column = 0.0
                for i in 0..<n { column += (matrix[i, j] * inverseTau[i]) * (matrix[i, j] * inverseTau[i]) }
                largestColumn = max(largestColumn, column.squareRoot())
            }
        }
        scaledNormalizationLargestColumn = largestColumn
        recurrentAtCenter = { circuit.recurrentWeights.applied(to: $0) }
    }

    let recurrentAtCenter: @Sendable ([Double]) -> [Double]

    /// M(r) on the ball of radius r about `center` = (y*, a*); nil when it does not apply.
    public func bound(center: [Double], radius r: Double) -> Double? {
        let n = tauY.count
        guard applies, center.count == 2 * n, r >= 0 else { return nil }
        let y = Array(center[0..<n]), a = Array(center[n...])
        guard let smallestA = a.min(), r < smallestA else { return nil }
        let drive = recurrentAtCenter(y)
        var first = 0.0, second = 0.0, largestA = 0.0, largestY = 0.0
        for i in 0..<n {
            let lower = a[i] - r
            let rho = abs(drive[i]) + recurrentRowNorms[i] * r
            first = max(first, rho / (4 * tauY[i] * lower * lower.squareRoot()))
            second = max(second, 1 / (tauY[i] * lower.squareRoot()))
            largestA = max(largestA, a[i] + r)
            largestY = max(largestY, abs(y[i]) + r)
        }
        let value = first + 0.5 * second * recurrentLargestRow
            + scaledNormalizationLargestColumn * (2 * largestA + 2 * largestY)
        return value.isFinite ? value : nil
    }
}
