import LinearAlgebra

/// The bordered matrix M of a flow Jacobian with W = u wᵀ (proofs/structure.md §9.2–§9.3).
///
/// Group the a-indices by equal τ_a (G, value t_G); for each group with u_G ≠ 0 an orthogonal
/// Q_G maps u_G to s_G e_lead (s_G = ‖u_G‖). With T = blockdiag(I_n, Q), T J Tᵀ is block upper
/// triangular (eq. 9.3): its trailing block is −diag(1/τ_a) on the n − L non-leading a-indices
/// (L = number of groups with u_G ≠ 0), and its leading block is the order-(n + L) matrix
///
///     M[0..<n, 0..<n]  = A = J[0..<n, 0..<n]
///     M[i, P_G]        = b_i û_i          (i ∈ G; b = diagonal of J[0..<n, n..<2n], û = u_G/s_G)
///     M[P_G, j]        = (s_G/t_G) v_j    (j < n)
///     M[P_G, P_H]      = (s_G/t_G) ûᴴᵀ v₂,H − δ_GH/t_G                                 (eq. 9.4)
///
/// (P_G = n + the group's leader number). Q is never formed: only its leading row û_Gᵀ enters M.
/// `reduce` works on the balanced J_b = D⁻¹JD (D a power-of-two diagonal, exact), which has
/// the same structure with u' = u ∘ d_a⁻¹ (eq. 9.6), so every norm below is in J_b's frame.
/// - Complexity: O(n²) (one pass over the a-rows, one over B, the bordered entries).
struct BorderedReduction {
    /// One group of equal τ_a.
    struct Group {
        let timeConstant: Double
        /// a-indices (0-based, < n) with this τ_a, ascending.
        let indices: [Int]
        /// û_G = u'_G/‖u'_G‖ on `indices`, nil when u'_G = 0 (then every index is a copy).
        let unitColumn: [Double]?
        /// s_G = ‖u'_G‖.
        let scale: Double
        /// The row/column of M of this group's leader (n + leader number), nil without one.
        let position: Int?
        /// How many exact copies of −1/τ_a this group contributes: g − 1, or g when u'_G = 0.
        var copies: Int { unitColumn == nil ? indices.count : indices.count - 1 }
    }

    let neuronCount: Int
    /// M (order n + L).
    let reduced: ColumnMajorMatrix
    /// A bound on ‖M̂ − M‖_F from forming M's bordered entries in floating point (eq. 9.8).
    let formationError: Double
    /// ρ ≥ ‖J_b,lower − (p'v'ᵀ − [0, diag(1/τ_a)])‖_F, the structure residual (eq. 9.7).
    let structureResidual: Double
    /// ‖C‖_F bound for the coupling block of T J_b Tᵀ (rows of M, columns of the copies): eq. 9.10.
    let couplingNorm: Double
    let groups: [Group]
    /// b', the diagonal of J_b[0..<n, n..<2n].
    let topRightDiagonal: [Double]
    /// v' (length 2n), the least-squares row vector of eq. 9.7.
    let rowVector: [Double]

    /// Groups of equal τ_a, ascending by first index, and their count of leaders (u_G ≠ 0).
    static func groups(tauA: [Double], column u: [Double]) -> [(tau: Double, indices: [Int], hasLeader: Bool)] {
        var byValue: [Double: [Int]] = [:]
        var firstSeen: [Double] = []
        for (i, t) in tauA.enumerated() {
            if byValue[t] == nil { firstSeen.append(t) }
            byValue[t, default: []].append(i)
        }
        return firstSeen.map { t in
            let indices = byValue[t] ?? []
            return (t, indices, indices.contains { u[$0] != 0 })
        }
    }

    /// Reads v' back from the a-rows of J_b (least squares, eq. 9.7), checks the structure, and
    /// forms M. Refuses (`structureResidual`) when B is not diagonal, a value is not finite, or
    /// ρ exceeds `residualGate` (the dense route's η: the structure must hold within it).
    static func reduce(balanced jb: ColumnMajorMatrix, column u: [Double], tauA: [Double],
                       residualGate: Double) -> Result<BorderedReduction, SpectrumFallbackReason> {
        let n = u.count, m = 2 * n
        let e = Double.ulpOfOne
        var b = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for i in 0..<n where jb[i, n + j] != 0 {
                guard i == j else { return .failure(.structureResidual) }
                b[i] = jb[i, n + j]
            }
        }
        // p'_i = u'_i/τ_a,i; L = J_b lower rows + [0, diag(1/τ_a)]; v' = Lᵀp'/‖p'‖² (eq. 9.7).
        let p = (0..<n).map { u[$0] / tauA[$0] }
        let pp = p.reduce(0) { $0 + $1 * $1 }
        guard pp.isFinite, pp > 0 else { return .failure(.structureResidual) }
        var v = [Double](repeating: 0, count: m)
        var lowerSquares = 0.0
        let elements = jb.elements
        for j in 0..<m {
            var dot = 0.0
            let base = j * m + n
            for i in 0..<n {
                var entry = elements[base + i]
                if j == n + i { entry += 1 / tauA[i] }
                dot += p[i] * entry
                lowerSquares += entry * entry
            }
            v[j] = dot / pp
        }
        var residualSquares = 0.0
        for j in 0..<m {
            let base = j * m + n
            for i in 0..<n {
                var entry = elements[base + i]
                if j == n + i { entry += 1 / tauA[i] }
                let r = entry - p[i] * v[j]
                residualSquares += r * r
            }
        }
        let vNorm = euclideanNorm(v), pNorm = pp.squareRoot()
        let inverseTauNorm = euclideanNorm(tauA.map { 1 / $0 })
        // Rounding in forming L and R: ≤ 2ε(‖L‖_F + ‖p'‖‖v'‖) + ε‖1/τ_a‖ (eq. 9.7).
        let rho = residualSquares.squareRoot() + 2 * e * (lowerSquares.squareRoot() + pNorm * vNorm) + e * inverseTauNorm
        guard rho.isFinite, rho <= residualGate else { return .failure(.structureResidual) }

        var groups: [Group] = []
        var leaders = 0
        for group in Self.groups(tauA: tauA, column: u) {
            guard group.hasLeader else {
                groups.append(Group(timeConstant: group.tau, indices: group.indices, unitColumn: nil, scale: 0, position: nil))
                continue
            }
            let s = euclideanNorm(group.indices.map { u[$0] })
            guard s.isFinite, s > 0 else { return .failure(.structureResidual) }
            groups.append(Group(timeConstant: group.tau, indices: group.indices, unitColumn: group.indices.map { u[$0] / s },
                                scale: s, position: n + leaders))
            leaders += 1
        }
        let order = n + leaders
        var reduced = ColumnMajorMatrix(rows: order, columns: order)
        for j in 0..<n { for i in 0..<n { reduced[i, j] = jb[i, j] } }
        var borderAbsoluteSquares = 0.0
        let largestGroup = groups.map(\.indices.count).max() ?? 1
        for group in groups {
            guard let position = group.position, let unit = group.unitColumn else { continue }
            let q = group.scale / group.timeConstant
            for (k, i) in group.indices.enumerated() {
                reduced[i, position] = b[i] * unit[k]
                borderAbsoluteSquares += reduced[i, position] * reduced[i, position]
            }
            for j in 0..<n {
                reduced[position, j] = q * v[j]
                borderAbsoluteSquares += reduced[position, j] * reduced[position, j]
            }
            for other in groups {
                guard let otherPosition = other.position, let otherUnit = other.unitColumn else { continue }
                var dot = 0.0, absoluteDot = 0.0
                for (k, i) in other.indices.enumerated() {
                    dot += otherUnit[k] * v[n + i]
                    absoluteDot += abs(otherUnit[k] * v[n + i])
                }
                let diagonal = otherPosition == position ? 1 / group.timeConstant : 0
                reduced[position, otherPosition] = q * dot - diagonal
                let absolute = q * absoluteDot + diagonal
                borderAbsoluteSquares += absolute * absolute
            }
        }
        // Each bordered entry carries ≤ (g + 6)ε relative error (û's norm, the products, the
        // length-g dot product), measured on |M| with |û|ᵀ|v₂| for the dot products (eq. 9.8).
        let formation = Double(largestGroup + 6) * e * borderAbsoluteSquares.squareRoot()
        let coupling = (b.reduce(0) { $0 + $1 * $1 } + pp * v[n...].reduce(0) { $0 + $1 * $1 }).squareRoot()
        return .success(BorderedReduction(neuronCount: n, reduced: reduced, formationError: formation,
                                          structureResidual: rho, couplingNorm: coupling, groups: groups,
                                          topRightDiagonal: b, rowVector: v))
    }

    /// X_G (order(M) × g): the a-columns of group G in T J_b, restricted to M's rows — b'_i at
    /// row i, (s_H/t_H) v'₂,i at each leader row P_H (eq. 9.10). C_G = X_G N_G, N_G an orthonormal
    /// basis of û_G^⊥ (or I when u_G = 0).
    func couplingColumns(of group: Group) -> ColumnMajorMatrix {
        let n = neuronCount
        var x = ColumnMajorMatrix(rows: reduced.rows, columns: group.indices.count)
        for (k, i) in group.indices.enumerated() {
            x[i, k] = topRightDiagonal[i]
            for leader in groups {
                guard let position = leader.position else { continue }
                x[position, k] = leader.scale / leader.timeConstant * rowVector[n + i]
            }
        }
        return x
    }
}
