import JacobianBuilder
import LinearAlgebra

/// Linear systems with DF = [Y, diag(d); diag(e), diag(g)] + [0; ũ] vᵀ (W = u wᵀ,
/// `StructuredResidualJacobian`), optionally bordered by one column c, one row r and a corner ζ
/// (pseudo-arclength, proofs/newton.md §7.7), by ONE LU of an (n + 1 + k) × (n + 1 + k) matrix
/// (k = 0 or 1 border) instead of the 2n (+ k) one: proofs/newton.md §7.10.
///
/// With μ = vᵀδ as an extra unknown, the a-rows read e∘δy + g∘δa + ũ μ (+ c_a ξ) = q, so
/// δa = g⁻¹∘(q − e∘δy − ũ μ − c_a ξ) exactly (g = −1 in every variant), and what is left is
/// the reduced system K [δy; ξ; μ] = rhs with
///
///     K = [ Y − diag(d g⁻¹ e)     c_y − d g⁻¹ c_a     −d g⁻¹ ũ      ]
///         [ r_yᵀ − r_aᵀ g⁻¹ e     ζ − r_aᵀ g⁻¹ c_a    −r_aᵀ g⁻¹ ũ   ]   (border row, k = 1)
///         [ v_yᵀ − v_aᵀ g⁻¹ e     −v_aᵀ g⁻¹ c_a      −(1 + v_aᵀ g⁻¹ ũ) ]
///
/// factored by `dgetrf` with partial pivoting: no inverse of Y is needed, so Y may be singular
/// while DF is not; det DF = −det(diag g) · det K (k = 0; Schur complements, §7.10), hence
/// sign det DF. The μ row and column are scaled by powers of two (exact) to the size of Y.
/// - Precondition: the vectors of `jacobian` (and the border) are finite; Y is checked here.
struct StructuredFactorization: Sendable {
    let jacobian: StructuredResidualJacobian
    let borderCount: Int
    /// c and r split as (y-part, a-part), and ζ (k = 1).
    let borderColumn: [Double]
    let borderRow: [Double]
    /// K, factored: LU, or through Y's eigendecomposition when `symmetricBlock` gave one (§7.11).
    let reduced: ReducedFactorization
    /// μ = columnScale · μ̂ (the unknown K solves for) and the μ equation multiplied by rowScale.
    let columnScale: Double
    let rowScale: Double
    /// 1/g.
    let inverseModulator: [Double]

    var order: Int { 2 * jacobian.order + borderCount }

    /// `borderRow` has length 2n + 1 (its last entry is the corner ζ). `symmetricBlock` (Y = Q diag(λ)
    /// Qᵀ, k = 0 only) replaces the LU of K by the Schur-complement solver when its first solve
    /// checks out against Y itself (§7.11).
    init(_ jacobian: StructuredResidualJacobian, borderColumn: [Double]? = nil, borderRow: [Double]? = nil,
         symmetricBlock: SymmetricActivityBlock? = nil)
        throws(LinearAlgebraError) {
        let n = jacobian.order
        let g = jacobian.modulatorModulator
        guard g.allSatisfy({ $0 != 0 }) else { throw .singularMatrix(routine: "structured factorization (g)", pivot: 0) }
        let k = borderColumn == nil ? 0 : 1
        let c = borderColumn ?? [], r = borderRow ?? []
        if k == 1 {
            guard c.count == 2 * n, r.count == 2 * n + 1, (c + r).allSatisfy(\.isFinite) else {
                throw .nonFiniteInput(operation: "structured bordered factorization")
            }
        }
        let ginv = g.map { 1 / $0 }
        let d = jacobian.activityModulator, e = jacobian.modulatorActivity, u = jacobian.column
        let vy = jacobian.rowActivity, va = jacobian.rowModulator
        let size = n + k + 1, last = n + k
        // Exact power-of-two scales for the μ column and row (LU with pivoting is backward stable
        // whatever the scaling, but the condition of K — compared with DF's below — is not).
        // Y's largest entry, and whether Y is finite, from its construction's one pass (the vectors
        // are checked by the caller).
        guard var largestEntry = jacobian.activityBlockSums.finiteLargest else {
            throw .nonFiniteInput(operation: "structured factorization")
        }
        for i in 0..<n { largestEntry = max(largestEntry, abs(d[i] * ginv[i] * e[i])) }
        // Y may be zero (then S = 0 too): the reference size is 1.
        let blockSize = largestEntry > 0 ? largestEntry : 1
        var muColumn = 0.0, muRow = 0.0
        for i in 0..<n {
            muColumn = max(muColumn, abs(d[i] * ginv[i] * u[i]))
            muRow = max(muRow, abs(vy[i] - va[i] * ginv[i] * e[i]))
        }
        var vaGinvU = 0.0
        for i in 0..<n { vaGinvU += va[i] * ginv[i] * u[i] }
        muColumn = max(muColumn, abs(1 + vaGinvU))
        muRow = max(muRow, abs(1 + vaGinvU))
        // Powers of two, clamped to 2^±200 so that no product over- or underflows.
        func powerOfTwo(_ ratio: Double) -> Double {
            guard ratio.isFinite, ratio > 0 else { return 1 }
            return Double(sign: .plus, exponent: min(max(Int(ratio.exponent), -200), 200), significand: 1)
        }
        let sigma = powerOfTwo(blockSize / max(muColumn, Double.leastNormalMagnitude))
        let rho = powerOfTwo(blockSize / max(muRow, Double.leastNormalMagnitude))

        self.jacobian = jacobian
        self.borderCount = k
        self.borderColumn = c
        self.borderRow = r
        self.columnScale = sigma
        self.rowScale = rho
        self.inverseModulator = ginv
        // K's last row and column and its corner (the μ equation and unknown, scaled).
        var muRowVector = [Double](repeating: 0, count: n), muColumnVector = [Double](repeating: 0, count: n)
        for i in 0..<n {
            muRowVector[i] = rho * (vy[i] - va[i] * ginv[i] * e[i])
            muColumnVector[i] = -sigma * d[i] * ginv[i] * u[i]
        }
        let corner = -rho * sigma * (1 + vaGinvU)
        // Y = Q diag(λ) Qᵀ (e = 0 there, so S = Y): the Schur-complement solver, if its first solve
        // reproduces Y's own product (§7.11); K is then never formed.
        if k == 0, let symmetricBlock,
           let solver = SymmetricBorderedSolver(basis: symmetricBlock.basis, eigenvalues: symmetricBlock.eigenvalues,
                                                row: muRowVector, column: muColumnVector, corner: corner),
           solver.agrees(with: jacobian.activityBlock) {
            self.reduced = .symmetric(solver)
            return
        }
        var matrix = ColumnMajorMatrix(rows: size, columns: size)
        matrix.elements.withUnsafeMutableBufferPointer { out in
            jacobian.activityBlock.elements.withUnsafeBufferPointer { block in
                for j in 0..<n {
                    for i in 0..<n { out[i + j * size] = block[i + j * n] }
                    out[j + j * size] -= d[j] * ginv[j] * e[j]
                    out[last + j * size] = muRowVector[j]
                }
            }
            for i in 0..<n { out[i + last * size] = muColumnVector[i] }
            out[last + last * size] = corner
            if k == 1 {
                var rGinvC = 0.0, rGinvU = 0.0, vGinvC = 0.0
                for i in 0..<n {
                    out[i + n * size] = c[i] - d[i] * ginv[i] * c[n + i]
                    out[n + i * size] = r[i] - r[n + i] * ginv[i] * e[i]
                    rGinvC += r[n + i] * ginv[i] * c[n + i]
                    rGinvU += r[n + i] * ginv[i] * u[i]
                    vGinvC += va[i] * ginv[i] * c[n + i]
                }
                out[n + n * size] = r[2 * n] - rGinvC
                out[n + last * size] = -sigma * rGinvU
                out[last + n * size] = -rho * vGinvC
            }
        }
        self.reduced = .lu(try LUFactorization(matrix))
    }

    /// x with M x = b, M = DF (k = 0) or [DF c; rᵀ] (k = 1); length 2n + k.
    func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let n = jacobian.order, k = borderCount, last = n + k
        guard b.count == 2 * n + k else {
            throw .dimensionMismatch(operation: "structured solve", expected: "length \(2 * n + k)", found: "\(b.count)")
        }
        let d = jacobian.activityModulator, ginv = inverseModulator
        var rhs = [Double](repeating: 0, count: n + k + 1)
        var vaGinvQ = 0.0
        for i in 0..<n {
            let scaled = ginv[i] * b[n + i]
            rhs[i] = b[i] - d[i] * scaled
            vaGinvQ += jacobian.rowModulator[i] * scaled
        }
        if k == 1 {
            var rGinvQ = 0.0
            for i in 0..<n { rGinvQ += borderRow[n + i] * ginv[i] * b[n + i] }
            rhs[n] = b[2 * n] - rGinvQ
        }
        rhs[last] = -rowScale * vaGinvQ
        let reducedSolution = try reduced.solve(rhs)
        let mu = columnScale * reducedSolution[last]
        let xi = k == 1 ? reducedSolution[n] : 0
        var x = [Double](repeating: 0, count: 2 * n + k)
        for i in 0..<n {
            let y = reducedSolution[i]
            x[i] = y
            var a = b[n + i] - jacobian.modulatorActivity[i] * y - jacobian.column[i] * mu
            if k == 1 { a -= borderColumn[n + i] * xi }
            x[n + i] = ginv[i] * a
        }
        if k == 1 { x[2 * n] = xi }
        return x
    }

    /// x with DFᵀ x = b (k = 0 only): Kᵀ [x_y; ν̂] = [b_y − e g⁻¹ b_a; −ũᵀ g⁻¹ b_a] (scaled), then
    /// x_a = g⁻¹ (b_a − d x_y − v_a ν) (proofs/newton.md §7.10).
    func solveTransposed(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let n = jacobian.order
        precondition(borderCount == 0, "transposed solves are for DF itself")
        guard b.count == 2 * n else {
            throw .dimensionMismatch(operation: "structured transposed solve", expected: "length \(2 * n)", found: "\(b.count)")
        }
        let ginv = inverseModulator
        var rhs = [Double](repeating: 0, count: n + 1)
        var uGinvB = 0.0
        for i in 0..<n {
            let scaled = ginv[i] * b[n + i]
            rhs[i] = b[i] - jacobian.modulatorActivity[i] * scaled
            uGinvB += jacobian.column[i] * scaled
        }
        rhs[n] = -columnScale * uGinvB
        let solution = try reduced.solve(rhs, transposed: true)
        let nu = rowScale * solution[n]
        var x = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            x[i] = solution[i]
            x[n + i] = ginv[i] * (b[n + i] - jacobian.activityModulator[i] * solution[i] - jacobian.rowModulator[i] * nu)
        }
        return x
    }

    /// A guaranteed lower bound of 1/κ₁(DF) in O(n) when K is solved through the eigenbasis
    /// (k = 0), from Y⁻¹'s exact norm and the Schur complement (proofs/newton.md eq. 7.18):
    ///
    ///     ‖K⁻¹‖₂ ≤ 1/min|λ| + √(1 + ‖w‖²) √(1 + ‖v‖²) / |s|        (K⁻¹ = [Y⁻¹, 0; 0, 0] + [w; −1][v; −1]ᵀ/s)
    ///     ‖DF⁻¹‖₂ ≤ (1 + ‖g⁻¹‖∞(‖e‖∞ + σ‖ũ‖₂)) ‖K⁻¹‖₂ (1 + ‖d g⁻¹‖∞ + ρ‖v_a g⁻¹‖₂) + ‖g⁻¹‖∞
    ///     ‖DF‖₁ ≤ max(√n max|λ| + max_j(|e_j| + |v_y,j| ‖ũ‖₁), max_j(|d_j| + |g_j| + |v_a,j| ‖ũ‖₁))
    ///
    /// and ‖DF⁻¹‖₁ ≤ √(2n) ‖DF⁻¹‖₂; halved for the rounding of w, v, s. nil for an LU of K.
    func reciprocalConditionLowerBound() -> Double? {
        guard borderCount == 0, case .symmetric(let solver) = reduced else { return nil }
        let n = jacobian.order
        let ginv = inverseModulator, d = jacobian.activityModulator, e = jacobian.modulatorActivity
        let u = jacobian.column, vy = jacobian.rowActivity, va = jacobian.rowModulator, g = jacobian.modulatorModulator
        let ginvMax = ginv.map(abs).max() ?? 0
        let uOne = u.reduce(0) { $0 + abs($1) }, uTwo = euclideanNorm(u)
        var dg = 0.0, vag = 0.0, eMax = 0.0, yColumns = 0.0, aColumns = 0.0
        for i in 0..<n {
            dg = max(dg, abs(d[i] * ginv[i]))
            vag += (va[i] * ginv[i]) * (va[i] * ginv[i])
            eMax = max(eMax, abs(e[i]))
            yColumns = max(yColumns, abs(e[i]) + abs(vy[i]) * uOne)
            aColumns = max(aColumns, abs(d[i]) + abs(g[i]) + abs(va[i]) * uOne)
        }
        let lambdaMax = solver.eigenvalues.map(abs).max() ?? 0
        let dfNorm = max(Double(n).squareRoot() * lambdaMax + yColumns, aColumns)
        let inputGain = 1 + dg + rowScale * vag.squareRoot()
        let outputGain = 1 + ginvMax * (eMax + columnScale * uTwo)
        let inverseTwoNorm = outputGain * solver.inverseNormBound * inputGain + ginvMax
        let bound = 1 / (2 * dfNorm * Double(2 * n).squareRoot() * inverseTwoNorm)
        return bound.isFinite && bound > 0 ? bound : nil
    }

    /// sign det DF = −sign det(diag g) · sign det K (k = 0; the scales are positive).
    var determinantSign: Int {
        var sign = -reduced.determinantSign
        for value in jacobian.modulatorModulator where value < 0 { sign = -sign }
        return sign
    }
}

/// K of (7.13), factored by LU (dgetrf) or, for a symmetric y-block, through its eigendecomposition
/// (`SymmetricBorderedSolver`, §7.11).
enum ReducedFactorization: Sendable {
    case lu(LUFactorization)
    case symmetric(SymmetricBorderedSolver)

    var order: Int {
        switch self {
        case .lu(let lu): lu.order
        case .symmetric(let solver): solver.order
        }
    }

    func solve(_ b: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        switch self {
        case .lu(let lu): return try lu.solve(b, transposed: transposed)
        case .symmetric(let solver): return solver.solve(b, transposed: transposed)
        }
    }

    /// sign det K.
    var determinantSign: Int {
        switch self {
        case .lu(let lu):
            var sign = 1
            for i in 0..<lu.order {
                if lu.factors[i, i] < 0 { sign = -sign }
                if lu.pivots[i] != Int32(i + 1) { sign = -sign }
            }
            return sign
        case .symmetric(let solver): return solver.determinantSign
        }
    }

    /// The reciprocal of how much this factorization's solves amplify rounding, to be compared with
    /// 1/κ₁(DF) (§7.10's fallback rule): `dgecon`'s 1/κ₁(K) for the LU; for the Schur-complement
    /// solver 1/κ₂(Y) · |s| / (|ζ| + Σ|r_i w_i|) — Y's exact condition from its eigenvalues times
    /// the Schur complement's cancellation (§7.11), O(n).
    func reciprocalAmplification() throws(LinearAlgebraError) -> Double {
        switch self {
        case .lu(let lu): return try lu.reciprocalConditionNumber()
        case .symmetric(let solver): return solver.reciprocalAmplification
        }
    }
}
