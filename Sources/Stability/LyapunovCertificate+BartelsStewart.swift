import LinearAlgebra

extension LyapunovCertificate {
    /// Solves Jᵀ P + P J = −I by Bartels–Stewart and judges P (proofs/energy.md, eqs. 6.7–6.11):
    ///
    ///  1. J = Z T Zᵀ, real Schur form by dgees (Z orthogonal, T quasi-triangular);
    ///  2. Tᵀ P̃ + P̃ T = −Zᵀ I Z = −I by dtrsyl (transposeA, sign +1), P̃ = X / scale;
    ///  3. P = Z P̃ Zᵀ, symmetrized (P + Pᵀ)/2;
    ///  4. R = JᵀP + PJ + I; relative residual ‖R‖_F/(2‖J‖_F‖P‖_F + 1) ≤ residualFactor·m·ε,
    ///     else `.inconclusive(.residualTooLarge)`;
    ///  5. Cholesky P = L Lᵀ (dpotrf): failure is `.refuted` (P ⊁ 0, eq. 6.11), success is
    ///     `.certified`: P certifies J + E, E = −P⁻¹R/2, ‖E‖₂ ≤ ‖R‖_F/(2λ_min(P)) (eq. 6.10);
    ///  6. `provesExactStability` when also ‖R‖_F + (m + 2) ε (2‖J‖_F‖P‖_F + 1) < 1, the
    ///     rounding bound of forming R: then ‖R_exact‖₂ < 1 and eq. (6.9) proves J Hurwitz.
    ///
    /// Stiff circuit Jacobians can fail steps 2 or 4 only through bad scaling (entries 10⁶ and
    /// 10⁻⁷ in one 2 × 2 block). Then steps 1–4 are repeated on the balanced J' = D⁻¹JD
    /// (`DiagonalBalancing`, exact powers of two) with P' = DPD, J'ᵀP' + P'J' = −D²
    /// (eq. 6.7b), and step 4 measures ‖J'ᵀP' + P'J' + D²‖_F / (2‖J'‖_F‖P'‖_F + ‖D²‖_F):
    /// J' is similar to J and P' ≻ 0 ⇔ P ≻ 0, so the verdict is the same statement.
    /// `balanced` records which attempt was judged; `relativeResidual` is that attempt's.
    ///
    /// Never `.certified` for a J unstable beyond that backward error: if (J + E)v = λv with
    /// Re λ ≥ 0, then −|v|² = 2 Re λ · vᴴPv contradicts P ≻ 0.
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a dgees failure.
    /// - Complexity: ≈ 25 m³ (dgees) + m³ (dtrsyl) + 4 m³ (back transformation) flops, twice
    ///   when the balanced retry runs.
    public init(jacobian: ColumnMajorMatrix, options: LyapunovOptions = LyapunovOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        let m = jacobian.rows
        let tolerance = options.residualFactor * Double(m) * Double.ulpOfOne
        var attempt = try LyapunovCertificate.solve(jacobian, scaling: nil)
        var balanced = false
        if !(attempt.relativeResidual <= tolerance) {
            let balancing = DiagonalBalancing(jacobian)
            if balancing.scaling.contains(where: { $0 != 1 }),
               balancing.scaling.allSatisfy({ ($0 * $0).isFinite && $0 * $0 > 0 }) {
                let retry = try LyapunovCertificate.solve(balancing.balanced, scaling: balancing.scaling)
                if retry.relativeResidual <= tolerance || attempt.solution == nil { attempt = retry; balanced = true }
            }
        }
        guard let p = attempt.solution else {
            self.init(inconclusive: attempt.failure ?? .nonFiniteSolution, tolerance: tolerance,
                      scale: attempt.scale, balanced: balanced)
            return
        }
        let residualMatrix = jacobian.transposed() * p + p * jacobian + ColumnMajorMatrix.identity(m)
        let absolute = residualMatrix.frobeniusNorm
        let roundingBound = Double(m + 2) * Double.ulpOfOne * (2 * jacobian.frobeniusNorm * p.frobeniusNorm + 1)
        let extremes = try? SymmetricEigendecomposition(p).eigenvalues
        var status: LyapunovStatus
        var minimumDiagonal: Double? = nil, perturbation: Double? = nil
        var provesExact = false
        if !(attempt.relativeResidual <= tolerance) {
            status = .inconclusive(.residualTooLarge)
        } else {
            do {
                let factor = try CholeskyFactorization(p)
                minimumDiagonal = factor.lower.diagonalEntries.min()
                provesExact = absolute + roundingBound < 1
                if let smallest = extremes?.first, smallest > 0 { perturbation = absolute / (2 * smallest) }
                status = .certified
            } catch .notPositiveDefinite(let order) {
                status = .refuted(failedMinorOrder: order)
            } catch {
                throw .linearAlgebra(error)
            }
        }
        self.init(status: status, solution: p, relativeResidual: attempt.relativeResidual, absoluteResidual: absolute,
                  residualTolerance: tolerance, choleskyMinimumDiagonal: minimumDiagonal,
                  smallestEigenvalue: extremes?.first, largestEigenvalue: extremes?.last,
                  perturbationBound: perturbation, provesExactStability: provesExact,
                  sylvesterScale: attempt.scale, balanced: balanced)
    }

    /// One Bartels–Stewart attempt on J' = D⁻¹JD (D = I when `scaling` is nil): returns
    /// P = D⁻¹P'D⁻¹ and the relative residual of J'ᵀP' + P'J' = −D² in J' coordinates.
    private static func solve(_ matrix: ColumnMajorMatrix, scaling: [Double]?) throws(StabilityError)
        -> (solution: ColumnMajorMatrix?, relativeResidual: Double, scale: Double, failure: LyapunovInconclusiveReason?) {
        let m = matrix.rows
        let squares = ColumnMajorMatrix.diagonal((scaling ?? Array(repeating: 1, count: m)).map { $0 * $0 })
        let schur = try lapack { () throws(LinearAlgebraError) in try RealSchurDecomposition(matrix) }
        let z = schur.schurVectors, t = schur.schurForm
        let rightHandSide = scaling == nil ? -1.0 * ColumnMajorMatrix.identity(m) : -1.0 * (z.transposed() * squares * z)
        let solved: (solution: ColumnMajorMatrix, scale: Double)
        do {
            solved = try TriangularSylvesterSolver.solve(a: t, b: t, c: rightHandSide,
                                                         transposeA: true, transposeB: false, sign: 1)
        } catch .sylvesterNearlySingular {
            return (nil, .nan, 1, .sylvesterNearlySingular)
        } catch {
            throw .linearAlgebra(error)
        }
        let rotated = z * ((1 / solved.scale) * solved.solution) * z.transposed()
        let pPrime = 0.5 * (rotated + rotated.transposed())
        guard pPrime.isFinite, solved.scale > 0 else { return (nil, .nan, solved.scale, .nonFiniteSolution) }
        let residual = matrix.transposed() * pPrime + pPrime * matrix + squares
        let relative = residual.frobeniusNorm / (2 * matrix.frobeniusNorm * pPrime.frobeniusNorm + squares.frobeniusNorm)
        guard let d = scaling else { return (pPrime, relative, solved.scale, nil) }
        var p = pPrime
        for j in 0..<m { for i in 0..<m { p[i, j] /= d[i] * d[j] } }
        guard p.isFinite else { return (nil, .nan, solved.scale, .nonFiniteSolution) }
        return (p, relative, solved.scale, nil)
    }

    /// A certificate without P.
    private init(inconclusive reason: LyapunovInconclusiveReason, tolerance: Double, scale: Double, balanced: Bool) {
        self.init(status: .inconclusive(reason), solution: nil, relativeResidual: .nan, absoluteResidual: .nan,
                  residualTolerance: tolerance, choleskyMinimumDiagonal: nil, smallestEigenvalue: nil,
                  largestEigenvalue: nil, perturbationBound: nil, provesExactStability: false,
                  sylvesterScale: scale, balanced: balanced)
    }
}
