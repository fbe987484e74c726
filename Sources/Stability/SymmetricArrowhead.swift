import ComplexModule
import LinearAlgebra
import RealModule

/// spec(M) of the bordered matrix of one τ_a group (order N = n + 1, `BorderedReduction`) when
/// its leading block A is similar to a symmetric matrix through a positive diagonal P — W_r
/// symmetric and (1 − s_i)/τ_y,i > 0 for `paper` — by a symmetric n × n eigensolver and the
/// arrowhead's secular equation instead of a Schur form of order N (proofs/structure.md §9.7).
///
/// With S = P⁻¹AP, S_sym = (S + Sᵀ)/2 = QΘQᵀ (dsyevd) and T = blockdiag(PQ, 1):
///
///     T⁻¹MT = M' + Δ,   M' = [ diag(θ)  β ],   β = QᵀP⁻¹c,  α = QᵀP r,                (9.13)
///                            [ αᵀ       d ]
///
/// c, r, d M's last column, row and corner, ‖Δ‖_F ≤ ‖S − S_sym‖_F + c·n·ε·‖S_sym‖_F + (rounding of
/// α, β). The eigenvalues of the arrowhead M' are the θ_k with α_k β_k = 0 and the zeros of
///
///     h(λ) = d − λ − Σ_k α_k β_k / (θ_k − λ)                                            (9.14)
///
/// (det(M' − λI) = Π_k (θ_k − λ) · h(λ)). Between two poles whose weights γ_k = α_k β_k have the
/// same sign h changes sign, so each such interval holds a real zero, found by safeguarded
/// Newton and certified by two signs of h outside its rounding bound; the zeros not accounted
/// for that way (at most two are accepted: a complex pair or two more real zeros) come from the
/// trace and the deflated quadratic and are polished by Newton on h. Eigenvectors are explicit,
/// x = [β/(λ − θ); 1], y = [α/(λ − θ); 1], yᵀx = −h'(λ), hence κ'(λ) = ‖x‖‖y‖/|yᵀx| in O(n).
/// `nil` (the caller uses the Schur form of M) when A is not symmetrizable, P is worse
/// conditioned than 10⁴, S is not symmetric to 100 n ε ‖S‖_F, two poles coincide to rounding, more than two zeros are not bracketed,
/// a zero cannot be certified or polished, or the trace check fails.
/// - Complexity: one dsyevd with vectors of order n (≈ 4n³ flops, against ≈ 11N³ for dgees
///   with dtrevc/dtrsna), then O(n²).
struct SymmetricArrowhead {
    let neuronCount: Int
    /// θ (ascending), α, β, d of M' (after deflation: α_k or β_k set to 0 where negligible).
    let poles: [Double]
    let rowBorder: [Double]
    let columnBorder: [Double]
    /// α and β before deflation (T⁻¹MT's own border, for the copies' solve).
    let exactRowBorder: [Double]
    let exactColumnBorder: [Double]
    let corner: Double
    /// Q (n × n, orthonormal columns) and the symmetrizer p (P = diag p, max p · min p = 1).
    let basis: ColumnMajorMatrix
    let symmetrizer: [Double]
    /// ‖T‖₂‖T⁻¹‖₂ ≤ max p / min p: how far an M-frame perturbation grows in the M' frame.
    let similarityCondition: Double
    /// ‖Δ‖_F bound of (9.13), plus what deflation changed.
    let internalError: Double
    /// spec(M') (N values), the certified position error of each (bracket half-width for a real
    /// zero; κ'·(|h| + rounding) for a polished complex one; 0 for a deflated θ_k), and κ'.
    let eigenvalues: [Complex<Double>]
    let locationErrors: [Double]
    let conditionNumbers: [Double]
    /// ‖M'‖_F.
    let arrowheadNorm: Double

    /// True when Q and θ came from `knownEigenbasis` (an affine image of it) instead of dsyevd.
    let reusedEigenbasis: Bool

    /// `knownEigenbasis`: a symmetric K already decomposed (the branch's W_r − I); when S_sym fits
    /// c₁I + c₂K to 100 n ε ‖S_sym‖_F, its eigenpairs (c₁ + c₂θ_k, q_k) are used and the fit's
    /// residual joins the backward error (9.13).
    init?(reduced m: ColumnMajorMatrix, eigensolverFactor: Double, knownEigenbasis: SymmetricEigenbasis? = nil) {
        let n = m.rows - 1
        guard n >= 1, m.columns == n + 1 else { return nil }
        let e = Double.ulpOfOne
        guard let p = Self.symmetrizer(of: m, order: n) else { return nil }
        let largest = p.max() ?? 1, smallest = p.min() ?? 1
        let condition = largest / smallest
        guard condition.isFinite, condition <= 1e4 else { return nil }

        // S = P⁻¹AP and its symmetric part; the skew part is a perturbation (9.13).
        var symmetric = ColumnMajorMatrix(rows: n, columns: n)
        var skewSquares = 0.0, symmetricSquares = 0.0
        for j in 0..<n {
            for i in j..<n {
                let sij = m[i, j] * (p[j] / p[i]), sji = m[j, i] * (p[i] / p[j])
                let mean = 0.5 * (sij + sji)
                symmetric[i, j] = mean
                symmetric[j, i] = mean
                let half = 0.5 * (sij - sji)
                let weight = i == j ? 1.0 : 2.0
                // 2ε|s| per entry for forming S (two products), on both triangles.
                let rounding = 2 * e * (abs(sij) + abs(sji))
                skewSquares += weight * (abs(half) + rounding) * (abs(half) + rounding)
                symmetricSquares += weight * mean * mean
            }
        }
        // Only a symmetric W_r (to rounding) is taken: a skew part beyond 100 n ε ‖S‖_F would
        // only widen the bands, and the Schur form of M handles a non-symmetric A exactly.
        guard skewSquares.isFinite, symmetricSquares.isFinite,
              skewSquares.squareRoot() <= 100 * Double(n) * e * symmetricSquares.squareRoot() else { return nil }
        let symmetricNorm = symmetricSquares.squareRoot()
        let q: ColumnMajorMatrix, theta: [Double], eigensolverError: Double
        if let known = knownEigenbasis, known.matrix.rows == n, let fit = known.affineFit(to: symmetric),
           fit.residualNorm <= 100 * Double(n) * e * symmetricNorm {
            // S_sym = c₁I + c₂K + E: K's eigenpairs, mapped; dsyevd's backward error for K scaled
            // by |c₂|, Q's departure from orthogonality by |c₁|, plus ‖E‖_F.
            (theta, q) = known.affineEigenpairs(shift: fit.shift, scale: fit.scale)
            eigensolverError = fit.residualNorm
                + eigensolverFactor * Double(n) * e * (abs(fit.scale) * known.frobeniusNorm + abs(fit.shift) * Double(n).squareRoot())
            reusedEigenbasis = true
        } else {
            let decomposition: SymmetricEigendecomposition
            do { decomposition = try SymmetricEigendecomposition(symmetric, vectors: true) } catch { return nil }
            guard let vectors = decomposition.eigenvectors else { return nil }
            (theta, q) = (decomposition.eigenvalues, vectors)
            eigensolverError = eigensolverFactor * Double(n) * e * symmetricNorm
            reusedEigenbasis = false
        }

        let scaledColumn = (0..<n).map { m[$0, n] / p[$0] }
        let scaledRow = (0..<n).map { m[n, $0] * p[$0] }
        var beta = q.transposeMultiply(scaledColumn)
        var alpha = q.transposeMultiply(scaledRow)
        let d = m[n, n]
        // Rounding of β = QᵀP⁻¹c, α = QᵀPr: each entry ≤ (n + 2)ε |Q|ᵀ|x|, ‖|Q|ᵀ|x|‖₂ ≤ √n ‖x‖₂.
        let borderError = Double(n + 2) * e * Double(n).squareRoot() * (euclideanNorm(scaledColumn) + euclideanNorm(scaledRow))
        var normSquares = d * d
        for k in 0..<n { normSquares += theta[k] * theta[k] + alpha[k] * alpha[k] + beta[k] * beta[k] }
        let norm = normSquares.squareRoot()
        guard norm.isFinite, norm > 0 else { return nil }

        let exactAlpha = alpha, exactBeta = beta
        // Deflation: a border entry below tol makes θ_k an exact eigenvalue of M' once it is 0.
        let tolerance = 8 * Double(n + 1) * e * norm
        var deflationSquares = 0.0
        for k in 0..<n {
            if abs(alpha[k]) <= tolerance { deflationSquares += alpha[k] * alpha[k]; alpha[k] = 0 }
            if abs(beta[k]) <= tolerance { deflationSquares += beta[k] * beta[k]; beta[k] = 0 }
        }
        let active = (0..<n).filter { alpha[$0] != 0 && beta[$0] != 0 }
        // Two active poles equal to rounding: the zero between them is not separable here.
        for (a, b) in zip(active, active.dropFirst()) where theta[b] - theta[a] <= tolerance { return nil }
        // Eigensolver backward error, S's skew part, border rounding, deflation (9.13).
        let internalError = eigensolverError + skewSquares.squareRoot()
            + borderError + deflationSquares.squareRoot()

        let secular = SecularFunction(poles: active.map { theta[$0] }, weights: active.map { alpha[$0] * beta[$0] }, corner: d)
        guard let zeros = secular.zeros(radius: 2 * norm + 1) else { return nil }

        var eigenvalues: [Complex<Double>] = []
        var errors: [Double] = []
        var kappas: [Double] = []
        let activeSet = Set(active)
        for k in 0..<n where !activeSet.contains(k) {
            let kappa = Self.deflatedCondition(k, theta: theta, alpha: alpha, beta: beta, corner: d)
            eigenvalues.append(Complex(theta[k], 0)); errors.append(0); kappas.append(kappa)
        }
        for zero in zeros {
            let kappa = Self.condition(at: zero.value, theta: theta, alpha: alpha, beta: beta)
            guard kappa.isFinite else { return nil }
            eigenvalues.append(zero.value)
            errors.append(zero.isBracketed ? zero.error : kappa * zero.error)
            kappas.append(kappa)
        }
        guard eigenvalues.count == n + 1 else { return nil }
        // Trace check: Σ eigenvalues = Σ θ + d (a zero counted twice or missed fails it).
        var traceDifference = d, traceScale = abs(d)
        for k in 0..<n { traceDifference += theta[k]; traceScale += abs(theta[k]) }
        for lambda in eigenvalues { traceDifference -= lambda.real; traceScale += lambda.length }
        guard abs(traceDifference) <= 1e-8 * traceScale + errors.reduce(0, +) else { return nil }

        self.neuronCount = n
        self.poles = theta
        self.rowBorder = alpha
        self.columnBorder = beta
        self.exactRowBorder = exactAlpha
        self.exactColumnBorder = exactBeta
        self.corner = d
        self.basis = q
        self.symmetrizer = p
        self.similarityCondition = condition
        self.internalError = internalError
        self.eigenvalues = eigenvalues
        self.locationErrors = errors
        self.conditionNumbers = kappas
        self.arrowheadNorm = norm
    }

    /// p > 0 with P⁻¹AP symmetric (A = M[0..<n, 0..<n]): p_j = p_i √(A_ji/A_ij) along the graph of
    /// A's non-zero off-diagonal entries (breadth first, p = 1 at each component's first index),
    /// normalized to max p · min p = 1. nil when the pattern is not symmetric or some
    /// A_ij A_ji < 0. The consistency of the ratios is not required here: what is left of
    /// S − Sᵀ is measured and enters (9.13).
    static func symmetrizer(of m: ColumnMajorMatrix, order n: Int) -> [Double]? {
        var p = [Double](repeating: 0, count: n)
        var exactlySymmetric = true
        for j in 0..<n where exactlySymmetric {
            for i in (j + 1)..<max(j + 1, n) where m[i, j] != m[j, i] { exactlySymmetric = false; break }
        }
        if exactlySymmetric { return [Double](repeating: 1, count: n) }
        var queue: [Int] = []
        for root in 0..<n where p[root] == 0 {
            p[root] = 1
            queue = [root]
            var head = 0
            while head < queue.count {
                let i = queue[head]; head += 1
                for j in 0..<n where j != i {
                    let aij = m[i, j], aji = m[j, i]
                    if aij == 0 && aji == 0 { continue }
                    guard aij != 0, aji != 0, (aij > 0) == (aji > 0) else { return nil }
                    if p[j] == 0 {
                        p[j] = p[i] * (aji / aij).squareRoot()
                        guard p[j].isFinite, p[j] > 0 else { return nil }
                        queue.append(j)
                    }
                }
            }
        }
        let scale = ((p.max() ?? 1) * (p.min() ?? 1)).squareRoot()
        return p.map { $0 / scale }
    }

    /// κ' of a zero λ of h: x = [β/(λ − θ); 1], y = [α/(λ − θ); 1], κ' = ‖x‖‖y‖/|yᵀx|.
    static func condition(at lambda: Complex<Double>, theta: [Double], alpha: [Double], beta: [Double]) -> Double {
        var xx = 1.0, yy = 1.0
        var dot = Complex<Double>(1, 0)
        for k in theta.indices {
            let inverse = Complex<Double>(1, 0) / (lambda - Complex(theta[k], 0))
            let xk = inverse * Complex(beta[k], 0), yk = inverse * Complex(alpha[k], 0)
            xx += xk.lengthSquared; yy += yk.lengthSquared
            dot = dot + xk * yk
        }
        let size = dot.length
        return size > 0 ? (xx * yy).squareRoot() / size : .infinity
    }

    /// κ' of a deflated θ_k (α_k = 0 or β_k = 0). With α_k = 0, x = e_k and the left vector is
    /// y = [α_j/(θ_k − θ_j) (j ≠ k), y_k; 1] with y_k β_k = −(d − θ_k) − Σ_{j≠k} α_jβ_j/(θ_k − θ_j),
    /// so κ' = ‖y‖/|y_k| (β_k = 0 is the transpose); both 0: θ_k is decoupled, κ' = 1. ∞ when θ_k
    /// is repeated with a coupled partner (a multiple eigenvalue: the bands then fall back).
    static func deflatedCondition(_ k: Int, theta: [Double], alpha: [Double], beta: [Double], corner d: Double) -> Double {
        if alpha[k] == 0 && beta[k] == 0 { return 1 }
        let (other, pivot) = alpha[k] == 0 ? (alpha, beta[k]) : (beta, alpha[k])
        var squares = 1.0, sum = d - theta[k]
        for j in theta.indices where j != k {
            let difference = theta[k] - theta[j]
            if difference == 0 {
                // θ_k repeated: harmless when θ_j is decoupled the same way, else (nearly) defective.
                if other[j] == 0 && alpha[j] * beta[j] == 0 { continue }
                return .infinity
            }
            let entry = other[j] / difference
            squares += entry * entry
            sum += alpha[j] * beta[j] / difference
        }
        let yk = -sum / pivot
        guard yk != 0, yk.isFinite else { return .infinity }
        return (squares + yk * yk).squareRoot() / abs(yk)
    }

    /// ‖(M − λI)⁻¹ X (I − ûûᵀ)‖_F bound for the copies' band (9.11), X = `coupling` (N × g,
    /// `BorderedReduction.couplingColumns`: column k holds b'_i at row i = indices[k] and one
    /// leader-row entry), through (M − λI)⁻¹ = T (M' − λI)⁻¹ T⁻¹ and ‖T‖₂ ≤ max(max p, 1): the
    /// arrowhead solve is explicit, so the bound costs O(n g). nil when λ is within 1e-8 ‖M'‖
    /// of a pole or of a zero of h̃ (the caller falls back).
    func copyAmplifier(at lambda: Double, coupling x: ColumnMajorMatrix, indices: [Int], unit: [Double]?) -> Double? {
        let n = neuronCount
        let g = indices.count
        guard x.rows == n + 1, x.columns == g else { return nil }
        var inverse = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let difference = poles[k] - lambda
            guard abs(difference) > 1e-8 * arrowheadNorm else { return nil }
            inverse[k] = 1 / difference
        }
        var htilde = corner - lambda
        for k in 0..<n { htilde -= exactRowBorder[k] * exactColumnBorder[k] * inverse[k] }
        guard abs(htilde) > 1e-8 * arrowheadNorm else { return nil }
        // Column c of T⁻¹X: top = b'_i/p_i · Q[i, :]ᵀ (i = indices[c]), last = x[n, c]. Its solve:
        // last_c = (x[n, c] − scale_c (Q w)_i)/h̃ with w = α ∘ (θ − λ)⁻¹ (one product with Q), and
        // entry (k, c) = (scale_c Q[i, k] − β_k last_c)/(θ_k − λ), summed column k of Q at a time.
        let weighted = (0..<n).map { exactRowBorder[$0] * inverse[$0] }
        let qw = basis.multiply(weighted)
        let scales = indices.enumerated().map { c, i in x[i, c] / symmetrizer[i] }
        let lasts = indices.enumerated().map { c, i in (x[n, c] - scales[c] * qw[i]) / htilde }
        let units = (0..<g).map { unit?[$0] ?? 0 }
        var frobeniusSquares = 0.0
        var projection = [Double](repeating: 0, count: n + 1)  // Y'û
        basis.elements.withUnsafeBufferPointer { q in
            for k in 0..<n {
                let beta = exactColumnBorder[k], inv = inverse[k], column = k * n
                var squares = 0.0, projected = 0.0
                for (c, i) in indices.enumerated() {
                    let entry = (scales[c] * q[column + i] - beta * lasts[c]) * inv
                    squares += entry * entry
                    projected += entry * units[c]
                }
                frobeniusSquares += squares
                projection[k] = projected
            }
        }
        for c in 0..<g {
            frobeniusSquares += lasts[c] * lasts[c]
            projection[n] += lasts[c] * units[c]
        }
        var projectedSquares = frobeniusSquares
        if unit != nil { projectedSquares -= projection.reduce(0) { $0 + $1 * $1 } }
        let amplifier = max(projectedSquares, 0).squareRoot() * max(symmetrizer.max() ?? 1, 1)
        return amplifier.isFinite ? amplifier : nil
    }
}
