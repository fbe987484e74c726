/// Hager's estimate of ‖A⁻¹‖₁ with Higham's refinements (LAPACK `dlacn2`, Higham 1988,
/// "FORTRAN codes for estimating the one-norm of a real or complex matrix", Algorithm 4.1), for
/// an A known only through solves A x = b and Aᵀ x = b (proofs/newton.md §7.10). It is a lower
/// bound, usually within a factor of 3 (the same estimator `dgecon` runs on an LU). At most
/// 5 solve pairs plus one extra solve.
/// - Returns: the estimate, or nil when a solve failed or returned a non-finite vector.
func estimateInverseOneNorm(order n: Int, solve: ([Double]) -> [Double]?, solveTransposed: ([Double]) -> [Double]?) -> Double? {
    guard n > 0 else { return 0 }
    func oneNorm(_ v: [Double]) -> Double { v.reduce(0) { $0 + abs($1) } }
    func signs(_ v: [Double]) -> [Double] { v.map { $0 >= 0 ? 1 : -1 } }
    var x = [Double](repeating: 1 / Double(n), count: n)
    guard var v = solve(x), v.allSatisfy(\.isFinite) else { return nil }
    if n == 1 { return abs(v[0]) }
    var estimate = oneNorm(v)
    var xi = signs(v)
    guard var z = solveTransposed(xi), z.allSatisfy(\.isFinite) else { return nil }
    var j = z.indices.max { abs(z[$0]) < abs(z[$1]) } ?? 0
    for _ in 0..<4 {
        x = [Double](repeating: 0, count: n)
        x[j] = 1
        guard let w = solve(x), w.allSatisfy(\.isFinite) else { return nil }
        v = w
        let previous = estimate
        estimate = oneNorm(v)
        let newSigns = signs(v)
        if newSigns == xi || estimate <= previous { estimate = max(estimate, previous); break }
        xi = newSigns
        guard let zz = solveTransposed(xi), zz.allSatisfy(\.isFinite) else { return nil }
        z = zz
        let next = z.indices.max { abs(z[$0]) < abs(z[$1]) } ?? 0
        if abs(z[next]) == abs(z[j]) { break }
        j = next
    }
    // Higham's alternative vector x_i = (−1)^i (1 + i/(n−1)) guards against the estimate's
    // known failure cases.
    for i in 0..<n {
        let magnitude: Double = 1 + Double(i) / Double(n - 1)
        x[i] = i % 2 == 0 ? magnitude : -magnitude
    }
    guard let w = solve(x), w.allSatisfy(\.isFinite) else { return nil }
    let alternative = 2 * oneNorm(w) / Double(3 * n)
    return max(estimate, alternative)
}
